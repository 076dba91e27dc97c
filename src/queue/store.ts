/**
 * Where a worker puts what it checked: the review issue's store (SQLite or
 * PostgreSQL, src/store). The queue needs one thing of it: store a
 * conversation and its report unless that conversation is stored already, and
 * say which happened, so a retried job stores nothing twice.
 */
import type { Pack } from '../pack/load.js';
import type { Report } from '../report/types.js';
import { StoreError } from '../store/conversations.js';
import type { Transcript } from '../transcript/schema.js';

export interface BatchStoreInput {
  transcript: Transcript;
  report: Report;
  pack: Pack;
  batchId: string;
  /** who submitted the batch */
  by: string;
}

export interface BatchStore {
  /** true when this call stored the conversation, false when it was stored before (by any process) */
  storeOnce(input: BatchStoreInput): Promise<boolean>;
  close(): Promise<void>;
}

/** A store failure that no retry can fix (a different conversation already under the id): kept as failed at once. */
export function isPermanentStoreError(err: unknown): boolean {
  return err instanceof StoreError && (err.code === 'conflict' || err.code === 'invalid');
}
