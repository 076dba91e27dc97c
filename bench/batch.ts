/**
 * The batch CLI part of `npm run bench`, on 10,000 small transcript files:
 * end to end (`check --jobs 1`) against its floor (reading the same files and
 * cutting every turn with jieba, bench/read-and-cut.mjs), and `--jobs 2`
 * against `--jobs 1`, each the best of three runs in one session, so the
 * ratios compare runs made under the same load.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TranscriptInput } from '../src/index.js';

export interface BatchFigures {
  files: number;
  chars: number;
  floorSeconds: number;
  jobs1Seconds: number;
  jobs2Seconds: number;
  /** floor / end to end: 1 would be no cost beyond reading and cutting */
  endToEndVsFloor: number;
  /** --jobs 1 / --jobs 2 */
  jobs2Speedup: number;
}

function writeFiles(dir: string, inputs: TranscriptInput[], stampValue: string): void {
  const stamp = join(dir, '.stamp');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === stampValue) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  inputs.forEach((t, i) => writeFileSync(join(dir, `${String(i).padStart(5, '0')}.json`), JSON.stringify(t)));
  writeFileSync(stamp, stampValue);
}

function seconds(args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0 && result.status !== 1) throw new Error(`${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return (performance.now() - started) / 1000;
}

export function batchFigures(root: string, inputs: TranscriptInput[], stampValue: string, runs = 3): BatchFigures {
  const dir = join(root, 'bench/corpus/files-10k');
  writeFiles(dir, inputs, stampValue);
  const cli = join(root, 'dist/src/cli/main.js');
  const check = (jobs: number) => () => seconds([cli, 'check', dir, '--format', 'jsonl', '--jobs', String(jobs)], root);
  const floor = () => seconds([join(root, 'bench/read-and-cut.mjs'), dir, root], root);
  // interleaved, so a burst of load elsewhere hits every contender alike
  const times = { floor: Infinity, jobs1: Infinity, jobs2: Infinity };
  for (let r = 0; r < runs; r++) {
    times.floor = Math.min(times.floor, floor());
    times.jobs1 = Math.min(times.jobs1, check(1)());
    times.jobs2 = Math.min(times.jobs2, check(2)());
  }
  const round = (x: number) => Number(x.toPrecision(3));
  return {
    files: inputs.length,
    chars: inputs.reduce((n, t) => n + t.turns.reduce((m, u) => m + u.text.length, 0), 0),
    floorSeconds: round(times.floor),
    jobs1Seconds: round(times.jobs1),
    jobs2Seconds: round(times.jobs2),
    endToEndVsFloor: round(times.floor / times.jobs1),
    jobs2Speedup: round(times.jobs1 / times.jobs2),
  };
}
