/**
 * Traditional → Simplified folding with opencc-js.
 *
 * `tw` → `cn` rather than plain `t` → `cn`: the latter leaves 著 (著急) untouched.
 * The converter is applied one code point at a time by `normalize` so that the
 * offset map stays one-to-one; its results are memoised there.
 */
import * as OpenCC from 'opencc-js';

const twToCn: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });

export function toSimplified(text: string): string {
  return twToCn(text);
}
