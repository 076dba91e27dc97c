/**
 * A checking thread of `talklint check --jobs N` (see worker-pool.ts): loads
 * what checking needs, says it is ready, then checks the chunks of files it is sent.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileCheckOptions, warmUp } from './check-command.js';
import type { ChunkRequest, WorkerMessage } from './worker-pool.js';

const options = workerData as FileCheckOptions;
const post = (message: WorkerMessage) => parentPort!.postMessage(message);

parentPort!.on('message', ({ chunk, files }: ChunkRequest) => {
  try {
    post({ chunk, results: files.map((file) => checkFile(file, options)) });
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
