/** Reads one transcript file from disk (any encoding the parser knows); an unreadable file becomes its input error. */
import { readFileSync } from 'node:fs';
import { decode, type Encoding, InputError, parseContent } from './parse.js';

export function readTranscriptFile(file: string, encoding: Encoding) {
  try {
    return parseContent(file, decode(file, readFileSync(file), encoding));
  } catch (err) {
    const error = err instanceof InputError ? err : new InputError(file, undefined, `cannot read: ${(err as Error).message}`);
    return { file, transcripts: [], errors: [error] };
  }
}
