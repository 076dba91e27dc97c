/**
 * Toneless pinyin for the ASR-slip matcher.
 *
 * Transcript characters are looked up in a table generated from pinyin-pro
 * (tables/pinyin-readings.ts) that holds every reading of each character, so a
 * polyphone such as 说 (shuo/shui/yue) can stand for any of them: an ASR engine
 * picks a character by its sound, whatever that character usually reads. Lexicon
 * phrases are read in context by pinyin-pro itself (说过了 is shuo guo le),
 * which is loaded only when a phrase is first compared.
 */
import { createRequire } from 'node:module';
import { PINYIN_READINGS } from './tables/pinyin-readings.js';

/** Syllable ids start at 1; 0 means "no reading". */
const syllableIds = new Map<string, number>();
/** the most readings a character has in the table (the generator checks it) */
export const MAX_READINGS = 5;
/** reading ids of code unit c at [c * MAX_READINGS, c * MAX_READINGS + readingCounts[c]) */
const readingIds = new Uint16Array(0x10000 * MAX_READINGS);
const readingCounts = new Uint8Array(0x10000);

for (const group of PINYIN_READINGS.split('|')) {
  const colon = group.indexOf(':');
  const id = syllableIds.size + 1;
  syllableIds.set(group.slice(0, colon), id);
  for (let i = colon + 1; i < group.length; i++) {
    const code = group.charCodeAt(i);
    readingIds[code * MAX_READINGS + readingCounts[code]++] = id;
  }
}

/** Id of a toneless syllable (ü written v), 0 when no character has that reading. */
export function syllableId(syllable: string): number {
  return syllableIds.get(syllable) ?? 0;
}

/** How many readings a BMP code unit has (0 for characters pinyin-pro cannot read). */
export function readingCount(code: number): number {
  return readingCounts[code];
}

/** Reading id number k of a code unit, k < readingCount(code). */
export function readingAt(code: number, k: number): number {
  return readingIds[code * MAX_READINGS + k];
}

export function canRead(code: number, id: number): boolean {
  const at = code * MAX_READINGS;
  for (let k = 0; k < readingCounts[code]; k++) if (readingIds[at + k] === id) return true;
  return false;
}

/** True when the two code units share a reading. */
export function shareReading(a: number, b: number): boolean {
  for (let k = 0; k < readingCounts[a]; k++) if (canRead(b, readingIds[a * MAX_READINGS + k])) return true;
  return false;
}

type PinyinPro = typeof import('pinyin-pro');
let pinyinPro: PinyinPro | undefined;

/** Syllables of a phrase read in context by pinyin-pro, one per character. */
export function phraseSyllables(phrase: string): string[] {
  pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as PinyinPro;
  return pinyinPro.pinyin(phrase, { toneType: 'none', type: 'array', v: true });
}
