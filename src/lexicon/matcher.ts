/**
 * Finds lexicon hits in one normalised turn.
 *
 * 1. every phrase of every entry in one Aho-Corasick pass;
 * 2. regex patterns of the few entries that need them;
 * 3. ASR slips: phrases of 3+ Han characters also by toneless pinyin (问别人趣 → 问别人去);
 * then each candidate must start and end on a word boundary (尽快点击 has no 快点),
 * end a clause where the entry says so, and lie outside the entry's `allow` contexts.
 *
 * The work is lazy where it is expensive: `turn` finds the phrase and pinyin
 * candidates, and a category's hits (patterns, context checks, word boundaries)
 * are settled only when a rule asks for that category. jieba segments a turn
 * only when a candidate that passed its context checks needs a boundary check.
 */
import { AhoCorasick } from '../text/aho-corasick.js';
import { Break, normalizePhrase, type NormalizedText, toOriginalSpan } from '../text/normalize.js';
import { canRead, phraseSyllables, readingAt, readingCount, shareReading, syllableId } from '../text/pinyin.js';
import type { Segmenter } from '../text/segmenter.js';
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
  /** the pinyin phrase of a fuzzy candidate */
  phrase: PinyinPhrase | undefined;
  /** set once the candidate has been judged */
  accepted: boolean | undefined;
  hit: Hit | undefined;
}

/** Every candidate has the same fields, so the code reading them sees one shape. */
function candidate(entry: LexiconEntry, from: number, to: number, phrase?: PinyinPhrase): Candidate {
  return { entry, from, to, fuzzy: phrase !== undefined, phrase, accepted: undefined, hit: undefined };
}

interface PinyinPhrase {
  entry: LexiconEntry;
  chars: string;
  /** registration order: simultaneous pinyin hits are listed in it */
  order: number;
  /** syllable ids of the phrase read in context (pinyin-pro), on first comparison */
  syllables?: number[];
}

interface PatternEntry {
  entry: LexiconEntry;
  regexes: RegExp[];
  /** position in `patternEntries`, where a turn keeps this entry's candidates */
  index: number;
}

const NO_PATTERNS: readonly PatternEntry[] = [];

const HAN = /^\p{Script=Han}+$/u;
/**
 * Short phrases are often found inside other words (快点 in 尽快点击, 滚 in 滚动),
 * so their hits must start and end on word boundaries. Longer phrases rarely are,
 * and there jieba's own merges (这不归|…) would cost true hits; pinyin hits are
 * always checked.
 */
const BOUNDARY_CHECK_MAX_LENGTH = 3;
const needsBoundaryCheck = (c: Candidate) => c.fuzzy || c.to - c.from <= BOUNDARY_CHECK_MAX_LENGTH;
/** adverbs that jieba joins to a following phrase (真不知道, 并不知道) without changing what it says */
const INTENSIFIERS = new Set(['真', '并', '也', '都', '还', '就', '可', '倒', '真的', '确实', '实在', '根本', '完全', '的确', '压根']);
/** particles that may follow a clause-final phrase (自己查去吧) */
const FINAL_PARTICLES = new Set(['吧', '啊', '呀', '呗', '了', '嘛', '啦', '哈', '哦']);
const MIN_PINYIN_PHRASE = 3;

/** How many characters may differ from the phrase in a pinyin match: one slip per short phrase, two in long ones. */
function maxSlips(length: number): number {
  return length >= 6 ? 2 : 1;
}

/**
 * The pinyin index is keyed by the sounds of a phrase's first three characters:
 * every character of a pinyin hit shares a reading with the phrase's character
 * (or is that character), so all three must meet. A character's sounds are its
 * reading ids, or its own code when it has no reading (Han codes lie above every id).
 */
function soundsOf(code: number): number[] {
  const count = readingCount(code);
  if (count === 0) return [code];
  return Array.from({ length: count }, (_, k) => readingAt(code, k));
}

const soundPair = (first: number, second: number) => first * 0x10000 + second;
/** Reading ids lie below this; pairs of them are also marked in a flat bitmap, a cheaper test than the map. */
const SMALL_SOUND = 1024;

