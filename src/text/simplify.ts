/**
 * Traditional → Simplified folding with opencc-js, one code point at a time
 * (so the offset map stays one-to-one; `normalize` memoises the results).
 *
 * `tw` → `cn` rather than plain `t` → `cn`: the latter leaves 著 (著急) untouched.
 * A character that is already Simplified is kept as it is: applied to a lone
 * character, tw → cn would also turn Simplified 么 into 幺.
 */
import * as OpenCC from 'opencc-js';

const twToCn: (text: string) => string = OpenCC.Converter({ from: 'tw', to: 'cn' });
const cnToTw: (text: string) => string = OpenCC.Converter({ from: 'cn', to: 'tw' });

export function simplifyChar(ch: string): string {
  const simplified = twToCn(ch);
  if (simplified === ch) return ch;
  const isSimplifiedAlready = cnToTw(ch) !== ch;
  return isSimplifiedAlready ? ch : simplified;
}
