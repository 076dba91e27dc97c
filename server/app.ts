/**
 * The HTTP side: the JSON API under /v1, health and OpenAPI, and the static
 * pages (QA page, agent sidebar) from server/public. Logs carry method, path,
 * status, timing and counts, never transcript text or query strings (a token
 * may ride there).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { BatchQueue } from '../src/queue/batches.js';
import { readTranscriptFile } from '../src/transcript/read-file.js';
import { expandInputs } from '../src/transcript/find-inputs.js';
import { formatRules } from '../src/report/rules-format.js';
import { timeline } from '../src/engine/check.js';
import { loadPack } from '../src/pack/load.js';
import { namedPackNames } from '../src/pack/named-packs.js';
import { maskPiiDeep } from '../src/text/mask-pii.js';
import { PACKAGE_ROOT } from '../src/util/package-root.js';
import { createAuthenticator, csrfOk } from './auth.js';
import { checkBody, checkBodyParsers } from './checked-body.js';
import { listFormats } from './imported-body.js';
import { methodNotAllowedOrNotFound } from './fallbacks.js';
import { defaultGuards, frontGuards, type HttpGuards, requestId } from './http-guards.js';
import { CheckPool } from './check-pool.js';
import { ApiError, RetryLaterError } from './errors.js';
import { batchesRouter } from './routes/batches.js';
import { openApiDocument } from './openapi.js';
import { packByName } from './packs.js';
import { reviewRouter } from './review-routes.js';
import { sessionRouter } from './session-routes.js';
import type { Store } from '../src/store/db.js';

export interface AppOptions {
  logger: Logger;
  /** mask phone, ID-card and bank-card numbers in reports (TALKLINT_MASK_PII=1) */
  maskPii?: boolean;
  /** Host allow-list, rate limits, CORS, metrics, readiness (server/http-guards.ts); default: loopback only, default limits */
  guards?: HttpGuards;
  /** the worker threads that run checks; default: a pool of the default size, started at the first check */
  checkPool?: CheckPool;
  /** bearer token required on /v1 (TALKLINT_TOKEN); none: open */
  token?: string;
  /** body size limit of POST /v1/check (bytes or "1mb") */
  bodyLimit?: string | number;
  /** transcripts the sidebar demo may replay (read-only) */
  fixturesDir?: string;
  publicDir?: string;
  /** the queue of batch work (TALKLINT_REDIS_URL); without it /v1/batches answers 503 */
  batchQueue?: BatchQueue;
  /** body size limit of POST /v1/batches */
  batchBodyLimit?: string | number;
  /** where checked conversations, reviews and users are kept (contract section 6); none: no /v1/conversations … */
  store?: Store;
}

export const DEFAULT_BODY_LIMIT = '1mb';
/** the dashboard's charts, served from the package's own dependency (no CDN) */
const ECHARTS = createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
export const PUBLIC_DIR = join(PACKAGE_ROOT, 'server', 'public');
export const FIXTURES_DIR = join(PACKAGE_ROOT, 'fixtures');
export const VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        {
          reqId: res.locals.requestId,
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(ms * 10) / 10,
          bytesIn: Number(req.headers['content-length'] ?? 0),
          ...(res.locals.transcripts !== undefined && { transcripts: res.locals.transcripts }),
        },
        'request',
      );
    });
    next();
  };
}

/** Fixture files by their path relative to the folder (forward slashes); re-read on each call, so new files show up. */
function listFixtures(dir: string): Map<string, string> {
  const { files } = expandInputs([dir]);
  return new Map(files.map((file) => [relative(dir, file).split(sep).join('/'), file]));
}

