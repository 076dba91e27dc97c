/**
 * Batch work on a real Redis (TALKLINT_TEST_REDIS_URL): submission, the HTTP
 * routes, and jobs run in this process (the command-line worker with its
 * threads and a shared store is test/queue/multi-process.test.ts).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { checkImported } from '../../src/import/check-imported.js';
import type { ImportedTranscript } from '../../src/import/types.js';
import { loadPack } from '../../src/pack/load.js';
import type { Report } from '../../src/report/types.js';
import { type BatchItem, type BatchQueue, batchStatus, type CheckJobData, openBatchQueue, submitBatch } from '../../src/queue/batches.js';
import { runCheckJob } from '../../src/queue/check-job.js';
import { openBatchStore } from '../../src/queue/open-store.js';
import { jobIdOf, QUEUE_NAME, QUEUE_PREFIX } from '../../src/queue/keys.js';
import type { BatchStore, BatchStoreInput } from '../../src/queue/store.js';
import { type Transcript, TranscriptSchema } from '../../src/transcript/schema.js';
import { createApp } from '../../server/app.js';
import { pino } from 'pino';
import { describeWith, redisDatabase, serviceUrl } from '../helpers/services.js';

const REDIS = serviceUrl('TALKLINT_TEST_REDIS_URL', 'Redis');

/** A store that keeps everything in this process and counts the calls, to see what stored twice. */
class MemoryStore implements BatchStore {
  readonly rows = new Map<string, { transcript: Transcript; report: Report }>();
  calls = 0;
  /** ids whose next storeOnce throws once (a database hiccup) */
  readonly failOnce = new Set<string>();

  async storeOnce({ transcript, report }: BatchStoreInput): Promise<boolean> {
    this.calls++;
    if (this.failOnce.delete(transcript.id)) throw new Error('connection reset by the database');
    if (this.rows.has(transcript.id)) return false;
    this.rows.set(transcript.id, { transcript, report });
    return true;
  }

  async close(): Promise<void> {}
}

function conversation(id: string, agentLine: string): Transcript {
  return TranscriptSchema.parse({
    id,
    channel: 'chat',
    turns: [
      { speaker: 'agent', text: '您好,请问有什么可以帮您?' },
      { speaker: 'customer', text: '我的订单一直没有发货。' },
      { speaker: 'agent', text: agentLine },
    ],
  });
}

/** A transcript as the canonical importer hands it on. */
const asImported = (transcript: Transcript): ImportedTranscript => ({ transcript, source: { format: 'canonical', roles: 'explicit' }, warnings: [] });

const conversations = [
  conversation('q-1', '我帮您查询一下,已经催促仓库今天发出。请问还有什么可以帮您?再见!'),
  conversation('q-2', '这个我不清楚,你问别人去。'),
  conversation('q-3', '快点说,我要下班了。'),
];

