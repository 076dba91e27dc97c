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

/** Line of the node at `path` in a YAML file (or of its deepest existing ancestor), for errors found after validation. */
export function lineOf(file: string, path: ReadonlyArray<string | number>): number | undefined {
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter });
    return locate(doc, lineCounter, path.map(String));
  } catch {
    return undefined;
  }
}

function locate(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, path: string[]): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
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
  // an unknown key is reported on its parent: point at the key itself
  const path = [...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [])];
  const line = locate(doc, lineCounter, path);
  let detail = issue.message;
  if (issue.code === 'unrecognized_keys') detail += ` (${issue.keys.join(', ')})`;
  if (issue.code === 'invalid_type' && detail.endsWith('received undefined')) detail = `missing: ${issue.expected} required`;
  throw new DataFileError(file, line, path.join('.') || undefined, detail);
}
