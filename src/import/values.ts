/** Reading loosely typed fields of vendor JSON: numbers that may be strings, milliseconds, nested JSON strings. */

/** A finite number from a number or numeric string; undefined for anything else. */
export function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/** Seconds from milliseconds (a number or numeric string); undefined when absent. */
export function secondsFromMs(value: unknown): number | undefined {
  const ms = numberOf(value);
  return ms === undefined ? undefined : ms / 1000;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A value that engines deliver either as JSON or as a string holding JSON (iFlytek's orderResult, Alibaba's Result in some SDKs). */
export function jsonOrString(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

/** The first of several paths that leads to a value, e.g. `Response.Data.ResultDetail` or `Data.ResultDetail`. */
export function pick(value: unknown, ...paths: string[][]): unknown {
  for (const path of paths) {
    let v: unknown = value;
    for (const key of path) v = isRecord(v) ? v[key] : undefined;
    if (v !== undefined) return v;
  }
  return undefined;
}
