/** Expands the command line's files, folders and globs into an ordered list of transcript files. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { IMPORT_EXTENSIONS } from '../import/registry.js';

/** Every extension an importer reads (canonical JSON, text, engine outputs, subtitles, tables). */
export const TRANSCRIPT_EXTENSIONS = IMPORT_EXTENSIONS;

const isTranscriptFile = (name: string) => TRANSCRIPT_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

/** Code-point order: the same on every machine, whatever its locale. */
export const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => byCodePoint(a.name, b.name))
    .flatMap((d) => {
      if (d.name.startsWith('.') || d.name === 'node_modules') return [];
      const path = join(dir, d.name);
      if (d.isDirectory()) return walk(path);
      return isTranscriptFile(d.name) ? [path] : [];
    });
}

export interface ExpandedInputs {
  files: string[];
  /** arguments that named nothing */
  missing: string[];
}

/** `ignored` leaves out files found in folders and globs; a file named on the command line is always read. */
export function expandInputs(args: string[], ignored: (file: string) => boolean = () => false): ExpandedInputs {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    if (!seen.has(f)) {
      seen.add(f);
      files.push(f);
    }
  };
  for (const arg of args) {
    if (existsSync(arg)) {
      if (statSync(arg).isDirectory()) walk(arg).filter((f) => !ignored(f)).forEach(add);
      else add(arg);
    } else if (isDynamicPattern(arg)) {
      const matched = globSync(arg, { onlyFiles: true }).filter(isTranscriptFile).sort(byCodePoint);
      if (matched.length === 0) missing.push(arg);
      matched.filter((f) => !ignored(f)).forEach(add);
    } else {
      missing.push(arg);
    }
  }
  return { files, missing };
}
