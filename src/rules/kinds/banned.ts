/**
 * The "banned" rule kind: every hit of the given categories in a turn of the
 * given speaker (the agent by default) is a finding at its span, with the
 * entry's courteous alternative as suggestion.
 */
import { z } from 'zod';
import type { Hit } from '../../lexicon/matcher.js';
import type { Category } from '../../lexicon/schema.js';
import { defineRule, type Rule, type RuleMeta } from '../types.js';
import { MORE_IN_TURN } from '../../messages.js';
import { hitsOfAny, type SpeakerFilter, spokenBy } from './shared.js';

export interface BannedOptions {
  /** categories whose hits take precedence: an overlapping hit of ours is not reported (one span, one rule) */
  yieldTo: Category[];
}

export interface BannedSpec {
  categories: Category[];
  message: (text: string) => string;
  speaker?: SpeakerFilter;
  suggestion?: string;
  channel?: 'call' | 'chat';
  yieldTo?: Category[];
}

/**
 * One turn may hold thousands of hits (a phrase repeated over and over): the
 * first MAX_FINDINGS_PER_TURN are reported one by one, and the last of them
 * says how many there are in all, so a report stays readable and its size
 * bounded whatever the input. The score is already at its floor long before.
 */
export const MAX_FINDINGS_PER_TURN = 20;

/** Hits that overlap none of `stronger` (both in text order): one sweep with a binary search, n log n. */
function notOverlapping(hits: Hit[], stronger: Hit[]): Hit[] {
  if (stronger.length === 0) return hits;
  // furthest[k]: the furthest end among stronger[0..k]
  const furthest: number[] = [];
  stronger.forEach((s, k) => furthest.push(Math.max(s.to, k > 0 ? furthest[k - 1] : 0)));
  return hits.filter((hit) => {
    // the stronger hits starting before this one ends: does any reach past its start?
    let low = 0;
    let high = stronger.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (stronger[mid].from < hit.to) low = mid + 1;
      else high = mid;
    }
    return low === 0 || furthest[low - 1] <= hit.from;
  });
}

/** Overlapping hits (你自己查 and 自己查去 in 你自己查去) are one breach: report their union once. Hits come in text order. */
function mergeOverlapping(hits: Hit[]): Array<{ from: number; to: number; first: Hit }> {
  const merged: Array<{ from: number; to: number; first: Hit }> = [];
  for (const hit of hits) {
    const last = merged[merged.length - 1];
    if (last && hit.from < last.to) last.to = Math.max(last.to, hit.to);
    else merged.push({ from: hit.from, to: hit.to, first: hit });
  }
  return merged;
}

export function bannedRule(meta: Omit<RuleMeta<BannedOptions>, 'options'>, spec: BannedSpec): Rule<BannedOptions> {
  return defineRule({
    meta: { ...meta, turnLocal: true, options: z.object({ yieldTo: z.array(z.string()).default(spec.yieldTo ?? []) }) },
    create(context) {
      return {
        turn(turn) {
          if (!spokenBy(turn, spec.speaker ?? 'agent') || (spec.channel && context.channel !== spec.channel)) return;
          const own = notOverlapping(hitsOfAny(turn, spec.categories), hitsOfAny(turn, context.options.yieldTo));
          const breaches = mergeOverlapping(own);
          for (const [k, { from, to, first }] of breaches.slice(0, MAX_FINDINGS_PER_TURN).entries()) {
            const span = turn.span(from, to);
            const more = k === MAX_FINDINGS_PER_TURN - 1 && breaches.length > MAX_FINDINGS_PER_TURN;
            context.report({
              turn: turn.index,
              span,
              message: spec.message(span.text) + (more ? MORE_IN_TURN(breaches.length, MAX_FINDINGS_PER_TURN) : ''),
              suggestion: first.entry.suggestion ?? spec.suggestion,
            });
          }
        },
      };
    },
  });
}
