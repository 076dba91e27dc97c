/**
 * Traditional → Simplified folding, one code point at a time (so the offset
 * map stays one-to-one; `normalize` memoises the results).
 *
 * The table is opencc-js `tw` → `cn` applied to each character on its own
 * (`tw` rather than plain `t`: the latter leaves 著 (著急) untouched), keeping
 * characters that are already Simplified (applied to a lone character, tw → cn
 * would turn Simplified 么 into 幺). It is generated ahead of time by
 * tables/generate.ts, which spares every process opencc's 300 ms start-up.
 */
import { TRADITIONAL_TO_SIMPLIFIED } from './tables/traditional-to-simplified.js';

let simplifiedOf: Map<string, string> | undefined;

function table(): Map<string, string> {
  if (!simplifiedOf) {
    simplifiedOf = new Map();
    const codePoints = [...TRADITIONAL_TO_SIMPLIFIED];
    for (let i = 0; i < codePoints.length; i += 2) simplifiedOf.set(codePoints[i], codePoints[i + 1]);
  }
  return simplifiedOf;
}

export function simplifyChar(ch: string): string {
  return table().get(ch) ?? ch;
}
