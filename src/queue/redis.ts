/** Redis connections from TALKLINT_REDIS_URL, as BullMQ wants them. */
import { Redis } from 'ioredis';

/**
 * `blocking`: a connection that waits for work (BullMQ workers, subscribers)
 * must retry forever (maxRetriesPerRequest null); one answering requests fails
 * fast instead, so an HTTP client gets an error rather than a hang.
 */
export function connectRedis(url: string, { blocking }: { blocking: boolean }): Redis {
  return new Redis(url, blocking ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2, enableOfflineQueue: true });
}
