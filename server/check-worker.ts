/** A checking thread of the server's pool (check-pool.ts): loads the default pack, says it is ready, checks the tasks it is sent. */
import { parentPort } from 'node:worker_threads';
import { checkImported } from '../src/import/check-imported.js';
import { DEFAULT_PACK, loadPack } from '../src/pack/load.js';
import type { CheckTask, CheckWorkerMessage } from './check-pool.js';

const post = (message: CheckWorkerMessage) => parentPort!.postMessage(message);

parentPort!.on('message', ({ task, items }: CheckTask) => {
  try {
    post({ task, reports: items.map(({ imported, pack }) => checkImported(imported, { pack })) });
  } catch (err) {
    post({ task, error: (err as Error).message });
  }
});

loadPack(DEFAULT_PACK); // compile the lexicon and load jieba before the first task
post({ ready: true });