export class LexiconMatcher {
  /** @internal the parts a `TurnMatch` reads */
  readonly automaton: AhoCorasick<LexiconEntry>;
  /** @internal */
  readonly patternEntries: readonly PatternEntry[];
  /** @internal */
  readonly allowByEntry = new Map<LexiconEntry, string[]>();
  /** @internal pinyin phrases by the sounds of their first two characters, then of their third */
  readonly pinyinIndex = new Map<number, Map<number, PinyinPhrase[]>>();
  /**
   * @internal 1 for each code unit that can sound like the first (second)
   * character of a pinyin phrase: most offsets of a turn stop at these two tests
   */
  readonly opensPinyinPhrase = new Uint8Array(0x10000);
  /** @internal */
  readonly continuesPinyinPhrase = new Uint8Array(0x10000);
  /** @internal 1 for each pair of reading ids a pinyin phrase starts with: most of the rest stop here */
  readonly pairStartsPinyinPhrase = new Uint8Array(SMALL_SOUND * SMALL_SOUND);
  private readonly patternEntriesByCategory = new Map<Category, PatternEntry[]>();

  constructor(
    readonly entries: readonly LexiconEntry[],
    /** @internal */
    readonly segmenter: Segmenter,
  ) {
    const phrasePairs: Array<[string, LexiconEntry]> = [];
    const firstSounds = new Set<number>();
    const secondSounds = new Set<number>();
    let order = 0;
    for (const entry of entries) {
      for (const phrase of entry.phrases) {
        const normalised = normalizePhrase(phrase);
        phrasePairs.push([normalised, entry]);
        if (entry.fuzzy && normalised.length >= MIN_PINYIN_PHRASE && HAN.test(normalised)) {
          const pinyinPhrase: PinyinPhrase = { entry, chars: normalised, order: order++ };
          for (const first of soundsOf(normalised.charCodeAt(0))) {
            firstSounds.add(first);
            for (const second of soundsOf(normalised.charCodeAt(1))) {
              secondSounds.add(second);
              if (first < SMALL_SOUND && second < SMALL_SOUND) this.pairStartsPinyinPhrase[first * SMALL_SOUND + second] = 1;
              let byThird = this.pinyinIndex.get(soundPair(first, second));
              if (!byThird) this.pinyinIndex.set(soundPair(first, second), (byThird = new Map()));
              for (const third of soundsOf(normalised.charCodeAt(2))) {
                const list = byThird.get(third);
                if (list) list.push(pinyinPhrase);
                else byThird.set(third, [pinyinPhrase]);
              }
            }
          }
        }
      }
      this.allowByEntry.set(entry, entry.allow.map(normalizePhrase));
    }
    if (firstSounds.size > 0) {
      for (let code = 0; code < 0x10000; code++) {
        const count = readingCount(code);
        if (count === 0) {
          this.opensPinyinPhrase[code] = Number(firstSounds.has(code));
          this.continuesPinyinPhrase[code] = Number(secondSounds.has(code));
        }
        for (let k = 0; k < count; k++) {
          if (firstSounds.has(readingAt(code, k))) this.opensPinyinPhrase[code] = 1;
          if (secondSounds.has(readingAt(code, k))) this.continuesPinyinPhrase[code] = 1;
        }
      }
    }
    this.automaton = new AhoCorasick(phrasePairs);
    this.patternEntries = entries
      .filter((entry) => entry.patterns.length > 0)
      .map((entry, index) => ({ entry, regexes: entry.patterns.map((p) => new RegExp(p, 'gu')), index }));
    for (const p of this.patternEntries) {
      const list = this.patternEntriesByCategory.get(p.entry.category);
      if (list) list.push(p);
      else this.patternEntriesByCategory.set(p.entry.category, [p]);
    }
  }

  /** The hits of one normalised turn, settled category by category as they are asked for. */
  turn(n: NormalizedText): TurnMatch {
    return new TurnMatch(this, n);
  }

  /** All accepted hits in `n`, ordered by position. */
  match(n: NormalizedText): Hit[] {
    return this.turn(n).all();
  }

  /** Words of a normalised text, for rules that count words. */
  words(n: NormalizedText): string[] {
    return this.segmenter.cut(n.text);
  }

