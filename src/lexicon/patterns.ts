/**
 * Pattern candidates: the regexes of the few entries that need flexible forms
 * (deadlines, staff numbers, further-help questions), run on re2js (linear in
 * the text, see pattern-syntax.ts) only when a rule asks for their category.
 */
import type { RE2JS } from 're2js';
import { type Candidate, candidate } from './candidate.js';
import { compilePattern } from './pattern-syntax.js';
import type { Category, LexiconEntry } from './schema.js';

export interface PatternEntry {
  entry: LexiconEntry;
  regexes: RE2JS[];
  /** all the entry's regexes as one alternation: one DFA pass tells whether any matches (most turns: none) */
  anyOf: RE2JS;
  /** position among all pattern entries, where a turn keeps this entry's candidates */
  index: number;
}

const NONE: readonly PatternEntry[] = [];

export class PatternIndex {
  readonly all: readonly PatternEntry[];
  private readonly byCategory = new Map<Category, PatternEntry[]>();

  constructor(entries: readonly LexiconEntry[]) {
    this.all = entries
      .filter((entry) => entry.patterns.length > 0)
      .map((entry, index) => {
        const regexes = entry.patterns.map(compilePattern);
        const anyOf = regexes.length === 1 ? regexes[0] : compilePattern(entry.patterns.map((p) => `(?:${p})`).join('|'));
        return { entry, regexes, anyOf, index };
      });
    for (const p of this.all) {
      const list = this.byCategory.get(p.entry.category);
      if (list) list.push(p);
      else this.byCategory.set(p.entry.category, [p]);
    }
  }

  ofCategory(category: Category): readonly PatternEntry[] {
    return this.byCategory.get(category) ?? NONE;
  }

  /** Every non-empty match of the entry's regexes in `text`, regex by regex. */
  static find(p: PatternEntry, text: string): Candidate[] {
    const found: Candidate[] = [];
    // the DFA test is much cheaper than finding positions, and most turns have no match
    if (!p.anyOf.test(text)) return found;
    for (const regex of p.regexes) {
      if (p.regexes.length > 1 && !regex.test(text)) continue;
      const matcher = regex.matcher(text);
      while (matcher.find()) {
        if (matcher.end() > matcher.start()) found.push(candidate(p.entry, matcher.start(), matcher.end()));
      }
    }
    return found;
  }
}
