/** The store a worker writes into, from its environment: TALKLINT_DATABASE_URL (PostgreSQL) or TALKLINT_DB (SQLite), as the server. */
import { storeConversation } from '../store/conversations.js';
import { openStore, storeConfigFromEnv } from '../store/db.js';
import type { BatchStore } from './store.js';

export async function openBatchStore(env: NodeJS.ProcessEnv): Promise<BatchStore> {
  const store = await openStore(storeConfigFromEnv(env));
  return {
    // the store is idempotent by conversation id and content: a retried job gets created: false
    storeOnce: async ({ transcript, report, pack, batchId, by }) => (await storeConversation(store, { transcript, report, pack, by, batch: batchId })).created,
    close: () => store.close(),
  };
}
