/** Toneless pinyin comparison for tests of ASR-slip matching (independent of the matcher's own pinyin code). */
import { pinyin } from 'pinyin-pro';

const readingsOf = (ch: string): string[] => pinyin(ch, { multiple: true, type: 'array', toneType: 'none', v: true });

/** Same length and, character by character, the same character or a shared toneless reading (any reading of a polyphone). */
export function soundsAlike(a: string, b: string): boolean {
  return a.length === b.length && [...a].every((ch, k) => ch === b[k] || readingsOf(ch).some((r) => readingsOf(b[k]).includes(r)));
}

/** Whether some substring of `text` sounds like `phrase`. */
export function containsSoundAlike(text: string, phrase: string): boolean {
  for (let i = 0; i + phrase.length <= text.length; i++) if (soundsAlike(text.slice(i, i + phrase.length), phrase)) return true;
  return false;
}
