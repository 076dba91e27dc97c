/**
 * The "banned" rule kind: every hit of the given categories in a turn of the
 * given speaker (the agent by default) is a finding at its span, with the
 * entry's courteous alternative as suggestion.
 */
import { z } from 'zod';
import type { Hit } from '../../lexicon/matcher.js';
import type { Category } from '../../lexicon/schema.js';
import { defineRule, type Rule, type RuleMeta } from '../types.js';
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
          const stronger = hitsOfAny(turn, context.options.yieldTo);
          const own = hitsOfAny(turn, spec.categories).filter((hit) => !stronger.some((s) => s.from < hit.to && hit.from < s.to));
          for (const { from, to, first } of mergeOverlapping(own)) {
            const span = turn.span(from, to);
            context.report({
              turn: turn.index,
              span,
              message: spec.message(span.text),
              suggestion: first.entry.suggestion ?? spec.suggestion,
            });
          }
        },
      };
    },
  });
}
