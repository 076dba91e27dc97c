/**
 * `npm run bench:scale`: batch throughput on the queue with one and with two
 * `talklint worker` processes, and what the queue costs per conversation next
 * to checking (and storing) in one process. Needs Redis and PostgreSQL:
 * TALKLINT_BENCH_REDIS_URL / TALKLINT_BENCH_DATABASE_URL (else the
 * TALKLINT_TEST_* ones that .ci/run exports). Prints a table and writes
 * bench/scale-results.json.
 *
 * Each run gets a database of its own (the store is idempotent by id, so a
 * second run into the same one would store nothing) and a flushed Redis
 * database; workers are started and ready before the clock starts.
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from '../src/engine/check.js';
import { loadPack } from '../src/pack/load.js';
import { batchStatus, openBatchQueue, submitBatch } from '../src/queue/batches.js';
import { connectRedis } from '../src/queue/redis.js';
import { storeConversation } from '../src/store/conversations.js';
import { openStore } from '../src/store/db.js';
import { type Transcript, TranscriptSchema } from '../src/transcript/schema.js';
import { Cluster, createDatabase } from '../test/scale/cluster.js';
import { redisDatabase } from '../test/helpers/services.js';
import { DEFAULT_CORPUS, generateCorpus } from './corpus.js';

const REDIS = process.env.TALKLINT_BENCH_REDIS_URL || process.env.TALKLINT_TEST_REDIS_URL;
const POSTGRES = process.env.TALKLINT_BENCH_DATABASE_URL || process.env.TALKLINT_TEST_DATABASE_URL;
if (!REDIS || !POSTGRES) {
  console.error('bench:scale needs Redis and PostgreSQL: set TALKLINT_BENCH_REDIS_URL and TALKLINT_BENCH_DATABASE_URL (postgres://… of a user that may CREATE DATABASE)');
  process.exit(2);
}
const CONVERSATIONS = Number(process.env.TALKLINT_BENCH_SCALE_CONVERSATIONS || 2000);
const REDIS_URL = redisDatabase(REDIS, 4);
const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

const transcripts: Transcript[] = generateCorpus({ ...DEFAULT_CORPUS, transcripts: CONVERSATIONS, seed: 31 }).map((t) => TranscriptSchema.parse(t));
const pack = loadPack('general');

async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await createDatabase(POSTGRES!, 'talklint_bench');
  // migrations now, not inside the first timed job
  await (await openStore({ databaseUrl: database.url })).close();
  return database;
}

/** One process, one thread: check only, then check and store, as `POST /v1/conversations` does. */
async function inProcess(): Promise<{ checkMs: number; checkAndStoreMs: number }> {
  for (const t of transcripts.slice(0, 50)) check(t, { pack });
  let started = performance.now();
  for (const t of transcripts) check(t, { pack });
  const checkMs = (performance.now() - started) / CONVERSATIONS;
  const database = await freshDatabase();
  const store = await openStore({ databaseUrl: database.url });
  started = performance.now();
  for (const transcript of transcripts) await storeConversation(store, { transcript, report: check(transcript, { pack }), pack, by: 'bench' });
  const checkAndStoreMs = (performance.now() - started) / CONVERSATIONS;
  await store.close();
  await database.drop();
  return { checkMs, checkAndStoreMs };
}

interface QueueRun {
  workers: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
}

async function onQueue(workers: number, concurrency: number): Promise<QueueRun> {
  const database = await freshDatabase();
  const flush = connectRedis(REDIS_URL, { blocking: false });
  await flush.flushdb();
  await flush.quit();
  const cluster = new Cluster({ TALKLINT_REDIS_URL: REDIS_URL, TALKLINT_DATABASE_URL: database.url, LOG_LEVEL: 'warn' });
  const batchQueue = openBatchQueue(REDIS_URL);
  try {
    await Promise.all(Array.from({ length: workers }, (_, i) => cluster.worker(`worker-${i + 1}`, ['--concurrency', String(concurrency)], { LOG_LEVEL: 'info' })));
    const items = transcripts.map((transcript, i) => ({ where: `[${i}]`, imported: { transcript, source: { format: 'canonical', roles: 'explicit' as const }, warnings: [] } }));
    const started = performance.now();
    const { batchId } = await submitBatch(batchQueue.queue, batchQueue.redis, items, { by: 'bench' });
    for (;;) {
      const status = (await batchStatus(batchQueue.redis, batchId))!;
      if (status.failed > 0) throw new Error(`failed jobs: ${JSON.stringify(status.errors.slice(0, 3))}`);
      if (status.done >= CONVERSATIONS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    return { workers, concurrency, seconds: round(seconds), perSecond: round(CONVERSATIONS / seconds) };
  } finally {
    await batchQueue.close();
    await cluster.stopAll();
    await database.drop();
  }
}

const loadAtStart = loadavg()[0];
console.log(`bench:scale: ${CONVERSATIONS} generated conversations, ${availableParallelism()} cores (${cpus()[0]?.model ?? 'unknown'}), load average ${loadAtStart.toFixed(1)} at start`);
const local = await inProcess();
console.log(`in process, one thread: check ${round(local.checkMs)} ms, check + store (PostgreSQL) ${round(local.checkAndStoreMs)} ms per conversation`);
const runs: QueueRun[] = [];
for (const [workers, concurrency] of [
  [1, 1],
  [2, 1],
  [1, availableParallelism()],
]) {
  const run = await onQueue(workers, concurrency);
  runs.push(run);
  console.log(`queue: ${workers} worker(s) × ${concurrency} thread(s): ${run.seconds} s, ${run.perSecond} conversations/s`);
}
const one = runs[0];
const two = runs[1];
const queueMsPerConversation = 1000 / one.perSecond;
const results = {
  date: new Date().toISOString(),
  conversations: CONVERSATIONS,
  cores: availableParallelism(),
  loadAverageAtStart: round(loadAtStart, 2),
  loadAverageAtEnd: round(loadavg()[0], 2),
  inProcess: { checkMs: round(local.checkMs), checkAndStoreMs: round(local.checkAndStoreMs) },
  queue: runs,
  twoWorkersSpeedup: round(two.perSecond / one.perSecond),
  queueOverheadMsPerConversation: round(queueMsPerConversation - local.checkAndStoreMs),
};
console.log(
  `two workers / one worker: ${results.twoWorkersSpeedup}x; queue overhead per conversation (one worker, one thread, against check + store in process): ${results.queueOverheadMsPerConversation} ms`,
);
writeFileSync(join(fileURLToPath(new URL('.', import.meta.url)), 'scale-results.json'), `${JSON.stringify(results, null, 2)}\n`);
