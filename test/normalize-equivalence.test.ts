/**
 * The fast paths of the text pipeline give the results of the slow reference
 * they replaced:
 * - the Traditional→Simplified table is opencc-js tw→cn, character by character;
 * - the pinyin table is pinyin-pro's readings, polyphones included;
 * - the table-driven `normalize` gives the text, offsets and breaks of the
 *   reference normaliser (NFKC, lower case, opencc per character, regex tests);
 * - pinyin matching with the table finds what matching pinyin-pro's reading of
 *   the whole text finds.
 */
import { pinyin } from 'pinyin-pro';
import { describe, expect, it } from 'vitest';
import { loadPack } from '../src/index.js';
import { Break, normalize } from '../src/text/normalize.js';
import { canRead, readingAt, readingCount, syllableId } from '../src/text/pinyin.js';
import { simplifyChar } from '../src/text/simplify.js';
import { buildPinyinReadings, buildTraditionalToSimplified, referenceSimplifier } from '../src/text/tables/generate.js';
import { PINYIN_READINGS } from '../src/text/tables/pinyin-readings.js';
import { TRADITIONAL_TO_SIMPLIFIED } from '../src/text/tables/traditional-to-simplified.js';

const pack = loadPack('general');
const lexiconStrings = pack.entries.flatMap((e) => [...e.phrases, ...e.allow, ...e.examples.hit, ...e.examples.miss]);

/** Customer-service sentences in every shape the normaliser meets: Traditional, full width, ASR spacing, symbols, emoji. */
const SENTENCES = [
  '您好,請問有什麼可以幫您?',
  '不 知 道 ,問別人去吧',
  'ＡＢＣ１２３ 您的訂單號是ＳＦ１２３４５６７８',
  '我們會在兩個工作日內給您回覆。',
  '嗯 那个 我想 查一下 帐单 请烧等',
  '谢谢您的耐心等待😊,让您久等了!',
  '著急也沒用,這個我真的不清楚……',
  '请您稍候——我帮您核实一下;好的:已经查到',
  '工号①②③为您服务 ㈱公司 ﬁle',
  '您好\u200b请问\ufeff有什么\u00a0可以帮您',
  '𠮷野家的订单,退款已经原路退回',
  '麼么乾干髮发後后',
];

/** The normaliser the table-driven one replaced: every code point folded with NFKC, lower case and opencc, then tested with regexes. */
function referenceNormalize(original: string) {
  const simplify = referenceSimplifierOnce();
  const clause = /[,.!?;:、。，！？；：…\n\r]/u;
  const skipped = /[\p{White_Space}\p{P}\p{S}\p{Cf}\p{Cc}\u200b-\u200f\u2060\ufeff\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;
  const variants: Record<string, string> = { 妳: '你' };
  const chars: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  let pending = Break.None;
  for (let i = 0; i < original.length; ) {
    const ch = String.fromCodePoint(original.codePointAt(i)!);
    for (const f of [...ch.normalize('NFKC').toLowerCase()].map((c) => variants[c] ?? simplify(c))) {
      for (const unit of f) {
        if (skipped.test(unit)) {
          pending = Math.max(pending, clause.test(unit) ? Break.Clause : Break.Soft);
          continue;
        }
        chars.push(unit);
        starts.push(i);
        ends.push(i + ch.length);
        breaks.push(pending);
        pending = Break.None;
      }
    }
    i += ch.length;
  }
  return { text: chars.join(''), starts, ends, breaks };
}
let simplifier: ((ch: string) => string) | undefined;
const referenceSimplifierOnce = () => (simplifier ??= referenceSimplifier());

/** The normalised text with one entry per code point (the reference's unit), from the per-code-unit offset map. */
function perCodePoint(text: string) {
  const n = normalize(text);
  const starts: number[] = [];
  const ends: number[] = [];
  const breaks: number[] = [];
  for (let i = 0; i < n.text.length; i += String.fromCodePoint(n.text.codePointAt(i)!).length) {
    starts.push(n.starts[i]);
    ends.push(n.ends[i]);
    breaks.push(n.breaks[i]);
  }
  return { text: n.text, starts, ends, breaks };
}

describe('generated tables', () => {
  it('the Traditional→Simplified table is what opencc-js gives today', () => {
    expect(buildTraditionalToSimplified()).toBe(TRADITIONAL_TO_SIMPLIFIED);
  });

  it('the pinyin table is what pinyin-pro gives today', () => {
    expect(buildPinyinReadings()).toBe(PINYIN_READINGS);
  });

  it('simplifyChar agrees with opencc-js on every character the lexicon and the sample sentences use', () => {
    const reference = referenceSimplifierOnce();
    const chars = new Set([...lexiconStrings, ...SENTENCES].flatMap((s) => [...s]));
    expect(chars.size).toBeGreaterThan(500);
    for (const ch of chars) expect(simplifyChar(ch), ch).toBe(reference(ch));
  });
});

describe('normalize matches the reference normaliser', () => {
  it('on every BMP character, between two others', () => {
    let compared = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const text = `a${String.fromCharCode(code)}知`;
      const expected = referenceNormalize(text);
      const actual = perCodePoint(text);
      if (actual.text !== expected.text || actual.starts.join() !== expected.starts.join() || actual.breaks.join() !== expected.breaks.join()) {
        expect(actual, `U+${code.toString(16)}`).toEqual(expected);
      }
      compared++;
    }
    expect(compared).toBe(0x10000 - 0x800);
  });

  it('on lexicon phrases, examples and sample sentences', () => {
    for (const text of [...lexiconStrings, ...SENTENCES]) expect(perCodePoint(text), text).toEqual(referenceNormalize(text));
  });

  it('keeps one entry per code unit after a character outside the BMP, so offsets stay aligned', () => {
    const n = normalize('𠮷不知道');
    expect(n.text).toBe('𠮷不知道');
    expect(Array.from(n.starts)).toEqual([0, 0, 2, 3, 4]);
    expect(Array.from(n.ends)).toEqual([2, 2, 3, 4, 5]);
    expect(n.text.slice(2)).toBe('不知道');
  });
});

