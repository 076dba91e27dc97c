/**
 * `npm run load`: the built server (dist/server/main.js) as its own process on
 * a loopback port, under
 *  1. N concurrent WebSocket streams (default 200, LOAD_STREAMS), each
 *     replaying a generated call turn by turn; every final report is compared
 *     with the batch report of the same transcript;
 *  2. an HTTP load of POST /v1/check from C concurrent clients (LOAD_CLIENTS,
 *     default 16) for LOAD_REQUESTS requests (default 400), one in 10 a heavy
 *     body (a long turn of one repeated phrase, the matcher's worst case),
 *     while /healthz is timed alongside.
 * Prints throughput, p50/p99 latencies, errors and the server's peak RSS.
 * Bounded in count and time (LOAD_MAX_SECONDS, default 180); loopback only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type * as Talklint from '../src/index.js';
import type { TranscriptInput } from '../src/index.js';
import { generateCorpus } from './corpus.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const talklint = (await import(join(ROOT, 'dist/src/index.js'))) as typeof Talklint;

const STREAMS = Number(process.env.LOAD_STREAMS ?? 200);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 16);
const REQUESTS = Number(process.env.LOAD_REQUESTS ?? 400);
const HEAVY_EVERY = 10;
const MAX_MS = Number(process.env.LOAD_MAX_SECONDS ?? 180) * 1000;
const deadline = Date.now() + MAX_MS;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const ms = (v: number) => `${v.toFixed(1)} ms`;

function startServer(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/server/main.js')], {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info', // the "listening" line gives the port
      // the load is one client address and no token: lift the per-address limits out of the way
      TALKLINT_RATE_LIMIT: '1000000',
      TALKLINT_DB: join(tmpdir(), `talklint-load-${process.pid}.db`),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 60_000);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d;
      const line = out.split('\n').find((l) => l.includes('"listening"'));
      if (line) {
        clearTimeout(timer);
        // later log lines are not read: keep the pipe drained
        child.stdout!.removeAllListeners('data');
        child.stdout!.resume();
        resolve({ child, port: JSON.parse(line).port });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
}

/** Peak resident set of a process (Linux), in MiB. */
function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function waitReady(base: string): Promise<void> {
  while ((await fetch(`${base}/readyz`)).status !== 200) {
    if (Date.now() > deadline) throw new Error('server never became ready');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** One live call over its own connection: turns in order, each turn's latency to its score, then the report. */
function stream(url: string, id: string, t: TranscriptInput): Promise<{ equal: boolean; turnLatencies: number[]; errors: number }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const sentAt: number[] = [];
    const turnLatencies: number[] = [];
    let errors = 0;
    const timer = setTimeout(() => reject(new Error(`stream ${id} timed out`)), Math.max(1000, deadline - Date.now()));
    ws.on('open', () => {
      ws.send(JSON.stringify({ type: 'start', id, channel: t.channel ?? 'call' }));
      for (const item of talklint.timeline(talklint.TranscriptSchema.parse(t))) {
        if (item.kind === 'event') ws.send(JSON.stringify({ type: 'event', id, event: item.event }));
        else {
          sentAt.push(performance.now());
          ws.send(JSON.stringify({ type: 'turn', id, index: sentAt.length - 1, ...item.turn }));
        }
      }
      ws.send(JSON.stringify({ type: 'end', id }));
    });
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type === 'error') errors++;
      if (m.type === 'score' && m.turns > turnLatencies.length && m.turns <= sentAt.length) turnLatencies.push(performance.now() - sentAt[m.turns - 1]);
      if (m.type === 'report') {
        clearTimeout(timer);
        const expected = talklint.check({ ...t, id });
        ws.close();
        resolve({ equal: JSON.stringify(m.report) === JSON.stringify(expected), turnLatencies, errors });
      }
    });
    ws.on('error', reject);
  });
}

