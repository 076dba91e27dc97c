/**
 * Runs a pack's own examples (`tests.yaml`): each conversation must produce the
 * findings in `expect` and none of those in `absent`. The result is tallied
 * per rule, so a pack author sees at once which rule an edit broke.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { check } from './check.js';
import { validateTranscript } from '../transcript/parse.js';
import { readYamlFile } from '../util/yaml-file.js';
import type { Pack } from '../pack/load.js';
import { type PackTest, PackTestsFileSchema } from '../pack/schema.js';

export interface PackTestFailure {
  test: string;
  rule: string;
  detail: string;
}

export interface PackTestResult {
  pack: string;
  version: string;
  tests: number;
  /** per rule: assertions passed and failed */
  byRule: Map<string, { passed: number; failed: number }>;
  failures: PackTestFailure[];
}

export function packTestsFile(pack: Pack): string {
  return join(pack.dir, 'tests.yaml');
}

function transcriptOf(test: PackTest, file: string, index: number) {
  const turns = test.turns.map((t) => {
    const { start, end } = t;
    if ('speaker' in t) return t;
    const [speaker, text] = 'agent' in t ? ['agent', t.agent] : 'customer' in t ? ['customer', t.customer] : ['system', t.system];
    return { speaker, text, start, end };
  });
  return validateTranscript(file, { id: `test-${index}`, channel: test.channel, turns, events: test.events });
}

export function runPackTests(pack: Pack): PackTestResult {
  const file = packTestsFile(pack);
  const result: PackTestResult = { pack: pack.name, version: pack.version, tests: 0, byRule: new Map(), failures: [] };
  if (!existsSync(file)) return result;
  const tally = (rule: string, ok: boolean) => {
    const row = result.byRule.get(rule) ?? { passed: 0, failed: 0 };
    if (ok) row.passed++;
    else row.failed++;
    result.byRule.set(rule, row);
  };
  readYamlFile(file, PackTestsFileSchema).tests.forEach((test, index) => {
    result.tests++;
    const report = check(transcriptOf(test, file, index), { pack });
    const found = new Set(report.findings.map((f) => `${f.rule}@${f.turn}`));
    const foundRules = new Set(report.findings.map((f) => f.rule));
    const got = [...found].sort().join(', ') || 'none';
    for (const ref of test.expect) {
      const rule = ref.split('@')[0];
      const ok = found.has(ref);
      tally(rule, ok);
      if (!ok) result.failures.push({ test: test.name, rule, detail: `expected ${ref}, got ${got}` });
    }
    for (const ref of test.absent) {
      const rule = ref.split('@')[0];
      const ok = ref.includes('@') ? !found.has(ref) : !foundRules.has(ref);
      tally(rule, ok);
      if (!ok) result.failures.push({ test: test.name, rule, detail: `must not produce ${ref}, got ${got}` });
    }
  });
  return result;
}

export function formatPackTestResult(result: PackTestResult): string {
  const lines = [`pack ${result.pack} ${result.version}: ${result.tests} tests`, '', `${'rule'.padEnd(34)} pass  fail`];
  for (const [rule, row] of [...result.byRule].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${rule.padEnd(34)} ${String(row.passed).padStart(4)}  ${String(row.failed).padStart(4)}${row.failed ? '  ✘' : ''}`);
  }
  for (const f of result.failures) lines.push(`✘ ${f.test}: ${f.detail}`);
  const failed = result.failures.length;
  const passed = [...result.byRule.values()].reduce((n, r) => n + r.passed, 0);
  lines.push('', `${passed} passed, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
