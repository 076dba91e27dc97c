/**
 * The body of POST /v1/check, by content type: JSON (one transcript or an
 * array), JSON Lines, or the plain-text format. Validation is the CLI's
 * (src/transcript); a failure becomes a 400 naming the line, turn and field.
 */
import { basename, extname } from 'node:path';
import { InputError, parseContent, validateTranscript } from '../src/transcript/parse.js';
import { type Transcript, TranscriptSchema } from '../src/transcript/schema.js';
import { ApiError, formatPath } from './errors.js';

export const BODY_TYPES = {
  json: ['application/json'],
  jsonl: ['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonl'],
  text: ['text/plain'],
} as const;
export type BodyKind = keyof typeof BODY_TYPES;

export interface ParsedBody {
  transcripts: Transcript[];
  /** true when the body held a list (JSON array, JSON Lines): the response is then a list too */
  many: boolean;
}

/** The problem's place for people, e.g. `line 2, turn 3: speaker: unknown speaker …` (no file name: there is none). */
function describe(error: InputError): string {
  return error.where ? `${error.where}: ${error.detail}` : error.detail;
}

function invalid(error: InputError, path?: string): ApiError {
  return new ApiError(400, 'invalid_transcript', describe(error), path);
}

/** Validates one transcript; `prefix` places it in a JSON array (`[2]`), `line` in a JSON Lines body (named in the message). */
function validate(value: unknown, prefix: string, line?: number): Transcript {
  const result = TranscriptSchema.safeParse(value);
  if (result.success) return result.data;
  const issuePath = formatPath(result.error.issues[0].path, prefix);
  try {
    validateTranscript('request', value, line === undefined ? undefined : `line ${line}`);
  } catch (err) {
    if (err instanceof InputError) throw invalid(err, issuePath || undefined);
    throw err;
  }
  throw new Error('validateTranscript accepted what TranscriptSchema rejected');
}

function parseJsonValue(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError(400, 'invalid_json', `${where}not JSON: ${(err as Error).message}`);
  }
}

/**
 * `fileName` (the `?name=` of the request) names a plain-text transcript that has
 * no `# id:` line, as the CLI names it after its file.
 */
export function parseCheckBody(kind: BodyKind, text: string, fileName = 'request'): ParsedBody {
  if (text.replace(/^\ufeff/, '').trim() === '') throw new ApiError(400, 'empty_body', 'the request body is empty');
  switch (kind) {
    case 'json': {
      const value = parseJsonValue(text.replace(/^\ufeff/, ''), '');
      if (!Array.isArray(value)) return { transcripts: [validate(value, '')], many: false };
      if (value.length === 0) throw new ApiError(400, 'empty_body', 'the array holds no transcripts');
      return { transcripts: value.map((item, i) => validate(item, `[${i}]`)), many: true };
    }
    case 'jsonl': {
      const transcripts: Transcript[] = [];
      text.replace(/^\ufeff/, '').split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === '') return;
        transcripts.push(validate(parseJsonValue(line, `line ${i + 1}: `), '', i + 1));
      });
      return { transcripts, many: true };
    }
    case 'text': {
      const parsed = parseContent(`${basename(fileName, extname(fileName)) || 'request'}.txt`, text);
      if (parsed.errors.length > 0) throw invalid(parsed.errors[0]);
      return { transcripts: parsed.transcripts, many: false };
    }
  }
}
