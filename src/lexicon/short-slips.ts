/**
 * Speech-recognition slips of two-character phrases (在见 for 再见, 稍登 for
 * 稍等), for the entries that ask for them (`shortSlips`): phrases an agent is
 * required to say, where a missed slip makes a false finding. The three-character
 * index (pinyin-index.ts) cannot hold them: one character of two is too little to
 * key on. Here the unchanged character is the key, and the other must read like
 * the phrase's own in context. Linear in the text: two map lookups per offset.
 * The word-boundary check then refuses a slip that is another word (在建).
 */
import { normalizePhrase } from '../text/normalize.js';
import { canRead, phraseSyllables, shareReading, syllableId } from '../text/pinyin.js';
import { type Candidate, candidate } from './candidate.js';
import type { LexiconEntry } from './schema.js';

interface ShortPhrase {
  entry: LexiconEntry;
  chars: string;
  /** syllable ids of the phrase read in context, on first comparison */
  syllables?: number[];
}

const TWO_HAN = /^\p{Script=Han}{2}$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;

export class ShortSlipIndex {
  /** phrases by their second character: the first may be a slip */
  private readonly bySecond = new Map<number, ShortPhrase[]>();
  /** phrases by their first character: the second may be a slip */
  private readonly byFirst = new Map<number, ShortPhrase[]>();

  constructor(entries: readonly LexiconEntry[]) {
    for (const entry of entries) {
      if (!entry.shortSlips || !entry.fuzzy) continue;
      for (const phrase of entry.phrases) {
        const chars = normalizePhrase(phrase);
        if (!TWO_HAN.test(chars)) continue;
        const short: ShortPhrase = { entry, chars };
        push(this.bySecond, chars.charCodeAt(1), short);
        push(this.byFirst, chars.charCodeAt(0), short);
      }
    }
  }

  /** Appends the slip candidates of `text` to `candidates`. */
  find(text: string, candidates: Candidate[]): void {
    if (this.byFirst.size === 0) return;
    for (let i = 0; i + 2 <= text.length; i++) {
      const first = text.charCodeAt(i);
      const second = text.charCodeAt(i + 1);
      for (const phrase of this.bySecond.get(second) ?? []) {
        if (first !== phrase.chars.charCodeAt(0) && readsAs(first, phrase, 0)) candidates.push(candidate(phrase.entry, i, i + 2, phrase.chars));
      }
      for (const phrase of this.byFirst.get(first) ?? []) {
        if (second !== phrase.chars.charCodeAt(1) && readsAs(second, phrase, 1)) candidates.push(candidate(phrase.entry, i, i + 2, phrase.chars));
      }
    }
  }
}

function push(map: Map<number, ShortPhrase[]>, key: number, phrase: ShortPhrase): void {
  const list = map.get(key);
  if (list) list.push(phrase);
  else map.set(key, [phrase]);
}

/** Whether the character `code` can be read as the phrase's k-th syllable (as the phrase is read in context). */
function readsAs(code: number, phrase: ShortPhrase, k: number): boolean {
  if (!shareReading(code, phrase.chars.charCodeAt(k)) || !HAN_CHAR.test(String.fromCharCode(code))) return false;
  phrase.syllables ??= phraseSyllables(phrase.chars).map(syllableId);
  return canRead(code, phrase.syllables[k]);
}
