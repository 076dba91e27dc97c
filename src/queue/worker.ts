/**
 * `talklint worker`: takes check jobs from the queue and stores their results,
 * `concurrency` at a time on as many threads (BullMQ sandboxed processors,
 * processor.ts), so checking never blocks the connection that holds the jobs' locks.
 *
 * Crashes: a job's lock lasts `lockMs` (default 15 s) and is renewed while it
 * runs; the jobs of a worker that dies (SIGKILL, lost machine) are found
 * stalled by any other worker within a third of that after the lock runs out,
 * and are run again.
 * SIGTERM/SIGINT: take no new job, finish the running ones, then exit.
 */
import { availableParallelism } from 'node:os';
import { Job, QueueEvents, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { type CheckJobData, recordFailure } from './batches.js';
import type { CheckJobResult } from './check-job.js';
import { QUEUE_NAME, QUEUE_PREFIX } from './keys.js';
import { connectRedis } from './redis.js';

export const DEFAULT_LOCK_MS = 15_000;
/** a job whose worker died this many times is failed (kept with its error), not retried forever */
const MAX_STALLED = 3;

// a .ts file when talklint runs from source (tsx), a .js file when built
const PROCESSOR = new URL(import.meta.url.endsWith('.ts') ? './processor.ts' : './processor.js', import.meta.url);

export interface WorkerOptions {
  redisUrl: string;
  concurrency?: number;
  /** how long a job stays locked to a worker that stops renewing it (a dead one) */
  lockMs?: number;
  logger: Logger;
}

export interface RunningWorker {
  worker: Worker<CheckJobData, CheckJobResult>;
  /** resolves once every running job has finished and the connections are closed */
  close(): Promise<void>;
}

export function defaultConcurrency(): number {
  return availableParallelism();
}

export async function startWorker({ redisUrl, concurrency = defaultConcurrency(), lockMs = DEFAULT_LOCK_MS, logger }: WorkerOptions): Promise<RunningWorker> {
  const connection = connectRedis(redisUrl, { blocking: true });
  const bookkeeping = connectRedis(redisUrl, { blocking: false });
  const worker = new Worker<CheckJobData, CheckJobResult>(QUEUE_NAME, PROCESSOR, {
    connection,
    prefix: QUEUE_PREFIX,
    concurrency,
    useWorkerThreads: true,
    lockDuration: lockMs,
    stalledInterval: Math.max(1000, Math.round(lockMs / 3)),
    maxStalledCount: MAX_STALLED,
  });
  let stored = 0;
  let already = 0;
  worker.on('completed', (_job, result) => {
    if (result.stored) stored++;
    else already++;
  });
  const keepFailure = (job: Job<CheckJobData>, message: string) =>
    recordFailure(bookkeeping, job.data.batchId, job.id!, { id: job.data.imported.transcript.id, message }).catch((err) =>
      logger.error({ job: job.id, err: { message: (err as Error).message } }, 'cannot record a failed job'),
    );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = job.attemptsMade >= (job.opts.attempts ?? 1);
    logger.warn({ job: job.id, attempt: job.attemptsMade, final, err: { message: err.message } }, 'job failed');
    // the processor records its own last failure, unless its thread died first
    if (final) void keepFailure(job, err.message);
  });
  // a job whose workers died MAX_STALLED times is failed by the stalled-job check without reaching any processor
  const eventsConnection = connectRedis(redisUrl, { blocking: true });
  const events = new QueueEvents(QUEUE_NAME, { connection: eventsConnection, prefix: QUEUE_PREFIX });
  events.on('failed', async ({ jobId, failedReason }) => {
    if (!failedReason.includes('stalled')) return;
    const job = await Job.fromId<CheckJobData>(worker, jobId);
    if (job) await keepFailure(job, failedReason);
  });
  worker.on('stalled', (jobId) => logger.warn({ job: jobId }, 'job stalled (its worker stopped): it runs again'));
  worker.on('error', (err) => logger.error({ err: { message: err.message } }, 'worker error'));
  const progress = setInterval(() => {
    if (stored + already > 0) logger.info({ stored, already }, 'progress');
  }, 10_000);
  progress.unref();
  await worker.waitUntilReady();
  logger.info({ concurrency, lockMs, queue: `${QUEUE_PREFIX}:${QUEUE_NAME}` }, 'worker ready');
  return {
    worker,
    close: async () => {
      clearInterval(progress);
      await Promise.all([worker.close(), events.close()]);
      logger.info({ stored, already }, 'worker stopped');
      await Promise.all([connection.quit(), bookkeeping.quit(), eventsConnection.quit()]);
    },
  };
}
