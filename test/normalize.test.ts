/**
 * The normaliser's offset map: every normalised character points at the
 * original characters it came from, and every span a finding reports, read
 * back from the original text and normalised again, is what was matched.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readTranscriptFile } from '../src/transcript/read-file.js';
import { expandInputs } from '../src/transcript/find-inputs.js';
import { check, type Finding, loadPack, type Transcript, TranscriptSchema } from '../src/index.js';
import type { Hit } from '../src/lexicon/matcher.js';
import { Break, normalize, normalizePhrase, strongestBreakWithin, toOriginalSpan } from '../src/text/normalize.js';
import { soundsAlike } from './helpers/sounds-alike.js';

/** Asserts the offset map of `original` and returns the normalised text. */
function checkedNormalize(original: string) {
  const n = normalize(original);
  expect(n.original).toBe(original);
  expect(n.starts.length).toBe(n.text.length);
  expect(n.ends.length).toBe(n.text.length);
  expect(n.breaks.length).toBe(n.text.length);
  for (let i = 0; i < n.text.length; i++) {
    const source = original.slice(n.starts[i], n.ends[i]);
    // the range is one whole code point, and folding it yields this character
    expect([...source]).toHaveLength(1);
    expect(normalize(source).text, `char ${i} of ${JSON.stringify(original)}`).toContain(n.text[i]);
    if (i > 0) expect(n.starts[i]).toBeGreaterThanOrEqual(n.starts[i - 1]);
  }
  return n;
}

describe('normalize', () => {
  it.each([
    ['不 知 道', '不知道', [[0, 1], [2, 3], [4, 5]]],
    ['不,知,道', '不知道', [[0, 1], [2, 3], [4, 5]]],
    ['不*知*道', '不知道', [[0, 1], [2, 3], [4, 5]]],
    ['　不　知　道　', '不知道', [[1, 2], [3, 4], [5, 6]]],
    ['不\u200b知\u200c\u200d道\ufeff', '不知道', [[0, 1], [2, 3], [5, 6]]],
    ['不\u00ad知\u2028道', '不知道', [[0, 1], [2, 3], [4, 5]]],
    ['不…知——道', '不知道', [[0, 1], [2, 3], [5, 6]]],
    ['問別人去', '问别人去', [[0, 1], [1, 2], [2, 3], [3, 4]]],
    ['這與我無關', '这与我无关', [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]],
    ['著急', '着急', [[0, 1], [1, 2]]],
    ['ＣＶＶ码', 'cvv码', [[0, 1], [1, 2], [2, 3], [3, 4]]],
    ['Pin碼', 'pin码', [[0, 1], [1, 2], [2, 3], [3, 4]]],
    ['１２３４５', '12345', [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]],
    // emoji are symbols (skipped); an astral Han character is two UTF-16 units
    ['😀不知道👍', '不知道', [[2, 3], [3, 4], [4, 5]]],
    ['𠀀不', '𠀀不', [[0, 2], [0, 2], [2, 3]]],
    // one original character may fold to several normalised ones
    ['㍻', '平成', [[0, 1], [0, 1]]],
    ['ﬁ', 'fi', [[0, 1], [0, 1]]],
  ])('%j → %j with its offset map', (original, text, ranges) => {
    const n = checkedNormalize(original);
    expect(n.text).toBe(text);
    expect(Array.from(n.starts, (s, i) => [s, n.ends[i]])).toEqual(ranges);
  });

  it('keeps characters that are already Simplified (么 is not 幺)', () => {
    expect(normalize('什么').text).toBe('什么');
    expect(normalize('乾淨後來臺灣').text).toBe('干净后来台湾');
  });

  it('records what was removed before each character: nothing, soft (space, symbol) or a clause break', () => {
    const n = checkedNormalize('您好 请稍等*一下,好吗');
    expect(n.text).toBe('您好请稍等一下好吗');
    expect(Array.from(n.breaks)).toEqual([
      Break.None, Break.None, Break.Soft, Break.None, Break.None, Break.Soft, Break.None, Break.Clause, Break.None,
    ]);
    // a clause mark wins over a space next to it
    expect(Array.from(normalize('好 。 的').breaks)).toEqual([Break.None, Break.Clause]);
    expect(strongestBreakWithin(n, 0, 5)).toBe(Break.Soft);
    expect(strongestBreakWithin(n, 5, 9)).toBe(Break.Clause);
    expect(strongestBreakWithin(n, 0, 2)).toBe(Break.None);
  });

  it('maps a normalised range back to the original span, spaces and symbols inside included', () => {
    const original = '喂,你好! 这个我 不 知 道😀,问别人趣吧';
    const n = checkedNormalize(original);
    const from = n.text.indexOf('不知道');
    const span = toOriginalSpan(n, from, from + 3);
    expect(original.slice(span.start, span.end)).toBe('不 知 道');
    const slip = n.text.indexOf('问别人趣');
    const slipSpan = toOriginalSpan(n, slip, slip + 4);
    expect(original.slice(slipSpan.start, slipSpan.end)).toBe('问别人趣');
  });

  it('handles the empty string and text made only of punctuation', () => {
    expect(normalize('').text).toBe('');
    expect(checkedNormalize(' ,。!?…  ').text).toBe('');
  });

  it('is idempotent: normalising normalised text changes nothing', () => {
    for (const s of ['不 知 道,問別人去', 'ＣＶＶ是多少?', '😀您好,工號３０２１']) {
      const once = normalize(s).text;
      expect(normalize(once).text).toBe(once);
    }
  });

  it('normalises lexicon phrases with the same function', () => {
    expect(normalizePhrase('問 別人,去')).toBe(normalize('问别人去').text);
  });

  it('skips emoji variation selectors inside a phrase', () => {
    expect(normalize('不\ufe0f知道').text).toBe('不知道');
  });

  it('folds the variant 妳 to 你', () => {
    expect(normalize('妳好,妳說').text).toBe('你好你说');
  });

  it('keeps every offset map consistent over mixed text', () => {
    const samples = [
      '您好,XX銀行客服中心,工號1024,請問有什麼可以幫您?',
      'ＯＫ的,我這邊幫您查一下 ～ 請稍等😊',
      '\t您好\r\n\u3000請問 您 是 不 是 不 知 道 密碼?',
      'Agent: Hello 你好 ÄÖÜ İstanbul',
      '𠮷野家的外賣 🇨🇳 到了嗎',
    ];
    for (const s of samples) checkedNormalize(s);
  });
});

