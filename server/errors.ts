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

export { formatIssuePath as formatPath } from '../src/transcript/issue-path.js';
