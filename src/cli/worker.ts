/**
 * A checking thread of `talklint check --jobs N` (see worker-pool.ts): loads
 * what checking needs, says it is ready, then checks the chunks of files it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileCheckOptions, warmUp } from './check-command.js';
import type { ChunkRequest, WorkerMessage } from './worker-pool.js';

const options = workerData as FileCheckOptions;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

parentPort!.on('message', async ({ chunk, files }: ChunkRequest) => {
  try {
    const results = [];
    for (const file of files) results.push(await checkFile(file, options));
    post({ chunk, results });
  } catch (err) {
    post({ chunk, error: (err as Error).message });
  }
});

try {
  warmUp(options);
  post({ ready: true });
} catch (err) {
  post({ chunk: -1, error: (err as Error).message });
}
