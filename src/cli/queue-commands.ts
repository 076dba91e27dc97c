/**
 * The command line of contract section 7: `talklint worker` takes check jobs
 * from the queue; `talklint check --queue` submits files as one batch and
 * follows its progress until every conversation is stored or failed.
 */
import { readFileSync } from 'node:fs';
import { type Command, InvalidArgumentError } from 'commander';
import { importContent } from '../import/registry.js';
import { pino } from 'pino';
import { loadPack } from '../pack/load.js';
import { type BatchItem, type BatchStatus, batchStatus, openBatchQueue, submitBatch } from '../queue/batches.js';
import { DEFAULT_LOCK_MS, defaultConcurrency, startWorker } from '../queue/worker.js';
import type { Encoding } from '../transcript/parse.js';
import { EXIT } from './check-command.js';
import { expandInputs } from '../transcript/find-inputs.js';

const POLL_MS = 500;
/** without progress for this long, `check --queue` says that no worker may be running */
const STALL_HINT_MS = 15_000;

function redisUrl(err: (s: string) => void): string | undefined {
  const url = process.env.TALKLINT_REDIS_URL;
  if (!url) err('talklint: set TALKLINT_REDIS_URL (e.g. redis://127.0.0.1:6379) to use the queue\n');
  return url || undefined;
}

/** Every conversation of the files in any import format, each placed by its file (and its position when a file holds several). */
export async function filesToBatchItems(files: readonly string[], encoding: Encoding): Promise<BatchItem[]> {
  const items: BatchItem[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      items.push({ where: file, error: `cannot read: ${(err as Error).message}` });
      continue;
    }
    const { transcripts, errors } = await importContent(file, bytes, { encoding });
    const several = transcripts.length + errors.length > 1;
    items.push(...transcripts.map((imported, i): BatchItem => ({ where: several ? `${file} #${i + 1}` : file, imported })));
    items.push(...errors.map((e): BatchItem => ({ where: file, error: e.where ? `${e.where}: ${e.detail}` : e.detail })));
  }
  return items;
}

export function formatBatchStatus(status: BatchStatus, format: 'pretty' | 'json'): string {
  if (format === 'json') return `${JSON.stringify(status, null, 2)}\n`;
  const lines = [`batch ${status.batchId}: ${status.done} of ${status.total} stored, ${status.failed} failed`];
  for (const e of status.errors) lines.push(`  ${[e.where, e.id && `id ${e.id}`].filter(Boolean).join(', ')}: ${e.message}`);
  if (status.failed > status.errors.length) lines.push(`  … and ${status.failed - status.errors.length} more`);
  return `${lines.join('\n')}\n`;
}

export interface QueuedCheckOptions {
  pack?: string;
  encoding: Encoding;
  format: 'pretty' | 'json';
}

export async function runQueuedCheck(args: string[], options: QueuedCheckOptions, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const url = redisUrl(err);
  if (!url) return EXIT.usage;
  const { files, missing } = expandInputs(args);
  for (const m of missing) err(`talklint: ${m}: no such file, folder or matching glob\n`);
  if (files.length === 0) {
    err('talklint: no transcript files (.json, .jsonl, .txt) to submit\n');
    return EXIT.usage;
  }
  // the workers load the pack by name: a path would mean nothing on another machine
  if (options.pack) loadPack(options.pack);
  const items = await filesToBatchItems(files, options.encoding);
  const batchQueue = openBatchQueue(url);
  try {
    const { batchId, total } = await submitBatch(batchQueue.queue, batchQueue.redis, items, { pack: options.pack, by: 'cli' });
    err(`talklint: batch ${batchId}: ${total} conversations queued; following its progress (Ctrl-C stops following, not the batch)\n`);
    let status = (await batchStatus(batchQueue.redis, batchId))!;
    let lastChange = Date.now();
    let hinted = false;
    let reported = -1;
    while (status.done + status.failed < status.total) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const next = (await batchStatus(batchQueue.redis, batchId))!;
      if (next.done + next.failed !== status.done + status.failed) lastChange = Date.now();
      status = next;
      // a line per tenth on a pipe, every poll on a terminal
      const tenth = Math.floor(((status.done + status.failed) * 10) / status.total);
      if (process.stderr.isTTY || tenth !== reported) {
        reported = tenth;
        err(`${process.stderr.isTTY ? '\r' : ''}talklint: ${status.done} stored, ${status.failed} failed of ${status.total}${process.stderr.isTTY ? '' : '\n'}`);
      }
      if (!hinted && Date.now() - lastChange > STALL_HINT_MS) {
        hinted = true;
        err(`\ntalklint: no progress for ${STALL_HINT_MS / 1000} s: is a \`talklint worker\` running on this Redis?\n`);
      }
    }
    if (process.stderr.isTTY) err('\n');
    out(formatBatchStatus(status, options.format));
    return status.failed > 0 || missing.length > 0 ? EXIT.usage : EXIT.ok;
  } finally {
    await batchQueue.close();
  }
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('take check jobs from the queue (TALKLINT_REDIS_URL) and store the results (TALKLINT_DATABASE_URL or TALKLINT_DB)')
    .option('--concurrency <n>', `conversations checked at once, each on its own thread (default: the number of cores, ${defaultConcurrency()} here)`, (value) => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('--concurrency must be a whole number from 1 to 256');
      return n;
    })
    .action(async (opts: { concurrency?: number }) => {
      const url = redisUrl((s) => process.stderr.write(s));
      if (!url) {
        process.exitCode = EXIT.usage;
        return;
      }
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'talklint-worker' } });
      const lockSeconds = Number(process.env.TALKLINT_WORKER_LOCK_SECONDS || DEFAULT_LOCK_MS / 1000);
      if (!(lockSeconds >= 1)) {
        process.stderr.write('talklint: TALKLINT_WORKER_LOCK_SECONDS must be a number of seconds, at least 1\n');
        process.exitCode = EXIT.usage;
        return;
      }
      const running = await startWorker({ redisUrl: url, concurrency: opts.concurrency, lockMs: lockSeconds * 1000, logger });
      let stopping = false;
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.on(signal, async () => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'finishing the running jobs');
          await running.close();
          process.exit(0);
        });
      }
    });
}
