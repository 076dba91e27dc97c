/**
 * Word segmentation behind a small interface.
 *
 * The implementation is @node-rs/jieba (prebuilt binary, no compiler at install,
 * HMM on so unknown words such as 微信 stay whole). Lexicon phrases are added to
 * its user dictionary so that a banned phrase is one word where the speaker said it.
 * Words are used for rejecting hits of short phrases that cut through a word
 * (尽快点击 has no 快点); tagged words for judging a hit's context (who is the
 * subject of 不知道, src/analysis/).
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
  /** Length of the longest dictionary word: a longer text is never one (bounds the work of boundary checks). */
  readonly longestWord: number;
  /**
   * Words of `text` with their part-of-speech tags (jieba's ICTCLAS-style tags:
   * n, v, r, d …), by jieba's own dictionary without the pack's phrases: context
   * judgements need the words a speaker said (今天/没/空房), not the phrase they resemble.
   */
  tag(text: string): TaggedWord[];
}

export interface TaggedWord {
  word: string;
  tag: string;
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

let jiebaClass: typeof Jieba | undefined;
let dictionary: Buffer | undefined;
/** one instance for tagging, shared by every pack: it has no user words */
let plainJieba: Jieba | undefined;

function loadJieba(): Jieba {
  jiebaClass ??= (createRequire(import.meta.url)('@node-rs/jieba') as typeof import('@node-rs/jieba')).Jieba;
  dictionary ??= readFileSync(DICTIONARY);
  return jiebaClass.withDict(dictionary);
}
let longestDictionaryWord: number | undefined;

/** The longest word of jieba's dictionary, in UTF-16 code units (read on first need). */
function longestWordOfDictionary(): number {
  if (longestDictionaryWord === undefined) {
    dictionary ??= readFileSync(DICTIONARY);
    longestDictionaryWord = 0;
    for (const line of dictionary.toString('utf8').split('\n')) {
      const space = line.indexOf(' ');
      longestDictionaryWord = Math.max(longestDictionaryWord, space === -1 ? line.length : space);
    }
  }
  return longestDictionaryWord;
}

/**
 * A jieba segmenter of its own with `userWords` in its user dictionary. Each
 * pack gets one, so a pack's segmentation depends on its own phrases only, never
 * on which other packs a process happened to load. The dictionary is loaded on
 * the first `cut`, and `userWords` read only then.
 */
export function jiebaSegmenter(userWords: () => Iterable<string>): Segmenter {
  let instance: Jieba | undefined;
  let words: string[] | undefined;
  const ownWords = () => (words ??= [...new Set(userWords())].filter((w) => w.length > 1));
  const jieba = (): Jieba => {
    if (!instance) {
      instance = loadJieba();
      if (ownWords().length > 0) instance.loadDict(Buffer.from(ownWords().map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')));
    }
    return instance;
  };
  let longestWord: number | undefined;
  return {
    cut: (text) => (text.length === 0 ? [] : jieba().cut(text, true)),
    isDictionaryWord: (text) => text.length > 0 && jieba().cut(text, false).length === 1,
    tag: (text) => (text.length === 0 ? [] : (plainJieba ??= loadJieba()).tag(text, true)),
    get longestWord() {
      longestWord ??= ownWords().reduce((longest, w) => Math.max(longest, w.length), longestWordOfDictionary());
      return longestWord;
    },
  };
}

