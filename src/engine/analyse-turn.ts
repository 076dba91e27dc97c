/** parse → normalise → match for one turn: the per-turn work shared by batch and stream. */
import type { Hit, LexiconMatcher } from '../lexicon/matcher.js';
import type { Category } from '../lexicon/schema.js';
import type { AnalysedTurn } from '../rules/types.js';
import { Break, normalize, toOriginalSpan } from '../text/normalize.js';
import type { Turn } from '../transcript/schema.js';

export function analyseTurn(matcher: LexiconMatcher, index: number, turn: Turn): AnalysedTurn {
  const normalized = normalize(turn.text);
  // system lines are never judged and never satisfy an agent requirement
  const hits: readonly Hit[] = turn.speaker === 'system' ? [] : matcher.match(normalized);
  const byCategory = new Map<Category, Hit[]>();
  for (const hit of hits) {
    const list = byCategory.get(hit.category);
    if (list) list.push(hit);
    else byCategory.set(hit.category, [hit]);
  }
  const span = (from: number, to: number) => {
    const original = toOriginalSpan(normalized, from, to);
    return { ...original, text: turn.text.slice(original.start, original.end) };
  };
  return {
    index,
    speaker: turn.speaker,
    text: turn.text,
    start: turn.start,
    end: turn.end,
    normalized: normalized.text,
    hits,
    has: (category) => byCategory.has(category),
    hitsOf: (category) => byCategory.get(category) ?? [],
    span,
    clauseGap(a, b) {
      const [first, second] = a.from <= b.from ? [a, b] : [b, a];
      const gap = Math.max(0, second.from - first.to);
      for (let i = first.to; i <= second.from && i < normalized.text.length; i++) {
        if (i > first.from && normalized.breaks[i] === Break.Clause) return undefined;
      }
      return gap;
    },
  };
}
