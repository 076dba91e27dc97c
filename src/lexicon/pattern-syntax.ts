/**
 * Lexicon and pack regexes run on re2js, a port of RE2: matching takes time
 * linear in the text whatever the pattern, so no pattern a pack author writes
 * (`(a+)+$`) can stall a check. The syntax is JavaScript's as far as RE2 has
 * it: no lookahead and no backreferences (lookbehind is allowed), and
 * `\p{Script=Han}` is read as RE2's `\p{Han}`. A pattern RE2 cannot compile is
 * refused when the pack loads, with the file and line of the pattern.
 */
import { RE2JS } from 're2js';

/** JavaScript's script property escapes, in RE2's spelling. */
const toRe2 = (source: string) => source.replace(/\\([pP])\{(?:Script|sc)=(\w+)\}/g, '\\$1{$2}');

export function compilePattern(source: string): RE2JS {
  return RE2JS.compile(toRe2(source), RE2JS.LOOKBEHINDS);
}

/** Why `source` is no usable pattern, or undefined when it compiles. */
export function patternSyntaxError(source: string): string | undefined {
  try {
    compilePattern(source);
    return undefined;
  } catch (err) {
    const reason = (err as Error).message.replace(/^error parsing regexp: /, '');
    return `not a pattern the linear-time engine (RE2) accepts: ${reason}; lookahead and backreferences are not supported`;
  }
}
