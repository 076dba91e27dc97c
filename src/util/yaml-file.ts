/**
 * Reads a YAML data file and validates it with a zod schema. Errors name the
 * file, the line and the key, so a pack author can find the mistake at once.
 */
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';

export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly key: string | undefined,
    readonly detail: string,
  ) {
    super(`${file}${line !== undefined ? `:${line}` : ''}: ${key ? `${key}: ` : ''}${detail}`);
    this.name = 'DataFileError';
  }
}

export function readYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataFileError(file, undefined, undefined, `cannot read: ${(err as Error).message}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    throw new DataFileError(file, lineCounter.linePos(first.pos[0]).line, undefined, `YAML syntax: ${first.message.split('\n')[0]}`);
  }
  const result = schema.safeParse(doc.toJS());
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String);
  // point at the deepest node of the path that exists in the document
  let line: number | undefined;
  for (let depth = path.length; depth >= 0 && line === undefined; depth--) {
    const node = doc.getIn(path.slice(0, depth).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
  }
  const unknownKeys = issue.code === 'unrecognized_keys' ? ` (${issue.keys.join(', ')})` : '';
  throw new DataFileError(file, line, path.join('.') || undefined, issue.message + unknownKeys);
}
