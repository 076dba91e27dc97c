/**
 * Request rates: per token (or, without one, per client address) on the HTTP
 * API with express-rate-limit, and a throttle on failed authentication per
 * address (for the API and the stream's upgrade), so tokens cannot be guessed
 * at line speed. Both answer 429 with Retry-After.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { bearerToken } from './auth.js';
import { RetryLaterError } from './errors.js';

export interface RateLimits {
  /** HTTP requests under /v1 per minute per token or address (TALKLINT_RATE_LIMIT) */
  httpPerMinute: number;
  /** failed authentications per address within `failedAuthWindowMs` before it is refused (TALKLINT_AUTH_FAILURES) */
  failedAuth: number;
  failedAuthWindowMs: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  httpPerMinute: 600,
  failedAuth: 20,
  failedAuthWindowMs: 60_000,
};

const addressOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';

/** The key a request is counted under: a hash of its token, else its address (an IPv6 address by its /56). */
function rateKey(req: IncomingMessage): string {
  const token = bearerToken(req);
  return token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `a:${ipKeyGenerator(addressOf(req))}`;
}

export function httpRateLimit(perMinute: number): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req) => rateKey(req),
    // behind a proxy (deploy/nginx.conf) X-Forwarded-For is set but not trusted: requests are keyed by token, else by the proxy's address
    validate: { xForwardedForHeader: false },
    handler: (_req, _res, next, options) => {
      next(new RetryLaterError(429, 'rate_limited', `more than ${options.limit} requests a minute; slow down`, Math.ceil(options.windowMs / 1000)));
    },
  });
}

/** Failed authentications per client address in a fixed window; bounded memory. */
export class FailedAuthThrottle {
  private static readonly MAX_ADDRESSES = 10_000;
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds until the address may try again, or 0 when it may now. */
  retryAfter(req: IncomingMessage): number {
    const entry = this.failures.get(addressOf(req));
    if (!entry) return 0;
    const left = entry.resetAt - Date.now();
    if (left <= 0) {
      this.failures.delete(addressOf(req));
      return 0;
    }
    return entry.count >= this.limit ? Math.ceil(left / 1000) : 0;
  }

  fail(req: IncomingMessage): void {
    const address = addressOf(req);
    const now = Date.now();
    const entry = this.failures.get(address);
    if (entry && entry.resetAt > now) {
      entry.count++;
      return;
    }
    if (this.failures.size >= FailedAuthThrottle.MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(address, { count: 1, resetAt: now + this.windowMs });
  }

  refusal(retryAfterSeconds: number): RetryLaterError {
    return new RetryLaterError(429, 'too_many_failed_auth', `too many failed authentications from this address; try again in ${retryAfterSeconds} s`, retryAfterSeconds);
  }
}
