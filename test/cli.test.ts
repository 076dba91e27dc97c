/**
 * The command line: formats, exit codes, bad files among good ones, folders and
 * globs, `talklint rules`, and GB18030 input. Most tests call the commands'
 * functions in-process (`runCheck`, `formatRules`: the same code the CLI runs,
 * without a process start each); the `smoke` tests run the built CLI (dist/,
 * built by test/global-setup.ts) as a subprocess, for argument parsing,
 * exit codes and worker threads end to end.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type CheckCommandOptions, runCheck } from '../src/cli/check-command.js';
import { loadPack, type Report } from '../src/index.js';
import type { Format } from '../src/report/format.js';
import { formatRules } from '../src/report/rules-format.js';
import type { Encoding } from '../src/transcript/parse.js';
import { CLI } from './global-setup.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
/** the environment without NO_COLOR, so that only the missing TTY keeps colour out */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NO_COLOR'));

/** Runs the built `talklint ...args` in the temp folder as a subprocess (stdout is a pipe, so not a TTY). */
function talklintProcess(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, env }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** The options of `check` these tests use, read as commander reads them (defaults included). */
function checkOptions(args: string[]): { paths: string[]; options: CheckCommandOptions } {
  const options: CheckCommandOptions = { format: 'pretty', failUnder: 60, encoding: 'utf-8', color: false };
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const value = () => args[++i];
    switch (args[i]) {
      case '--format': options.format = value() as Format; break;
      case '--fail-under': options.failUnder = Number(value()); break;
      case '--jobs': options.jobs = Number(value()); break;
      case '--pack': options.pack = value(); break;
      case '--encoding': options.encoding = value() as Encoding; break;
      default: paths.push(args[i]);
    }
  }
  return { paths, options };
}

/** `talklint check ...` / `talklint rules ...` in this process, with the CLI's output and exit code (an uncaught error is exit 2, as in main.ts). */
async function talklint(command: 'check' | 'rules', ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  try {
    if (command === 'rules') {
      stdout = formatRules(loadPack('general'), args.includes('json') ? 'json' : 'pretty');
      return { code: 0, stdout, stderr };
    }
    const { paths, options } = checkOptions(args);
    const code = await runCheck(paths, options, (s) => (stdout += s), (s) => (stderr += s));
    return { code, stdout, stderr };
  } catch (err) {
    return { code: 2, stdout, stderr: `${stderr}talklint: ${(err as Error).message}\n` };
  }
}

/** `check good --format json`, shared by the tests that need it */
let goodFolderRun: Promise<Run> | undefined;
const checkGoodFolder = () => (goodFolderRun ??= talklint('check', 'good', '--format', 'json'));

const json = (run: Run) => JSON.parse(run.stdout) as Report[];
const ids = (run: Run) => json(run).map((r) => r.id);

const call = (id: string, agentMiddle: string) =>
  JSON.stringify({
    id,
    channel: 'call',
    turns: [
      { speaker: 'agent', text: '您好,城南水务客服中心,工号0612,请问有什么可以帮您?' },
      { speaker: 'customer', text: '我想查一下这个月的水费。' },
      { speaker: 'agent', text: agentMiddle },
      { speaker: 'customer', text: '没有了,谢谢。' },
      { speaker: 'agent', text: '感谢您的来电,再见!' },
    ],
  });

/** 客服:您好,城南水务,工号0612 / 客户:水费多少 / 客服:不知道,还有其他问题吗?再见 — in GB18030 */
const GB18030_TRANSCRIPT =
  'bfcdb7fe3ac4fabac32cb3c7c4cfcbaecef12cb9a4bac5303631320abfcdbba73acbaeb7d1b6e0c9d90abfcdb7fe3ab2bbd6aab5c02cbbb9d3d0c6e4cbfbcecacce2c2f03fd4d9bcfb';

beforeAll(() => {
  const buildError = inject('cliBuildError');
  if (buildError) throw new Error(buildError);
  dir = mkdtempSync(join(tmpdir(), 'talklint-cli-'));
  const file = (path: string, content: string | Buffer) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  };
  file('good/a-clean.json', call('a-clean', '您这个月的水费是四十二元,请问还有其他问题吗?'));
  // banned.shirk: 100 - 15 = 85
  file('good/b-shirk.json', call('b-shirk', '这个我也不知道。请问还有其他问题吗?'));
  file('good/nested/c-plain.txt', '# id: c-plain\n客服:您好,城南水务,工号0612\n客户:水费多少\n客服:四十二元,还有其他问题吗?\n客户:没有了\n客服:感谢来电,再见\n');
  file('good/nested/d-two.jsonl', `${call('d-first', '四十二元,还有其他问题吗?')}\n${call('d-second', '四十二元,还有其他问题吗?')}\n`);
  file('good/notes.md', '# not a transcript\n');
  file('red/redline.json', call('redline', '请把短信验证码报给我,还有其他问题吗?'));
  file('bad/broken.json', '{"id": "broken", "turns": [');
  file('gb/old.txt', Buffer.from(GB18030_TRANSCRIPT, 'hex'));
});