describeWith(REDIS)('batches on Redis', () => {
  let batchQueue: BatchQueue;
  let redis: Redis;

  beforeAll(() => {
    batchQueue = openBatchQueue(redisDatabase(REDIS!, 1));
    redis = batchQueue.redis;
  });
  beforeEach(async () => {
    await redis.flushdb();
  });
  afterAll(async () => {
    await batchQueue?.close();
  });

  async function drain(store: BatchStore, batchId: string, total: number): Promise<void> {
    const worker = new Worker<CheckJobData>(
      QUEUE_NAME,
      (job) => runCheckJob({ id: job.id!, data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 }, store, redis),
      { connection: redis.duplicate({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX, concurrency: 2 },
    );
    try {
      for (let waited = 0; waited < 15_000; waited += 50) {
        const status = (await batchStatus(redis, batchId))!;
        if (status.done + status.failed >= total) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('the batch did not finish in 15 s');
    } finally {
      await worker.close();
    }
  }

  it('stores every conversation once with the report of an in-process check, and keeps bad inputs with their error', async () => {
    const items: BatchItem[] = [
      ...conversations.map((transcript, i) => ({ where: `[${i}]`, imported: asImported(transcript) })),
      { where: '[3]', error: 'turn 0: speaker: unknown speaker "robot"' },
      { where: '[4]', imported: asImported(conversation('q-1', '另一段同名对话')) },
    ];
    const { batchId, total } = await submitBatch(batchQueue.queue, redis, items);
    expect(total).toBe(5);
    expect(await batchStatus(redis, batchId)).toMatchObject({ total: 5, done: 0, failed: 2 });

    const store = new MemoryStore();
    await drain(store, batchId, 5);
    const status = (await batchStatus(redis, batchId))!;
    expect(status).toMatchObject({ batchId, total: 5, done: 3, failed: 2 });
    expect(status.errors).toEqual(
      expect.arrayContaining([
        { where: '[3]', message: 'turn 0: speaker: unknown speaker "robot"' },
        { where: '[4]', message: 'id "q-1" is already used by [0] of this batch' },
      ]),
    );
    expect([...store.rows.keys()].sort()).toEqual(['q-1', 'q-2', 'q-3']);
    for (const transcript of conversations) expect(store.rows.get(transcript.id)!.report).toEqual(checkImported(asImported(transcript), { pack: loadPack('general') }));
  });

  it('a re-submitted batch gets the same id and stores nothing twice', async () => {
    const items = conversations.map((transcript, i) => ({ where: `[${i}]`, imported: asImported(transcript) }));
    const first = await submitBatch(batchQueue.queue, redis, items);
    const store = new MemoryStore();
    await drain(store, first.batchId, 3);
    const again = await submitBatch(batchQueue.queue, redis, items);
    expect(again.batchId).toBe(first.batchId);
    await drain(store, again.batchId, 3);
    expect(store.rows.size).toBe(3);
    expect((await batchStatus(redis, first.batchId))!.done).toBe(3);
    // a different forced pack is a different batch
    expect((await submitBatch(batchQueue.queue, redis, items, { pack: 'hotline' })).batchId).not.toBe(first.batchId);
  });

  it('a job that fails is retried with backoff and counted once', async () => {
    const store = new MemoryStore();
    store.failOnce.add('q-2');
    const { batchId } = await submitBatch(batchQueue.queue, redis, conversations.map((transcript, i) => ({ where: `[${i}]`, imported: asImported(transcript) })));
    await drain(store, batchId, 3);
    expect(store.calls).toBe(4);
    expect(store.rows.size).toBe(3);
    expect(await batchStatus(redis, batchId)).toMatchObject({ done: 3, failed: 0, errors: [] });
  });

  it('a job run again after its conversation was stored (a crash before the acknowledgement) stores and counts nothing new', async () => {
    const store = new MemoryStore();
    const { batchId } = await submitBatch(batchQueue.queue, redis, [{ where: '[0]', imported: asImported(conversations[0]) }]);
    const job = { id: jobIdOf(batchId, 'q-1'), data: { batchId, imported: asImported(conversations[0]) }, attemptsMade: 0, attempts: 5 };
    expect(await runCheckJob(job, store, redis)).toEqual({ stored: true });
    expect(await runCheckJob({ ...job, attemptsMade: 1 }, store, redis)).toEqual({ stored: false });
    expect(store.rows.size).toBe(1);
    expect((await batchStatus(redis, batchId))!.done).toBe(1);
  });

  it('the last failed attempt keeps the input with its error; an earlier one does not', async () => {
    const broken: BatchStore = { storeOnce: async () => Promise.reject(new Error('database is read-only')), close: async () => {} };
    const { batchId } = await submitBatch(batchQueue.queue, redis, [{ where: '[0]', imported: asImported(conversations[1]) }]);
    const job = { id: jobIdOf(batchId, 'q-2'), data: { batchId, imported: asImported(conversations[1]) }, attemptsMade: 0, attempts: 5 };
    await expect(runCheckJob(job, broken, redis)).rejects.toThrow('read-only');
    expect((await batchStatus(redis, batchId))!.failed).toBe(0);
    await expect(runCheckJob({ ...job, attemptsMade: 4 }, broken, redis)).rejects.toThrow('read-only');
    expect(await batchStatus(redis, batchId)).toMatchObject({ failed: 1, errors: [{ id: 'q-2', message: 'database is read-only' }] });
    // a later success (say, the job retried by hand) clears it
    await runCheckJob({ ...job, attemptsMade: 5, attempts: 6 }, new MemoryStore(), redis);
    expect(await batchStatus(redis, batchId)).toMatchObject({ done: 1, failed: 0 });
  });

  it('with the real store (SQLite here): stored once; a different conversation under a stored id fails at once, without retries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talklint-batch-store-'));
    const store = await openBatchStore({ TALKLINT_DB: join(dir, 'talklint.db') });
    try {
      const { batchId } = await submitBatch(batchQueue.queue, redis, [{ where: '[0]', imported: asImported(conversations[0]) }]);
      const job = { id: jobIdOf(batchId, 'q-1'), data: { batchId, imported: asImported(conversations[0]) }, attemptsMade: 0, attempts: 5 };
      expect(await runCheckJob(job, store, redis)).toEqual({ stored: true });
      expect(await runCheckJob({ ...job, attemptsMade: 1 }, store, redis)).toEqual({ stored: false });

      const changed = conversation('q-1', '另一段同名对话');
      const other = await submitBatch(batchQueue.queue, redis, [{ where: '[0]', imported: asImported(changed) }]);
      const conflicting = { id: jobIdOf(other.batchId, 'q-1'), data: { batchId: other.batchId, imported: asImported(changed) }, attemptsMade: 0, attempts: 5 };
      await expect(runCheckJob(conflicting, store, redis)).rejects.toMatchObject({ name: 'UnrecoverableError', message: expect.stringContaining('never overwritten') });
      expect(await batchStatus(redis, other.batchId)).toMatchObject({ done: 0, failed: 1, errors: [{ id: 'q-1', message: expect.stringContaining('already stored') }] });
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a batch takes every JSON import format: an item of Alibaba Cloud output is read by its importer and its report says so', async () => {
    const app = createApp({ logger: pino({ level: 'silent' }), batchQueue });
    const aliyun = JSON.parse(readFileSync(new URL('../fixtures/import/aliyun.json', import.meta.url), 'utf8'));
    const body = [JSON.stringify(conversations[0]), JSON.stringify(aliyun)].join('\n');
    const { batchId } = (await request(app).post('/v1/batches').set('Content-Type', 'application/x-ndjson').send(body).expect(202)).body;
    const store = new MemoryStore();
    await drain(store, batchId, 2);
    expect(await batchStatus(redis, batchId)).toMatchObject({ total: 2, done: 2, failed: 0 });
    const formats = [...store.rows.values()].map((row) => row.report.source?.format).sort();
    expect(formats).toEqual(['aliyun', 'canonical']);
    await request(app).post('/v1/batches?input=nope').send(conversations).expect(400);
  });

  it('POST /v1/batches takes a JSON array or JSON Lines and answers 202 {batchId}; GET reports progress', async () => {
    const app = createApp({ logger: pino({ level: 'silent' }), batchQueue });
    expect((await request(app).get('/v1/batches').expect(200)).body).toEqual({ queue: true });
    const posted = await request(app).post('/v1/batches').send(conversations).expect(202);
    expect(posted.body).toEqual({ batchId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(posted.headers.location).toBe(`/v1/batches/${posted.body.batchId}`);
    const status = await request(app).get(`/v1/batches/${posted.body.batchId}`).expect(200);
    expect(status.body).toEqual({ batchId: posted.body.batchId, total: 3, done: 0, failed: 0, errors: [] });

    const jsonl = [JSON.stringify(conversations[0]), '{not json', JSON.stringify({ id: 'x', turns: [] }), JSON.stringify({ ...conversations[1], pack: 'nope' })].join('\n');
    const lines = await request(app).post('/v1/batches').set('Content-Type', 'application/x-ndjson').send(jsonl).expect(202);
    const linesStatus = (await request(app).get(`/v1/batches/${lines.body.batchId}`).expect(200)).body;
    expect(linesStatus).toMatchObject({ total: 4, done: 0, failed: 3 });
    expect(linesStatus.errors.map((e: { where: string }) => e.where).sort()).toEqual(['line 2', 'line 3', 'line 4']);
    expect(linesStatus.errors.find((e: { where: string }) => e.where === 'line 2').message).toMatch(/^not JSON/);
    expect(linesStatus.errors.find((e: { where: string }) => e.where === 'line 4').message).toMatch(/unknown pack "nope"/);

    expect((await request(app).post('/v1/batches').send(conversations[0]).expect(400)).body.error.code).toBe('invalid_batch');
    expect((await request(app).post('/v1/batches').set('Content-Type', 'text/plain').send('客服:您好').expect(415)).body.error.code).toBe('unsupported_media_type');
    expect((await request(app).post('/v1/batches?pack=nope').send(conversations).expect(400)).body.error.code).toBe('unknown_pack');
    await request(app).get('/v1/batches/000000000000000000000000').expect(404);
    await request(app).get('/v1/batches/..%2F..').expect(404);
  });
});

it('without a queue, /v1/batches answers 503 naming TALKLINT_REDIS_URL', async () => {
  const app = createApp({ logger: pino({ level: 'silent' }) });
  expect((await request(app).get('/v1/batches').expect(200)).body).toEqual({ queue: false });
  const res = await request(app).post('/v1/batches').send(conversations).expect(503);
  expect(res.body.error).toMatchObject({ code: 'no_queue', message: expect.stringContaining('TALKLINT_REDIS_URL') });
  await request(app).get('/v1/batches/000000000000000000000000').expect(503);
});
