/**
 * Who a request is. One place for every way in:
 * - `Authorization: Bearer <token>`: TALKLINT_TOKEN (an admin) or a user's API token;
 * - `?token=` as well where headers cannot be set (a browser WebSocket), when allowed;
 * - the pages' session cookie (httpOnly, SameSite=Strict), set by POST /v1/session.
 *
 * `createAuthenticator(...).principal(req)` answers `{ user, role, agentId? }` or
 * null; `required()` says whether anonymous requests are refused (TALKLINT_TOKEN
 * set, or the store has users). Cookie-authenticated requests that change
 * something must also carry the session's CSRF token (`X-CSRF-Token`), see `csrfOk`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Store } from '../src/store/db.js';
import { hasUsers, type Principal, principalForToken, sessionPrincipal } from '../src/store/users.js';

export type { Principal, Role } from '../src/store/users.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

function queryToken(req: IncomingMessage): string | undefined {
  return new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
}

export const SESSION_COOKIE = 'talklint_session';

export function sessionCookie(req: IncomingMessage): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

/** The TALKLINT_TOKEN holder: an admin, for simple set-ups without users. */
export const ENV_ADMIN: Principal = { user: 'admin', role: 'admin' };

export interface Authenticated {
  principal: Principal;
  /** how: a session also needs its CSRF token on changes */
  via: 'token' | 'session';
  csrf?: string;
}

export interface Authenticator {
  /** the request's principal, or null (no or wrong credentials) */
  authenticate(req: IncomingMessage, options?: { allowQuery?: boolean }): Promise<Authenticated | null>;
  principal(req: IncomingMessage, options?: { allowQuery?: boolean }): Promise<Principal | null>;
  /** whether a request without credentials is refused */
  required(): Promise<boolean>;
}

export function createAuthenticator({ token, store }: { token?: string; store?: Store }): Authenticator {
  const fromToken = async (given: string | undefined): Promise<Principal | null> => {
    if (given === undefined) return null;
    if (token && tokenMatches(token, given)) return ENV_ADMIN;
    return store ? principalForToken(store, given) : null;
  };
  const authenticate: Authenticator['authenticate'] = async (req, options = {}) => {
    const bearer = await fromToken(bearerToken(req));
    if (bearer) return { principal: bearer, via: 'token' };
    if (options.allowQuery) {
      const query = await fromToken(queryToken(req));
      if (query) return { principal: query, via: 'token' };
    }
    const cookie = sessionCookie(req);
    if (store && cookie) {
      const session = await sessionPrincipal(store, cookie);
      if (session) return { principal: session.principal, via: 'session', csrf: session.csrf };
    }
    return null;
  };
  return {
    authenticate,
    principal: async (req, options) => (await authenticate(req, options))?.principal ?? null,
    required: async () => Boolean(token) || (store !== undefined && (await hasUsers(store))),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Token requests need no CSRF token (a browser never adds one by itself); session requests that change something do. */
export function csrfOk(req: IncomingMessage, auth: Authenticated): boolean {
  if (auth.via === 'token' || SAFE_METHODS.has(req.method ?? 'GET')) return true;
  const given = req.headers['x-csrf-token'];
  return typeof given === 'string' && auth.csrf !== undefined && tokenMatches(auth.csrf, given);
}
