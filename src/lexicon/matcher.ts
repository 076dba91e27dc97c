/**
 * Finds lexicon hits in one normalised turn.
 *
 * 1. every phrase of every entry in one Aho-Corasick pass;
 * 2. regex patterns of the few entries that need them;
 * 3. ASR slips: phrases of 3+ Han characters also by toneless pinyin (问别人趣 → 问别人去);
 * then each candidate must start and end on a word boundary (尽快点击 has no 快点),
 * end a clause where the entry says so, and lie outside the entry's `allow` contexts.
 */
import { pinyin } from 'pinyin-pro';
import { AhoCorasick } from '../text/aho-corasick.js';
import { Break, normalizePhrase, type NormalizedText, toOriginalSpan } from '../text/normalize.js';
import { type Segmenter, wordBounds } from '../text/segmenter.js';
import type { Category, LexiconEntry } from './schema.js';

export interface Hit {
  entry: LexiconEntry;
  category: Category;
  /** normalised range */
  from: number;
  to: number;
  /** original range, end exclusive */
  start: number;
  end: number;
  /** the original text of the span */
  text: string;
  /** matched by pinyin, not by characters */
  fuzzy: boolean;
}

interface Candidate {
  entry: LexiconEntry;
  from: number;
  to: number;
  fuzzy: boolean;
}

interface PinyinPhrase {
  entry: LexiconEntry;
  chars: string;
  syllables: string[];
}

const HAN = /^\p{Script=Han}+$/u;
/**
 * Short phrases are often found inside other words (快点 in 尽快点击, 滚 in 滚动),
 * so their hits must start and end on word boundaries. Longer phrases rarely are,
 * and there jieba's own merges (这不归|…) would cost true hits; pinyin hits are
 * always checked.
 */
const BOUNDARY_CHECK_MAX_LENGTH = 3;
const needsBoundaryCheck = (c: Candidate) => c.fuzzy || c.to - c.from <= BOUNDARY_CHECK_MAX_LENGTH;
/** particles that may follow a clause-final phrase (自己查去吧) */
const FINAL_PARTICLES = new Set(['吧', '啊', '呀', '呗', '了', '嘛', '啦', '哈', '哦']);

function syllablesOf(text: string): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', v: true });
}

/** How many characters may differ from the phrase in a pinyin match: one slip per short phrase, two in long ones. */
function maxSlips(length: number): number {
  return length >= 6 ? 2 : 1;
}

export class LexiconMatcher {
  private readonly automaton: AhoCorasick<LexiconEntry>;
  private readonly patterns: Array<{ entry: LexiconEntry; regex: RegExp }>;
  private readonly byFirstSyllable = new Map<string, PinyinPhrase[]>();
  private readonly allowByEntry = new Map<LexiconEntry, string[]>();

  constructor(
    readonly entries: readonly LexiconEntry[],
    private readonly segmenter: Segmenter,
  ) {
    const phrasePairs: Array<[string, LexiconEntry]> = [];
    for (const entry of entries) {
      for (const phrase of entry.phrases) {
        const normalised = normalizePhrase(phrase);
        phrasePairs.push([normalised, entry]);
        if (entry.fuzzy && normalised.length >= 3 && HAN.test(normalised)) {
          const syllables = syllablesOf(normalised);
          const list = this.byFirstSyllable.get(syllables[0]) ?? [];
          list.push({ entry, chars: normalised, syllables });
          this.byFirstSyllable.set(syllables[0], list);
        }
      }
      this.allowByEntry.set(entry, entry.allow.map(normalizePhrase));
    }
    this.automaton = new AhoCorasick(phrasePairs);
    this.patterns = entries.flatMap((entry) => entry.patterns.map((p) => ({ entry, regex: new RegExp(p, 'gu') })));
  }

