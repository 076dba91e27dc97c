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
  /** `starts[i]` / `ends[i]`: original range of normalised code unit i */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** `breaks[i]`: what was removed between normalised code units i-1 and i */
  readonly breaks: Uint8Array;
}

const CLAUSE_PUNCTUATION = /[,.!?;:、。，！？；：…\n\r]/u;
// variation selectors (U+FE0F after an emoji-styled character) are marks, not text: dropped like zero-width characters
const SKIPPED = /[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
/** variant forms opencc leaves alone because both scripts use them: 妳 (you, to a woman) is 你 */
const VARIANTS: Record<string, string> = { 妳: '你' };

const foldCache = new Map<string, string>();

/** NFKC, lower case and Traditional→Simplified for one code point (memoised: the alphabet is small). */
function foldChar(ch: string): string {
  let folded = foldCache.get(ch);
  if (folded === undefined) {
    folded = [...ch.normalize('NFKC').toLowerCase()].map((c) => VARIANTS[c] ?? simplifyChar(c)).join('');
    foldCache.set(ch, folded);
  }
  return folded;
}

/*
 * What one BMP code unit becomes, filled in on first sight: the folded code
 * unit plus one, or one of the markers below. Most characters fold to exactly
 * one code unit or are dropped, so the loop below is a table lookup per
 * character; the rest (ligatures, circled numbers, characters outside the BMP)
 * go through `foldChar` code point by code point.
 */
const UNKNOWN = 0;
const DROP_SOFT = -1;
const DROP_CLAUSE = -2;
const SEVERAL = -3;
const foldTable = new Int32Array(0x10000);

function classify(code: number): number {
  const folded = foldChar(String.fromCharCode(code));
  if (folded.length !== 1) return SEVERAL;
  if (!SKIPPED.test(folded)) return folded.charCodeAt(0) + 1;
  return CLAUSE_PUNCTUATION.test(folded) ? DROP_CLAUSE : DROP_SOFT;
}

/** Output buffers reused between calls; `normalize` copies out what it wrote. */
let codes = new Uint16Array(256);
let starts = new Int32Array(256);
let ends = new Int32Array(256);
let breaks = new Uint8Array(256);

function ensureCapacity(size: number): void {
  if (size <= codes.length) return;
  const capacity = Math.max(size, codes.length * 2);
  const grow = <T extends Uint16Array | Int32Array | Uint8Array>(old: T, fresh: T): T => {
    fresh.set(old);
    return fresh;
  };
  codes = grow(codes, new Uint16Array(capacity));
  starts = grow(starts, new Int32Array(capacity));
  ends = grow(ends, new Int32Array(capacity));
  breaks = grow(breaks, new Uint8Array(capacity));
}

/**
 * Copies of the output buffers are handed out as views of large blocks:
 * allocating a typed array of more than 64 bytes costs ~0.3 µs (its memory
 * lives outside the JS heap), a view of an existing block a fraction of that,
 * and a turn needs three of them.
 */
const BLOCK = 1 << 16;
function blockCopier<T extends Int32Array | Uint8Array>(make: (size: number) => T): (from: T, length: number) => T {
  let block = make(BLOCK);
  let used = 0;
  return (from, length) => {
    if (length > BLOCK / 16) return from.slice(0, length) as T;
    if (used + length > BLOCK) {
      block = make(BLOCK);
      used = 0;
    }
    const copy = block.subarray(used, used + length) as T;
    for (let k = 0; k < length; k++) copy[k] = from[k];
    used += length;
    return copy;
  };
}
const copyInt32 = blockCopier((size) => new Int32Array(size));
const copyUint8 = blockCopier((size) => new Uint8Array(size));

function textOf(length: number): string {
  const CHUNK = 4096; // String.fromCharCode takes its codes as arguments
  let text = '';
  for (let at = 0; at < length; at += CHUNK) {
    text += String.fromCharCode.apply(null, codes.subarray(at, Math.min(length, at + CHUNK)) as unknown as number[]);
  }
  return text;
}

export function normalize(original: string): NormalizedText {
  ensureCapacity(original.length);
  let length = 0;
  let pending: Break = Break.None;
  for (let i = 0; i < original.length; ) {
    const code = original.charCodeAt(i);
    const isSurrogate = code >= 0xd800 && code <= 0xdfff;
    let folded = isSurrogate ? SEVERAL : foldTable[code];
    if (folded === UNKNOWN) folded = foldTable[code] = classify(code);
    if (folded > 0) {
      codes[length] = folded - 1;
      starts[length] = i;
      ends[length] = i + 1;
      breaks[length++] = pending;
      pending = Break.None;
      i++;
    } else if (folded === DROP_SOFT) {
      if (pending < Break.Soft) pending = Break.Soft;
      i++;
    } else if (folded === DROP_CLAUSE) {
      pending = Break.Clause;
      i++;
    } else {
      const ch = String.fromCodePoint(original.codePointAt(i)!);
      const next = i + ch.length;
      for (const f of foldChar(ch)) {
        if (SKIPPED.test(f)) {
          const strength = CLAUSE_PUNCTUATION.test(f) ? Break.Clause : Break.Soft;
          if (strength > pending) pending = strength;
          continue;
        }
        ensureCapacity(length + f.length + (original.length - next));
        // every code unit gets an entry, so offsets stay aligned after a character outside the BMP
        for (let unit = 0; unit < f.length; unit++) {
          codes[length] = f.charCodeAt(unit);
          starts[length] = i;
          ends[length] = next;
          breaks[length++] = unit === 0 ? pending : Break.None;
        }
        pending = Break.None;
      }
      i = next;
    }
  }
  return {
    original,
    text: textOf(length),
    starts: copyInt32(starts, length),
    ends: copyInt32(ends, length),
    breaks: copyUint8(breaks, length),
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
