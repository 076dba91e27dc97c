/**
 * What stands in front of every HTTP route: the Host allow-list, security
 * headers (helmet; reports are never cached), CORS when configured, request
 * ids, metrics, the per-token rate limit, `Connection: close` while draining,
 * and the operational endpoints /readyz and /metrics.
 */
import { randomUUID } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import helmet from 'helmet';
import { cors } from './cors.js';
import { ApiError } from './errors.js';
import { HostGuard } from './host-guard.js';
import type { ServerMetrics } from './metrics.js';
import { DEFAULT_RATE_LIMITS, FailedAuthThrottle, httpRateLimit, type RateLimits } from './rate-limits.js';

export interface HttpGuards {
  hosts: HostGuard;
  /** TALKLINT_CORS_ORIGINS: origins whose pages may call the API; empty: no CORS */
  corsOrigins: readonly string[];
  rateLimits: RateLimits;
  failedAuth: FailedAuthThrottle;
  metrics?: ServerMetrics;
  /** false while starting (checking threads not ready) and while draining */
  ready: () => boolean;
  draining: () => boolean;
}

export function defaultGuards(overrides: Partial<HttpGuards> = {}): HttpGuards {
  const rateLimits = { ...DEFAULT_RATE_LIMITS, ...overrides.rateLimits };
  return {
    hosts: new HostGuard(),
    corsOrigins: [],
    failedAuth: new FailedAuthThrottle(rateLimits.failedAuth, rateLimits.failedAuthWindowMs),
    ready: () => true,
    draining: () => false,
    ...overrides,
    rateLimits,
  };
}

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/** A caller's own X-Request-Id when it is sane, else a new one; echoed in the response and in every log line of the request. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/** Mounted first, before any route; `mayReadMetrics` is the API's own authentication. */
export function frontGuards(app: Express, guards: HttpGuards, mayReadMetrics: RequestHandler): void {
  app.use((req, res, next) => {
    if (guards.draining()) res.set('Connection', 'close');
    if (!guards.hosts.allows(req)) throw new ApiError(403, 'forbidden_host', 'this server does not answer to that Host; see TALKLINT_ALLOWED_HOSTS');
    next();
  });
  if (guards.metrics) app.use(guards.metrics.middleware());
  // the page CSP (with frame-ancestors) is app.ts's own header; helmet adds the others
  app.use(helmet({ contentSecurityPolicy: false, strictTransportSecurity: false }));
  app.use('/v1', (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use('/v1', cors(guards.corsOrigins));
  app.use('/v1', httpRateLimit(guards.rateLimits.httpPerMinute));

  app.get('/readyz', (_req, res) => {
    const status = guards.draining() ? 'draining' : guards.ready() ? 'ready' : 'starting';
    res.status(status === 'ready' ? 200 : 503).json({ status });
  });
  const metrics = guards.metrics;
  if (metrics) {
    app.get('/metrics', mayReadMetrics, async (_req, res) => {
      res.set('Content-Type', metrics.registry.contentType);
      res.send(await metrics.registry.metrics());
    });
  }
}
