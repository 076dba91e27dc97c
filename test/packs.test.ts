/** The pack format: inheritance, the four declarative rule kinds, pack tests and errors named by file and line. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, loadPack } from '../src/index.js';
import { runPackTests } from '../src/engine/pack-tests.js';
import type { TranscriptInput } from '../src/transcript/schema.js';
import { DataFileError } from '../src/util/yaml-file.js';

const root = mkdtempSync(join(tmpdir(), 'talklint-packs-'));
let counter = 0;

/** Writes a pack folder; `files` maps file names to YAML text. Returns its path. */
function writePack(files: Record<string, string>): string {
  const dir = join(root, `pack-${counter++}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const manifest = (extra = '', name = 'demo') => `name: ${name}\nversion: 1.2.3\n${extra}`;
const source = `source: { seed: 004_4df919181f7d3ffb.txt, clause: '十二不要 9' }`;

function pairs(pack: string, transcript: TranscriptInput): string[] {
  return check(transcript, { pack: loadPack(pack) }).findings.map((f) => `${f.rule}@${f.turn}`);
}

const agent = (text: string, start?: number, end?: number) => ({ speaker: 'agent' as const, text, start, end });
const customer = (text: string, start?: number, end?: number) => ({ speaker: 'customer' as const, text, start, end });

function loadError(dir: string): DataFileError {
  try {
    loadPack(dir);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return err as DataFileError;
  }
  throw new Error('the pack loaded without error');
}

describe('inheritance', () => {
  it('inherits the general rules and lexicon, reports name and version', () => {
    const dir = writePack({ 'pack.yaml': manifest() });
    const pack = loadPack(dir);
    expect(pack.lineage).toEqual(['general', 'demo']);
    expect(pack.rules.map((r) => r.rule.meta.id)).toEqual(loadPack('general').rules.map((r) => r.rule.meta.id));
    const report = check({ id: 'x', turns: [agent('不知道')] }, { pack });
    expect(report.pack).toBe('demo');
    expect(report.packVersion).toBe('1.2.3');
    expect(report.findings.map((f) => f.rule)).toContain('banned.shirk');
  });

  it('disables, tunes and re-grades built-in rules', () => {
    const dir = writePack({
      'pack.yaml': manifest(`grades: { 优秀: 95, 良好: 85, 合格: 70 }
rules:
  greeting.missing: { enabled: false }
  banned.shirk: { deduct: 20, severity: warning, redLine: true }
  interrupt: { options: { overlapSeconds: 3 } }
`),
    });
    const pack = loadPack(dir);
    const shirk = pack.rules.find((r) => r.rule.meta.id === 'banned.shirk')!;
    expect([shirk.deduct, shirk.severity, shirk.redLine]).toEqual([20, 'warning', true]);
    expect(pack.rules.some((r) => r.rule.meta.id === 'greeting.missing')).toBe(false);
    const report = check({ id: 'x', channel: 'chat', turns: [customer('你好'), agent('不知道')] }, { pack });
    expect(report.findings.map((f) => f.rule).sort()).toEqual(['banned.shirk', 'closing.missing', 'closing.no_further_help']);
    expect(report.redLine).toBe(true);
    expect(report.grade).toBe('不合格');
    const overlap = { id: 'y', turns: [agent('您好,建设银行'), customer('我想问一下', 1, 5), agent('好的您说', 3, 4)] };
    expect(pairs('general', overlap)).toContain('interrupt@2');
    expect(pairs(dir, overlap)).not.toContain('interrupt@2');
  });

  it('removes, overrides and adds lexicon entries; a child of a child sees all', () => {
    const parent = writePack({
      'pack.yaml': manifest('lexicon: { remove: [shirk.unclear] }', 'parent'),
      'words.yaml': `entries:
  - id: shirk.dont-know
    category: banned.shirk
    phrases: [不晓得]
    ${source}
  - id: shirk.window
    category: banned.shirk
    phrases: [不归我们窗口管]
    ${source}
`,
    });
    const child = writePack({ 'pack.yaml': manifest(`extends: ${parent}`, 'child') });
    expect(loadPack(child).lineage).toEqual(['general', 'parent', 'child']);
    const found = (text: string) => pairs(child, { id: 'x', channel: 'chat', turns: [agent(`您好,${text}`)] }).filter((p) => p.startsWith('banned'));
    expect(found('这个不清楚')).toEqual([]); // removed
    expect(found('这个不知道')).toEqual([]); // overridden: the entry now only has 不晓得
    expect(found('这个不晓得')).toEqual(['banned.shirk@0']);
    expect(found('这不归我们窗口管')).toEqual(['banned.shirk@0']); // added
  });
});

describe('declarative rule kinds', () => {
  const dir = writePack({
    'pack.yaml': manifest(`custom:
  - id: demo.no-wait
    kind: banned
    description: 不说请稍等
    match: { phrases: [请稍等], allow: [不用请稍等] }
    message: '禁语:{text}'
    suggestion: 马上为您办理
    ${source}
  - id: demo.staff-id
    kind: required
    description: 首句报工号
    match: { category: staff_id }
    scope: first
    channel: call
    message: 未报工号
    ${source}
  - id: demo.thanks-last
    kind: required
    description: 最后两句致谢
    match: { phrases: [谢谢, 感谢] }
    scope: last
    turns: 2
    message: 结束未致谢
    ${source}
  - id: demo.deadline-after-claim
    kind: required
    description: 报案后告知时限
    match: { category: deadline }
    scope: after
    anchor: { phrases: [报案] }
    anchorSpeaker: customer
    turns: 2
    message: 未告知时限
    ${source}
  - id: demo.ask-before-bye
    kind: required
    description: 告别前征询
    match: { category: further_help }
    scope: before
    anchor: { category: farewell }
    anchorSpeaker: agent
    message: 告别前未征询
    ${source}
  - id: demo.greet-before-id
    kind: order
    description: 先问候后报工号
    first: { category: greeting }
    then: { category: staff_id }
    scope: turn
    message: '先问候:{text}'
    ${source}
  - id: demo.gap
    kind: timing
    description: 回应间隔
    measure: gap
    max: 10
    inclusive: true
    message: '间隔{value}秒'
    ${source}
  - id: demo.long-call
    kind: timing
    description: 通话时长
    measure: duration
    max: 60
    message: '通话{value}秒'
    ${source}
`),
  });
  const only = (prefix: string, transcript: TranscriptInput) => pairs(dir, transcript).filter((p) => p.startsWith(prefix));

  it('banned: own phrases with allow contexts, message template and suggestion', () => {
    const report = check({ id: 'x', turns: [agent('您好,工号12,请稍等'), agent('不用请稍等,马上好')] }, { pack: loadPack(dir) });
    const hits = report.findings.filter((f) => f.rule === 'demo.no-wait');
    expect(hits.map((f) => [f.turn, f.text, f.message, f.suggestion])).toEqual([[0, '请稍等', '禁语:请稍等', '马上为您办理']]);
  });

  it('required first/last/after/before', () => {
    expect(only('demo.staff-id', { id: 'a', turns: [agent('您好'), agent('工号12')] })).toEqual(['demo.staff-id@0']);
    expect(only('demo.staff-id', { id: 'b', turns: [agent('您好,工号12')] })).toEqual([]);
    expect(only('demo.staff-id', { id: 'c', channel: 'chat', turns: [agent('您好')] })).toEqual([]);
    expect(only('demo.thanks-last', { id: 'd', turns: [agent('谢谢'), agent('好的'), agent('再见')] })).toEqual(['demo.thanks-last@2']);
    expect(only('demo.thanks-last', { id: 'e', turns: [agent('好的'), agent('谢谢'), agent('再见')] })).toEqual([]);
    const claim = (reply: string) => ({ id: 'f', turns: [agent('您好'), customer('我要报案'), agent('好的'), customer('嗯'), agent(reply)] });
    expect(only('demo.deadline', claim('我们会处理'))).toEqual(['demo.deadline-after-claim@2']);
    expect(only('demo.deadline', claim('两个工作日内联系您'))).toEqual([]);
    expect(only('demo.ask', { id: 'g', turns: [agent('您好'), agent('好的再见')] })).toEqual(['demo.ask-before-bye@1']);
    expect(only('demo.ask', { id: 'h', turns: [agent('您好'), agent('还有其他问题吗'), agent('再见')] })).toEqual([]);
  });

  it('order within a turn', () => {
    expect(only('demo.greet', { id: 'a', turns: [agent('工号12,您好')] })).toEqual(['demo.greet-before-id@0']);
    expect(only('demo.greet', { id: 'b', turns: [agent('您好,工号12')] })).toEqual([]);
  });

  it('timing: inclusive gap and conversation duration', () => {
    const timed = (gap: number) => ({ id: 't', turns: [customer('你好', 0, 2), agent('您好', 2 + gap, 3 + gap)] });
    expect(only('demo.gap', timed(10))).toEqual(['demo.gap@1']);
    expect(only('demo.gap', timed(9.9))).toEqual([]);
    expect(only('demo.long', { id: 'u', turns: [agent('您好', 0, 2), customer('嗯', 3, 59)] })).toEqual([]);
    expect(only('demo.long', { id: 'v', turns: [agent('您好', 0, 2), customer('嗯', 3, 61), agent('再见', 61, 62)] })).toEqual(['demo.long-call@2']);
  });

  it('custom rules appear in the effective rule list, sorted, marked custom', () => {
    const ids = loadPack(dir).rules.map((r) => r.rule.meta.id);
    expect(ids).toEqual([...ids].sort());
    expect(loadPack(dir).rules.filter((r) => r.custom)).toHaveLength(8);
  });
});

describe('pack tests (tests.yaml)', () => {
  it('tallies passed and failed assertions per rule', () => {
    const dir = writePack({
      'pack.yaml': manifest(),
      'tests.yaml': `tests:
  - name: refusal
    turns:
      - agent: 您好,建设银行,这个不知道
    expect: [banned.shirk@0, banned.vulgar@0]
    absent: [greeting.missing, banned.shirk@0]
`,
    });
    const result = runPackTests(loadPack(dir));
    expect(result.tests).toBe(1);
    expect(result.byRule.get('banned.shirk')).toEqual({ passed: 1, failed: 1 });
    expect(result.byRule.get('banned.vulgar')).toEqual({ passed: 0, failed: 1 });
    expect(result.byRule.get('greeting.missing')).toEqual({ passed: 1, failed: 0 });
    expect(result.failures.map((f) => f.rule).sort()).toEqual(['banned.shirk', 'banned.vulgar']);
  });
});

describe('errors name the file, the line and the key', () => {
  const cases: Array<[string, Record<string, string>, RegExp]> = [
    ['unknown key', { 'pack.yaml': manifest('colour: red\n') }, /pack\.yaml:3: .*colour/],
    ['wrong type', { 'pack.yaml': manifest('rules:\n  interrupt: { deduct: lots }\n') }, /pack\.yaml:4: rules\.interrupt\.deduct: .*number/],
    ['unknown parent', { 'pack.yaml': manifest('extends: genral\n') }, /pack\.yaml:3: extends: unknown parent pack "genral"/],
    ['unknown rule id', { 'pack.yaml': manifest('rules:\n  banned.shirks: { deduct: 1 }\n') }, /pack\.yaml:4: rules\.banned\.shirks: unknown rule id/],
    ['bad option', { 'pack.yaml': manifest('rules:\n  speech.fast: { options: { max: fast } }\n') }, /pack\.yaml:4: rules\.speech\.fast\.options\.max/],
    [
      'a declared rule reading a category no lexicon has',
      { 'pack.yaml': manifest(`custom:\n  - id: demo.bye\n    kind: required\n    scope: last\n    match: { category: farewel }\n    message: 没有告别\n    description: 告别\n    ${source}\n`) },
      /pack\.yaml:4: custom\.0: rule demo\.bye reads category "farewel", which no lexicon entry of pack demo has/,
    ],
    ['unknown kind', { 'pack.yaml': manifest(`custom:\n  - id: a.b\n    kind: forbidden\n`) }, /pack\.yaml:5: custom\.0\.kind/],
    [
      'bad regex in a lexicon file',
      { 'pack.yaml': manifest(), 'w.yaml': `entries:\n  - id: x\n    category: banned.shirk\n    patterns: ['(不']\n    ${source}\n` },
      /w\.yaml:4: entries\.0\.patterns\.0: not a pattern the linear-time engine \(RE2\) accepts/,
    ],
    [
      'unknown category',
      { 'pack.yaml': manifest(), 'w.yaml': `entries:\n  - id: x\n    category: banned.shrik\n    phrases: [不管]\n    ${source}\n` },
      /w\.yaml:3: entries\.0\.category: no rule reads category "banned\.shrik"/,
    ],
    [
      'phrase in two entries of one category',
      { 'pack.yaml': manifest(), 'w.yaml': `entries:\n  - id: x\n    category: banned.shirk\n    phrases: [不知道]\n    ${source}\n` },
      /w\.yaml:4: entries\.0\.phrases: phrase "不知道" .*shirk\.dont-know/,
    ],
    ['removing what is not inherited', { 'pack.yaml': manifest('lexicon:\n  remove: [nothing.here]\n') }, /pack\.yaml:4: lexicon\.remove\.0: no inherited lexicon entry/],
    ['YAML syntax', { 'pack.yaml': 'name: [demo\n' }, /pack\.yaml:\d+: YAML syntax/],
  ];
  for (const [name, files, pattern] of cases) {
    it(name, () => {
      expect(loadError(writePack(files)).message).toMatch(pattern);
    });
  }

  it('an inheritance cycle', () => {
    const a = join(root, 'cycle-a');
    const b = join(root, 'cycle-b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'pack.yaml'), manifest(`extends: ${b}\n`, 'a'));
    writeFileSync(join(b, 'pack.yaml'), manifest(`extends: ${a}\n`, 'b'));
    expect(loadError(a).message).toMatch(/pack\.yaml:3: extends: inheritance cycle/);
  });

  it('a broken pack does not half-load: fixing it later loads the fixed version', () => {
    const dir = writePack({ 'pack.yaml': manifest('rules:\n  interrupt: { deduct: lots }\n') });
    loadError(dir);
    writeFileSync(join(dir, 'pack.yaml'), manifest('rules:\n  interrupt: { deduct: 7 }\n'));
    expect(loadPack(dir).rules.find((r) => r.rule.meta.id === 'interrupt')!.deduct).toBe(7);
  });
});

describe('rule options', () => {
  it('a misspelt option is an error naming the key and the allowed options', () => {
    const dir = writePack({ 'pack.yaml': manifest('rules:\n  closing.missing:\n    options: { lastAgentTurn: 1 }\n') });
    expect(loadError(dir).message).toMatch(/pack\.yaml:5: rules\.closing\.missing\.options\.lastAgentTurn: unknown option "lastAgentTurn"; options of closing\.missing: turns/);
  });

  it('an old option name still works, under its new name, with one warning', () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      const dir = writePack({ 'pack.yaml': manifest('rules:\n  closing.missing:\n    options: { lastAgentTurns: 3 }\n  speech.fast: { options: { maxCharsPerMinute: 400 } }\n') });
      const pack = loadPack(dir);
      expect(pack.rules.find((r) => r.rule.meta.id === 'closing.missing')!.options).toEqual({ turns: 3 });
      expect(pack.rules.find((r) => r.rule.meta.id === 'speech.fast')!.options).toMatchObject({ max: 400, minChars: 20 });
      return new Promise<void>((resolve) =>
        setImmediate(() => {
          expect(warnings.filter((w) => w.includes('"lastAgentTurns" of closing.missing is now "turns"'))).toHaveLength(1);
          expect(warnings.some((w) => w.includes('"maxCharsPerMinute" of speech.fast is now "max"'))).toBe(true);
          resolve();
        }),
      );
    } finally {
      setImmediate(() => process.off('warning', listen));
    }
  });
});