async function streamLoad(port: number) {
  const corpus = generateCorpus({ seed: 7, transcripts: STREAMS, traditionalShare: 0.15, asrShare: 0.25 });
  const started = performance.now();
  const results = await Promise.all(corpus.map((t, i) => stream(`ws://127.0.0.1:${port}/v1/stream`, `load-${i}`, t)));
  const seconds = (performance.now() - started) / 1000;
  const turns = results.reduce((n, r) => n + r.turnLatencies.length, 0);
  const latencies = results.flatMap((r) => r.turnLatencies);
  return {
    streams: results.length,
    equalToBatch: results.filter((r) => r.equal).length,
    errors: results.reduce((n, r) => n + r.errors, 0),
    turns,
    seconds,
    turnsPerSecond: turns / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function httpLoad(base: string) {
  const corpus = generateCorpus({ seed: 11, transcripts: 50, traditionalShare: 0.15, asrShare: 0.25 });
  const heavy = JSON.stringify({ id: 'heavy', channel: 'chat', turns: [{ speaker: 'agent', text: '快点'.repeat(2000) }] });
  const normalLatencies: number[] = [];
  const heavyLatencies: number[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const client = async () => {
    while (next < REQUESTS && Date.now() < deadline) {
      const n = next++;
      const isHeavy = n % HEAVY_EVERY === HEAVY_EVERY - 1;
      const body = isHeavy ? heavy : JSON.stringify(corpus[n % corpus.length]);
      const t = performance.now();
      const res = await fetch(`${base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      await res.arrayBuffer();
      (isHeavy ? heavyLatencies : normalLatencies).push(performance.now() - t);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
  };
  // /healthz timed all along the HTTP load
  const health: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t = performance.now();
      await (await fetch(`${base}/healthz`)).arrayBuffer();
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  await Promise.all(Array.from({ length: CLIENTS }, client));
  running = false;
  await probe;
  const seconds = (performance.now() - started) / 1000;
  const done = normalLatencies.length + heavyLatencies.length;
  return {
    requests: done,
    seconds,
    requestsPerSecond: done / seconds,
    statuses: Object.fromEntries(statuses),
    p50: percentile(normalLatencies, 50),
    p99: percentile(normalLatencies, 99),
    heavyP50: percentile(heavyLatencies, 50),
    healthP50: percentile(health, 50),
    healthP99: percentile(health, 99),
    healthMax: Math.max(...health),
  };
}

const { child, port } = await startServer();
const base = `http://127.0.0.1:${port}`;
try {
  await waitReady(base);
  console.log(`talklint load on 127.0.0.1:${port} (server pid ${child.pid})`);
  const s = await streamLoad(port);
  console.log(
    `streams: ${s.streams} concurrent WebSocket calls, ${s.turns} turns in ${s.seconds.toFixed(1)} s (${s.turnsPerSecond.toFixed(0)} turns/s); ` +
      `turn→score p50 ${ms(s.p50)}, p99 ${ms(s.p99)}; reports equal to batch: ${s.equalToBatch}/${s.streams}; errors: ${s.errors}`,
  );
  console.log(`server peak RSS after streams: ${peakRssMiB(child.pid!).toFixed(0)} MiB`);
  const h = await httpLoad(base);
  console.log(
    `http: ${h.requests} POST /v1/check from ${CLIENTS} clients (1 in ${HEAVY_EVERY} heavy) in ${h.seconds.toFixed(1)} s (${h.requestsPerSecond.toFixed(1)} req/s); ` +
      `normal p50 ${ms(h.p50)}, p99 ${ms(h.p99)}; heavy p50 ${ms(h.heavyP50)}; statuses ${JSON.stringify(h.statuses)}`,
  );
  console.log(`healthz during the HTTP load: p50 ${ms(h.healthP50)}, p99 ${ms(h.healthP99)}, max ${ms(h.healthMax)}`);
  console.log(`server peak RSS: ${peakRssMiB(child.pid!).toFixed(0)} MiB`);
  if (s.equalToBatch !== s.streams) process.exitCode = 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(join(tmpdir(), `talklint-load-${process.pid}.db`), { force: true });
}