// the in-process runs read paths relative to the temp folder, as the subprocesses do (this file has its own process)
const startDir = process.cwd();
beforeAll(() => process.chdir(dir));
afterAll(() => {
  process.chdir(startDir);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.concurrent('talklint check --format json', () => {
  it('prints one JSON array of contract reports, in input order', async () => {
    const run = await talklint('check', 'good/b-shirk.json', 'good/a-clean.json', '--format', 'json');
    expect(run.code).toBe(0);
    const reports = json(run);
    expect(reports.map((r) => r.id)).toEqual(['b-shirk', 'a-clean']);
    expect(reports[1]).toMatchObject({ id: 'a-clean', pack: 'general', score: 100, grade: '优秀', redLine: false, findings: [] });
    const [shirk] = reports;
    expect(shirk).toMatchObject({ score: 85, grade: '良好', redLine: false });
    expect(shirk.findings).toEqual([
      expect.objectContaining({ rule: 'banned.shirk', severity: 'error', turn: 2, start: 4, end: 7, text: '不知道', deduct: 15 }),
    ]);
    expect(shirk.findings[0].message).toContain('不知道');
    expect(shirk.findings[0].suggestion).toBeTruthy();
  });

  it('reads folders recursively (.json, .jsonl, .txt only), in name order; exit 0 when all pass', async () => {
    const run = await checkGoodFolder();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(ids(run)).toEqual(['a-clean', 'b-shirk', 'c-plain', 'd-first', 'd-second']);
  });

  it('expands globs itself, keeping the order of the arguments', async () => {
    const run = await talklint('check', 'good/**/*.jsonl', 'good/*.json', '--format', 'json');
    expect(ids(run)).toEqual(['d-first', 'd-second', 'a-clean', 'b-shirk']);
  });

  it('smoke: the built CLI gives the same reports, on two worker threads, as in-process', async () => {
    const [serial, parallel] = await Promise.all([checkGoodFolder(), talklintProcess('check', 'good', '--format', 'json', '--jobs', '2')]);
    expect(parallel.stderr).toBe('');
    expect(parallel.code).toBe(serial.code);
    expect(json(parallel)).toEqual(json(serial));
  });
});

describe.concurrent('other formats', () => {
  it('jsonl: one report per line, in input order', async () => {
    const run = await talklint('check', 'good', '--format', 'jsonl');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as Report).id)).toEqual(['a-clean', 'b-shirk', 'c-plain', 'd-first', 'd-second']);
  });

  it('junit: well-formed XML, a failure for the red line, an error for the unreadable file', async () => {
    const run = await talklint('check', 'good/a-clean.json', 'red/redline.json', 'bad/broken.json', '--format', 'junit');
    expect(run.code).toBe(2);
    const xml = run.stdout;
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    assertWellFormedXml(xml);
    expect(xml).toMatch(/<testsuites [^>]*tests="3" failures="1" errors="1"/);
    const redCase = xml.slice(xml.indexOf('name="redline"'));
    expect(redCase.slice(0, redCase.indexOf('</testcase>'))).toMatch(/<failure [^>]*type="redLine"[^>]*>[^<]*privacy\.sensitive_request/);
    expect(xml).toMatch(/<error message="[^"]*broken\.json[^"]*not JSON/);
    expect(xml).not.toMatch(/name="a-clean">\s*<failure/);
  });

  it('pretty: no colour codes when not a TTY, the span marked, the suggestion and a summary; exit 1 for a red line', async () => {
    const run = await talklint('check', 'good/b-shirk.json', 'red/redline.json');
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    expect(run.stdout).toContain('这个我也【不知道】。请问还有其他问题吗?');
    expect(run.stdout).toContain('请把短信【验证码】报给我');
    expect(run.stdout).toMatch(/b-shirk.*85.*良好/);
    expect(run.stdout).toMatch(/redline.*不合格/);
    expect(run.stdout).toMatch(/建议/);
    expect(run.stdout).toMatch(/2 transcripts: 1 passed, 1 failed \(1 red line\)/);
  });
});

