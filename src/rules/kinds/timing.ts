/**
 * The "timing" kind: a threshold on a measured value.
 * - `reply`: agent reply start − end of the customer turn it answers;
 * - `gap`: agent turn start − end of the previous turn;
 * - `overlap`: end of the customer turn − start of the agent turn that talks over it;
 * - `rate`: characters per minute of an agent turn of at least `minChars` characters;
 * - `duration`: the conversation's length in seconds (reported on the agent's last turn).
 *
 * ```yaml
 * - id: response.slow
 *   kind: timing
 *   measure: reply
 *   options: { max: 60, maxFirst: 30 }   # thresholds a pack may tune; maxFirst: the agent's first turn
 *   message: '回复过慢:{{value:0}} 秒后才回复'   # message id `exceeded`; {{value}} is the measured value
 * ```
 * Turns without the times a measure needs are skipped, never failed.
 */
import { z } from 'zod';
import { type AnalysedTurn, defineRule, hasTiming, isAgent } from '../types.js';
import { type CommonRuleSpec, commonRuleFields, MESSAGE_REQUIRED, metaOf, needsMessage, type RuleKind } from './shared.js';

const TimingOptionsSchema = z
  .object({
    max: z.number().nonnegative(),
    /** the threshold for the agent's first turn; default: max */
    maxFirst: z.number().nonnegative().optional(),
    /** true: fires at exactly the threshold too (>=); false: only above it (>) */
    inclusive: z.boolean().default(false),
    minChars: z.number().int().nonnegative().default(0),
  })
  .strict();

export const TimingRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('timing'),
    measure: z.enum(['reply', 'gap', 'overlap', 'rate', 'duration']),
    /** defaults of the options (round one's top-level names, still read) */
    max: z.number().nonnegative().optional(),
    inclusive: z.boolean().optional(),
    minChars: z.number().int().nonnegative().optional(),
    options: TimingOptionsSchema.partial().default({}),
  })
  .strict()
  .refine(needsMessage, MESSAGE_REQUIRED)
  .refine((r) => r.max !== undefined || r.options.max !== undefined, { message: 'give a threshold: options.max', path: ['options', 'max'] });
export type TimingRuleSpec = z.output<typeof TimingRuleSchema> & CommonRuleSpec;

const NOT_SPOKEN = /[\p{White_Space}\p{P}\p{S}]/gu;

/** Characters that are spoken: not whitespace, punctuation or symbols (contract 3.1). */
export function spokenChars(text: string): number {
  return [...text.replace(NOT_SPOKEN, '')].length;
}

export const timingKind: RuleKind<TimingRuleSpec> = {
  name: 'timing',
  schema: TimingRuleSchema as z.ZodType<TimingRuleSpec, any>,
  mainMessage: 'exceeded',
  build(spec, onLegacyPlaceholder) {
    const defaults = { max: spec.options.max ?? spec.max!, maxFirst: spec.options.maxFirst, inclusive: spec.options.inclusive ?? spec.inclusive ?? false, minChars: spec.options.minChars ?? spec.minChars ?? 0 };
    const rule = defineRule({
      meta: {
        ...metaOf(spec, 'exceeded', onLegacyPlaceholder),
        kind: 'timing',
        categories: [],
        options: TimingOptionsSchema.extend({
          max: z.number().nonnegative().default(defaults.max),
          maxFirst: defaults.maxFirst !== undefined ? z.number().nonnegative().default(defaults.maxFirst) : z.number().nonnegative().optional(),
          inclusive: z.boolean().default(defaults.inclusive),
          minChars: z.number().int().nonnegative().default(defaults.minChars),
        }),
      },
      create(context) {
        const { max, maxFirst, inclusive, minChars } = context.options;
        const exceeds = (value: number, limit: number) => (inclusive ? value >= limit : value > limit);
        const report = (turn: number, value: number) => context.report({ turn, messageId: 'exceeded', data: { value }, suggestion: spec.suggestion });
        const applies = !spec.channel || context.channel === spec.channel;
        let previous: AnalysedTurn | undefined;
        let lastCustomer: AnalysedTurn | undefined;
        let lastAgentTurn: number | undefined;
        let firstStart: number | undefined;
        let lastEnd: number | undefined;

        const measure = (turn: AnalysedTurn & { start: number }): number | undefined => {
          switch (spec.measure) {
            case 'reply':
              return previous?.speaker === 'customer' && hasTiming(previous) ? turn.start - previous.end : undefined;
            case 'gap':
              return previous && hasTiming(previous) ? turn.start - previous.end : undefined;
            case 'overlap':
              return lastCustomer && hasTiming(lastCustomer) && lastCustomer.start < turn.start ? lastCustomer.end - turn.start : undefined;
            case 'rate': {
              if (!hasTiming(turn) || turn.end <= turn.start) return undefined;
              const chars = spokenChars(turn.text);
              return chars >= minChars ? chars / ((turn.end - turn.start) / 60) : undefined;
            }
            case 'duration':
              return undefined;
          }
        };

        return {
          turn(turn) {
            if (!applies || turn.speaker === 'system') return;
            if (turn.start !== undefined) firstStart ??= turn.start;
            if (turn.end !== undefined) lastEnd = Math.max(lastEnd ?? turn.end, turn.end);
            if (isAgent(turn)) {
              const limit = lastAgentTurn === undefined ? (maxFirst ?? max) : max;
              lastAgentTurn = turn.index;
              if (turn.start !== undefined) {
                const value = measure(turn as AnalysedTurn & { start: number });
                if (value !== undefined && exceeds(value, limit)) report(turn.index, value);
              }
            } else {
              lastCustomer = turn;
            }
            previous = turn;
          },
          end() {
            if (!applies || spec.measure !== 'duration' || lastAgentTurn === undefined) return;
            if (firstStart !== undefined && lastEnd !== undefined && exceeds(lastEnd - firstStart, max)) report(lastAgentTurn, lastEnd - firstStart);
          },
        };
      },
    });
    return { rule, entries: [] };
  },
};
