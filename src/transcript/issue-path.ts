/** A zod issue path as people write it: `turns[3].speaker`, `[1].turns[0].text`. */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ''): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), prefix);
}
