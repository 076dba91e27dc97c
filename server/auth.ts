/** Optional bearer-token auth (TALKLINT_TOKEN): `Authorization: Bearer …`, or `?token=` where headers cannot be set (browser WebSocket). */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(expected: string, given: string | undefined): boolean {
  return given !== undefined && timingSafeEqual(digest(expected), digest(given));
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  return match?.[1];
}

/** True when no token is configured, or the request carries it (header, or `?token=` if allowed). */
export function isAuthorized(req: IncomingMessage, token: string | undefined, { allowQuery }: { allowQuery: boolean }): boolean {
  if (!token) return true;
  if (tokenMatches(token, bearerToken(req))) return true;
  if (!allowQuery) return false;
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
  return tokenMatches(token, query);
}