  /** @internal */
  patternEntriesOf(category: Category): readonly PatternEntry[] {
    return this.patternEntriesByCategory.get(category) ?? NO_PATTERNS;
  }
}

/** One turn's candidates, with each category's hits computed on first request and kept. */
export class TurnMatch {
  private readonly candidates: Candidate[] = [];
  private byCategory?: Map<Category, Hit[]>;
  /** candidates of each pattern entry (by its index), found when first needed */
  private patternCandidates?: Array<Candidate[] | undefined>;
  private allHits?: Hit[];
  private cachedWords?: string[];
  /** `wordStart[i]` is 1 when a word starts at normalised offset i (or i is the end) */
  private wordStart?: Uint8Array;

  constructor(
    private readonly matcher: LexiconMatcher,
    readonly n: NormalizedText,
  ) {
    matcher.automaton.forEachMatch(n.text, (from, to, entry) => this.candidates.push(candidate(entry, from, to)));
    if (matcher.pinyinIndex.size > 0) this.addPinyinCandidates();
  }

  hitsOf(category: Category): Hit[] {
    // the usual answer, found without a lookup: no candidate of this category and no pattern to run
    if (!this.candidates.some((c) => c.entry.category === category) && this.matcher.patternEntriesOf(category).length === 0) return [];
    this.byCategory ??= new Map();
    let hits = this.byCategory.get(category);
    if (!hits) {
      hits = this.resolve(category);
      this.byCategory.set(category, hits);
    }
    return hits;
  }

  /**
   * Whether the category has a hit. One hit settles it, so the candidates that
   * need no segmentation are tried first: often jieba is not needed at all.
   */
  has(category: Category): boolean {
    const settled = this.byCategory?.get(category);
    if (settled) return settled.length > 0;
    for (const c of this.candidates) {
      if (c.entry.category === category && !this.needsSegmentation(c) && this.accepts(c)) return true;
    }
    for (const p of this.matcher.patternEntriesOf(category)) {
      if (this.patternCandidatesOf(p).some((c) => this.passesContext(c))) return true;
    }
    return this.hitsOf(category).length > 0;
  }

  /** Every category's hits, ordered by position. */
  all(): Hit[] {
    this.allHits ??= this.resolve(undefined);
    return this.allHits;
  }

  /** jieba's words of the normalised text (one segmentation per turn, shared with the boundary checks). */
  words(): string[] {
    this.cachedWords ??= this.matcher.segmenter.cut(this.n.text);
    return this.cachedWords;
  }

  private resolve(category: Category | undefined): Hit[] {
    // most categories have no candidate in a turn: nothing is allocated for them
    let accepted: Candidate[] | undefined;
    for (const c of this.candidates) {
      if ((category === undefined || c.entry.category === category) && this.accepts(c)) (accepted ??= []).push(c);
    }
    const patternEntries = category === undefined ? this.matcher.patternEntries : this.matcher.patternEntriesOf(category);
    for (const p of patternEntries) {
      for (const c of this.patternCandidatesOf(p)) if (this.passesContext(c)) (accepted ??= []).push(c);
    }
    if (accepted === undefined) return [];
    const kept = accepted.length === 1 ? accepted : dedupe(accepted).sort((a, b) => a.from - b.from || b.to - a.to);
    return kept.map((c) => (c.hit ??= this.toHit(c)));
  }

  private accepts(c: Candidate): boolean {
    // context first: it is cheap, and a rejected candidate needs no segmentation
    c.accepted ??= this.passesContext(c) && (!needsBoundaryCheck(c) || this.onWordBoundaries(c));
    return c.accepted;
  }

  private onWordBoundaries(c: Candidate): boolean {
    if (!this.isWordBoundary(c.to)) return false;
    if (c.fuzzy) return this.isWordBoundary(c.from) && !this.slipInsideOtherWord(c);
    return this.isWordBoundary(c.from) || this.followsIntensifier(c);
  }

  /** Start of the word holding normalised position `at` (`at` itself on a boundary). */
  private wordStartBefore(at: number): number {
    let start = at;
    while (start > 0 && !this.isWordBoundary(start)) start--;
    return start;
  }

