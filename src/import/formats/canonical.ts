/** talklint's own forms (contract section 1): canonical JSON (one transcript or an array) and JSON Lines; plain text. */
import { parseJson, parseJsonl, parsePlainText, type ParsedFile } from '../../transcript/parse.js';
import type { Importer, ParseOutput } from '../types.js';
import { isRecord } from '../values.js';

const looksCanonical = (value: unknown) => isRecord(value) && Array.isArray(value.turns);

function fromParsed(parsed: ParsedFile): ParseOutput {
  return { conversations: parsed.transcripts.map((transcript) => ({ kind: 'transcript', transcript })), errors: parsed.errors };
}

export const canonical: Importer = {
  name: 'canonical',
  extensions: ['.json', '.jsonl', '.ndjson'],
  mediaTypes: ['application/json', 'application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/x-jsonl'],
  extensionTypes: { '.jsonl': 'application/x-ndjson', '.ndjson': 'application/x-ndjson' },
  detect: ({ json, text }) => {
    if (json !== undefined) return looksCanonical(json) || (Array.isArray(json) && looksCanonical(json[0]));
    const firstLine = text.split(/\r?\n/).find((l) => l.trim() !== '');
    try {
      return firstLine !== undefined && looksCanonical(JSON.parse(firstLine));
    } catch {
      return false;
    }
  },
  // a whole-text JSON value is one transcript or an array of them; anything else is read line by line
  parse: ({ text, json }, { file }) => fromParsed(json !== undefined || /\.json$/i.test(file) ? parseJson(file, text) : parseJsonl(file, text)),
};

export const text: Importer = {
  name: 'text',
  extensions: ['.txt'],
  mediaTypes: ['text/plain'],
  detect: () => true,
  parse: ({ text: content }, { file }) => {
    const lines: number[] = [];
    return { conversations: [{ kind: 'transcript', transcript: parsePlainText(file, content, lines), lines }], errors: [] };
  },
};
