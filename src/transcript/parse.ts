/**
 * Reading transcripts from files: canonical JSON (.json), JSON Lines (.jsonl)
 * and plain text (`客服:…` / `[01:05] 客户:…`). Every problem becomes an
 * `InputError` naming the file, the line or turn, and what is wrong; a file
 * with one bad JSONL line still yields its good lines.
 */
import { basename, extname } from 'node:path';
import type { z } from 'zod';
import { LABEL_HINT, speakerOfLabel } from './role-labels.js';
import { type Transcript, TranscriptSchema } from './schema.js';

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly where: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${where ? ` (${where})` : ''}: ${detail}`);
    this.name = 'InputError';
  }
}

export interface ParsedFile {
  file: string;
  transcripts: Transcript[];
  errors: InputError[];
}

export type Encoding = 'utf-8' | 'gb18030' | 'gbk';

/** Decodes bytes strictly: text that is not valid in the encoding is an error, not mojibake. */
export function decode(file: string, bytes: Uint8Array, encoding: Encoding = 'utf-8'): string {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    const hint = encoding === 'utf-8' ? '; if it was exported by an older system, try --encoding gb18030' : '';
    throw new InputError(file, undefined, `not valid ${encoding.toUpperCase()} text${hint}`);
  }
}

/** Human wording of the first zod issue, with the turn it concerns. */
function describeIssue(error: z.ZodError): { where?: string; detail: string } {
  const issue = error.issues[0];
  const path = [...issue.path];
  let where: string | undefined;
  if (path[0] === 'turns' && typeof path[1] === 'number') {
    where = `turn ${path[1]}`;
    path.splice(0, 2);
  } else if (path[0] === 'events' && typeof path[1] === 'number') {
    where = `event ${path[1]}`;
    path.splice(0, 2);
  }
  const field = path.length > 0 ? `${path.join('.')}: ` : '';
  let message = issue.message;
  if (issue.code === 'invalid_type' && message.includes('received undefined')) message = 'missing';
  return { where, detail: `${field}${message}` };
}

/** `place` locates the transcript inside a file holding several: "line 3" (JSONL) or "transcript 2" (JSON array). */
export function validateTranscript(file: string, value: unknown, place?: string): Transcript {
  const result = TranscriptSchema.safeParse(value);
  if (result.success) return result.data;
  const { where, detail } = describeIssue(result.error);
  const location = [place, where].filter(Boolean).join(', ');
  throw new InputError(file, location || undefined, detail);
}

export function parseJson(file: string, text: string): ParsedFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, undefined, `not JSON: ${(err as Error).message}`);
  }
  // a bare array of turns is not a transcript; an array of transcripts is accepted like JSONL
  const items = Array.isArray(value) && value.length > 0 && typeof value[0] === 'object' && value[0] && 'turns' in value[0] ? value : [value];
  const parsed: ParsedFile = { file, transcripts: [], errors: [] };
  items.forEach((item, i) => {
    try {
      parsed.transcripts.push(validateTranscript(file, item, items.length > 1 ? `transcript ${i + 1}` : undefined));
    } catch (err) {
      parsed.errors.push(err as InputError);
    }
  });
  return parsed;
}

export function parseJsonl(file: string, text: string): ParsedFile {
  const parsed: ParsedFile = { file, transcripts: [], errors: [] };
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (err) {
        throw new InputError(file, `line ${i + 1}`, `not JSON: ${(err as Error).message}`);
      }
      parsed.transcripts.push(validateTranscript(file, value, `line ${i + 1}`));
    } catch (err) {
      parsed.errors.push(err as InputError);
    }
  });
  if (parsed.transcripts.length === 0 && parsed.errors.length === 0) parsed.errors.push(new InputError(file, undefined, 'empty file'));
  return parsed;
}

const TEXT_LINE = /^\s*(?:\[(?:(\d{1,2}):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\]\s*)?([^:：]{1,12}?)\s*[:：]\s?(.*)$/u;
const HEADER_LINE = /^\s*#\s*(id|channel|pack)\s*[:：]\s*(\S+)\s*$/iu;

/**
 * Plain text: one turn per line, `ROLE:TEXT` with an optional `[mm:ss]` or
 * `[hh:mm:ss]` start time. Optional header lines `# id: …`, `# channel: chat`,
 * `# pack: …`; other `#` lines are comments. A line without a role continues
 * the previous turn. `turnLines`, when given, receives the line each turn starts on.
 */
export function parsePlainText(file: string, text: string, turnLines?: number[]): Transcript {
  const header: Record<string, string> = {};
  const turns: Array<{ speaker: string; text: string; start?: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const h = HEADER_LINE.exec(raw);
    if (h) {
      header[h[1].toLowerCase()] = h[2];
      return;
    }
    if (raw.trimStart().startsWith('#')) return;
    const m = TEXT_LINE.exec(raw);
    const speaker = m ? speakerOfLabel(m[4]) : undefined;
    if (!m || !speaker) {
      if (m && !speaker) throw new InputError(file, `line ${i + 1}`, `unknown speaker "${m[4].trim()}": use ${LABEL_HINT}`);
      if (turns.length === 0) throw new InputError(file, `line ${i + 1}`, 'expected ROLE:TEXT, e.g. 客服:您好');
      turns[turns.length - 1].text += raw.trim();
      return;
    }
    const start = m[3] !== undefined ? Number(m[1] ?? 0) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
    if (m[1] === undefined && m[2] !== undefined && Number(m[3]) >= 60) {
      throw new InputError(file, `line ${i + 1}`, `bad timestamp: seconds must be under 60`);
    }
    turns.push({ speaker, text: m[5].trim(), ...(start !== undefined && { start }) });
    turnLines?.push(i + 1);
  });
  if (turns.length === 0) throw new InputError(file, undefined, 'empty file: no ROLE:TEXT lines');
  const id = header.id ?? basename(file, extname(file));
  return validateTranscript(file, { id, channel: header.channel ?? 'call', pack: header.pack, turns });
}

/** Parses one file's content by its extension (.json, .jsonl, anything else as plain text). */
export function parseContent(file: string, content: string): ParsedFile {
  const text = content.replace(/^\ufeff/, '');
  if (text.trim() === '') return { file, transcripts: [], errors: [new InputError(file, undefined, 'empty file')] };
  try {
    const ext = extname(file).toLowerCase();
    if (ext === '.json') return parseJson(file, text);
    if (ext === '.jsonl' || ext === '.ndjson') return parseJsonl(file, text);
    return { file, transcripts: [parsePlainText(file, text)], errors: [] };
  } catch (err) {
    if (err instanceof InputError) return { file, transcripts: [], errors: [err] };
    throw err;
  }
}
