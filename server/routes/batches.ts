/**
 * POST /v1/batches and GET /v1/batches/:batchId (contract section 7): a batch
 * of transcripts becomes one queued job per conversation for `talklint
 * worker`s; progress is read from the batch's bookkeeping in Redis. Without a
 * queue (TALKLINT_REDIS_URL unset) both answer 503 naming what is missing;
 * GET /v1/batches says whether there is one.
 */
import express, { type Router } from 'express';
import { type BatchItem, type BatchQueue, batchStatus, submitBatch } from '../../src/queue/batches.js';
import { BATCH_ID_PATTERN } from '../../src/queue/keys.js';
import { importContent, type ImportOptions, importerByName } from '../../src/import/registry.js';
import { parseRoleMap } from '../../src/import/roles.js';
import type { Principal, Role } from '../auth.js';
import { ApiError } from '../errors.js';
import { builtinPackNames } from '../../src/pack/load.js';
import { packByName } from '../packs.js';

/** Batches are large: several thousand conversations in one body. */
export const DEFAULT_BATCH_BODY_LIMIT = '64mb';

const JSON_TYPES = ['application/json'];
const JSONL_TYPES = ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonl'];

/** One item of the body in any JSON import format (canonical, an ASR engine's output …): its conversations, or its error. */
async function items(value: unknown, where: string, options: ImportOptions): Promise<BatchItem[]> {
  const { transcripts, errors } = await importContent('batch.json', Buffer.from(JSON.stringify(value), 'utf8'), options);
  const several = transcripts.length + errors.length > 1;
  return [
    ...transcripts.map((imported, k): BatchItem => ({ where: several ? `${where} #${k + 1}` : where, imported })),
    ...errors.map((e): BatchItem => ({ where, error: e.where ? `${e.where}: ${e.detail}` : e.detail })),
  ];
}

/** Every conversation of the body, each item read on its own: one bad item does not stop the others. */
export async function batchItems(contentType: string, body: string, options: ImportOptions = {}): Promise<BatchItem[]> {
  const text = body.replace(/^\ufeff/, '');
  const values: Array<{ where: string; value?: unknown; error?: string }> = [];
  if (JSONL_TYPES.includes(contentType)) {
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        values.push({ where: `line ${i + 1}`, value: JSON.parse(line) });
      } catch (err) {
        values.push({ where: `line ${i + 1}`, error: `not JSON: ${(err as Error).message}` });
      }
    });
  } else {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ApiError(400, 'invalid_json', `not JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(value)) throw new ApiError(400, 'invalid_batch', 'a batch is a JSON array of transcripts (or JSON Lines, one per line)');
    value.forEach((v, i) => values.push({ where: `[${i}]`, value: v }));
  }
  const read: BatchItem[] = [];
  for (const { where, value, error } of values) {
    if (error !== undefined) read.push({ where, error });
    else read.push(...(await items(value, where, options)));
  }
  return read;
}

/** `?input=` (an importer for every item) and `?roles=`, as for POST /v1/check. */
function importOptions(query: Record<string, unknown>): ImportOptions {
  const options: ImportOptions = {};
  try {
    if (typeof query.input === 'string') options.input = importerByName(query.input).name;
  } catch (err) {
    throw new ApiError(400, 'unknown_input', (err as Error).message, 'query.input');
  }
  try {
    if (typeof query.roles === 'string') options.roles = parseRoleMap(query.roles);
  } catch (err) {
    throw new ApiError(400, 'invalid_roles', (err as Error).message.replace(/^--roles: /, ''), 'query.roles');
  }
  return options;
}

/** who may submit batches and read their progress (contract section 6's writers) */
const SUBMITTERS: readonly Role[] = ['reviewer', 'lead', 'admin', 'integration'];

export function batchesRouter(batchQueue: BatchQueue | undefined, bodyLimit: string | number = DEFAULT_BATCH_BODY_LIMIT): Router {
  const router = express.Router();
  // whether this server takes batches (the QA page shows its batch panel only then)
  router.get('/', (_req, res) => {
    res.json({ queue: Boolean(batchQueue) });
  });
  router.use((_req, res, next) => {
    if (!batchQueue) throw new ApiError(503, 'no_queue', 'batch work needs a queue: start the server with TALKLINT_REDIS_URL and run `talklint worker`');
    // no principal: a server without users or token, open to all
    const principal = res.locals.principal as Principal | undefined;
    if (principal && !SUBMITTERS.includes(principal.role)) throw new ApiError(403, 'forbidden', `role ${principal.role} may not use batches (needs ${SUBMITTERS.join(' or ')})`);
    next();
  });
  router.post(
    '/',
    (req, _res, next) => {
      const type = req.headers['content-type']?.split(';')[0].trim().toLowerCase() ?? '';
      if (![...JSON_TYPES, ...JSONL_TYPES].includes(type)) {
        throw new ApiError(415, 'unsupported_media_type', `Content-Type must be one of: ${[...JSON_TYPES, ...JSONL_TYPES].join(', ')}`);
      }
      next();
    },
    express.text({ type: () => true, limit: bodyLimit }),
    async (req, res) => {
      const pack = typeof req.query.pack === 'string' ? packByName(req.query.pack, 'query.pack').name : undefined;
      const type = req.headers['content-type']!.split(';')[0].trim().toLowerCase();
      const known = builtinPackNames();
      const read = await batchItems(type, typeof req.body === 'string' ? req.body : '', importOptions(req.query));
      const items = read.map((it): BatchItem => {
        const named = 'imported' in it && !pack ? it.imported.transcript.pack : undefined;
        return named === undefined || known.includes(named) ? it : { where: it.where, error: `pack: unknown pack "${named}"; available: ${known.join(', ')}` };
      });
      if (items.length === 0) throw new ApiError(400, 'empty_body', 'the batch holds no transcripts');
      const by = (res.locals.principal as Principal | undefined)?.user ?? 'anonymous';
      const { batchId, total } = await submitBatch(batchQueue!.queue, batchQueue!.redis, items, { pack, by });
      res.locals.transcripts = total;
      res.status(202).location(`/v1/batches/${batchId}`).json({ batchId });
    },
  );
  router.get('/:batchId', async (req, res) => {
    const status = BATCH_ID_PATTERN.test(req.params.batchId) ? await batchStatus(batchQueue!.redis, req.params.batchId) : undefined;
    if (!status) throw new ApiError(404, 'not_found', 'no such batch (batches are kept for 7 days)', 'batchId');
    res.set('Cache-Control', 'no-store').json(status);
  });
  return router;
}
