/** The built command line on other formats: detection, --input, --roles, `-` with --stdin-filename, and `talklint convert`. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Report } from '../src/index.js';
import { CLI } from './global-setup.js';

const FIXTURES = fileURLToPath(new URL('fixtures/import/', import.meta.url));

function talklint(args: string[], stdin?: string | Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: FIXTURES }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin);
  });
}

beforeAll(() => {
  const buildError = inject('cliBuildError');
  if (buildError) throw new Error(buildError);
});

describe('talklint check on engine output', () => {
  it('reads a GB18030 CSV with --encoding, its source naming the file as given', async () => {
    const run = await talklint(['check', 'chat-gbk.csv', '--format', 'json', '--encoding', 'gb18030']);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report[]).map((r) => r.source)).toEqual([{ format: 'csv', roles: 'detected', file: 'chat-gbk.csv' }]);
  });

  it('detects each file\'s format', async () => {
    const run = await talklint(['check', 'aliyun.json', 'aws-tca.json', 'call.srt', 'call.vtt', 'chat.xlsx', 'funasr.json', '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as Report[]).map((r) => r.source.format)).toEqual(['aliyun', 'aws-tca', 'srt', 'vtt', 'xlsx', 'funasr']);
  });

  it('--roles swaps who is who', async () => {
    const run = await talklint(['check', 'tencent.json', '--roles', '0=customer,1=agent', '--format', 'json']);
    const [report] = JSON.parse(run.stdout) as Report[];
    expect(report.source.roles).toBe('explicit');
    expect(report.findings.map((f) => f.rule)).toContain('greeting.missing');
  });

  it('a bad --roles is a usage error', async () => {
    const run = await talklint(['check', 'tencent.json', '--roles', '0=boss']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"boss" is not a role/);
  });

  it('- reads standard input, its format and id from --stdin-filename', async () => {
    const run = await talklint(['check', '-', '--stdin-filename', 'night-call.srt', '--format', 'json'], await import('node:fs').then((fs) => fs.readFileSync(`${FIXTURES}call.srt`)));
    expect(run.code).toBe(0);
    const [report] = JSON.parse(run.stdout) as Report[];
    expect(report).toMatchObject({ id: 'night-call', source: { format: 'srt', roles: 'detected', file: '-' } });
  });
});

describe('talklint convert', () => {
  it('prints the canonical transcript it read, and how, on stderr', async () => {
    const run = await talklint(['convert', 'whisper.json']);
    expect(run.code).toBe(0);
    const transcript = JSON.parse(run.stdout);
    expect(transcript).toMatchObject({ id: 'whisper', channel: 'call' });
    expect(transcript.turns[0]).toEqual({ speaker: 'agent', text: '您好，这里是城北银行客服中心，工号2231，很高兴为您服务。', start: 0, end: 7 });
    expect(run.stderr).toMatch(/whisper\.json: whisper: read as whisper, roles detected/);
  });

  it('with --merge-gap 0 keeps every segment a turn', async () => {
    const run = await talklint(['convert', 'aliyun.json', '--merge-gap', '0']);
    expect(JSON.parse(run.stdout).turns).toHaveLength(10);
  });

  it('exits 2 naming the file when it cannot read it', async () => {
    const run = await talklint(['convert', 'chat-gbk.csv']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/chat-gbk\.csv: not valid UTF-8 text/);
  });
});
