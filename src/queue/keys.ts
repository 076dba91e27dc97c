/**
 * Names shared by everyone on the queue: the BullMQ queue, the Redis keys of a
 * batch's bookkeeping, and the ids that make submission idempotent.
 */
import { createHash } from 'node:crypto';

/** BullMQ's prefix and queue name: its keys are `talklint:checks:*`. */
export const QUEUE_PREFIX = 'talklint';
export const QUEUE_NAME = 'checks';

/** A batch's bookkeeping outlives its jobs this long (status stays readable for a week). */
export const BATCH_TTL_SECONDS = 7 * 24 * 3600;

/** `errors` of a batch's status lists at most this many (`failed` counts them all). */
export const STATUS_ERRORS_LIMIT = 100;

export interface BatchKeys {
  /** hash: total, createdAt */
  meta: string;
  /** set of job ids checked and stored: SADD is idempotent, so a retried job is counted once */
  done: string;
  /** hash job id (or input place) → JSON {id?, where?, message} of inputs that will not be stored */
  failed: string;
}

export function batchKeys(batchId: string): BatchKeys {
  const base = `${QUEUE_PREFIX}:batch:${batchId}`;
  return { meta: base, done: `${base}:done`, failed: `${base}:failed` };
}

export const BATCH_ID_PATTERN = /^[0-9a-f]{24}$/;

/**
 * The same submission (same inputs in the same order, same forced pack) gets
 * the same batch id, so a client that re-sends a batch after a timeout adds
 * nothing twice. `inputs` are the items' canonical JSON (or their error).
 */
export function batchIdOf(inputs: Iterable<string>, pack: string | undefined): string {
  const hash = createHash('sha256').update(`${pack ?? ''}\n`);
  for (const input of inputs) hash.update(input).update('\n');
  return hash.digest('hex').slice(0, 24);
}

/** One job per conversation of a batch; BullMQ ignores an add whose id exists (ids may not contain ':'). */
export function jobIdOf(batchId: string, conversationId: string): string {
  return `${batchId}-${createHash('sha256').update(conversationId).digest('hex').slice(0, 24)}`;
}
