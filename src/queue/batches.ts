/**
 * The producer side of batch work: a batch becomes one BullMQ job per
 * conversation, with its bookkeeping (total, done set, failed inputs) in Redis,
 * and `batchStatus` reads that bookkeeping back as `{ total, done, failed, errors }`.
 *
 * Exactly once: the batch id comes from the content and each job id from the
 * batch and the conversation id, so re-submitting adds no job twice; `done` is a
 * set of job ids, so a job that is retried after its conversation was stored is
 * still counted once; inputs that cannot be checked are kept with their error.
 */
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ImportedTranscript } from '../import/types.js';
import { BATCH_TTL_SECONDS, batchIdOf, batchKeys, jobIdOf, QUEUE_NAME, QUEUE_PREFIX, STATUS_ERRORS_LIMIT } from './keys.js';
import { connectRedis } from './redis.js';

/** One conversation of a submission: read by its importer (any import format), or why it could not be. */
export type BatchItem = { where: string; imported: ImportedTranscript } | { where: string; error: string };

export interface CheckJobData {
  batchId: string;
  /** the canonical transcript with where it came from (importer, roles, source segments), validated at submission and again by the worker */
  imported: ImportedTranscript;
  /** a pack forced for the whole batch (`?pack=`), else the transcript's own */
  pack?: string;
  /** who submitted the batch (stored with each conversation) */
  by?: string;
}

export interface BatchError {
  /** the conversation id, when the input got that far */
  id?: string;
  /** where in the submission: `[3]`, `line 4`, a file name */
  where?: string;
  message: string;
}

export interface BatchStatus {
  batchId: string;
  total: number;
  done: number;
  failed: number;
  /** the first STATUS_ERRORS_LIMIT failed inputs, each with its error */
  errors: BatchError[];
}

/** Retries with backoff: 1, 2, 4, 8 s; a job failing five times is kept with its error. */
export const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: BATCH_TTL_SECONDS },
} as const;

const ADD_CHUNK = 500;

export interface BatchQueue {
  queue: Queue<CheckJobData>;
  /** for the batches' bookkeeping */
  redis: Redis;
  close(): Promise<void>;
}

/** The queue that servers and `talklint check --queue` submit to. */
export function openBatchQueue(redisUrl: string): BatchQueue {
  const redis = connectRedis(redisUrl, { blocking: false });
  const queue = new Queue<CheckJobData>(QUEUE_NAME, { connection: redis, prefix: QUEUE_PREFIX });
  return {
    queue,
    redis,
    close: async () => {
      await queue.close();
      await redis.quit();
    },
  };
}

/** Records an input that will not be stored (idempotent: the field is the job id or the input's place). */
export async function recordFailure(redis: Redis, batchId: string, field: string, error: BatchError): Promise<void> {
  const { failed } = batchKeys(batchId);
  await redis.multi().hset(failed, field, JSON.stringify(error)).expire(failed, BATCH_TTL_SECONDS).exec();
}

/** Counts a stored conversation as done (idempotent), and clears a failure recorded for it by an earlier attempt. */
export async function recordDone(redis: Redis, batchId: string, jobId: string): Promise<void> {
  const { done, failed } = batchKeys(batchId);
  await redis.multi().sadd(done, jobId).expire(done, BATCH_TTL_SECONDS).hdel(failed, jobId).exec();
}

export interface SubmitOptions {
  pack?: string;
  by?: string;
}

export async function submitBatch(queue: Queue<CheckJobData>, redis: Redis, items: readonly BatchItem[], { pack, by }: SubmitOptions = {}): Promise<{ batchId: string; total: number }> {
  // a second transcript with an id already in the batch could only overwrite or be lost: it is an input error
  const firstPlace = new Map<string, string>();
  const checked = items.map((item): BatchItem => {
    if (!('imported' in item)) return item;
    const { id } = item.imported.transcript;
    const seen = firstPlace.get(id);
    if (seen !== undefined) return { where: item.where, error: `id "${id}" is already used by ${seen} of this batch` };
    firstPlace.set(id, item.where);
    return item;
  });
  const batchId = batchIdOf(
    checked.map((item) => ('imported' in item ? JSON.stringify(item.imported) : `error ${item.where}: ${item.error}`)),
    pack,
  );
  const keys = batchKeys(batchId);

  // bookkeeping first: a job may finish before the last one is added
  const bookkeeping = redis
    .multi()
    .hsetnx(keys.meta, 'total', String(checked.length))
    .hsetnx(keys.meta, 'createdAt', new Date().toISOString())
    .expire(keys.meta, BATCH_TTL_SECONDS);
  for (const item of checked) {
    if ('error' in item) bookkeeping.hset(keys.failed, `input ${item.where}`, JSON.stringify({ where: item.where, message: item.error } satisfies BatchError));
  }
  await bookkeeping.expire(keys.failed, BATCH_TTL_SECONDS).exec();

  const jobs = checked.flatMap((item) =>
    'imported' in item
      ? [{ name: 'check', data: { batchId, imported: item.imported, ...(pack && { pack }), ...(by && { by }) }, opts: { ...JOB_OPTIONS, jobId: jobIdOf(batchId, item.imported.transcript.id) } }]
      : [],
  );
  for (let at = 0; at < jobs.length; at += ADD_CHUNK) await queue.addBulk(jobs.slice(at, at + ADD_CHUNK));
  return { batchId, total: checked.length };
}

/** The batch's progress, or undefined for a batch this Redis does not know (never submitted, or expired). */
export async function batchStatus(redis: Redis, batchId: string): Promise<BatchStatus | undefined> {
  const keys = batchKeys(batchId);
  const [[, total], [, done], [, failed], [, scanned]] = (await redis
    .multi()
    .hget(keys.meta, 'total')
    .scard(keys.done)
    .hlen(keys.failed)
    .hscan(keys.failed, '0', 'COUNT', STATUS_ERRORS_LIMIT)
    .exec()) as [[null, string | null], [null, number], [null, number], [null, [string, string[]]]];
  if (total === null) return undefined;
  const pairs = scanned[1];
  const errors: BatchError[] = [];
  for (let i = 1; i < pairs.length && errors.length < STATUS_ERRORS_LIMIT; i += 2) errors.push(JSON.parse(pairs[i]));
  return { batchId, total: Number(total), done, failed, errors };
}
