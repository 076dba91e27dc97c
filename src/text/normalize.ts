/**
 * Text normalisation with an offset map back to the original string.
 *
 * Both transcript text and lexicon phrases go through `normalize`, so a phrase
 * matches whatever width, script, case or inserted punctuation the speaker's
 * text uses. Every character of the normalised text remembers the [start, end)
 * range of the original character it came from; findings are reported in
 * original offsets only (see `toOriginalSpan`).
 */
import { simplifyChar } from './simplify.js';

/** How strongly the removed characters before a normalised character separate it from the previous one. */
export const enum Break {
  None = 0,
  /** whitespace, zero-width characters, decorative symbols (ASR spacing, 不*知*道) */
  Soft = 1,
  /** sentence or clause punctuation (,。?!;:、…) */
  Clause = 2,
}

export interface NormalizedText {
  /** the original text, unchanged */
  readonly original: string;
  /** folded text: NFKC, lower case, Simplified, without whitespace, punctuation and symbols */
  readonly text: string;
  /** `starts[i]` / `ends[i]`: original range of normalised character i */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** `breaks[i]`: what was removed between normalised characters i-1 and i */
  readonly breaks: Uint8Array;
}

const CLAUSE_PUNCTUATION = /[,.!?;:、。，！？；：…\n\r]/u;
const SKIPPED = /[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}\u200b-\u200f\u2060\ufeff]/u;

const foldCache = new Map<string, string>();

/** NFKC, lower case and Traditional→Simplified for one code point (memoised: the alphabet is small). */
function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = [...ch.normalize('NFKC').toLowerCase()].map(simplifyChar).join('');
    foldCache.set(ch, folded);
  }
  return folded;
}

export function normalize(original: string): NormalizedText {
  const out: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  let pending: Break = Break.None;
  for (let i = 0; i < original.length; ) {
    const cp = original.codePointAt(i)!;
    const ch = String.fromCodePoint(cp);
    const next = i + ch.length;
    const folded = foldChar(ch);
    for (const f of folded) {
      if (SKIPPED.test(f)) {
        const strength = CLAUSE_PUNCTUATION.test(f) ? Break.Clause : Break.Soft;
        if (strength > pending) pending = strength;
        continue;
      }
      out.push(f);
      starts.push(i);
      ends.push(next);
      breaks.push(pending);
      pending = Break.None;
    }
    i = next;
  }
  return {
    original,
    text: out.join(''),
    starts: Int32Array.from(starts),
    ends: Int32Array.from(ends),
    breaks: Uint8Array.from(breaks),
  };
}

/** Normalised form of a lexicon phrase (same function as for transcript text). */
export function normalizePhrase(phrase: string): string {
  return normalize(phrase).text;
}

/** Original [start, end) of the normalised range [from, to). */
export function toOriginalSpan(n: NormalizedText, from: number, to: number): { start: number; end: number } {
  return { start: n.starts[from], end: n.ends[to - 1] };
}

/** Strongest break strictly inside the normalised range [from, to). */
export function strongestBreakWithin(n: NormalizedText, from: number, to: number): Break {
  let strongest: Break = Break.None;
  for (let i = from + 1; i < to; i++) if (n.breaks[i] > strongest) strongest = n.breaks[i] as Break;
  return strongest;
}
