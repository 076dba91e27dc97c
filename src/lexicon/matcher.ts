/**
 * Finds lexicon hits in one normalised turn. The work is split by responsibility:
 * - phrase-index.ts: every phrase of every entry in one Aho-Corasick pass;
 * - pinyin-index.ts: ASR slips of phrases of 3+ Han characters (问别人趣 → 问别人去);
 * - short-slips.ts: slips of two-character required phrases (在见 → 再见);
 * - patterns.ts: the regexes of the few entries that need them (re2js, linear);
 * - allow-contexts.ts: `allow` contexts and clause ends;
 * - word-boundaries.ts: short phrases and slips must sit on jieba's word boundaries;
 * - turn-match.ts: one turn's hits, resolved lazily category by category.
 */
import type { NormalizedText } from '../text/normalize.js';
import type { Segmenter } from '../text/segmenter.js';
import { AllowContexts } from './allow-contexts.js';
import { PatternIndex } from './patterns.js';
import { PhraseIndex } from './phrase-index.js';
import { PinyinIndex } from './pinyin-index.js';
import { ShortSlipIndex } from './short-slips.js';
import type { Category, LexiconEntry } from './schema.js';
import { TurnMatch } from './turn-match.js';

export { TurnMatch };

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

export class LexiconMatcher {
  /** @internal the parts a `TurnMatch` reads */
  readonly phrases: PhraseIndex;
  /** @internal */
  readonly pinyin: PinyinIndex;
  /** @internal */
  readonly shortSlips: ShortSlipIndex;
  /** @internal */
  readonly patterns: PatternIndex;
  /** @internal */
  readonly allow: AllowContexts;

  constructor(
    readonly entries: readonly LexiconEntry[],
    /** @internal */
    readonly segmenter: Segmenter,
  ) {
    this.phrases = new PhraseIndex(entries);
    this.pinyin = new PinyinIndex(entries);
    this.shortSlips = new ShortSlipIndex(entries);
    this.patterns = new PatternIndex(entries);
    this.allow = new AllowContexts(entries);
    this.categories = new Set(entries.map((e) => e.category));
  }

  /** the categories of the entries: asking for another is a rule's mistake (a misspelt name), not "no hit" */
  private readonly categories: ReadonlySet<Category>;

  /** @internal */
  assertKnown(category: Category): void {
    if (!this.categories.has(category)) throw new Error(`no lexicon entry has category "${category}" (declare it in the rule's meta.categories)`);
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
}