  /** 真不知道 / 并不知道: jieba keeps an adverb and the phrase as one word; the phrase still counts. */
  private followsIntensifier(c: Candidate): boolean {
    return INTENSIFIERS.has(this.n.text.slice(this.wordStartBefore(c.from), c.from));
  }

  /**
   * A pinyin hit whose changed character belongs to a dictionary word other than
   * the phrase's own (给您恢复 is not 给您回复, 到店了 is not 到点了) is no slip.
   * Words jieba only guessed (HMM) around a slip do not count: they are the slip.
   */
  private slipInsideOtherWord(c: Candidate): boolean {
    const { text } = this.n;
    const chars = c.phrase!.chars;
    for (let i = c.from; i < c.to; i++) {
      if (text[i] === chars[i - c.from]) continue;
      const start = this.wordStartBefore(i);
      let end = i + 1;
      while (end < c.to && !this.isWordBoundary(end)) end++;
      const word = text.slice(start, end);
      if (word.length > 1 && word !== chars.slice(start - c.from, end - c.from) && this.matcher.segmenter.isDictionaryWord(word)) return true;
    }
    return false;
  }

  private toHit(c: Candidate): Hit {
    const span = toOriginalSpan(this.n, c.from, c.to);
    return {
      entry: c.entry,
      category: c.entry.category,
      from: c.from,
      to: c.to,
      ...span,
      text: this.n.original.slice(span.start, span.end),
      fuzzy: c.fuzzy,
    };
  }

  private needsSegmentation(c: Candidate): boolean {
    return needsBoundaryCheck(c) && !(this.isBoundaryWithoutWords(c.from) && this.isBoundaryWithoutWords(c.to));
  }

  /** The ends of the text and removed whitespace or punctuation are boundaries whatever the words. */
  private isBoundaryWithoutWords(at: number): boolean {
    return at === 0 || at === this.n.text.length || this.n.breaks[at] !== Break.None;
  }

  private isWordBoundary(at: number): boolean {
    if (this.isBoundaryWithoutWords(at)) return true;
    const { text } = this.n;
    if (!this.wordStart) {
      this.wordStart = new Uint8Array(text.length + 1);
      let offset = 0;
      for (const word of this.words()) {
        this.wordStart[offset] = 1;
        offset += word.length;
      }
      this.wordStart[offset] = 1;
    }
    return this.wordStart[at] === 1;
  }

  private patternCandidatesOf(p: PatternEntry): readonly Candidate[] {
    this.patternCandidates ??= new Array(this.matcher.patternEntries.length);
    let found = this.patternCandidates[p.index];
    if (!found) {
      found = [];
      const { text } = this.n;
      for (const regex of p.regexes) {
        regex.lastIndex = 0;
        for (let m = regex.exec(text); m; m = regex.exec(text)) {
          if (m[0].length > 0) found.push(candidate(p.entry, m.index, m.index + m[0].length));
          else regex.lastIndex = advanceCodePoint(text, regex.lastIndex);
        }
      }
      this.patternCandidates[p.index] = found;
    }
    return found;
  }

  /**
   * Adds the spans that read like a pinyin phrase with one or two characters
   * changed. A transcript character matches a phrase character when it is the
   * same character or can be read as that character's syllable in the phrase.
   */
  private addPinyinCandidates(): void {
    const { text } = this.n;
    const { opensPinyinPhrase, continuesPinyinPhrase, pairStartsPinyinPhrase, pinyinIndex } = this.matcher;
    const exactCount = this.candidates.length;
    for (let i = 0; i + MIN_PINYIN_PHRASE <= text.length; i++) {
      const atStart = this.candidates.length;
      const firstCode = text.charCodeAt(i);
      const secondCode = text.charCodeAt(i + 1);
      if (opensPinyinPhrase[firstCode] === 0 || continuesPinyinPhrase[secondCode] === 0) continue;
      const firstCount = readingCount(firstCode);
      const secondCount = readingCount(secondCode);
      // the sounds of the characters, inline (see soundsOf): this runs at every offset of every turn
      for (let a = 0; a < (firstCount || 1); a++) {
        const first = firstCount > 0 ? readingAt(firstCode, a) : firstCode;
        for (let b = 0; b < (secondCount || 1); b++) {
          const second = secondCount > 0 ? readingAt(secondCode, b) : secondCode;
          if (first < SMALL_SOUND && second < SMALL_SOUND && pairStartsPinyinPhrase[first * SMALL_SOUND + second] === 0) continue;
          const byThird = pinyinIndex.get(soundPair(first, second));
          if (!byThird) continue;
          const thirdCode = text.charCodeAt(i + 2);
          const thirdCount = readingCount(thirdCode);
          for (let c = 0; c < (thirdCount || 1); c++) {
            const phrases = byThird.get(thirdCount > 0 ? readingAt(thirdCode, c) : thirdCode);
            if (phrases) this.addPinyinCandidatesAt(i, phrases, exactCount, atStart);
          }
        }
      }
      // simultaneous pinyin hits in registration order, as one index list would give them
      if (this.candidates.length - atStart > 1) {
        const atOffset = this.candidates.splice(atStart).sort((x, y) => x.phrase!.order - y.phrase!.order);
        this.candidates.push(...atOffset);
      }
    }
  }