  /** All accepted hits in `n`, ordered by position. */
  match(n: NormalizedText): Hit[] {
    const candidates: Candidate[] = this.automaton
      .search(n.text)
      .map((m) => ({ entry: m.value, from: m.start, to: m.end, fuzzy: false }));
    const patternHits: Candidate[] = [];
    for (const { entry, regex } of this.patterns) {
      regex.lastIndex = 0;
      for (const m of n.text.matchAll(regex)) {
        if (m[0].length > 0) patternHits.push({ entry, from: m.index, to: m.index + m[0].length, fuzzy: false });
      }
    }
    candidates.push(...this.fuzzyCandidates(n, candidates));

    let bounds: Set<number> | undefined;
    const isWordBoundary = (at: number) => {
      if (at === 0 || at === n.text.length || n.breaks[at] !== Break.None) return true;
      bounds ??= new Set(wordBounds(this.segmenter.cut(n.text)));
      return bounds.has(at);
    };
    const accepted = candidates.filter(
      (c) => (!needsBoundaryCheck(c) || (isWordBoundary(c.from) && isWordBoundary(c.to))) && this.passesContext(n, c),
    );
    accepted.push(...patternHits.filter((c) => this.passesContext(n, c)));
    return dedupe(accepted)
      .sort((a, b) => a.from - b.from || b.to - a.to)
      .map((c) => {
        const span = toOriginalSpan(n, c.from, c.to);
        return {
          entry: c.entry,
          category: c.entry.category,
          from: c.from,
          to: c.to,
          ...span,
          text: n.original.slice(span.start, span.end),
          fuzzy: c.fuzzy,
        };
      });
  }

  private fuzzyCandidates(n: NormalizedText, exact: Candidate[]): Candidate[] {
    if (this.byFirstSyllable.size === 0 || !/\p{Script=Han}/u.test(n.text)) return [];
    const syllables = syllablesOf(n.text);
    const found: Candidate[] = [];
    for (let i = 0; i < syllables.length; i++) {
      for (const phrase of this.byFirstSyllable.get(syllables[i]) ?? []) {
        const length = phrase.syllables.length;
        if (i + length > syllables.length) continue;
        let same = true;
        for (let k = 1; k < length && same; k++) same = syllables[i + k] === phrase.syllables[k];
        if (!same) continue;
        const span = n.text.slice(i, i + length);
        let slips = 0;
        for (let k = 0; k < length; k++) if (span[k] !== phrase.chars[k]) slips++;
        if (slips === 0 || slips > maxSlips(length) || !HAN.test(span)) continue;
        if (exact.some((c) => c.entry === phrase.entry && c.from <= i && c.to >= i + length)) continue;
        found.push({ entry: phrase.entry, from: i, to: i + length, fuzzy: true });
      }
    }
    return found;
  }

  private passesContext(n: NormalizedText, c: Candidate): boolean {
    if (c.entry.clauseEnd && !endsClause(n, c.to)) return false;
    for (const allow of this.allowByEntry.get(c.entry) ?? []) {
      if (coveredByAllow(n, c, allow)) return false;
    }
    return true;
  }
}

function endsClause(n: NormalizedText, to: number): boolean {
  if (to >= n.text.length || n.breaks[to] !== Break.None) return true;
  return FINAL_PARTICLES.has(n.text[to]) && (to + 1 >= n.text.length || n.breaks[to + 1] !== Break.None);
}

/**
 * True when an occurrence of `allow` covers the hit without crossing clause
 * punctuation outside the hit: 不知道您什么时候方便 excuses 不知道, but
 * 不知道。您问别人吧 does not.
 */
function coveredByAllow(n: NormalizedText, c: Candidate, allow: string): boolean {
  let at = n.text.indexOf(allow, Math.max(0, c.to - allow.length));
  while (at !== -1 && at <= c.from) {
    const end = at + allow.length;
    if (end >= c.to) {
      let crossesClause = false;
      for (let i = at + 1; i < end && !crossesClause; i++) {
        const insideHit = i > c.from && i < c.to;
        crossesClause = !insideHit && n.breaks[i] === Break.Clause;
      }
      if (!crossesClause) return true;
    }
    at = n.text.indexOf(allow, at + 1);
  }
  return false;
}

/** One hit per entry and span: exact and fuzzy matches of the same phrase, or two phrases of one entry ending alike, count once. */
function dedupe(candidates: Candidate[]): Candidate[] {
  const seen = new Set<string>();
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => a.from - b.from || b.to - a.to || Number(a.fuzzy) - Number(b.fuzzy))) {
    const contained = kept.some((k) => k.entry === c.entry && k.from <= c.from && k.to >= c.to);
    const key = `${c.entry.id}:${c.from}:${c.to}`;
    if (contained || seen.has(key)) continue;
    seen.add(key);
    kept.push(c);
  }
  return kept;
}
