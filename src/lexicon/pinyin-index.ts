/**
 * ASR-slip candidates: spans that read, in toneless pinyin, like a phrase of
 * three or more Han characters with one character changed (two in phrases of
 * six or more): 问别人趣 → 问别人去. Linear in the text: each offset consults an
 * index keyed by the sounds of three characters, and coverage by an exact hit
 * is known from one sweep.
 */
import { normalizePhrase } from '../text/normalize.js';
import { canRead, phraseSyllables, readingAt, readingCount, shareReading, syllableId } from '../text/pinyin.js';
import { type Candidate, candidate } from './candidate.js';
import type { LexiconEntry } from './schema.js';

interface PinyinPhrase {
  entry: LexiconEntry;
  chars: string;
  /** registration order: simultaneous pinyin hits are listed in it */
  order: number;
  /** syllable ids of the phrase read in context (pinyin-pro), on first comparison */
  syllables?: number[];
}

const HAN = /^\p{Script=Han}+$/u;
const MIN_PINYIN_PHRASE = 3;

/** How many characters may differ from the phrase in a pinyin match: one slip per short phrase, two in long ones. */
function maxSlips(length: number): number {
  return length >= 6 ? 2 : 1;
}

/**
 * A character's sounds are its reading ids, or its own code when it has no
 * reading (Han codes lie above every id). Every character of a pinyin hit
 * shares a reading with the phrase's character (or is that character).
 */
function soundsOf(code: number): number[] {
  const count = readingCount(code);
  if (count === 0) return [code];
  return Array.from({ length: count }, (_, k) => readingAt(code, k));
}

const soundPair = (first: number, second: number) => first * 0x10000 + second;
/** Reading ids lie below this; pairs of them are also marked in a flat bitmap, a cheaper test than the map. */
const SMALL_SOUND = 1024;

export class PinyinIndex {
  /** pinyin phrases by the sounds of their first two characters, then of their third */
  private readonly index = new Map<number, Map<number, PinyinPhrase[]>>();
  /** 1 for each code unit that can sound like the first (second) character of a phrase: most offsets stop at these two tests */
  private readonly opensPhrase = new Uint8Array(0x10000);
  private readonly continuesPhrase = new Uint8Array(0x10000);
  /** 1 for each pair of reading ids a phrase starts with: most of the rest stop here */
  private readonly pairStartsPhrase = new Uint8Array(SMALL_SOUND * SMALL_SOUND);

  constructor(entries: readonly LexiconEntry[]) {
    const firstSounds = new Set<number>();
    const secondSounds = new Set<number>();
    let order = 0;
    for (const entry of entries) {
      if (!entry.fuzzy) continue;
      for (const phrase of entry.phrases) {
        const chars = normalizePhrase(phrase);
        if (chars.length < MIN_PINYIN_PHRASE || !HAN.test(chars)) continue;
        const pinyinPhrase: PinyinPhrase = { entry, chars, order: order++ };
        for (const first of soundsOf(chars.charCodeAt(0))) {
          firstSounds.add(first);
          for (const second of soundsOf(chars.charCodeAt(1))) {
            secondSounds.add(second);
            if (first < SMALL_SOUND && second < SMALL_SOUND) this.pairStartsPhrase[first * SMALL_SOUND + second] = 1;
            let byThird = this.index.get(soundPair(first, second));
            if (!byThird) this.index.set(soundPair(first, second), (byThird = new Map()));
            for (const third of soundsOf(chars.charCodeAt(2))) {
              const list = byThird.get(third);
              if (list) list.push(pinyinPhrase);
              else byThird.set(third, [pinyinPhrase]);
            }
          }
        }
      }
    }
    if (firstSounds.size === 0) return;
    for (let code = 0; code < 0x10000; code++) {
      const count = readingCount(code);
      if (count === 0) {
        this.opensPhrase[code] = Number(firstSounds.has(code));
        this.continuesPhrase[code] = Number(secondSounds.has(code));
      }
      for (let k = 0; k < count; k++) {
        if (firstSounds.has(readingAt(code, k))) this.opensPhrase[code] = 1;
        if (secondSounds.has(readingAt(code, k))) this.continuesPhrase[code] = 1;
      }
    }
  }

  get isEmpty(): boolean {
    return this.index.size === 0;
  }

  /**
   * Appends the pinyin candidates of `text` to `candidates`, which holds the
   * exact ones: a span an exact hit of the same entry covers is not added.
   */
  find(text: string, candidates: Candidate[]): void {
    if (this.isEmpty) return;
    const { opensPhrase, continuesPhrase, pairStartsPhrase, index } = this;
    const covering = new ExactCoverage(candidates);
    for (let i = 0; i + MIN_PINYIN_PHRASE <= text.length; i++) {
      const firstCode = text.charCodeAt(i);
      const secondCode = text.charCodeAt(i + 1);
      if (opensPhrase[firstCode] === 0 || continuesPhrase[secondCode] === 0) continue;
      covering.advanceTo(i);
      const found: PinyinPhrase[] = [];
      const firstCount = readingCount(firstCode);
      const secondCount = readingCount(secondCode);
      // the sounds of the characters, inline (see soundsOf): this runs at every offset of every turn
      for (let a = 0; a < (firstCount || 1); a++) {
        const first = firstCount > 0 ? readingAt(firstCode, a) : firstCode;
        for (let b = 0; b < (secondCount || 1); b++) {
          const second = secondCount > 0 ? readingAt(secondCode, b) : secondCode;
          if (first < SMALL_SOUND && second < SMALL_SOUND && pairStartsPhrase[first * SMALL_SOUND + second] === 0) continue;
          const byThird = index.get(soundPair(first, second));
          if (!byThird) continue;
          const thirdCode = text.charCodeAt(i + 2);
          const thirdCount = readingCount(thirdCode);
          for (let c = 0; c < (thirdCount || 1); c++) {
            const phrases = byThird.get(thirdCount > 0 ? readingAt(thirdCode, c) : thirdCode);
            if (!phrases) continue;
            for (const phrase of phrases) {
              const length = phrase.chars.length;
              // a phrase reached through two shared readings is found once
              if (found.includes(phrase) || i + length > text.length || !readsLike(text, i, phrase)) continue;
              if (!HAN.test(text.slice(i, i + length)) || covering.covers(phrase.entry, i + length)) continue;
              found.push(phrase);
            }
          }
        }
      }
      // simultaneous pinyin hits in registration order
      if (found.length > 1) found.sort((x, y) => x.order - y.order);
      for (const phrase of found) candidates.push(candidate(phrase.entry, i, i + phrase.chars.length, phrase.chars));
    }
  }
}

/** Which entries' exact candidates, among those starting at or before an offset, reach how far (offsets visited in increasing order). */
class ExactCoverage {
  private readonly byStart: Candidate[];
  private next = 0;
  private readonly furthestEnd = new Map<LexiconEntry, number>();

  constructor(exact: readonly Candidate[]) {
    this.byStart = [...exact].sort((a, b) => a.from - b.from);
  }

  advanceTo(offset: number): void {
    for (; this.next < this.byStart.length && this.byStart[this.next].from <= offset; this.next++) {
      const c = this.byStart[this.next];
      if ((this.furthestEnd.get(c.entry) ?? -1) < c.to) this.furthestEnd.set(c.entry, c.to);
    }
  }

  /** Whether an exact candidate of `entry` started at or before the current offset and ends at or after `end`. */
  covers(entry: LexiconEntry, end: number): boolean {
    return (this.furthestEnd.get(entry) ?? -1) >= end;
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