// ── every reported span normalises back to what the lexicon matched ─────────

const pack = loadPack('general');

/** Asserts that the original text of a hit, normalised again, is one of its entry's phrases, a same-pinyin slip of one, or a whole pattern match. */
function assertHitRereads(original: string, hit: Hit): void {
  const reread = normalize(original.slice(hit.start, hit.end)).text;
  const phrases = hit.entry.phrases.map(normalizePhrase);
  if (phrases.includes(reread)) return;
  if (hit.fuzzy) {
    expect(phrases.some((p) => soundsAlike(reread, p)), `«${hit.text}» sounds like a phrase of ${hit.entry.id}`).toBe(true);
  } else {
    const whole = hit.entry.patterns.some((p) => new RegExp(`^(?:${p})$`, 'u').test(reread));
    expect(whole, `«${hit.text}» is a phrase or a whole pattern match of ${hit.entry.id}`).toBe(true);
  }
}

/**
 * The hits behind a finding's span: the hit with exactly that span, or (banned
 * rules report overlapping hits once) hits of the rule's category that together
 * cover it without a gap.
 */
function hitsBehind(original: string, finding: Finding): Hit[] {
  const hits = pack.matcher.match(normalize(original));
  const exact = hits.filter((h) => h.start === finding.start && h.end === finding.end);
  if (exact.length > 0) return exact.slice(0, 1);
  const parts = hits.filter((h) => h.category === finding.rule && h.start >= finding.start! && h.end <= finding.end!).sort((a, b) => a.from - b.from);
  let coveredTo = parts[0]?.from ?? -1;
  for (const part of parts) {
    expect(part.from, `«${finding.text}»: overlapping hits without a gap`).toBeLessThanOrEqual(coveredTo);
    coveredTo = Math.max(coveredTo, part.to);
  }
  if (parts.length > 0) {
    expect(parts[0].start).toBe(finding.start);
    expect(Math.max(...parts.map((h) => h.end))).toBe(finding.end);
  }
  return parts;
}

function assertSpansNormaliseToTheirMatch(transcript: Transcript): number {
  const report = check(transcript, { pack });
  let spans = 0;
  for (const f of report.findings) {
    if (f.start === undefined) continue;
    spans++;
    const original = transcript.turns[f.turn].text;
    expect(original.slice(f.start, f.end)).toBe(f.text);
    if (f.rule === 'address.informal') {
      expect(normalize(f.text!).text).toBe('你');
      continue;
    }
    const hits = hitsBehind(original, f);
    expect(hits.length, `${transcript.id} ${f.rule} turn ${f.turn} «${f.text}» is made of lexicon hits`).toBeGreaterThan(0);
    for (const hit of hits) assertHitRereads(original, hit);
  }
  return spans;
}

describe('reported spans normalise to the matched phrases', () => {
  it('over every fixture', () => {
    const files = expandInputs([fileURLToPath(new URL('../fixtures/', import.meta.url))]).files;
    const transcripts = files.flatMap((file) => readTranscriptFile(file, 'utf-8').transcripts);
    expect(transcripts.length).toBeGreaterThan(0);
    const spans = transcripts.reduce((n, t) => n + assertSpansNormaliseToTheirMatch(t), 0);
    expect(spans).toBeGreaterThan(5);
  });

  const sentences = [
    '不 知 道,問 別 人 去',
    '這個我也不清楚,你 自 己 查 去',
    '不*知*道😀,问别人趣吧',
    '我不\u200b知\u200b道',
    '請烧等,我查一下',
    '快點說,我們快下班了,明天再來',
    '喂,你找谁?我不管,我就這態度',
    '他媽的,神經病',
    '这个我不能保证,我不會操作',
    '核實後給您回電',
    '請把短信驗證碼報給我,ＣＶＶ也說一下',
    '你先別急,你把單號發我',
    '你自己問物流公司去吧',
  ];
  it.each(sentences)('over %j', (text) => {
    const transcript = TranscriptSchema.parse({
      id: 'normalize-spans',
      channel: 'call',
      turns: [
        { speaker: 'agent', text: '請稍等' },
        { speaker: 'agent', text },
        { speaker: 'customer', text: '怎么回事,你们什么服务' },
        { speaker: 'agent', text: `您好,${text}` },
      ],
    });
    expect(assertSpansNormaliseToTheirMatch(transcript)).toBeGreaterThan(0);
  });
});
