/**
 * Checks run off the event loop: a bounded pool of worker threads
 * (server/check-worker.ts), so /healthz, the stream and every other request
 * stay responsive while one request is heavy.
 *
 * Each request is one task with a time budget counted from its arrival: a task
 * still queued when the budget runs out is dropped; a running one is stopped by
 * terminating its worker (synchronous matching cannot be interrupted any other
 * way) and a fresh worker takes its place. When every worker is busy and the
 * queue is full, new tasks are refused at once (503 with Retry-After).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Report } from '../src/report/types.js';
import type { ImportedTranscript } from '../src/import/types.js';
import { ApiError, RetryLaterError } from './errors.js';

export interface CheckPoolLimits {
  /** worker threads (TALKLINT_CHECK_WORKERS) */
  workers: number;
  /** requests waiting for a worker beyond those running (TALKLINT_CHECK_QUEUE) */
  queue: number;
  /** per-request time budget from arrival to answer (TALKLINT_CHECK_BUDGET_SECONDS) */
  budgetMs: number;
}

export const DEFAULT_CHECK_LIMITS: CheckPoolLimits = {
  workers: Math.min(2, availableParallelism()),
  queue: 16,
  budgetMs: 20_000,
};

/** One transcript to check: as an importer read it (source, warnings, segments) and the built-in pack to check it with. */
export interface CheckItem {
  imported: ImportedTranscript;
  pack: string;
}

export interface CheckTask {
  task: number;
  items: CheckItem[];
}

export type CheckWorkerMessage = { ready: true } | { task: number; reports: Report[] } | { task: number; error: string };

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './check-worker.ts' : './check-worker.js', import.meta.url);

/** From source (tests) the worker registers tsx's loader first: `--import tsx` does not reach a worker's entry module on Node 20. */
function startWorker(): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL.href)}); })`, { eval: true });
}

interface Pending {
  task: CheckTask;
  resolve: (reports: Report[]) => void;
  reject: (err: Error) => void;
  timer: NodeJS.Timeout;
  worker?: PoolWorker;
}

interface PoolWorker {
  thread: Worker;
  ready: boolean;
  current?: Pending;
}

export class CheckPool {
  readonly limits: CheckPoolLimits;
  private readonly workers = new Set<PoolWorker>();
  private readonly queue: Pending[] = [];
  private nextTask = 1;
  private closed = false;
  private started = false;
  private readyWaiters: Array<() => void> = [];

  constructor(limits: Partial<CheckPoolLimits> = {}) {
    this.limits = { ...DEFAULT_CHECK_LIMITS, ...limits };
  }

  /** True once every worker has loaded what checking needs. */
  get ready(): boolean {
    return this.started && [...this.workers].every((w) => w.ready);
  }

  /** Starts the workers (if not yet: a server that never checks starts none) and waits until they are ready. */
  whenReady(): Promise<void> {
    this.start();
    return this.ready ? Promise.resolve() : new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private start(): void {
    if (this.started || this.closed) return;
    this.started = true;
    for (let i = 0; i < this.limits.workers; i++) this.spawn();
  }

  /** Requests running or waiting. */
  get load(): number {
    return this.queue.length + [...this.workers].filter((w) => w.current).length;
  }

  check(items: CheckItem[]): Promise<Report[]> {
    this.start();
    if (this.closed) return Promise.reject(new ApiError(503, 'shutting_down', 'the server is shutting down'));
    if (this.queue.length >= this.limits.queue && [...this.workers].every((w) => w.current || !w.ready)) {
      return Promise.reject(overloaded());
    }
    return new Promise((resolve, reject) => {
      const pending: Pending = {
        task: { task: this.nextTask++, items },
        resolve,
        reject,
        timer: setTimeout(() => this.expire(pending), this.limits.budgetMs),
      };
      this.queue.push(pending);
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) this.settle(pending, new ApiError(503, 'shutting_down', 'the server is shutting down'));
    await Promise.all([...this.workers].map((w) => w.thread.terminate()));
    this.workers.clear();
  }

  private spawn(): void {
    const worker: PoolWorker = { thread: startWorker(), ready: false };
    // an idle pool does not keep the process alive (the HTTP server does)
    worker.thread.unref();
    this.workers.add(worker);
    worker.thread.on('message', (message: CheckWorkerMessage) => {
      if ('ready' in message) {
        worker.ready = true;
        if (this.ready) for (const wake of this.readyWaiters.splice(0)) wake();
      } else if (worker.current && worker.current.task.task === message.task) {
        const pending = worker.current;
        worker.current = undefined;
        this.settle(pending, 'error' in message ? new Error(message.error) : undefined, 'reports' in message ? message.reports : undefined);
      }
      this.dispatch();
    });
    worker.thread.on('error', () => this.replace(worker));
    worker.thread.on('exit', () => this.replace(worker));
  }

  /** A worker that died or was stopped: its task fails, a fresh worker takes its place. */
  private replace(worker: PoolWorker): void {
    if (!this.workers.delete(worker)) return;
    if (worker.current) this.settle(worker.current, new Error('a checking thread stopped'));
    if (!this.closed) this.spawn();
  }

  private dispatch(): void {
    for (const worker of this.workers) {
      if (!worker.ready || worker.current) continue;
      const pending = this.queue.shift();
      if (!pending) return;
      worker.current = pending;
      pending.worker = worker;
      worker.thread.postMessage(pending.task);
    }
  }

  private expire(pending: Pending): void {
    const error = new ApiError(
      503,
      'time_budget_exceeded',
      `checking took longer than the budget of ${Math.round(this.limits.budgetMs / 1000)} s per request; send fewer or shorter transcripts per request`,
    );
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) this.queue.splice(queued, 1);
    const worker = pending.worker;
    this.settle(pending, error);
    if (worker?.current === pending) {
      worker.current = undefined;
      this.workers.delete(worker);
      void worker.thread.terminate();
      if (!this.closed) this.spawn();
    }
  }

  private settle(pending: Pending, error?: Error, reports?: Report[]): void {
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve(reports!);
  }
}

function overloaded(): ApiError {
  return new RetryLaterError(503, 'overloaded', 'every checking thread is busy and the queue is full; retry after the time in Retry-After', 1);
}
