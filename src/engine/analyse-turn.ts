/** parse → normalise → match for one turn: the per-turn work shared by batch and stream. */
import type { Hit, LexiconMatcher, TurnMatch } from '../lexicon/matcher.js';
import type { Category } from '../lexicon/schema.js';
import type { AnalysedTurn } from '../rules/types.js';
import { Break, type NormalizedText, normalize, toOriginalSpan } from '../text/normalize.js';
import type { Speaker, Turn } from '../transcript/schema.js';

const NO_HITS: readonly Hit[] = Object.freeze([]);

/**
 * A turn as rules see it. A category's hits are settled when a rule first asks
 * for them (most rules ask for few categories, and only on some turns), so the
 * costly checks run where they can change a finding.
 */
class LazyAnalysedTurn implements AnalysedTurn {
  readonly speaker: Speaker;
  readonly text: string;
  readonly start?: number;
  readonly end?: number;
  readonly normalized: string;

  constructor(
    readonly index: number,
    turn: Turn,
    private readonly normalizedText: NormalizedText,
    /** undefined for system lines: they are never judged and never satisfy an agent requirement */
    private readonly matches: TurnMatch | undefined,
  ) {
    this.speaker = turn.speaker;
    this.text = turn.text;
    this.start = turn.start;
    this.end = turn.end;
    this.normalized = normalizedText.text;
  }

  get hits(): readonly Hit[] {
    return this.matches?.all() ?? NO_HITS;
  }

  has(category: Category): boolean {
    return this.matches?.has(category) ?? false;
  }

  hitsOf(category: Category): Hit[] {
    return this.matches?.hitsOf(category) ?? [];
  }

  span(from: number, to: number): { start: number; end: number; text: string } {
    const original = toOriginalSpan(this.normalizedText, from, to);
    return { ...original, text: this.text.slice(original.start, original.end) };
  }

  clauseGap(a: Hit, b: Hit): number | undefined {
    const [first, second] = a.from <= b.from ? [a, b] : [b, a];
    const last = Math.min(second.from, this.normalizedText.text.length - 1);
    // a clause break at any offset in [first.to, last] separates them (constant time from the running counts)
    if (last >= first.to && this.clauseBreaksBefore(last + 1) - this.clauseBreaksBefore(first.to) > 0) return undefined;
    return Math.max(0, second.from - first.to);
  }

  /** `clauseBreaks[i]`: clause breaks at offsets before i, counted once per turn on first need */
  private clauseBreaks?: Int32Array;

  private clauseBreaksBefore(at: number): number {
    if (!this.clauseBreaks) {
      const { breaks } = this.normalizedText;
      this.clauseBreaks = new Int32Array(breaks.length + 1);
      for (let i = 0; i < breaks.length; i++) this.clauseBreaks[i + 1] = this.clauseBreaks[i] + (breaks[i] === Break.Clause ? 1 : 0);
    }
    return this.clauseBreaks[at];
  }
}

export function analyseTurn(matcher: LexiconMatcher, index: number, turn: Turn): AnalysedTurn {
  const normalized = normalize(turn.text);
  return new LazyAnalysedTurn(index, turn, normalized, turn.speaker === 'system' ? undefined : matcher.turn(normalized));
}
