/**
 * Word segmentation behind a small interface.
 *
 * The implementation is @node-rs/jieba (prebuilt binary, no compiler at install,
 * HMM on so unknown words such as 微信 stay whole). Lexicon phrases are added to
 * its user dictionary so that a banned phrase is one word where the speaker said it.
 * Rules use words for two things only: rejecting phrase hits that cut through a
 * word (尽快点击 has no 快点) and counting the pronoun 你.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface Segmenter {
  /** Words of `text`, in order; their concatenation is `text`. */
  cut(text: string): string[];
}

/** Frequency given to lexicon phrases in the user dictionary: enough to keep them whole, low enough not to override common words. */
const USER_WORD_FREQUENCY = 100;

let shared: Jieba | undefined;
const loadedWords = new Set<string>();

function jieba(): Jieba {
  shared ??= Jieba.withDict(dict);
  return shared;
}

/** The process-wide jieba segmenter, with `userWords` added to its dictionary. */
export function jiebaSegmenter(userWords: Iterable<string>): Segmenter {
  const instance = jieba();
  const fresh = [...userWords].filter((w) => w.length > 1 && !loadedWords.has(w));
  if (fresh.length > 0) {
    instance.loadDict(Buffer.from(fresh.map((w) => `${w} ${USER_WORD_FREQUENCY}`).join('\n')));
    for (const w of fresh) loadedWords.add(w);
  }
  return { cut: (text) => (text.length === 0 ? [] : instance.cut(text, true)) };
}

/** Start offsets of each word plus the total length: `bounds[k]`..`bounds[k+1]` is word k. */
export function wordBounds(words: string[]): Int32Array {
  const bounds = new Int32Array(words.length + 1);
  for (let k = 0; k < words.length; k++) bounds[k + 1] = bounds[k] + words[k].length;
  return bounds;
}
