/**
 * Clause structure of a normalised turn.
 *
 * Punctuation ends a clause. In ASR text, where punctuation is rare, a space
 * marks a pause between phrases (会通知 您小区的门卫), so it ends a clause too,
 * except between letters spelled out one by one (不 知 道, 喂 你找谁), which
 * are one phrase said slowly. The context conditions (src/analysis/context.ts)
 * read a hit's clause by these boundaries, and can reject a phrase said across
 * a pause. Built once per turn in linear time; every question after that is O(1).
 */
import { Break, type NormalizedText } from '../text/normalize.js';

const SENTENCE_END = /[。！？!?；;]/u;
const QUESTION_MARK = /[?？]/u;

export class ClauseMap {
  /** pause[i] = 1 when a pause separates normalised positions i-1 and i */
  private readonly pause: Uint8Array;
  /** start and end of the clause holding each position */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;

  constructor(readonly n: NormalizedText) {
    const length = n.text.length;
    this.pause = new Uint8Array(length + 1);
    // pieces run between breaks; a break is a pause unless a piece on either side is one letter
    const breakAt: number[] = [];
    for (let i = 1; i < length; i++) if (n.breaks[i] !== Break.None) breakAt.push(i);
    for (let k = 0; k < breakAt.length; k++) {
      const before = breakAt[k] - (k > 0 ? breakAt[k - 1] : 0);
      const after = (k + 1 < breakAt.length ? breakAt[k + 1] : length) - breakAt[k];
      if (before > 1 && after > 1) this.pause[breakAt[k]] = 1;
    }
    this.starts = new Int32Array(length + 1);
    this.ends = new Int32Array(length + 1);
    for (let i = 1; i < length; i++) this.starts[i] = this.pause[i] ? i : this.starts[i - 1];
    if (length > 0) this.starts[length] = this.starts[length - 1];
    this.ends[length] = length;
    for (let i = length - 1; i >= 0; i--) this.ends[i] = this.pause[i + 1] ? i + 1 : this.ends[i + 1];
  }

  /** Whether a pause separates normalised positions at-1 and at. */
  isPause(at: number): boolean {
    return at > 0 && at < this.n.text.length && this.pause[at] === 1;
  }

  /** Whether a pause lies strictly inside [from, to). */
  crossesPause(from: number, to: number): boolean {
    for (let i = from + 1; i < to; i++) if (this.pause[i] === 1) return true;
    return false;
  }

  /** Start of the clause holding position `at`. */
  clauseStart(at: number): number {
    return this.starts[Math.min(at, this.n.text.length)];
  }

  /** End of the clause holding position `at` (for a span ending at `to`, pass `to - 1`). */
  clauseEnd(at: number): number {
    return this.ends[Math.max(0, Math.min(at, this.n.text.length))];
  }

  /** The original text removed between normalised positions at-1 and at (punctuation, spaces). */
  gapBefore(at: number): string {
    const { n } = this;
    const from = at > 0 ? n.ends[at - 1] : 0;
    const to = at < n.text.length ? n.starts[at] : n.original.length;
    return n.original.slice(from, to);
  }

  /** Whether the boundary at `at` ends a sentence (。？！；), not just a clause. */
  endsSentence(at: number): boolean {
    return at >= this.n.text.length || SENTENCE_END.test(this.gapBefore(at));
  }

  /** Whether the clause that ends at `end` was closed by a question mark. */
  endsWithQuestionMark(end: number): boolean {
    return QUESTION_MARK.test(this.gapBefore(end));
  }
}
