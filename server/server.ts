/** One HTTP server carrying the API, the pages and the WebSocket stream; closes gracefully. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type Logger, pino } from 'pino';
import { type AppOptions, createApp } from './app.js';
import { CheckPool, type CheckPoolLimits } from './check-pool.js';
import { HostGuard } from './host-guard.js';
import { defaultGuards } from './http-guards.js';
import type { LiveJournal } from './live-journal.js';
import type { LiveRelay } from './live-relay.js';
import { ServerMetrics } from './metrics.js';
import type { RateLimits } from './rate-limits.js';
import { type StreamLimits, StreamServer } from './stream-server.js';

export interface HttpLimits {
  /** a request (headers and body) must arrive within this (TALKLINT_REQUEST_TIMEOUT_SECONDS); then 408 */
  requestTimeoutMs: number;
  /** on close, keep answering (with `Connection: close`) on open connections this long before closing them (TALKLINT_DRAIN_SECONDS) */
  drainMs: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = { requestTimeoutMs: 30_000, drainMs: 2_000 };

export interface TalklintServerOptions extends Omit<AppOptions, 'logger' | 'checkPool' | 'guards'> {
  logger?: Logger;
  checkLimits?: Partial<CheckPoolLimits>;
  limits?: Partial<StreamLimits>;
  httpLimits?: Partial<HttpLimits>;
  rateLimits?: Partial<RateLimits>;
  /** browser origins other than the server's own that may open the stream (TALKLINT_ALLOWED_ORIGINS) */
  allowedOrigins?: readonly string[];
  /** Host names answered besides the bound one (TALKLINT_ALLOWED_HOSTS); default the loopback names */
  allowedHosts?: readonly string[];
  /** origins whose pages may call the HTTP API (TALKLINT_CORS_ORIGINS); default none */
  corsOrigins?: readonly string[];
  relay?: LiveRelay;
  journal?: LiveJournal;
}

export interface TalklintServer {
  http: Server;
  stream: StreamServer;
  checkPool: CheckPool;
  listen(port: number, host: string): Promise<AddressInfo>;
  /**
   * Drains (readyz 503, `Connection: close` on every answer, stream clients told
   * and closed with 1001) while connections stay open, up to the drain time;
   * then stops accepting and lets in-flight requests finish (cut after `graceMs`).
   */
  close(graceMs?: number): Promise<void>;
}

export function createTalklintServer(options: TalklintServerOptions = {}): TalklintServer {
  const logger = options.logger ?? pino({ level: 'silent' });
  const httpLimits = { ...DEFAULT_HTTP_LIMITS, ...options.httpLimits };
  const checkPool = new CheckPool(options.checkLimits);
  const hosts = new HostGuard(options.allowedHosts);
  let draining = false;
  let stream: StreamServer | undefined;
  const metrics = new ServerMetrics(() => stream?.liveConversations() ?? 0);
  const guards = defaultGuards({
    hosts,
    corsOrigins: options.corsOrigins ?? [],
    rateLimits: options.rateLimits as RateLimits | undefined,
    metrics,
    ready: () => checkPool.ready && http.listening && !draining,
    draining: () => draining,
  });
  const http = createServer(
    {
      requestTimeout: httpLimits.requestTimeoutMs,
      headersTimeout: Math.min(httpLimits.requestTimeoutMs, 10_000),
      // how often Node looks for requests over their time (its default, 30 s, would let a slow body live twice as long)
      connectionsCheckingInterval: Math.min(1000, httpLimits.requestTimeoutMs / 2),
    },
    createApp({ ...options, logger, checkPool, guards }),
  );
  stream = new StreamServer(http, {
    logger,
    token: options.token,
    store: options.store,
    limits: options.limits,
    allowedOrigins: options.allowedOrigins,
    relay: options.relay,
    journal: options.journal,
    hosts,
    failedAuth: guards.failedAuth,
    metrics,
    maskPii: options.maskPii,
  });
  const sockets = new Set<Socket>();
  http.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const liveStream = stream;
  return {
    http,
    stream: liveStream,
    checkPool,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          hosts.addBoundHost(host);
          resolve(http.address() as AddressInfo);
        });
      }),
    close: async (graceMs = 10_000) => {
      draining = true;
      liveStream.closeAll();
      // clients on keep-alive connections get their next answer with Connection: close instead of a reset socket
      const drainUntil = Date.now() + httpLimits.drainMs;
      while (sockets.size > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 25));
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        // keep-alive sockets turn idle once their in-flight request is answered: close them as they do
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        http.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        http.closeIdleConnections();
      });
      await checkPool.close();
    },
  };
}
