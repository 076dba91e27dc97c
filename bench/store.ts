/**
 * `npm run bench:store`: what one machine's store holds. Stores 10,000 checked
 * conversations (the bench corpus, with agents, teams and days added, seeded)
 * one by one as the server does, then times the list and stats queries at that
 * size: p50 and p99 of repeated runs. SQLite always (a temp file); PostgreSQL
 * when TALKLINT_BENCH_DATABASE_URL (or TALKLINT_TEST_DATABASE_URL) names a
 * server (a fresh database is created and dropped). Writes bench/store-results.json.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import pg from 'pg';
import { check } from '../src/engine/check.js';
import { loadPack } from '../src/pack/load.js';
import type { Report } from '../src/report/types.js';
import { listConversations, storeConversation } from '../src/store/conversations.js';
import { openStore, type Store, type StoreConfig } from '../src/store/db.js';
import { stats } from '../src/store/stats.js';
import type { Transcript } from '../src/transcript/schema.js';
import { TranscriptSchema } from '../src/transcript/schema.js';
import { seededRandom } from '../src/util/seeded-random.js';
import { generateCorpus } from './corpus.js';

const CONVERSATIONS = Number(process.env.TALKLINT_BENCH_CONVERSATIONS ?? 10_000);
const QUERY_RUNS = 200;
const AGENTS = 200;
const TEAMS = 20;
const DAYS = 30;

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

// ── corpus: checked once, before anything is timed ────────────────────
const pack = loadPack('general');
const random = seededRandom(13);
const corpus = generateCorpus({ seed: 20251122, transcripts: CONVERSATIONS, traditionalShare: 0.15, asrShare: 0.25 });
const checked: Array<{ transcript: Transcript; report: Report }> = corpus.map((input, i) => {
  const agent = Math.floor(random() * AGENTS);
  const day = String(1 + Math.floor(random() * DAYS)).padStart(2, '0');
  const transcript = TranscriptSchema.parse({
    ...input,
    id: `bench-${i}`,
    agent: { id: String(1000 + agent), name: `坐席${agent}` },
    team: `班组${agent % TEAMS}`,
    startedAt: `2026-11-${day}T${String(8 + (i % 12)).padStart(2, '0')}:00:00+08:00`,
  });
  return { transcript, report: check(transcript, { pack }) };
});
const findings = checked.reduce((n, c) => n + c.report.findings.length, 0);

async function timeQuery(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 5; i++) await run(); // warm caches and plans
  const times: number[] = [];
  for (let i = 0; i < QUERY_RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 50)), p99: round(percentile(times, 99)) };
}

async function databaseSize(store: Store, config: StoreConfig): Promise<number> {
  if (store.kind === 'sqlite') {
    const file = config.sqlitePath!;
    return [file, `${file}-wal`].reduce((n, f) => n + (statSync(f, { throwIfNoEntry: false })?.size ?? 0), 0);
  }
  const { rows } = await sql<{ size: number }>`select pg_database_size(current_database()) as size`.execute(store.db);
  return Number(rows[0].size);
}

function print(r: { store: string; conversations: number; findings: number; storeSeconds: number; perSecond: number; megabytes: number; queriesMs: Record<string, { p50: number; p99: number }> }) {
  console.log(`\n${r.store}: ${r.conversations} conversations (${r.findings} findings) stored in ${r.storeSeconds} s (${r.perSecond}/s), ${r.megabytes} MB`);
  console.log('| query | p50 ms | p99 ms |\n|---|---|---|');
  for (const [query, t] of Object.entries(r.queriesMs)) console.log(`| ${query} | ${t.p50} | ${t.p99} |`);
}

async function measure(name: string, config: StoreConfig) {
  const store = await openStore(config);
  try {
    const started = performance.now();
    for (const { transcript, report } of checked) await storeConversation(store, { transcript, report, pack, by: 'bench' });
    const storeSeconds = (performance.now() - started) / 1000;
    if (store.kind === 'sqlite') await sql`pragma wal_checkpoint(TRUNCATE)`.execute(store.db);
    const bytes = await databaseSize(store, config);
    const someAgent = checked[0].transcript.agent!.id!;
    const queries = {
      'list, first page (50)': await timeQuery(() => listConversations(store, {}, { limit: 50 })),
      'list, one agent': await timeQuery(() => listConversations(store, { agent: someAgent }, { limit: 50 })),
      'list, rule + date range': await timeQuery(() => listConversations(store, { rule: 'banned.shirk', from: '2026-11-10', to: '2026-11-20' }, { limit: 50 })),
      'stats by day': await timeQuery(() => stats(store, 'day', {})),
      'stats by agent': await timeQuery(() => stats(store, 'agent', {})),
      'stats by team': await timeQuery(() => stats(store, 'team', {})),
      'stats by rule': await timeQuery(() => stats(store, 'rule', {})),
    };
    const result = { store: name, conversations: checked.length, findings, storeSeconds: round(storeSeconds), perSecond: round(checked.length / storeSeconds), megabytes: round(bytes / 1e6), queriesMs: queries };
    print(result);
    return result;
  } finally {
    await store.close();
  }
}

const results = [];
const dir = mkdtempSync(join(tmpdir(), 'talklint-bench-store-'));
try {
  results.push(await measure('SQLite (better-sqlite3, WAL)', { sqlitePath: join(dir, 'bench.db') }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const pgUrl = process.env.TALKLINT_BENCH_DATABASE_URL ?? process.env.TALKLINT_TEST_DATABASE_URL;
if (pgUrl) {
  const name = `talklint_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const server = (await admin.query('show server_version')).rows[0].server_version;
    results.push(await measure(`PostgreSQL ${server.split(' ')[0]}`, { databaseUrl: url.href }));
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
} else {
  console.log('PostgreSQL skipped: set TALKLINT_BENCH_DATABASE_URL=postgres://…');
}

writeFileSync(new URL('./store-results.json', import.meta.url), `${JSON.stringify({ date: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
