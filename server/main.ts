/**
 * `npm start`: serves the API, the WebSocket stream and the pages on
 * HOST:PORT (default 127.0.0.1:8080). Environment: TALKLINT_TOKEN (bearer
 * token for /v1), TALKLINT_BODY_LIMIT (POST /v1/check, default 1mb),
 * LOG_LEVEL (pino, default info), TALKLINT_ALLOWED_ORIGINS (comma-separated
 * web origins besides the server's own that may open the stream) and the
 * stream limits TALKLINT_WS_* (docs/protocol.md); TALKLINT_REDIS_URL hands batch
 * work to the queue (contract section 7; TALKLINT_BATCH_BODY_LIMIT, default 64mb)
 * and lets live conversations be watched through any replica.
 * The store (contract section 6): TALKLINT_DB (SQLite file, default talklint.db
 * here) or TALKLINT_DATABASE_URL (postgres://…).
 * SIGTERM/SIGINT: finish in-flight requests, then exit.
 */
import { pino } from 'pino';
import { DEFAULT_PACK, loadPack } from '../src/pack/load.js';
import { openStore } from '../src/store/db.js';
import { openBatchQueue } from '../src/queue/batches.js';
import { connectRedis } from '../src/queue/redis.js';
import { maskPiiFromEnv } from '../src/text/mask-pii.js';
import { FileLiveJournal } from './live-journal.js';
import { LiveRelay } from './live-relay.js';
import { DEFAULT_BODY_LIMIT } from './app.js';
import { createTalklintServer } from './server.js';
import { DEFAULT_LIMITS, type StreamLimits } from './stream-server.js';

const SHUTDOWN_GRACE_MS = 10_000;

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'talklint' } });
const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';

/** A positive number from the environment, or undefined (the default applies). */
function envNumber(name: string, scale = 1): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    logger.fatal({ variable: name }, 'must be a positive number');
    process.exit(1);
  }
  return value * scale;
}

const limits: Partial<StreamLimits> = Object.fromEntries(
  Object.entries({
    messageBytes: envNumber('TALKLINT_WS_MESSAGE_BYTES'),
    turnsPerConversation: envNumber('TALKLINT_WS_MAX_TURNS'),
    conversationsPerConnection: envNumber('TALKLINT_WS_MAX_CONVERSATIONS'),
    idleMs: envNumber('TALKLINT_WS_IDLE_SECONDS', 1000),
    bufferedBytes: envNumber('TALKLINT_WS_BUFFER_BYTES'),
    pingMs: envNumber('TALKLINT_WS_PING_SECONDS', 1000),
    resumeMs: envNumber('TALKLINT_WS_RESUME_SECONDS', 1000),
    messagesPerSecond: envNumber('TALKLINT_WS_MESSAGES_PER_SECOND'),
    messageBurst: envNumber('TALKLINT_WS_MESSAGE_BURST'),
  }).filter(([, value]) => value !== undefined),
);

const checkLimits = Object.fromEntries(
  Object.entries({
    workers: envNumber('TALKLINT_CHECK_WORKERS'),
    queue: envNumber('TALKLINT_CHECK_QUEUE'),
    budgetMs: envNumber('TALKLINT_CHECK_BUDGET_SECONDS', 1000),
  }).filter(([, value]) => value !== undefined),
);

const started = Date.now();
loadPack(DEFAULT_PACK); // compile the lexicon and load jieba before taking traffic
let store;
try {
  store = await openStore();
} catch (err) {
  logger.fatal({ err: { code: (err as NodeJS.ErrnoException).code, message: (err as Error).message } }, 'cannot open the store');
  process.exit(1);
}
const redisUrl = process.env.TALKLINT_REDIS_URL || undefined;
const batchQueue = redisUrl ? openBatchQueue(redisUrl) : undefined;
const relay = redisUrl ? new LiveRelay(connectRedis(redisUrl, { blocking: false }), connectRedis(redisUrl, { blocking: true }), logger) : undefined;
const httpLimits = Object.fromEntries(
  Object.entries({
    requestTimeoutMs: envNumber('TALKLINT_REQUEST_TIMEOUT_SECONDS', 1000),
    drainMs: envNumber('TALKLINT_DRAIN_SECONDS', 1000),
  }).filter(([, value]) => value !== undefined),
);
const rateLimits = Object.fromEntries(
  Object.entries({
    httpPerMinute: envNumber('TALKLINT_RATE_LIMIT'),
    failedAuth: envNumber('TALKLINT_AUTH_FAILURES'),
  }).filter(([, value]) => value !== undefined),
);
const list = (name: string): string[] | undefined => {
  const raw = process.env[name];
  return raw === undefined ? undefined : raw.split(',').map((item) => item.trim()).filter(Boolean);
};

const liveDir = process.env.TALKLINT_LIVE_DIR;
const journal = liveDir ? new FileLiveJournal(liveDir, limits.resumeMs ?? DEFAULT_LIMITS.resumeMs) : undefined;
const server = createTalklintServer({
  store,
  batchQueue,
  relay,
  journal,
  httpLimits,
  rateLimits,
  maskPii: maskPiiFromEnv(),
  allowedHosts: list('TALKLINT_ALLOWED_HOSTS'),
  corsOrigins: list('TALKLINT_CORS_ORIGINS'),
  batchBodyLimit: process.env.TALKLINT_BATCH_BODY_LIMIT || undefined,
  logger,
  token: process.env.TALKLINT_TOKEN || undefined,
  bodyLimit: process.env.TALKLINT_BODY_LIMIT || DEFAULT_BODY_LIMIT,
  limits,
  checkLimits,
  allowedOrigins: (process.env.TALKLINT_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
});

try {
  const address = await server.listen(port, host);
  void server.checkPool.whenReady().then(() => logger.info({ workers: server.checkPool.limits.workers }, 'checking threads ready'));
  logger.info({ host: address.address, port: address.port, auth: Boolean(process.env.TALKLINT_TOKEN), store: store.kind, startupMs: Date.now() - started }, 'listening');
} catch (err) {
  logger.fatal({ err: { code: (err as NodeJS.ErrnoException).code, message: (err as Error).message } }, 'cannot listen');
  process.exit(1);
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close(SHUTDOWN_GRACE_MS);
    await Promise.all([batchQueue?.close(), relay?.close(), store.close()]);
    logger.info('stopped');
    process.exit(0);
  });
}