export function createApp(options: AppOptions): express.Express {
  const { logger, token } = options;
  const fixturesDir = options.fixturesDir ?? FIXTURES_DIR;
  // threads start at the first check
  const checkPool = options.checkPool ?? new CheckPool();
  const app = express();
  app.disable('x-powered-by');
  const guards = options.guards ?? defaultGuards();
  app.use(requestId, requestLog(logger));
  app.use((_req, res, next) => {
    res.set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    next();
  });

  const auth = createAuthenticator({ token, store: options.store });
  const authenticate: express.RequestHandler = async (req, res, next) => {
    const wait = guards.failedAuth.retryAfter(req);
    if (wait > 0) throw guards.failedAuth.refusal(wait);
    const found = await auth.authenticate(req);
    if (found && !csrfOk(req, found)) throw new ApiError(403, 'csrf', 'missing or wrong X-CSRF-Token for this session');
    if (!found && (await auth.required())) {
      guards.failedAuth.fail(req);
      throw new ApiError(401, 'unauthorized', 'missing or wrong token: send "Authorization: Bearer <token>" or sign in');
    }
    res.locals.principal = found?.principal;
    next();
  };
  frontGuards(app, guards, authenticate);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', version: VERSION });
  });
  app.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument(VERSION));
  });

  if (options.store) app.use('/v1', sessionRouter(options.store, auth));
  app.use('/v1', authenticate);

  app.post('/v1/check', ...checkBodyParsers(options.bodyLimit ?? DEFAULT_BODY_LIMIT), async (req, res) => {
    const { checked, many } = await checkBody(req, res, checkPool);
    guards.metrics?.countReports(checked.map(({ report }) => report));
    const full = checked.map(({ transcript, report }) => (req.query.include === 'transcript' ? { ...report, transcript } : report));
    const reports = options.maskPii ? maskPiiDeep(full) : full;
    res.locals.transcripts = reports.length;
    res.json(many ? reports : reports[0]);
  });

  app.get('/v1/rules', (req, res) => {
    const pack = packByName(typeof req.query.pack === 'string' ? req.query.pack : undefined, 'query.pack');
    // the same listing as `talklint rules --format json`
    res.json(JSON.parse(formatRules(pack, 'json')));
  });

  app.get('/v1/formats', (_req, res) => {
    res.json({ formats: listFormats() });
  });

  app.get('/v1/packs', (_req, res) => {
    const packs = namedPackNames().map((name) => {
      const pack = loadPack(name);
      return { name: pack.name, version: pack.version, description: pack.description, rules: pack.rules.length };
    });
    res.json({ packs });
  });

  app.get('/v1/demo/fixtures', (_req, res) => {
    res.json({ fixtures: [...listFixtures(fixturesDir).keys()].map((name) => ({ name })) });
  });

  app.get('/v1/demo/fixtures/:name', (req, res) => {
    const file = listFixtures(fixturesDir).get(req.params.name);
    if (!file) throw new ApiError(404, 'not_found', 'no such fixture; see GET /v1/demo/fixtures', 'name');
    const parsed = readTranscriptFile(file, 'utf-8');
    res.json({
      name: req.params.name,
      transcripts: parsed.transcripts.map((t) => ({ id: t.id, channel: t.channel, pack: t.pack, items: timeline(t) })),
      errors: parsed.errors.map((e) => (e.where ? `${e.where}: ${e.detail}` : e.detail)),
    });
  });

  app.use('/v1/batches', batchesRouter(options.batchQueue, options.batchBodyLimit));
  if (options.store) app.use('/v1', reviewRouter(options.store, { bodyLimit: options.bodyLimit, checkPool }));

  // with a store the QA lead's desk is the start page; without one, the quick checker
  app.get('/', (_req, res) => res.redirect(options.store ? '/review.html' : '/qa.html'));
  app.get('/vendor/echarts.min.js', (_req, res) => res.sendFile(ECHARTS));
  app.use(express.static(options.publicDir ?? PUBLIC_DIR, { index: false }));
  app.use(methodNotAllowedOrNotFound(app));

  const errors: ErrorRequestHandler = (err, _req, res, _next) => {
    let error: ApiError;
    if (err instanceof ApiError) error = err;
    else if (err?.type === 'entity.too.large') error = new ApiError(413, 'body_too_large', `the body is larger than the limit of ${err.limit} bytes`);
    else if (err?.type === 'charset.unsupported' || err?.type === 'encoding.unsupported') error = new ApiError(415, 'unsupported_media_type', err.message);
    else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) error = new ApiError(err.status, err.type ?? 'bad_request', err.message);
    else {
      // stack frames only: the first line (the message) could quote input
      logger.error({ err: { name: err?.name, stack: String(err?.stack ?? '').split('\n').slice(1).join('\n') } }, 'internal error');
      error = new ApiError(500, 'internal', 'internal error');
    }
    if (error instanceof RetryLaterError) res.set('Retry-After', String(error.retryAfterSeconds));
    res.status(error.status).json(error.toJSON());
  };
  app.use(errors);
  return app;
}
