/** A possible lexicon hit in one normalised turn, before its context and word boundaries are judged. */
import type { LexiconEntry } from './schema.js';

export interface Candidate {
  entry: LexiconEntry;
  /** normalised range [from, to) */
  from: number;
  to: number;
  /** matched by pinyin: the phrase it reads like, else undefined */
  pinyinOf: string | undefined;
  /** set once the candidate has been judged */
  accepted: boolean | undefined;
}

/** Every candidate has the same fields, so the code reading them sees one shape. */
export function candidate(entry: LexiconEntry, from: number, to: number, pinyinOf?: string): Candidate {
  return { entry, from, to, pinyinOf, accepted: undefined };
}

export const isFuzzy = (c: Candidate) => c.pinyinOf !== undefined;

/**
 * One hit per entry and span: exact and fuzzy matches of the same phrase, or
 * two phrases of one entry ending alike, count once; a hit inside a longer hit
 * of the same entry is dropped. After sorting by start, a candidate lies inside
 * an earlier one of its entry exactly when that entry's furthest end so far
 * reaches its own end, so one sweep settles it (n log n for any number of hits).
 * Returned in text order, longer first at one start.
 */
export function dedupe(candidates: readonly Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => a.from - b.from || b.to - a.to || Number(isFuzzy(a)) - Number(isFuzzy(b)));
  const furthestEnd = new Map<LexiconEntry, number>();
  const kept: Candidate[] = [];
  for (const c of sorted) {
    const end = furthestEnd.get(c.entry);
    if (end !== undefined && end >= c.to) continue;
    furthestEnd.set(c.entry, c.to);
    kept.push(c);
  }
  return kept;
}
