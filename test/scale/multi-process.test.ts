/**
 * The many-machines set-up as separate processes (run by .ci/run and `npm run
 * test:scale`, not by `npm test`): Redis and PostgreSQL from the environment,
 * two server replicas behind nginx, and workers. A batch of several thousand
 * conversations is stored exactly once while one worker is SIGKILLed and
 * another stopped with SIGTERM; a watcher through one replica follows a
 * conversation fed through the other.
 */
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEFAULT_CORPUS, generateCorpus } from '../../bench/corpus.js';
import { check } from '../../src/engine/check.js';
import { checkImported } from '../../src/import/check-imported.js';
import { loadPack } from '../../src/pack/load.js';
import { connectRedis } from '../../src/queue/redis.js';
import { type Transcript, TranscriptSchema } from '../../src/transcript/schema.js';
import { describeWith, redisDatabase, serviceUrl } from '../helpers/services.js';
import { StreamClient, replay } from '../server/helpers.js';
import { Cluster, createDatabase, type Proc } from './cluster.js';

const REDIS = serviceUrl('TALKLINT_TEST_REDIS_URL', 'Redis');
const POSTGRES = serviceUrl('TALKLINT_TEST_DATABASE_URL', 'PostgreSQL');
const NGINX = (() => {
  try {
    return process.env.TALKLINT_TEST_NGINX || execFileSync('sh', ['-c', 'command -v nginx || ls /usr/sbin/nginx'], { encoding: 'utf8' }).trim();
  } catch {
    if (process.env.CI) throw new Error('nginx is missing: CI must install it for the multi-process test (see .ci/run)');
    console.warn('skipped: the multi-process test needs nginx');
    return undefined;
  }
})();
const CONVERSATIONS = Number(process.env.TALKLINT_SCALE_CONVERSATIONS || 3000);

describeWith(REDIS && POSTGRES && NGINX)('two replicas behind nginx, workers on one queue and one PostgreSQL store', () => {
  let cluster: Cluster | undefined;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let replicas: Array<{ proc: Proc; port: number }>;
  let front: string;
  let workers: Proc[];

  beforeAll(async () => {
    database = await createDatabase(POSTGRES!, 'talklint_scale');
    const redisUrl = redisDatabase(REDIS!, 3);
    const redis = connectRedis(redisUrl, { blocking: false });
    await redis.flushdb();
    await redis.quit();

    cluster = new Cluster({ TALKLINT_REDIS_URL: redisUrl, TALKLINT_DATABASE_URL: database.url, LOG_LEVEL: 'info', TALKLINT_WORKER_LOCK_SECONDS: '3' });
    // one replica first: it runs the store's migrations before the others start
    replicas = [await cluster.server('server-a')];
    replicas.push(await cluster.server('server-b'));
    front = `127.0.0.1:${await cluster.nginx(NGINX!, replicas.map((r) => r.port))}`;
    const c = cluster;
    workers = await Promise.all([c.worker('worker-1', ['--concurrency', '2']), c.worker('worker-2', ['--concurrency', '2'])]);
  }, 120_000);

  afterAll(async () => {
    await cluster?.stopAll();
    await database?.drop();
  }, 60_000);

  it('a watcher through one replica sees a conversation fed through the other; the stream works through nginx', async () => {
    const transcript = TranscriptSchema.parse(generateCorpus({ ...DEFAULT_CORPUS, transcripts: 1, seed: 7 })[0]);
    const watcher = await StreamClient.connect(`ws://127.0.0.1:${replicas[1].port}/v1/stream`);
    watcher.send({ type: 'watch', id: 'scale-live' });
    await watcher.next((m) => m.type === 'watching');
    const feeder = await StreamClient.connect(`ws://127.0.0.1:${replicas[0].port}/v1/stream`);
    replay(feeder, 'scale-live', transcript);
    const fed = (await feeder.next((m) => m.type === 'report', { timeoutMs: 15_000 })).report;
    expect(fed).toEqual(check({ ...transcript, id: 'scale-live' }, { pack: loadPack('general') }));
    expect((await watcher.next((m) => m.type === 'report', { timeoutMs: 15_000 })).report).toEqual(fed);

    // WebSocket upgrade through nginx (to whichever replica it picks)
    const through = await StreamClient.connect(`ws://${front}/v1/stream`);
    replay(through, 'scale-front', transcript);
    expect((await through.next((m) => m.type === 'report', { timeoutMs: 15_000 })).report).toEqual({ ...fed, id: 'scale-front' });
    for (const c of [watcher, feeder, through]) c.close();
  });

  it(`a batch of ${CONVERSATIONS} conversations is stored exactly once while one worker is SIGKILLed and another stopped with SIGTERM`, async () => {
    const transcripts: Transcript[] = generateCorpus({ ...DEFAULT_CORPUS, transcripts: CONVERSATIONS, seed: 14 }).map((t) => TranscriptSchema.parse(t));
    const body = transcripts.map((t) => JSON.stringify(t)).join('\n');
    const posted = await fetch(`http://${front}/v1/batches`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body });
    expect(posted.status).toBe(202);
    const { batchId } = (await posted.json()) as { batchId: string };

    const status = async () => (await (await fetch(`http://${front}/v1/batches/${batchId}`)).json()) as { total: number; done: number; failed: number; errors: unknown[] };
    const until = async (predicate: (s: Awaited<ReturnType<typeof status>>) => boolean, timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const s = await status();
        if (predicate(s)) return s;
        if (Date.now() > deadline) throw new Error(`batch stuck at ${JSON.stringify(s)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    };

    await until((s) => s.done >= CONVERSATIONS * 0.2, 120_000);
    workers[0].child.kill('SIGKILL');
    const replacement = await cluster!.worker('worker-3', ['--concurrency', '2']);
    await until((s) => s.done >= CONVERSATIONS * 0.5, 120_000);
    // graceful: the running jobs finish, the worker exits 0
    workers[1].child.kill('SIGTERM');
    expect(await workers[1].exited).toEqual({ code: 0, signal: null });
    expect(workers[1].count(/"msg":"worker stopped"/)).toBe(1);

    const final = await until((s) => s.done + s.failed >= s.total, 180_000);
    expect(final).toMatchObject({ total: CONVERSATIONS, done: CONVERSATIONS, failed: 0, errors: [] });
    // the killed worker's jobs were found stalled and run again by a surviving one
    expect(workers[0].running).toBe(false);
    expect(replacement.count(/job stalled/) + workers[1].count(/job stalled/)).toBeGreaterThan(0);

    const db = new pg.Client({ connectionString: database!.url });
    await db.connect();
    try {
      const ids = transcripts.map((t) => t.id);
      const { rows } = await db.query<{ id: string; report: string }>(
        'SELECT c.id, b.report FROM conversations c JOIN conversation_bodies b ON b.id = c.id WHERE c.id = ANY($1)',
        [ids],
      );
      expect(rows.length).toBe(CONVERSATIONS);
      expect(new Set(rows.map((r) => r.id)).size).toBe(CONVERSATIONS);
      const byId = new Map(rows.map((r) => [r.id, JSON.parse(r.report)]));
      const pack = loadPack('general');
      for (const transcript of transcripts.filter((_, i) => i % 50 === 0)) {
        expect(byId.get(transcript.id)).toEqual(checkImported({ transcript, source: { format: 'canonical', roles: 'explicit' }, warnings: [] }, { pack }));
      }
    } finally {
      await db.end();
    }
  }, 400_000);
});
