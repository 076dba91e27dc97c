/** A checking thread of `talklint check --jobs N`: checks the chunks of files it is sent (see worker-pool.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile, type FileCheckOptions } from './check-command.js';
import type { ChunkReply, ChunkRequest } from './worker-pool.js';

const options = workerData as FileCheckOptions;

parentPort!.on('message', ({ chunk, files }: ChunkRequest) => {
  let reply: ChunkReply;
  try {
    reply = { chunk, results: files.map((file) => checkFile(file, options)) };
  } catch (err) {
    reply = { chunk, error: (err as Error).message };
  }
  parentPort!.postMessage(reply);
});
