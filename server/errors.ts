/** API errors: JSON `{ error: { code, message, path? } }` with an HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.path !== undefined && { path: this.path }) } };
  }
}

/** A refusal the client may retry later (503 overloaded, 429 rate limited): answered with Retry-After. */
export class RetryLaterError extends ApiError {
  constructor(
    status: 429 | 503,
    code: string,
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(status, code, message);
  }
}

export { formatIssuePath as formatPath } from '../src/transcript/issue-path.js';
