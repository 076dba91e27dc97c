/**
 * `talklint check --jobs N`: a batch checked on worker threads prints exactly
 * what one thread prints, in input order, in every format, with unreadable
 * files reported in place and the same exit code.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/corpus.js';
import type { Report } from '../src/index.js';
import { CLI } from './global-setup.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** an explicit --jobs uses worker threads whatever the size of the batch */
const FILES = 200;
const BROKEN = [17, 155];
let dir: string;

function talklint(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: dir, maxBuffer: 1 << 28 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'talklint-jobs-'));
  const transcripts = generateCorpus({ seed: 7, transcripts: FILES, traditionalShare: 0.2, asrShare: 0.3 });
  transcripts.forEach((t, i) => {
    // names sort in input order; a few files cannot be read
    const name = join(dir, `${String(i).padStart(3, '0')}.json`);
    writeFileSync(name, BROKEN.includes(i) ? '{"id": "broken", "turns": [' : JSON.stringify(t));
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('check --jobs', () => {
  it.each(['json', 'jsonl', 'junit', 'pretty'])('prints the same %s with 1 and 2 threads', async (format) => {
    const [one, two] = await Promise.all([talklint('check', '.', '--format', format, '--jobs', '1'), talklint('check', '.', '--format', format, '--jobs', '2')]);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
    expect(two.code).toBe(one.code);
    expect(one.code).toBe(2); // the broken files
  });

  it('keeps input order and reports unreadable files in order', async () => {
    const run = await talklint('check', '.', '--format', 'json', '--jobs', '2');
    const entries = JSON.parse(run.stdout) as Array<Report | { file: string; error: string }>;
    const reports = entries.filter((e): e is Report => !('error' in e));
    expect(entries.length - reports.length).toBe(BROKEN.length);
    const expected = Array.from({ length: FILES }, (_, i) => i)
      .filter((i) => !BROKEN.includes(i))
      .map((i) => `bench-${String(i).padStart(5, '0')}`);
    expect(reports.map((r) => r.id)).toEqual(expected);
    const errorLines = run.stderr.trim().split('\n');
    expect(errorLines).toHaveLength(BROKEN.length);
    BROKEN.forEach((i, k) => expect(errorLines[k]).toContain(`${String(i).padStart(3, '0')}.json`));
  });

  it('accepts more jobs than cores', async () => {
    const [many, one] = await Promise.all([talklint('check', '.', '--format', 'jsonl', '--jobs', '3'), talklint('check', '.', '--format', 'jsonl', '--jobs', '1')]);
    expect(many.stdout).toBe(one.stdout);
  });
});