describe('pinyin matching', () => {
  const pinyinPhrases = pack.entries
    .filter((e) => e.fuzzy)
    .flatMap((e) => e.phrases.map((p) => ({ entry: e, phrase: normalize(p).text })))
    .filter(({ phrase }) => phrase.length >= 3 && /^\p{Script=Han}+$/u.test(phrase));
  const contextual = (text: string) => pinyin(text, { toneType: 'none', type: 'array', v: true });

  it('every character of the sample texts can be read as pinyin-pro reads it in context', () => {
    // so a span pinyin-pro's reading of the whole text matches, the table matches too
    const texts = [...lexiconStrings, ...SENTENCES].map((s) => normalize(s).text).filter((t) => !/[\ud800-\udfff]/.test(t));
    let checked = 0;
    for (const text of texts) {
      contextual(text).forEach((syllable, i) => {
        if (readingCount(text.charCodeAt(i)) === 0) return;
        expect(canRead(text.charCodeAt(i), syllableId(syllable)), `${text[i]} as ${syllable} in ${text}`).toBe(true);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(3000);
  });

  /** The first character other than `ch` whose only reading is `syllable` (a homophone an ASR engine could write), if any. */
  function homophone(ch: string, syllable: string): string | undefined {
    const id = syllableId(syllable);
    for (let code = 0x4e00; code <= 0x9fa5; code++) {
      if (code !== ch.charCodeAt(0) && readingCount(code) === 1 && readingAt(code, 0) === id) return String.fromCharCode(code);
    }
    return undefined;
  }

  /** The matcher refuses a slip that makes another dictionary word around the changed character (恢复 for 回复). */
  const formsOtherWord = (variant: string, phrase: string, k: number) => {
    for (let from = Math.max(0, k - 3); from <= k; from++) {
      for (let to = k + 1; to <= Math.min(variant.length, from + 4); to++) {
        const word = variant.slice(from, to);
        if (word.length > 1 && word !== phrase.slice(from, to) && pack.matcher.segmenter.isDictionaryWord(word)) return true;
      }
    }
    return false;
  };

  it('finds each pinyin phrase with one character replaced by a homophone wherever pinyin-pro does, unless the slip makes another word', () => {
    const missed: string[] = [];
    const unexplained: string[] = [];
    let found = 0;
    for (const { entry, phrase } of pinyinPhrases) {
      const syllables = contextual(phrase);
      for (let k = 0; k < phrase.length; k++) {
        const sound = homophone(phrase[k], syllables[k]);
        if (!sound) continue;
        // as the matcher sees it: normalising may fold the homophone (傌 is Traditional for 骂, which opencc makes 㐷)
        const variant = normalize(phrase.slice(0, k) + sound + phrase.slice(k + 1)).text;
        const hitIn = (text: string) => pack.matcher.match(normalize(`好的。${text}。`)).some((h) => h.entry === entry && h.from <= 2 && h.to >= 2 + phrase.length);
        const variantSyllables = contextual(variant);
        const referenceMatches = variantSyllables.join(' ') === syllables.join(' ');
        const matches = hitIn(variant);
        if (matches) found++;
        // a miss counts only where the phrase itself is a hit in the same place (the entry's context rules can refuse both)
        if (referenceMatches && !matches && hitIn(phrase) && !formsOtherWord(variant, phrase, k)) missed.push(variant);
        // beyond pinyin-pro's reading in context, the table also accepts an unchanged character and any reading of a polyphone
        const explained = variantSyllables.every((s, i) => s === syllables[i] || variant[i] === phrase[i] || readingCount(variant.charCodeAt(i)) > 1);
        if (!referenceMatches && matches && !explained) unexplained.push(variant);
      }
    }
    expect(missed).toEqual([]);
    expect(unexplained).toEqual([]);
    expect(found).toBeGreaterThan(pinyinPhrases.length);
  });

  it('does not match a replacement that sounds different', () => {
    for (const { entry, phrase } of pinyinPhrases) {
      const variant = `${phrase.slice(0, -1)}桌`; // zhuo: no pinyin phrase ends on it
      expect(pack.matcher.match(normalize(`好的。${variant}。`)).some((h) => h.entry === entry && h.fuzzy), variant).toBe(false);
    }
  });
});
