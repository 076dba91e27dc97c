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

/** A zod issue path as people write it: `turns[3].speaker`, `[1].turns[0].text`. */
export function formatPath(path: readonly PropertyKey[], prefix = ''): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), prefix);
}
