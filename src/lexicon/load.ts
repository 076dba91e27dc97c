/** Loads the lexicon files of a pack folder: every `*.yaml` except `pack.yaml` and `tests.yaml`. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizePhrase } from '../text/normalize.js';
import { DataFileError, lineOf, readYamlFile } from '../util/yaml-file.js';
import { type LexiconEntry, LexiconFileSchema } from './schema.js';

/** the files of a pack folder that are not lexicons: its manifest, declared rules and tests */
export const PACK_FILES = new Set(['pack.yaml', 'rules.yaml', 'tests.yaml']);

export interface LoadedEntry {
  entry: LexiconEntry;
  file: string;
  /** index in the file's `entries`, to point errors at its line */
  index: number;
}

export function loadLexiconDir(dir: string): LoadedEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && !PACK_FILES.has(f))
    .sort();
  const loaded: LoadedEntry[] = [];
  for (const name of files) {
    const file = join(dir, name);
    readYamlFile(file, LexiconFileSchema).entries.forEach((entry, index) => loaded.push({ entry, file, index }));
  }
  assertUnique(loaded, 'ids');
  return loaded;
}

export function entryError(loaded: LoadedEntry, key: string, detail: string): DataFileError {
  return new DataFileError(loaded.file, lineOf(loaded.file, ['entries', loaded.index, key]), `entries.${loaded.index}.${key}`, detail);
}

/**
 * Ids are unique and, with `per-category`, no normalised phrase belongs to two
 * entries of one category (a child pack may reuse a parent's phrase for its own rule).
 */
export function assertUnique(loaded: LoadedEntry[], scope: 'ids' | 'per-category'): void {
  const ids = new Map<string, LoadedEntry>();
  const phrases = new Map<string, string>();
  for (const item of loaded) {
    const { entry } = item;
    const twin = ids.get(entry.id);
    if (twin) throw entryError(item, 'id', `duplicate entry id ${entry.id} (also in ${twin.file})`);
    ids.set(entry.id, item);
    if (scope === 'ids') continue;
    entry.phrases.forEach((phrase, p) => {
      const key = `${entry.category}\u0000${normalizePhrase(phrase)}`;
      const owner = phrases.get(key);
      if (owner !== undefined && owner !== entry.id) {
        throw entryError(item, `phrases`, `phrase "${phrase}" (#${p}) is also in entry ${owner}`);
      }
      phrases.set(key, entry.id);
    });
  }
}
