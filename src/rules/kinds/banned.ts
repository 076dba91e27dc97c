/**
 * The "banned" rule kind: every hit of the given categories in a turn of the
 * given speaker (the agent by default) is a finding at its span, with the
 * entry's courteous alternative as suggestion.
 */
import { z } from 'zod';
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

export function bannedRule(meta: Omit<RuleMeta<BannedOptions>, 'options'>, spec: BannedSpec): Rule<BannedOptions> {
  return defineRule({
    meta: { ...meta, options: z.object({ yieldTo: z.array(z.string()).default(spec.yieldTo ?? []) }) },
    create(context) {
      return {
        turn(turn) {
          if (!spokenBy(turn, spec.speaker ?? 'agent') || (spec.channel && context.channel !== spec.channel)) return;
          const stronger = hitsOfAny(turn, context.options.yieldTo);
          for (const hit of hitsOfAny(turn, spec.categories)) {
            if (stronger.some((s) => s.from < hit.to && hit.from < s.to)) continue;
            context.report({
              turn: turn.index,
              span: hit,
              message: spec.message(hit.text),
              suggestion: hit.entry.suggestion ?? spec.suggestion,
            });
          }
        },
      };
    },
  });
}
