/**
 * Conversation ids in logs are keyed hashes: an id can be the caller's phone
 * number, and a plain hash of an 11-digit number is reversed by trying them
 * all. The key is TALKLINT_LOG_KEY (the same hash across restarts and
 * replicas) or, without it, random per process.
 */
import { createHmac, randomBytes } from 'node:crypto';

const key = process.env.TALKLINT_LOG_KEY || randomBytes(32).toString('hex');

export function logId(id: string): string {
  return createHmac('sha256', key).update(id).digest('hex').slice(0, 16);
}
