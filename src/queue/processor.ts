/**
 * BullMQ's sandboxed processor (one per worker thread of `talklint worker`):
 * opens this thread's store and Redis connection on the first job, then runs
 * each job through runCheckJob.
 */
import type { SandboxedJob } from 'bullmq';
import type { Redis } from 'ioredis';
import type { CheckJobData } from './batches.js';
import { type CheckJobResult, runCheckJob } from './check-job.js';
import { openBatchStore } from './open-store.js';
import { connectRedis } from './redis.js';
import type { BatchStore } from './store.js';

let connections: Promise<{ store: BatchStore; redis: Redis }> | undefined;

function connect(): Promise<{ store: BatchStore; redis: Redis }> {
  connections ??= (async () => {
    const url = process.env.TALKLINT_REDIS_URL;
    if (!url) throw new Error('TALKLINT_REDIS_URL is not set');
    return { store: await openBatchStore(process.env), redis: connectRedis(url, { blocking: false }) };
  })().catch((err) => {
    connections = undefined; // the next job tries again (the job itself is retried with backoff)
    throw err;
  });
  return connections;
}

export default async function processCheckJob(job: SandboxedJob<CheckJobData>): Promise<CheckJobResult> {
  const { store, redis } = await connect();
  return runCheckJob({ id: job.id!, data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 }, store, redis);
}
