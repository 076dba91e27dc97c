/**
 * Word-boundary checks for candidates of short phrases and pinyin slips
 * (尽快点击 has no 快点). jieba segments a turn only when the first candidate
 * needs it; the boundaries and the start of the word around each offset are
 * then tables, so every later question is answered in constant time.
 */
import { Break, type NormalizedText } from '../text/normalize.js';
import type { Segmenter } from '../text/segmenter.js';
import { type Candidate, isFuzzy } from './candidate.js';

/**
 * Short phrases are often found inside other words (快点 in 尽快点击, 滚 in 滚动),
 * so their hits must start and end on word boundaries. Longer phrases rarely are,
 * and there jieba's own merges (这不归|…) would cost true hits; pinyin hits are
 * always checked.
 */
const BOUNDARY_CHECK_MAX_LENGTH = 3;
/** adverbs that jieba joins to a following phrase (真不知道, 并不知道) without changing what it says */
const INTENSIFIERS = new Set(['真', '并', '也', '都', '还', '就', '可', '倒', '真的', '确实', '实在', '根本', '完全', '的确', '压根']);
const LONGEST_INTENSIFIER = 2;

export const needsBoundaryCheck = (c: Candidate) => isFuzzy(c) || c.to - c.from <= BOUNDARY_CHECK_MAX_LENGTH;

export class TurnWords {
  private cachedWords?: string[];
  /** `wordStart[i]`: start of the word holding offset i (i itself when a boundary) */
  private wordStart?: Int32Array;

  constructor(
    private readonly segmenter: Segmenter,
    private readonly n: NormalizedText,
  ) {}

  /** jieba's words of the normalised text (one segmentation per turn). */
  private words(): string[] {
    this.cachedWords ??= this.segmenter.cut(this.n.text);
    return this.cachedWords;
  }

  /** Whether the candidate's boundary check can be settled without segmenting the turn. */
  needsSegmentation(c: Candidate): boolean {
    return needsBoundaryCheck(c) && !(this.isBoundaryWithoutWords(c.from) && this.isBoundaryWithoutWords(c.to));
  }

  /** The boundary check: true for candidates that need none. */
  onWordBoundaries(c: Candidate): boolean {
    if (!needsBoundaryCheck(c)) return true;
    if (!this.isBoundary(c.to)) return false;
    if (isFuzzy(c)) return this.isBoundary(c.from) && !this.slipInsideOtherWord(c);
    return this.isBoundary(c.from) || this.followsIntensifier(c);
  }

  /** The ends of the text and removed whitespace or punctuation are boundaries whatever the words. */
  private isBoundaryWithoutWords(at: number): boolean {
    return at === 0 || at === this.n.text.length || this.n.breaks[at] !== Break.None;
  }

  private isBoundary(at: number): boolean {
    return this.isBoundaryWithoutWords(at) || this.startOfWordAt(at) === at;
  }

  private startOfWordAt(at: number): number {
    if (at >= this.n.text.length) return at;
    if (!this.wordStart) {
      const { text, breaks } = this.n;
      this.wordStart = new Int32Array(text.length);
      let offset = 0;
      let start = 0;
      for (const word of this.words()) {
        for (let i = offset; i < offset + word.length; i++) {
          if (i === offset || breaks[i] !== Break.None) start = i;
          this.wordStart[i] = start;
        }
        offset += word.length;
      }
    }
    return this.wordStart[at];
  }

  /** 真不知道 / 并不知道: jieba keeps an adverb and the phrase as one word; the phrase still counts. */
  private followsIntensifier(c: Candidate): boolean {
    const start = this.startOfWordAt(c.from);
    return c.from - start <= LONGEST_INTENSIFIER && INTENSIFIERS.has(this.n.text.slice(start, c.from));
  }

  /**
   * A pinyin hit whose changed character belongs to a dictionary word other than
   * the phrase's own (给您恢复 is not 给您回复, 到店了 is not 到点了) is no slip.
   * Words jieba only guessed (HMM) around a slip do not count: they are the slip.
   */
  private slipInsideOtherWord(c: Candidate): boolean {
    const { text } = this.n;
    const chars = c.pinyinOf!;
    for (let i = c.from; i < c.to; i++) {
      if (text[i] === chars[i - c.from]) continue;
      const start = this.startOfWordAt(i);
      let end = i + 1;
      while (end < c.to && !this.isBoundary(end)) end++;
      if (end - start > this.segmenter.longestWord) continue;
      const word = text.slice(start, end);
      if (word.length > 1 && word !== chars.slice(start - c.from, end - c.from) && this.segmenter.isDictionaryWord(word)) return true;
    }
    return false;
  }
}
