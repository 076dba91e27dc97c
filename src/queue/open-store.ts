/** The store a worker writes into, from its environment (TALKLINT_DATABASE_URL or TALKLINT_DB, as the server). */
import type { BatchStore } from './store.js';

export async function openBatchStore(_env: NodeJS.ProcessEnv): Promise<BatchStore> {
  throw new Error('no conversation store is available in this build');
}
