/**
 * Checks a batch of files on `jobs` threads: the main thread and jobs - 1
 * workers (src/cli/worker.ts) take chunks of files from one queue, and the
 * results come back in input order whatever finished first.
 *
 * A worker needs about as long to start as the main thread (modules, packs,
 * jieba's dictionary), so it asks for work only once it is ready: until then
 * the main thread works alone, and a batch it finishes first never waits for one.
 */
import { Worker } from 'node:worker_threads';
import { checkFile, type FileCheckOptions, type FileResult } from './check-command.js';

export interface ChunkRequest {
  chunk: number;
  files: string[];
}

export type WorkerMessage = { ready: true } | { chunk: number; results: FileResult[] } | { chunk: number; error: string };

/** Chunks each worker holds at once, so it never waits while the main thread is busy with a chunk of its own. */
const CHUNKS_IN_FLIGHT = 2;
const MAX_CHUNK_FILES = 16;

// the worker is a .ts file when talklint runs from source (tsx), a .js file when built
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function checkFilesInParallel(
  files: string[],
  options: FileCheckOptions,
  jobs: number,
  onProgress: (filesDone: number) => void,
): Promise<FileResult[]> {
  // small chunks keep the threads busy to the end; not so small that messages dominate
  const chunkSize = Math.max(1, Math.min(MAX_CHUNK_FILES, Math.ceil(files.length / (jobs * 16))));
  const chunks: string[][] = [];
  for (let at = 0; at < files.length; at += chunkSize) chunks.push(files.slice(at, at + chunkSize));
  const results: FileResult[][] = new Array(chunks.length);
  let nextChunk = 0;
  let filesDone = 0;
  const finished = (chunk: number, chunkResults: FileResult[]) => {
    results[chunk] = chunkResults;
    filesDone += chunkResults.length;
    onProgress(filesDone);
  };

  const workers = Array.from({ length: jobs - 1 }, () => new Worker(WORKER_URL, { workerData: options }));
  /** per worker: resolves its promise once the queue is empty and it holds no chunk */
  const settleIfIdle: Array<() => void> = [];
  try {
    const workersDone = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let inFlight = 0;
          let ready = false;
          const settle = () => {
            if (inFlight === 0 && nextChunk >= chunks.length) resolve();
          };
          settleIfIdle.push(settle);
          const send = () => {
            while (ready && inFlight < CHUNKS_IN_FLIGHT && nextChunk < chunks.length) {
              const chunk = nextChunk++;
              worker.postMessage({ chunk, files: chunks[chunk] } satisfies ChunkRequest);
              inFlight++;
            }
            settle();
          };
          worker.on('message', (message: WorkerMessage) => {
            if ('error' in message) return reject(new Error(message.error));
            if ('ready' in message) ready = true;
            else {
              inFlight--;
              finished(message.chunk, message.results);
            }
            send();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => reject(new Error(`a checking thread stopped (exit code ${code})`)));
        }),
    );
    const allWorkersDone = Promise.all(workersDone);
    let failed = false;
    // handled here at once, awaited below: a worker may fail while the main thread is busy
    allWorkersDone.catch(() => (failed = true));
    // the main thread works through the same queue, yielding between chunks so replies are handled
    while (nextChunk < chunks.length && !failed) {
      const chunk = nextChunk++;
      const chunkResults: FileResult[] = [];
      for (const file of chunks[chunk]) chunkResults.push(await checkFile(file, options));
      finished(chunk, chunkResults);
      await nextTick();
    }
    // a worker still starting up has nothing left to wait for
    for (const settle of settleIfIdle) settle();
    await allWorkersDone;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
