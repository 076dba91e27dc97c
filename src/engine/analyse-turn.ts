/** parse → normalise → match for one turn: the per-turn work shared by batch and stream. */
import type { Hit, LexiconMatcher } from '../lexicon/matcher.js';
import type { Category } from '../lexicon/schema.js';
import type { AnalysedTurn, Word } from '../rules/types.js';
import { Break, normalize, toOriginalSpan } from '../text/normalize.js';
import { wordBounds } from '../text/segmenter.js';
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
  let words: Word[] | undefined;
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
    hits,
    has: (category) => byCategory.has(category),
    hitsOf: (category) => byCategory.get(category) ?? [],
    words() {
      if (!words) {
        const list = matcher.words(normalized);
        const bounds = wordBounds(list);
        words = list.map((text, k) => ({ text, from: bounds[k], to: bounds[k + 1] }));
      }
      return words;
    },
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
