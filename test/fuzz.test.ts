/**
 * Property tests (fast-check) over parsing, normalising and checking: every
 * finding's span is exact (`text.slice(start, end) === finding.text`), the
 * same input gives the same report, scores stay in 0–100, and nothing that is
 * not a transcript gets past validation as anything but an input error.
 * CI runs a short run (TALKLINT_FUZZ_RUNS, default 40 per property);
 * `npm run fuzz` a long one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, TalklintInputError } from '../src/index.js';
import { normalize } from '../src/text/normalize.js';
import { InputError, parseContent } from '../src/transcript/parse.js';

const RUNS = Number(process.env.TALKLINT_FUZZ_RUNS ?? 40);
// a seed per run, printed on failure by fast-check, so a failure can be replayed
const params = { numRuns: RUNS, ...(process.env.TALKLINT_FUZZ_SEED && { seed: Number(process.env.TALKLINT_FUZZ_SEED) }) };

/** Pieces of customer-service speech (written for this test), the traps of the matcher and noise around them. */
const PIECES = [
  '您好', '请问有什么可以帮您', '不知道', '你问别人去', '快点', '请稍等', '感谢您的耐心等待', '不好意思', '对不起',
  '我们会在三个工作日内回复您', '尽快', '工号1024', '再见', '祝您生活愉快', '还有什么可以帮您', '烦不烦', '喂',
  '不清楚', '没办法', '你自己看', '稍后给您回电', '身份证号', '银行卡密码', '请提供验证码', '嗯', '好的',
  '請問', '問別人去', '不知到', '请烧等', '尽快点击', '页面往下滚动', '你们', '迷你', '妳好',
  '，', '。', '!', '?', ' ', '\u200b', '\ufe0f', '🙂', 'ＡＢＣ', 'Hello', '123', '１２３', '\t', '……',
];
const speaker = fc.constantFrom('agent', 'customer', 'system');
const noisyText = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 0, maxLength: 12 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
);
const turn = fc.record(
  { speaker, text: noisyText, start: fc.option(fc.float({ min: 0, max: 3600, noNaN: true }), { nil: undefined }), length: fc.float({ min: 0, max: 60, noNaN: true }) },
  { requiredKeys: ['speaker', 'text', 'length'] },
);
const transcript = fc
  .record({
    channel: fc.constantFrom('call', 'chat'),
    turns: fc.array(turn, { minLength: 1, maxLength: 12 }),
    hangup: fc.option(fc.constantFrom('agent', 'customer'), { nil: undefined }),
  })
  .map(({ channel, turns, hangup }) => {
    let clock = 0;
    const timed = turns.map(({ speaker, text, start, length }) => {
      if (start === undefined) return { speaker, text };
      clock = Math.max(clock, start);
      const t = { speaker, text, start: clock, end: clock + length };
      clock += length;
      return t;
    });
    // at least one turn with text, as the format requires
    if (timed.every((t) => t.text.trim() === '')) timed[0] = { ...timed[0], text: '您好' };
    return { id: 'fuzz', channel, turns: timed, events: hangup ? [{ type: 'hangup' as const, by: hangup, at: clock + 1 }] : [] };
  });

describe('fuzz: normalise', () => {
  it('maps every normalised character to an increasing range inside the original', () => {
    fc.assert(
      fc.property(noisyText, (text) => {
        const n = normalize(text);
        expect(n.original).toBe(text);
        expect(n.starts.length).toBe(n.text.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.starts[i]).toBeGreaterThanOrEqual(i === 0 ? 0 : n.starts[i - 1]);
          expect(n.ends[i]).toBeGreaterThan(n.starts[i]);
          expect(n.ends[i]).toBeLessThanOrEqual(text.length);
        }
        expect(normalize(text).text).toBe(n.text);
      }),
      params,
    );
  });
});

describe('fuzz: check', () => {
  it('gives exact spans, the same report twice, and a score in 0–100', () => {
    fc.assert(
      fc.property(transcript, (t) => {
        const report = check(t);
        for (const f of report.findings) {
          if (f.start === undefined) continue;
          expect(f.end).toBeGreaterThan(f.start);
          expect(t.turns[f.turn].text.slice(f.start, f.end)).toBe(f.text);
        }
        expect(report.score).toBeGreaterThanOrEqual(0);
        expect(report.score).toBeLessThanOrEqual(100);
        expect(check(structuredClone(t))).toEqual(report);
      }),
      params,
    );
  });

  it('refuses anything that is not a transcript with a TalklintInputError, never another error', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withSet: true, withTypedArray: true, withNullPrototype: true }), (value) => {
        try {
          check(value as never);
        } catch (err) {
          expect(err).toBeInstanceOf(TalklintInputError);
          expect((err as TalklintInputError).problems.length).toBeGreaterThan(0);
        }
      }),
      params,
    );
  });
});

describe('fuzz: parse', () => {
  const line = fc.tuple(fc.constantFrom('客服', '客户', 'agent', 'C', '系统', '经理', ''), fc.constantFrom(':', ':', ''), noisyText).map(([role, colon, text]) => `${role}${colon}${text}`);
  it('reads any plain text into transcripts or input errors, and checks what it reads with exact spans', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), (lines) => {
        let parsed;
        try {
          parsed = parseContent('fuzz.txt', lines.join('\n'));
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          return;
        }
        for (const e of parsed.errors) expect(e).toBeInstanceOf(InputError);
        for (const t of parsed.transcripts) {
          const report = check(t);
          for (const f of report.findings) if (f.start !== undefined) expect(t.turns[f.turn].text.slice(f.start, f.end)).toBe(f.text);
        }
      }),
      params,
    );
  });

  it('reads any JSON body as a transcript or an input error', () => {
    fc.assert(
      fc.property(fc.json(), (json) => {
        const parsed = parseContent('fuzz.json', json);
        for (const e of parsed.errors) expect(e).toBeInstanceOf(InputError);
      }),
      params,
    );
  });
});
