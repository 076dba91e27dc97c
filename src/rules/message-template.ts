/**
 * Finding messages are templates in rule meta (`messages: { found: '推诿用语:{{text}}' }`),
 * one syntax for built-in and pack rules: `{{name}}` is replaced by the value
 * the rule reports under that name; `{{name:N}}` writes a number with N
 * decimals (`{{value:1}}` → 1.5). A plain number is written rounded to one
 * decimal, without trailing zeros.
 */
export type MessageData = Readonly<Record<string, string | number>>;

const PLACEHOLDER = /\{\{\s*([A-Za-z_]\w*)(?::(\d))?\s*\}\}/g;

export function formatMessage(template: string, data: MessageData = {}): string {
  return template.replace(PLACEHOLDER, (_, name: string, decimals: string | undefined) => {
    const value = data[name];
    if (value === undefined) return '';
    if (typeof value === 'string') return value;
    return decimals !== undefined ? value.toFixed(Number(decimals)) : String(Math.round(value * 10) / 10);
  });
}

/** The placeholders a template uses, to check them against what its rule reports. */
export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Round one's single-brace placeholders (`{text}`, `{value}`), still read in pack messages: the double-brace form. */
export function upgradeLegacyPlaceholders(template: string): string | undefined {
  const upgraded = template.replace(/(?<!\{)\{(text|value)\}(?!\})/g, '{{$1}}');
  return upgraded === template ? undefined : upgraded;
}
