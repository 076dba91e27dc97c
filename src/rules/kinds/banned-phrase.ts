/**
 * The "banned phrase" rule kind: every agent hit of one lexicon category is a
 * finding at its span, with the entry's courteous alternative as suggestion.
 */
import { z } from 'zod';
import type { Category } from '../../lexicon/schema.js';
import { defineRule, isAgent, type Rule, type RuleMeta } from '../types.js';

export interface BannedPhraseOptions {
  /** categories whose hits take precedence: an overlapping hit of ours is not reported (one span, one rule) */
  yieldTo: Category[];
}

export function bannedPhraseRule(
  meta: Omit<RuleMeta<BannedPhraseOptions>, 'options'> & { yieldTo?: Category[] },
  category: Category,
  message: (text: string) => string,
): Rule<BannedPhraseOptions> {
  const { yieldTo = [], ...rest } = meta;
  return defineRule({
    meta: { ...rest, options: z.object({ yieldTo: z.array(z.string() as z.ZodType<Category>).default(yieldTo) }) },
    create(context) {
      return {
        turn(turn) {
          if (!isAgent(turn)) return;
          const stronger = context.options.yieldTo.flatMap((c) => turn.hitsOf(c));
          for (const hit of turn.hitsOf(category)) {
            if (stronger.some((s) => s.from < hit.to && hit.from < s.to)) continue;
            context.report({
              turn: turn.index,
              span: hit,
              message: message(hit.text),
              suggestion: hit.entry.suggestion,
            });
          }
        },
      };
    },
  });
}
