/**
 * Where a worker puts what it checked. The store itself is the review
 * issue's (SQLite or PostgreSQL through Kysely); the queue needs one thing of
 * it: store a conversation and its report unless that conversation id is
 * stored already, and say which happened, so a retried job stores nothing twice.
 */
import type { Report } from '../report/types.js';
import type { Transcript } from '../transcript/schema.js';

export interface BatchStore {
  /** true when this call stored the conversation, false when it was stored before (by any process) */
  storeOnce(transcript: Transcript, report: Report): Promise<boolean>;
  close(): Promise<void>;
}
