/**
 * Servers some tests need (Redis, PostgreSQL): their URL comes from the
 * environment (.ci/run starts them and exports it). Locally, without the URL,
 * those tests are skipped with the reason printed; in CI (CI=true) a missing
 * server is a failure, never a silent skip.
 */
import { describe } from 'vitest';

export function serviceUrl(variable: string, what: string): string | undefined {
  const url = process.env[variable] || undefined;
  if (!url) {
    if (process.env.CI) throw new Error(`${variable} is not set: CI must start ${what} for these tests (see .ci/run)`);
    console.warn(`skipped: ${what} tests need ${variable} (e.g. redis://127.0.0.1:56379)`);
  }
  return url;
}

/** describe() when the service is there, describe.skip() otherwise. */
export function describeWith(url: string | undefined): typeof describe | typeof describe.skip {
  return url ? describe : describe.skip;
}

/** The same Redis server, another logical database: test files that flush theirs cannot disturb each other. */
export function redisDatabase(url: string, db: number): string {
  const parsed = new URL(url);
  parsed.pathname = `/${db}`;
  return parsed.toString();
}
