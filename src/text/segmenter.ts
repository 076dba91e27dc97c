/**
 * Word segmentation behind a small interface.
 *
 * The implementation is @node-rs/jieba (prebuilt binary, no compiler at install,
 * HMM on so unknown words such as 微信 stay whole). Lexicon phrases are added to
 * its user dictionary so that a banned phrase is one word where the speaker said it.
 * Words are used for one thing: rejecting hits of short phrases that cut
 * through a word (尽快点击 has no 快点).
 *
 * jieba's dictionary takes ~0.2 s and ~35 MB to load, and the matcher only
 * segments a turn when a candidate hit needs a boundary check, so it is loaded
 * on the first `cut`: a short transcript that never needs one never pays for it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { createRequire } from 'node:module';
import type { Jieba } from '@node-rs/jieba';

export interface Segmenter {
  /** Words of `text`, in order; their concatenation is `text`. */
  cut(text: string): string[];
  /** Whether `text` is one word of the dictionary (not a word guessed by HMM). */
  isDictionaryWord(text: string): boolean;
}

/** Frequency given to lexicon phrases in the user dictionary: enough to keep them whole, low enough not to override common words. */
const USER_WORD_FREQUENCY = 100;

/**
 * jieba's own dictionary without its rarest words (frequency under 10): 105k of
 * 349k entries, loading in ~65 ms instead of ~220 ms. The words that decide a
 * boundary next to a service phrase are common ones. Made by
 * src/text/tables/generate.ts; test/segmenter.test.ts checks it is current.
 */
export const DICTIONARY = join(PACKAGE_ROOT, 'lexicons', 'jieba-dict.txt');
export const MIN_WORD_FREQUENCY = 10;

let shared: Jieba | undefined;
const loadedWords = new Set<string>();
/** sources of user words registered before jieba was loaded (read only when it is) */
const pendingSources: Array<() => Iterable<string>> = [];

function addToDictionary(instance: Jieba, words: Iterable<string>): void {
  const fresh = [...new Set(words)].filter((w) => w.length > 1 && !loadedWords.has(w));
  for (const w of fresh) loadedWords.add(w);
  if (fresh.length > 0) instance.loadDict(Buffer.from(fresh.map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')));
}

function jieba(): Jieba {
  if (!shared) {
    const require = createRequire(import.meta.url);
    const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
    shared = JiebaClass.withDict(readFileSync(DICTIONARY));
    for (const source of pendingSources.splice(0)) addToDictionary(shared, source());
  }
  return shared;
}

/** The process-wide jieba segmenter, with the words of `userWords` added to its dictionary when it loads. */
export function jiebaSegmenter(userWords: () => Iterable<string>): Segmenter {
  if (shared) addToDictionary(shared, userWords());
  else pendingSources.push(userWords);
  return {
    cut: (text) => (text.length === 0 ? [] : jieba().cut(text, true)),
    isDictionaryWord: (text) => text.length > 0 && jieba().cut(text, false).length === 1,
  };
}

/** Start offsets of each word plus the total length: `bounds[k]`..`bounds[k+1]` is word k. */
export function wordBounds(words: string[]): Int32Array {
  const bounds = new Int32Array(words.length + 1);
  for (let k = 0; k < words.length; k++) bounds[k + 1] = bounds[k] + words[k].length;
  return bounds;
}
