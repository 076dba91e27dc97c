/**
 * The built-in packs (lexicons/<name>/): each passes its own examples
 * (tests.yaml), tests every rule it declares both ways (a conversation where it
 * must fire and a near miss where it must not), and cites a regulation for
 * every rule and lexicon entry. The entries of the domain packs must match
 * their own hit/miss examples (general's are run by test/lexicon.test.ts).
 * Tuned severities, deductions and red lines, which a pack test cannot show,
 * are compared with the general pack on the same conversation.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { check, DEFAULT_PACK, loadPack, type Pack, type TranscriptInput } from '../src/index.js';
import { loadLexiconDir } from '../src/lexicon/load.js';
import { builtinPackNames } from '../src/pack/load.js';
import { PackTestsFileSchema } from '../src/pack/schema.js';
import { packTestsFile, runPackTests } from '../src/engine/pack-tests.js';
import { normalize } from '../src/text/normalize.js';
import { readYamlFile } from '../src/util/yaml-file.js';

const seedsDir = fileURLToPath(new URL('../../shared/seeds/', import.meta.url));
const SEED_FILE = /^(\d{3}_[0-9a-f]{16}\.txt|contract)$/;
const packNames = builtinPackNames();

/** Rule ids asserted in the tests of a pack and its parents, split by `expect` and `absent`. */
function assertedRules(pack: Pack): { expected: Set<string>; absent: Set<string> } {
  const expected = new Set<string>();
  const absent = new Set<string>();
  for (const name of pack.lineage) {
    const file = packTestsFile(loadPack(name));
    if (!existsSync(file)) continue;
    for (const test of readYamlFile(file, PackTestsFileSchema).tests) {
      test.expect.forEach((ref) => expected.add(ref.split('@')[0]));
      test.absent.forEach((ref) => absent.add(ref.split('@')[0]));
    }
  }
  return { expected, absent };
}

it('has the general pack and the five domain packs', () => {
  expect(packNames).toEqual(expect.arrayContaining([DEFAULT_PACK, 'window', 'hotline', 'property', 'hospitality', 'insurance']));
});

describe.each(packNames)('pack %s', (name) => {
  const pack = loadPack(name);

  it('passes its own tests', () => {
    const result = runPackTests(pack);
    expect(result.tests).toBeGreaterThan(0);
    expect(result.failures).toEqual([]);
  });

  it('has an expect and an absent assertion for every rule it declares', () => {
    const { expected, absent } = assertedRules(pack);
    const custom = pack.rules.filter((r) => r.custom).map((r) => r.rule.meta.id);
    expect(custom.filter((id) => !expected.has(id)), 'rules never expected').toEqual([]);
    expect(custom.filter((id) => !absent.has(id)), 'rules never asserted absent').toEqual([]);
  });

  it('cites a seed file and clause for every rule', () => {
    for (const { rule } of pack.rules) {
      expect(rule.meta.source.length, rule.meta.id).toBeGreaterThan(0);
      for (const source of rule.meta.source) {
        expect(source.seed, rule.meta.id).toMatch(SEED_FILE);
        expect(source.clause.trim().length, rule.meta.id).toBeGreaterThan(2);
      }
    }
  });

  it('cites a seed file and clause for every lexicon entry', () => {
    for (const { entry } of loadLexiconDir(pack.dir)) {
      expect(entry.source.seed, entry.id).toMatch(SEED_FILE);
      expect(entry.source.clause.trim().length, entry.id).toBeGreaterThan(2);
      if (existsSync(seedsDir) && entry.source.seed !== 'contract') {
        expect(existsSync(join(seedsDir, entry.source.seed)), `${entry.id}: ${entry.source.seed}`).toBe(true);
      }
    }
  });
});

const domainPacks = packNames.filter((name) => name !== DEFAULT_PACK);