describe.concurrent('exit codes', () => {
  it.each([
    ['a score under --fail-under', ['good/b-shirk.json', '--fail-under', '86'], 1],
    ['a score exactly at --fail-under passes', ['good/b-shirk.json', '--fail-under', '85'], 0],
  ])('%s', async (_what, args, code) => {
    expect((await talklint('check', ...args, '--format', 'json')).code).toBe(code);
  });

  it('smoke: the built CLI refuses bad arguments with exit 2 (--fail-under out of range, an unknown format, no path)', async () => {
    const runs = await Promise.all([
      talklintProcess('check', 'good', '--fail-under', '101'),
      talklintProcess('check', 'good', '--format', 'xml'),
      talklintProcess('check'),
    ]);
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(runs[0].stderr).toMatch(/--fail-under must be a number from 0 to 100/);
  });

  it('smoke: the built CLI checks a folder, exit 0 when all pass', async () => {
    const run = await talklintProcess('check', 'good', '--format', 'jsonl');
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as Report).id)).toEqual(['a-clean', 'b-shirk', 'c-plain', 'd-first', 'd-second']);
  });

  it('2 for a missing file and a bad file among good ones, naming them, while the good ones are still checked', async () => {
    const run = await talklint('check', 'good/b-shirk.json', 'missing.json', 'bad/broken.json', 'red/redline.json', '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('missing.json');
    expect(run.stderr).toMatch(/broken\.json.*not JSON/);
    // contract section 5: the reports, then an entry with an error for each file that could not be read
    const entries = JSON.parse(run.stdout) as Array<{ id?: string; file?: string; error?: string }>;
    expect(entries.filter((e) => e.error === undefined).map((e) => e.id)).toEqual(['b-shirk', 'redline']);
    expect(entries.filter((e) => e.error !== undefined).map((e) => e.file)).toEqual(['missing.json', 'bad/broken.json']);
  });

  it('2 for an unknown pack, with a message', async () => {
    const run = await talklint('check', 'good', '--pack', 'no-such-pack');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no-such-pack');
  });
});

describe.concurrent('--encoding gb18030', () => {
  it('rejects GB18030 bytes read as UTF-8, suggesting the option', async () => {
    const run = await talklint('check', 'gb/old.txt', '--format', 'json');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/old\.txt.*UTF-8.*--encoding gb18030/);
  });

  it('reads them with the option', async () => {
    const run = await talklint('check', 'gb/old.txt', '--format', 'json', '--encoding', 'gb18030');
    expect(run.stderr).toBe('');
    const [report] = json(run);
    expect(report.id).toBe('old');
    expect(report.findings.map((f) => [f.rule, f.turn, f.text])).toEqual([['banned.shirk', 2, '不知道']]);
  });
});

describe.concurrent('talklint rules', () => {
  it('lists the 20 rules with severity, deduction, description and source', async () => {
    const [pretty, asJson] = await Promise.all([talklint('rules'), talklint('rules', '--format', 'json')]);
    expect(pretty.code).toBe(0);
    const { rules } = JSON.parse(asJson.stdout) as { rules: Array<{ id: string; severity: string; description: string; source: unknown[] }> };
    expect(rules).toHaveLength(20);
    for (const rule of rules) {
      expect(pretty.stdout).toContain(rule.id);
      expect(pretty.stdout).toContain(rule.description);
      expect(rule.source.length).toBeGreaterThan(0);
    }
    expect(pretty.stdout).toMatch(/privacy\.sensitive_request\s+error\s+-40\s+红线/);
  });
});

/** A small well-formedness check: balanced, properly nested tags, quoted attributes, known entities only. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const token = /<(\/?)([A-Za-z][\w.-]*)((?:\s+[\w.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let roots = 0;
  for (const m of body.matchAll(token)) {
    if (m[6]) throw new Error(`stray "<" at ${m.index}: ${body.slice(m.index, m.index + 40)}`);
    const text = m[5] ?? m[3] ?? '';
    for (const amp of text.matchAll(/&([^;\s]*);?/g)) {
      expect(['lt', 'gt', 'amp', 'quot', 'apos'], `entity at ${m.index}`).toContain(amp[1]);
    }
    if (m[5] !== undefined) {
      if (stack.length === 0) expect(m[5].trim(), 'text outside the root element').toBe('');
      continue;
    }
    const [, closing, name, , selfClosing] = m;
    if (closing) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
    } else if (!selfClosing) {
      if (stack.length === 0) roots++;
      stack.push(name);
    }
  }
  expect(stack).toEqual([]);
  expect(roots).toBe(1);
}
