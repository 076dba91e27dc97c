/** Pieces shared by the declarative rule kinds. */
import type { Hit } from '../../lexicon/matcher.js';
import type { Category } from '../../lexicon/schema.js';
import type { AnalysedTurn } from '../types.js';

export type SpeakerFilter = 'agent' | 'customer' | 'any';

export function spokenBy(turn: AnalysedTurn, speaker: SpeakerFilter): boolean {
  return turn.speaker !== 'system' && (speaker === 'any' || turn.speaker === speaker);
}

/** Hits of any of the categories, in text order. */
export function hitsOfAny(turn: AnalysedTurn, categories: readonly Category[]): Hit[] {
  const hits = categories.flatMap((c) => turn.hitsOf(c));
  return categories.length > 1 ? hits.sort((a, b) => a.from - b.from) : hits;
}

/** Fills `{text}` and `{value}` in a pack author's message template. */
export function fillTemplate(template: string, values: { text?: string; value?: number }): string {
  return template
    .replaceAll('{text}', values.text ?? '')
    .replaceAll('{value}', values.value === undefined ? '' : String(Math.round(values.value * 10) / 10));
}
