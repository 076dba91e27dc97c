/**
 * Clause structure of a normalised turn.
 *
 * Punctuation ends a clause. In ASR text, where punctuation is rare, a space
 * marks a pause between phrases (会通知 您小区的门卫), so it ends a clause too,
 * except between letters spelled out one by one (不 知 道, 喂 你找谁), which
 * are one phrase said slowly. The context conditions (src/analysis/context.ts)
 * read a hit's clause by these boundaries, and can reject a phrase said across a pause.
 */
import { Break, type NormalizedText } from '../text/normalize.js';

/**
 * Whether a pause separates normalised positions at-1 and at: clause
 * punctuation, or a space between two pieces of two or more characters each.
 */
export function isPause(n: NormalizedText, at: number): boolean {
  if (at <= 0 || at >= n.text.length) return false;
  const kind = n.breaks[at];
  if (kind === Break.None) return false;
  return !(pieceLength(n, at, -1) === 1 || pieceLength(n, at, 1) === 1);
}

/** Characters between the break at `at` and the next break (or text end) in `direction`. */
function pieceLength(n: NormalizedText, at: number, direction: 1 | -1): number {
  let length = 0;
  if (direction === 1) {
    for (let i = at; i < n.text.length && (i === at || n.breaks[i] === Break.None); i++) length++;
  } else {
    for (let i = at - 1; i >= 0; i--) {
      length++;
      if (n.breaks[i] !== Break.None) break;
    }
  }
  return length;
}

/** Whether a pause lies strictly inside [from, to). */
export function crossesPause(n: NormalizedText, from: number, to: number): boolean {
  for (let i = from + 1; i < to; i++) if (isPause(n, i)) return true;
  return false;
}

/** [start, end) of the clause around the span [from, to): out to the nearest pauses on each side. */
export function clauseAround(n: NormalizedText, from: number, to: number): { start: number; end: number } {
  let start = from;
  while (start > 0 && !isPause(n, start)) start--;
  let end = Math.max(to, from + 1);
  while (end < n.text.length && !isPause(n, end)) end++;
  return { start, end };
}

/** Whether the clause that ends at `end` was closed by a question mark in the original text. */
export function endsWithQuestionMark(n: NormalizedText, end: number): boolean {
  const from = end > 0 ? n.ends[end - 1] : 0;
  const to = end < n.text.length ? n.starts[end] : n.original.length;
  return /[?？]/u.test(n.original.slice(from, to));
}
