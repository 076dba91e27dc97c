/**
 * POST /v1/check for every importer beyond talklint's own JSON, JSON Lines and
 * plain text: ASR engine output (sniffed from a JSON body, or named with
 * `?input=`), subtitles and tables by their Content-Type. `?roles=` and
 * `?mergeGap=` work as on the command line. Canonical bodies keep their own
 * path (server/check-body.ts) with its precise error paths.
 */
import express, { type RequestHandler } from 'express';
import { detectImporter, importContent, importerByName, IMPORTERS } from '../src/import/registry.js';
import { parseRoleMap } from '../src/import/roles.js';
import type { ImportedTranscript, Importer } from '../src/import/types.js';
import { ApiError } from './errors.js';

const OWN_FORMATS = new Set(['canonical', 'text']);

/** Content-Types only the other importers take (text/csv, text/vtt, application/x-subrip, xlsx …). */
export const IMPORT_MEDIA_TYPES = [...new Set(IMPORTERS.filter((i) => !OWN_FORMATS.has(i.name)).flatMap((i) => i.mediaTypes))].filter(
  (t) => !IMPORTERS.some((i) => OWN_FORMATS.has(i.name) && i.mediaTypes.includes(t)),
);

/** GET /v1/formats: every importer with its file endings and the Content-Type to post each with (the QA page builds its picker from it). */
export function listFormats() {
  return IMPORTERS.map((i) => ({
    name: i.name,
    extensions: [...i.extensions],
    mediaTypes: [...i.mediaTypes],
    types: Object.fromEntries(i.extensions.map((ext) => [ext, i.extensionTypes?.[ext] ?? i.mediaTypes[0]])),
    binary: i.binary === true,
  }));
}

const mediaTypeOf = (contentType: string | undefined) => contentType?.split(';')[0].trim().toLowerCase() ?? '';

const binaryTypes = new Set(IMPORTERS.filter((i) => i.binary).flatMap((i) => i.mediaTypes));

/**
 * Binary bodies (xlsx) are read raw and kept in `res.locals.bodyBytes`; `req.body`
 * is cleared so the text decoding that follows has nothing to decode.
 */
export function binaryBody(limit: string | number): RequestHandler[] {
  const raw = express.raw({ type: (req) => binaryTypes.has(mediaTypeOf(req.headers['content-type'])), limit });
  const keep: RequestHandler = (req, res, next) => {
    if (Buffer.isBuffer(req.body) && binaryTypes.has(mediaTypeOf(req.headers['content-type']))) {
      res.locals.bodyBytes = req.body;
      req.body = undefined;
    }
    next();
  };
  return [raw, keep];
}

function importerFor(contentType: string | undefined, query: Record<string, unknown>, file: string, text: string, bytes: Uint8Array): Importer {
  if (typeof query.input === 'string') {
    try {
      return importerByName(query.input);
    } catch (err) {
      throw new ApiError(400, 'unknown_input', (err as Error).message, 'query.input');
    }
  }
  const byType = IMPORTERS.filter((i) => !OWN_FORMATS.has(i.name) && i.mediaTypes.includes(mediaTypeOf(contentType)));
  return byType.length === 1 ? byType[0] : detectImporter(file, text, bytes);
}

/**
 * The transcripts of a body in a format other than talklint's own, ready to
 * check; undefined when the body is canonical JSON, JSON Lines or plain text.
 */
export async function importedBody(
  contentType: string | undefined,
  query: Record<string, unknown>,
  body: { text: string; bytes?: Buffer },
  fileName = 'request',
): Promise<ImportedTranscript[] | undefined> {
  const bytes = body.bytes ?? Buffer.from(body.text, 'utf8');
  const importer = importerFor(contentType, query, fileName, body.text, bytes);
  if (OWN_FORMATS.has(importer.name)) return undefined;
  let roles;
  if (typeof query.roles === 'string') {
    try {
      roles = parseRoleMap(query.roles);
    } catch (err) {
      throw new ApiError(400, 'invalid_roles', (err as Error).message.replace(/^--roles: /, ''), 'query.roles');
    }
  }
  const mergeGap = typeof query.mergeGap === 'string' ? Number(query.mergeGap) : undefined;
  if (mergeGap !== undefined && !(mergeGap >= 0 && mergeGap <= 600)) throw new ApiError(400, 'invalid_merge_gap', 'mergeGap must be seconds from 0 to 600', 'query.mergeGap');
  // the text was decoded by its charset already: the importer reads it back as UTF-8
  const result = await importContent(fileName, bytes, { input: importer.name, roles, mergeGap });
  const problem = result.errors[0];
  if (problem) throw new ApiError(400, 'invalid_transcript', problem.where ? `${problem.where}: ${problem.detail}` : problem.detail);
  return result.transcripts;
}
