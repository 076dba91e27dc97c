/**
 * Word classes in lexicon patterns. A lexicon file may define classes of words
 * (`classes: { third_party: [驿站, 厂家, …] }`) and write `{third_party}` in a
 * pattern: one pattern then covers every member, and a new member extends every
 * pattern that names the class. Members are normalised like the text and
 * escaped; longer members come first, so the longest one matches.
 */
import { normalizePhrase } from '../text/normalize.js';

const CLASS_REFERENCE = /\{([a-z][a-z0-9_]*)\}/g;
/** a class reference left after expansion: the class is not defined */
export const UNKNOWN_CLASS = /\{[a-z][a-z0-9_]*\}/;

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

function alternation(members: unknown[]): string {
  const words = [...new Set(members.filter((m): m is string => typeof m === 'string').map(normalizePhrase).filter((w) => w.length > 0))];
  words.sort((a, b) => b.length - a.length);
  return `(?:${words.map(escapeRegex).join('|')})`;
}

/** Writes the file's classes into its entries' patterns (an unknown class is left as is, for the schema to refuse). */
export function expandWordClasses(file: unknown): unknown {
  if (typeof file !== 'object' || file === null) return file;
  const { classes, entries } = file as { classes?: unknown; entries?: unknown };
  if (typeof classes !== 'object' || classes === null || !Array.isArray(entries)) return file;
  const expansions = new Map<string, string>();
  for (const [name, members] of Object.entries(classes)) if (Array.isArray(members)) expansions.set(name, alternation(members));
  const expand = (pattern: unknown) =>
    typeof pattern === 'string' ? pattern.replace(CLASS_REFERENCE, (whole, name: string) => expansions.get(name) ?? whole) : pattern;
  return {
    ...file,
    entries: entries.map((entry) =>
      typeof entry === 'object' && entry !== null && Array.isArray((entry as { patterns?: unknown }).patterns)
        ? { ...entry, patterns: (entry as { patterns: unknown[] }).patterns.map(expand) }
        : entry,
    ),
  };
}
