/**
 * Masks phone, ID-card and bank-card numbers (TALKLINT_MASK_PII=1, --mask-pii)
 * with masks of the same length, so that every offset stays true: a finding's
 * `start`/`end` still cut its `text` out of the masked turn. Digits may be
 * ASCII, full-width or Chinese numerals (ASR writes 幺三八…); each becomes `*`,
 * separators (space, hyphen) stay.
 */
const DIGIT_OF: Record<string, string> = {
  零: '0', 〇: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9',
};

/** The text with every digit-like character as its ASCII digit, one UTF-16 unit for one, so positions match. */
function digitView(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    if (code >= 0xff10 && code <= 0xff19) out += String.fromCharCode(code - 0xff10 + 48);
    else out += DIGIT_OF[char] ?? char;
  }
  return out;
}

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const PATTERNS: Array<{ pattern: RegExp; accept?: (match: string) => boolean }> = [
  // resident ID card: region, birth date, sequence, check digit
  { pattern: /(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![\dA-Za-z])/g },
  // bank card: 16–19 digits, grouped or not, passing the Luhn check (order numbers mostly do not)
  { pattern: /(?<!\d)\d(?:[ -]?\d){15,18}(?!\d)/g, accept: (m) => luhnValid(m.replace(/\D/g, '')) },
  // mainland mobile, with or without +86 and separators
  { pattern: /(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d){8}(?!\d)/g },
  // landline with area code
  { pattern: /(?<!\d)0\d{2,3}-\d{7,8}(?!\d)/g },
];

export function maskPii(text: string): string {
  const view = digitView(text);
  const masked = text.split('');
  for (const { pattern, accept } of PATTERNS) {
    for (const match of view.matchAll(pattern)) {
      if (accept && !accept(match[0])) continue;
      for (let i = match.index; i < match.index + match[0].length; i++) {
        if (/[\dXx]/.test(view[i])) masked[i] = '*';
      }
    }
  }
  return masked.join('');
}

/** String fields of reports and stream messages that carry transcript text. */
const TEXT_KEYS = new Set(['text', 'message', 'suggestion']);

/** A copy of `value` with the text fields (at any depth) masked; ids, keys and numbers are left alone. */
export function maskPiiDeep<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskPiiDeep(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = typeof item === 'string' && TEXT_KEYS.has(key) ? maskPii(item) : maskPiiDeep(item);
  return out as T;
}

/** Whether the environment asks for masking (TALKLINT_MASK_PII=1). */
export function maskPiiFromEnv(): boolean {
  return process.env.TALKLINT_MASK_PII === '1';
}