  private addPinyinCandidatesAt(at: number, phrases: PinyinPhrase[], exactCount: number, atStart: number): void {
    const { text } = this.n;
    const { candidates } = this;
    for (const phrase of phrases) {
      const length = phrase.chars.length;
      if (at + length > text.length || !readsLike(text, at, phrase)) continue;
      if (!HAN.test(text.slice(at, at + length))) continue;
      let covered = false;
      for (let k = 0; k < exactCount && !covered; k++) {
        const c = candidates[k];
        covered = c.entry === phrase.entry && c.from <= at && c.to >= at + length;
      }
      // a phrase reached through two shared readings is found once
      for (let k = atStart; k < candidates.length && !covered; k++) covered = candidates[k].phrase === phrase;
      if (!covered) candidates.push(candidate(phrase.entry, at, at + length, phrase));
    }
  }

  private passesContext(c: Candidate): boolean {
    if (c.entry.clauseEnd && !endsClause(this.n, c.to)) return false;
    for (const allow of this.matcher.allowByEntry.get(c.entry) ?? []) {
      if (coveredByAllow(this.n, c, allow)) return false;
    }
    return true;
  }
}

/**
 * True when text[at, at + phrase length) differs from the phrase in 1 to
 * maxSlips characters, each of which can be read as the phrase's syllable.
 * Characters sharing no reading are ruled out before pinyin-pro is asked to
 * read the phrase in context.
 */
function readsLike(text: string, at: number, phrase: PinyinPhrase): boolean {
  const { chars } = phrase;
  const allowed = maxSlips(chars.length);
  let slips = 0;
  for (let k = 0; k < chars.length; k++) {
    const t = text.charCodeAt(at + k);
    const p = chars.charCodeAt(k);
    if (t === p) continue;
    if (++slips > allowed || !shareReading(t, p)) return false;
  }
  if (slips === 0) return false;
  phrase.syllables ??= phraseSyllables(chars).map(syllableId);
  for (let k = 0; k < chars.length; k++) {
    const t = text.charCodeAt(at + k);
    if (t !== chars.charCodeAt(k) && !canRead(t, phrase.syllables[k])) return false;
  }
  return true;
}

/** The index after the code point at `index` (how a global unicode regex steps over an empty match). */
function advanceCodePoint(text: string, index: number): number {
  const code = text.charCodeAt(index);
  const isPair = code >= 0xd800 && code <= 0xdbff && index + 1 < text.length;
  return index + (isPair ? 2 : 1);
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

/**
 * One hit per entry and span: exact and fuzzy matches of the same phrase, or
 * two phrases of one entry ending alike, count once; a hit inside a longer hit
 * of the same entry is dropped. Entries belong to one category, so deduping a
 * category's candidates alone gives that category's share of the whole.
 */
function dedupe(candidates: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort((a, b) => a.from - b.from || b.to - a.to || Number(a.fuzzy) - Number(b.fuzzy))) {
    if (!kept.some((k) => k.entry === c.entry && k.from <= c.from && k.to >= c.to)) kept.push(c);
  }
  return kept;
}
