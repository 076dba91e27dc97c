/**
 * The built command line in pipelines: config discovery (flags win, --config,
 * --no-config), .talklintignore and the config's ignore, --output-file,
 * --color/FORCE_COLOR, file order, unreadable files as JSON entries, and
 * 第 N 句 for people.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI } from './global-setup.js';

let root: string;
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => key !== 'NO_COLOR' && key !== 'FORCE_COLOR'));

function talklint(cwd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...env, ...extraEnv } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const transcript = (id: string, agentText = '您好,城北银行,工号2231,请问有什么可以帮您?') =>
  JSON.stringify({ id, turns: [{ speaker: 'agent', text: agentText }, { speaker: 'customer', text: '查余额' }, { speaker: 'agent', text: '请问还有什么可以帮您?感谢来电,再见' }] });

beforeAll(() => {
  const buildError = inject('cliBuildError');
  if (buildError) throw new Error(buildError);
  root = mkdtempSync(join(tmpdir(), 'talklint-pipelines-'));
  // project/ has a config; project/calls/ is where the tests run
  mkdirSync(join(root, 'project', 'calls', 'skip'), { recursive: true });
  mkdirSync(join(root, 'project', 'calls', 'drafts'), { recursive: true });
  writeFileSync(join(root, 'project', 'talklint.config.yaml'), 'format: json\nfailUnder: 95\nignore:\n  - drafts/\n');
  for (const name of ['b.json', 'a.json', 'B.json', 'ä.json']) writeFileSync(join(root, 'project', 'calls', name), transcript(name.replace('.json', '')));
  writeFileSync(join(root, 'project', 'calls', 'skip', 'c.json'), transcript('c'));
  // scores 92: passes the default 60, fails the config's 95
  writeFileSync(join(root, 'project', 'middling.json'), JSON.stringify({ id: 'middling', turns: [{ speaker: 'agent', text: '您好,城北银行,工号2231,请问有什么可以帮您?' }, { speaker: 'customer', text: '查余额' }, { speaker: 'agent', text: '我不能帮您查,感谢来电,再见' }] }));
  writeFileSync(join(root, 'project', 'calls', 'drafts', 'd.json'), transcript('d'));
  writeFileSync(join(root, 'project', 'calls', '.talklintignore'), 'skip/\n');
  mkdirSync(join(root, 'bad'));
  writeFileSync(join(root, 'bad', 'talklint.config.yaml'), 'format: xml\n');
  mkdirSync(join(root, 'plain'));
  writeFileSync(join(root, 'plain', 'rude.txt'), '客服:喂\n客户:我的快递丢了\n客服:不知道,你问别人去');
  writeFileSync(join(root, 'plain', 'broken.json'), '{"id": ');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const calls = () => join(root, 'project', 'calls');

describe('config and ignore', () => {
  it('the config in a parent folder sets the format; ignore files and patterns leave files out; order is by code point', async () => {
    const run = await talklint(calls(), ['check', '.']);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).map((r: { id: string }) => r.id)).toEqual(['B', 'a', 'b', 'ä']);
  });

  it('a file named on the command line is read even when ignored', async () => {
    const run = await talklint(calls(), ['check', 'skip/c.json']);
    expect(JSON.parse(run.stdout).map((r: { id: string }) => r.id)).toEqual(['c']);
  });

  it('flags win over the config', async () => {
    const run = await talklint(calls(), ['check', 'a.json', '--format', 'jsonl', '--fail-under', '10']);
    expect(JSON.parse(run.stdout.trim()).id).toBe('a');
    expect(run.code).toBe(0);
  });

  it('the config\'s failUnder applies when no flag is given', async () => {
    const run = await talklint(calls(), ['check', '../middling.json']);
    expect(JSON.parse(run.stdout)[0].score).toBe(92);
    expect(run.code).toBe(1);
    expect((await talklint(calls(), ['check', '../middling.json', '--no-config'])).code).toBe(0);
  });

  it('--no-config reads none (pretty output, nothing ignored by the config)', async () => {
    const run = await talklint(calls(), ['check', '.', '--no-config']);
    expect(run.stdout).toMatch(/drafts\/d\.json/);
    expect(run.stdout).not.toMatch(/skip\/c\.json/);
  });

  it('--config names one; a bad config is a usage error naming file, line and key', async () => {
    const run = await talklint(calls(), ['check', 'a.json', '--config', join(root, 'bad', 'talklint.config.yaml')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\/talklint\.config\.yaml:1: format: /);
  });
});

describe('output', () => {
  it('--output-file writes there and nothing to standard output', async () => {
    const out = join(root, 'report.sarif');
    const run = await talklint(join(root, 'plain'), ['check', 'rude.txt', '--format', 'sarif', '--output-file', out]);
    expect(run.stdout).toBe('');
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(log.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'banned.shirk').locations[0].physicalLocation.region.startLine).toBe(3);
  });

  it('unreadable files are entries with an error in JSON, next to the reports', async () => {
    const run = await talklint(join(root, 'plain'), ['check', '.', '--format', 'json']);
    expect(run.code).toBe(2);
    const entries = JSON.parse(run.stdout);
    expect(entries.map((e: { id?: string; error?: string }) => e.id ?? e.error)).toEqual(['rude', expect.stringMatching(/broken\.json: not JSON/)]);
    expect(run.stderr).toMatch(/broken\.json: not JSON/);
  });

  it('people see 第 N 句, counted from 1; colour only when asked (--color, FORCE_COLOR) and --no-color wins', async () => {
    const plain = await talklint(join(root, 'plain'), ['check', 'rude.txt']);
    expect(plain.stdout).toMatch(/第 3 句 .*推诿/);
    expect(plain.stdout).not.toMatch(/\u001b\[/);
    expect((await talklint(join(root, 'plain'), ['check', 'rude.txt', '--color'])).stdout).toMatch(/\u001b\[/);
    expect((await talklint(join(root, 'plain'), ['check', 'rude.txt'], { FORCE_COLOR: '1' })).stdout).toMatch(/\u001b\[/);
    expect((await talklint(join(root, 'plain'), ['check', 'rude.txt', '--no-color'], { FORCE_COLOR: '1' })).stdout).not.toMatch(/\u001b\[/);
  });
});
