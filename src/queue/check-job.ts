/**
 * What a worker does with one job: check the conversation, store it once,
 * count it done. Kept apart from BullMQ's sandbox wrapper (processor.ts) so it
 * can be driven with any store and Redis connection.
 */
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import { checkImported } from '../import/check-imported.js';
import { DEFAULT_PACK, loadPack, type Pack } from '../pack/load.js';
import { TranscriptSchema } from '../transcript/schema.js';
import { type CheckJobData, recordDone, recordFailure } from './batches.js';
import { type BatchStore, isPermanentStoreError } from './store.js';

export interface CheckJob {
  id: string;
  data: CheckJobData;
  /** attempts already made before this one */
  attemptsMade: number;
  /** attempts allowed in all */
  attempts: number;
}

export interface CheckJobResult {
  /** false when an earlier attempt (or another batch) had stored the conversation already */
  stored: boolean;
}

const packs = new Map<string, Pack>();
function packFor(name: string): Pack {
  let pack = packs.get(name);
  if (!pack) packs.set(name, (pack = loadPack(name)));
  return pack;
}

export async function runCheckJob(job: CheckJob, store: BatchStore, redis: Redis): Promise<CheckJobResult> {
  const { batchId, by } = job.data;
  try {
    const transcript = TranscriptSchema.parse(job.data.imported.transcript);
    const pack = packFor(job.data.pack ?? transcript.pack ?? DEFAULT_PACK);
    const report = checkImported({ ...job.data.imported, transcript }, { pack });
    const stored = await store.storeOnce({ transcript, report, pack, batchId, by: by ?? 'batch' });
    await recordDone(redis, batchId, job.id);
    return { stored };
  } catch (err) {
    const permanent = isPermanentStoreError(err);
    // recorded before BullMQ hears of the last failure, so a crash in between loses nothing
    if (permanent || job.attemptsMade + 1 >= job.attempts) {
      await recordFailure(redis, batchId, job.id, { id: job.data.imported?.transcript?.id, message: (err as Error).message }).catch(() => undefined);
    }
    throw permanent ? new UnrecoverableError((err as Error).message) : err;
  }
}
