/** One HTTP server carrying the API, the pages and the WebSocket stream; closes gracefully. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Logger, pino } from 'pino';
import { type AppOptions, createApp } from './app.js';
import type { LiveRelay } from './live-relay.js';
import { type StreamLimits, StreamServer } from './stream-server.js';

export interface TalklintServerOptions extends Omit<AppOptions, 'logger'> {
  logger?: Logger;
  limits?: Partial<StreamLimits>;
  allowedOrigins?: readonly string[];
  relay?: LiveRelay;
}

export interface TalklintServer {
  http: Server;
  stream: StreamServer;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Stops accepting, lets in-flight requests finish (cut after `graceMs`), closes WebSocket clients with 1001. */
  close(graceMs?: number): Promise<void>;
}

export function createTalklintServer(options: TalklintServerOptions = {}): TalklintServer {
  const logger = options.logger ?? pino({ level: 'silent' });
  const http = createServer(createApp({ ...options, logger }));
  const stream = new StreamServer(http, { logger, token: options.token, limits: options.limits, allowedOrigins: options.allowedOrigins, relay: options.relay, store: options.store });
  return {
    http,
    stream,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => {
          http.off('error', reject);
          resolve(http.address() as AddressInfo);
        });
      }),
    close: (graceMs = 10_000) =>
      new Promise((resolve) => {
        const force = setTimeout(() => http.closeAllConnections(), graceMs);
        // keep-alive sockets turn idle once their in-flight request is answered: close them as they do
        const sweep = setInterval(() => http.closeIdleConnections(), 50);
        http.close(() => {
          clearTimeout(force);
          clearInterval(sweep);
          resolve();
        });
        stream.closeAll();
        http.closeIdleConnections();
      }),
  };
}
