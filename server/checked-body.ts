/**
 * A check request's body, checked: any import format (canonical JSON, JSON
 * Lines, plain text, ASR engine output, subtitles, tables), `?pack=`,
 * `?input=`, `?roles=`, `?mergeGap=`, `?name=`. Shared by POST /v1/check and
 * POST /v1/conversations (which also stores), so both read bodies alike.
 */
import type { Request, RequestHandler, Response } from 'express';
import type { Pack } from '../src/pack/load.js';
import type { Report } from '../src/report/types.js';
import type { Transcript } from '../src/transcript/schema.js';
import { decodedTextBody } from './body-text.js';
import { BODY_TYPES, type BodyKind, parseCheckBody } from './check-body.js';
import type { CheckPool } from './check-pool.js';
import { ApiError } from './errors.js';
import { binaryBody, IMPORT_MEDIA_TYPES, importedBody } from './imported-body.js';
import { packByName } from './packs.js';

export interface CheckedBody {
  checked: Array<{ transcript: Transcript; report: Report; pack: Pack }>;
  /** the body held a list: answer with a list */
  many: boolean;
}

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0].trim().toLowerCase() ?? '';

export function bodyKindOf(contentType: string | undefined): BodyKind | undefined {
  const type = mediaType(contentType);
  return (Object.keys(BODY_TYPES) as BodyKind[]).find((kind) => (BODY_TYPES[kind] as readonly string[]).includes(type));
}

const ACCEPTED_TYPES = [...Object.values(BODY_TYPES).flat(), ...IMPORT_MEDIA_TYPES].join(', ');

/** 415 for a Content-Type no importer takes, then the body read (raw for binary tables, else decoded text). */
export function checkBodyParsers(limit: string | number): RequestHandler[] {
  const accept: RequestHandler = (req, _res, next) => {
    if (!bodyKindOf(req.headers['content-type']) && !IMPORT_MEDIA_TYPES.includes(mediaType(req.headers['content-type']))) {
      throw new ApiError(415, 'unsupported_media_type', `Content-Type must be one of: ${ACCEPTED_TYPES}`);
    }
    next();
  };
  return [accept, ...binaryBody(limit), ...decodedTextBody(limit)];
}

/** Reads the body and checks every transcript in it on the pool's threads. */
export async function checkBody(req: Request, res: Response, pool: CheckPool): Promise<CheckedBody> {
  const forced = typeof req.query.pack === 'string' ? packByName(req.query.pack, 'query.pack') : undefined;
  const fileName = typeof req.query.name === 'string' ? req.query.name : undefined;
  const text = typeof req.body === 'string' ? req.body : '';
  const imported = await importedBody(req.headers['content-type'], req.query, { text, bytes: res.locals.bodyBytes }, fileName);
  if (imported) {
    const packs = imported.map((item, i) => forced ?? packByName(item.transcript.pack, imported.length > 1 ? `[${i}].pack` : 'pack'));
    const reports = await pool.check(imported.map((item, i) => ({ imported: item, pack: packs[i].name })));
    return { checked: imported.map((item, i) => ({ transcript: item.transcript, report: reports[i], pack: packs[i] })), many: imported.length > 1 };
  }
  const kind = bodyKindOf(req.headers['content-type'])!;
  const { transcripts, many } = parseCheckBody(kind, text, fileName);
  const packs = transcripts.map((t, i) => forced ?? packByName(t.pack, many ? `[${i}].pack` : 'pack'));
  const source = { format: kind === 'text' ? 'text' : 'canonical', roles: 'explicit' } as const;
  const reports = await pool.check(transcripts.map((transcript, i) => ({ imported: { transcript, source, warnings: [] }, pack: packs[i].name })));
  return { checked: transcripts.map((transcript, i) => ({ transcript, report: reports[i], pack: packs[i] })), many };
}