describe.each(domainPacks)('lexicon entries of pack %s', (name) => {
  const pack = loadPack(name);
  const hitsOf = (sentence: string, id: string) => pack.matcher.match(normalize(sentence)).filter((h) => h.entry.id === id);

  describe.each(loadLexiconDir(pack.dir).map(({ entry }) => [entry.id, entry] as const))('%s', (id, entry) => {
    it('has hit examples', () => expect(entry.examples.hit.length).toBeGreaterThan(0));
    it.each(entry.examples.hit)('hits %j', (sentence) => {
      const hits = hitsOf(sentence, id);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) expect(sentence.slice(hit.start, hit.end)).toBe(hit.text);
    });
    if (entry.examples.miss.length > 0) {
      it.each(entry.examples.miss)('misses %j', (sentence) => expect(hitsOf(sentence, id).map((h) => h.text)).toEqual([]));
    }
  });
});

// ── tuned built-in rules: the same conversation under the domain pack and under general ──

const agent = (text: string) => ({ speaker: 'agent' as const, text });
const customer = (text: string) => ({ speaker: 'customer' as const, text });
const OPENING = agent('您好，蓝海服务热线，工号2233，请问有什么可以帮您？');

interface Tuned {
  pack: string;
  rule: string;
  turns: TranscriptInput['turns'];
  events?: TranscriptInput['events'];
  severity: 'error' | 'warning' | 'info';
  deduct: number;
  redLine: boolean;
}

const TUNED: Tuned[] = [
  { pack: 'window', rule: 'banned.shirk', turns: [OPENING, customer('公积金怎么提取？'), agent('不知道，你问别人去。')], severity: 'error', deduct: 40, redLine: true },
  { pack: 'window', rule: 'banned.impatient', turns: [OPENING, customer('我来办证。'), agent('快点，要下班了。')], severity: 'error', deduct: 20, redLine: false },
  {
    pack: 'hotline',
    rule: 'hangup.agent_first',
    turns: [OPENING, customer('营业厅几点关门？'), agent('下午五点半，感谢您的来电，再见。')],
    events: [{ type: 'hangup', by: 'agent', at: 20 }],
    severity: 'error',
    deduct: 10,
    redLine: false,
  },
  { pack: 'hotline', rule: 'defer.no_deadline', turns: [OPENING, customer('账单多扣了钱。'), agent('我登记一下，核实后给您回电。')], severity: 'error', deduct: 10, redLine: false },
  { pack: 'property', rule: 'banned.shirk', turns: [OPENING, customer('外墙渗水了。'), agent('这个我也不清楚。')], severity: 'error', deduct: 20, redLine: false },
  { pack: 'hospitality', rule: 'greeting.late', turns: [agent('几位？'), customer('三位。'), agent('欢迎光临，这边请。')], severity: 'error', deduct: 10, redLine: false },
  { pack: 'insurance', rule: 'defer.no_deadline', turns: [OPENING, customer('保全变更办好了吗？'), agent('有结果了给您回电。')], severity: 'error', deduct: 10, redLine: false },
];

describe.each(TUNED)('$pack tunes $rule', ({ pack, rule, turns, events, severity, deduct, redLine }) => {
  const transcript: TranscriptInput = { id: `tuned-${pack}-${rule}`, channel: 'call', turns, events };
  const findingOf = (packName: string) => {
    const report = check(transcript, { pack: loadPack(packName) });
    const finding = report.findings.find((f) => f.rule === rule);
    expect(finding, `${packName} reports ${rule}`).toBeDefined();
    return { report, finding: finding! };
  };

  it(`reports it as ${severity}, -${deduct}${redLine ? ', red line' : ''}`, () => {
    const { report, finding } = findingOf(pack);
    expect({ severity: finding.severity, deduct: finding.deduct, redLine: report.redLine }).toEqual({ severity, deduct, redLine });
  });

  it('differs from the general pack on the same conversation', () => {
    const tuned = findingOf(pack);
    const general = findingOf(DEFAULT_PACK);
    expect([general.finding.severity, general.finding.deduct, general.report.redLine]).not.toEqual([
      tuned.finding.severity,
      tuned.finding.deduct,
      tuned.report.redLine,
    ]);
  });
});
