/**
 * No input can stall a check: one long turn of a repeated phrase, a run of one
 * character, a numeral run, many overlapping hits, random text, and a pack
 * pattern that backtracks catastrophically on a backtracking engine. Before the
 * matcher was made linear, 40,000 characters of 不知道 took about 8 s and
 * (不+)+$ never finished; the budget below leaves a wide margin on a busy machine.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, loadPack } from '../src/index.js';
import { formatMessage } from '../src/rules/message-template.js';
import { MAX_FINDINGS_PER_TURN } from '../src/rules/kinds/banned.js';

const shirk = loadPack('general').rules.find((r) => r.rule.meta.id === 'banned.shirk')!.rule.meta.messages;

const LENGTH = 40_000;
const BUDGET_MS = 4_000;

function repeated(unit: string, length = LENGTH): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** Han characters from a fixed linear congruential sequence: the same "random" text every run. */
function randomHan(length = LENGTH): string {
  let seed = 1;
  let text = '';
  for (let i = 0; i < length; i++) {
    seed = (seed * 48271) % 2147483647;
    text += String.fromCharCode(0x4e00 + (seed % 3000));
  }
  return text;
}

function timed(text: string, speaker: 'agent' | 'customer' = 'agent') {
  const started = performance.now();
  const report = check({ id: 'long', channel: 'call', turns: [{ speaker, text }, { speaker: 'customer', text: `${text}太慢了,投诉` }] });
  return { report, ms: performance.now() - started };
}

describe('one long turn checks in time linear in its length', () => {
  check({ id: 'warm-up', turns: [{ speaker: 'agent', text: '您好,请问有什么可以帮您?' }] });

  it.each([
    ['a repeated banned phrase', repeated('不知道')],
    ['a repeated short phrase', repeated('快点')],
    ['overlapping hits', repeated('你自己查去')],
    ['a run of 一', repeated('一')],
    ['a run of 零', repeated('零')],
    ['a staff-number numeral run', repeated('工号一二三四五六七八九')],
    ['deadline numerals', repeated('两个工作日')],
    ['secrets and requests', repeated('密码告诉我验证码发给我')],
    ['allow contexts everywhere', repeated('不知道您什么时候方便')],
    ['pinyin near-misses', repeated('问别人趣不知到')],
    ['random Han text', randomHan()],
  ])('%s', (_what, text) => {
    const { ms } = timed(text);
    expect(ms).toBeLessThan(BUDGET_MS);
  });
});

describe('a turn with thousands of hits of one rule', () => {
  it(`lists the first ${MAX_FINDINGS_PER_TURN} and says how many there are`, () => {
    const { report } = timed(repeated('不知道。', 4_000));
    const found = report.findings.filter((f) => f.rule === 'banned.shirk');
    expect(found).toHaveLength(MAX_FINDINGS_PER_TURN);
    expect(found[0]).toMatchObject({ messageId: 'found', message: formatMessage(shirk.found, { text: '不知道' }) });
    expect(found.at(-1)).toMatchObject({ messageId: 'more', message: '推诿用语:不知道(本句共 1000 处,仅列出前 20 处)' });
    expect(found.map((f) => f.start)).toEqual(Array.from({ length: MAX_FINDINGS_PER_TURN }, (_, k) => k * 4));
  });

  it('reports every hit one by one up to that number', () => {
    const { report } = timed(repeated('不知道。', 4 * MAX_FINDINGS_PER_TURN));
    const found = report.findings.filter((f) => f.rule === 'banned.shirk');
    expect(found).toHaveLength(MAX_FINDINGS_PER_TURN);
    expect(found.every((f) => f.messageId === 'found')).toBe(true);
  });
});

describe('pack patterns run on a linear-time engine', () => {
  const dir = mkdtempSync(join(tmpdir(), 'talklint-redos-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'pack.yaml'), 'name: redos\nversion: 0.0.1\n');
  writeFileSync(
    join(dir, 'words.yaml'),
    `entries:
  - id: redos.nested
    category: banned.shirk
    patterns: ['(不+)+$', '(?:不|不不)+知$']
    suggestion: 我帮您查一下
    source: { seed: contract, clause: 'section 3' }
`,
  );

  it('(不+)+$ over a long run of 不 followed by another character', () => {
    const pack = loadPack(dir);
    const started = performance.now();
    const report = check({ id: 'redos', turns: [{ speaker: 'agent', text: `${'不'.repeat(LENGTH)}好` }] }, { pack });
    expect(performance.now() - started).toBeLessThan(BUDGET_MS);
    expect(report.findings.filter((f) => f.rule === 'banned.shirk')).toEqual([]);
  });
});
