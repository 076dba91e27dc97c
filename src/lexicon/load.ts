/** Loads the lexicon of a pack directory: every `*.yaml` file except `pack.yaml`. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizePhrase } from '../text/normalize.js';
import { DataFileError, readYamlFile } from '../util/yaml-file.js';
import { type LexiconEntry, LexiconFileSchema } from './schema.js';

export interface LoadedEntry {
  entry: LexiconEntry;
  file: string;
}

export function loadLexiconDir(dir: string): LoadedEntry[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml') && f !== 'pack.yaml')
    .sort();
  const loaded: LoadedEntry[] = [];
  for (const name of files) {
    const file = join(dir, name);
    for (const entry of readYamlFile(file, LexiconFileSchema).entries) loaded.push({ entry, file });
  }
  assertUnique(loaded);
  return loaded;
}

/** Ids are unique and no normalised phrase belongs to two entries. */
export function assertUnique(loaded: LoadedEntry[]): void {
  const ids = new Map<string, string>();
  const phrases = new Map<string, string>();
  for (const { entry, file } of loaded) {
    if (ids.has(entry.id)) throw new DataFileError(file, undefined, entry.id, `duplicate entry id (also in ${ids.get(entry.id)})`);
    ids.set(entry.id, file);
    for (const phrase of entry.phrases) {
      const key = normalizePhrase(phrase);
      const owner = phrases.get(key);
      if (owner !== undefined && owner !== entry.id) {
        throw new DataFileError(file, undefined, entry.id, `phrase "${phrase}" is also in entry ${owner}`);
      }
      phrases.set(key, entry.id);
    }
  }
}
