/**
 * The "order" kind: `first` must come before `then` in the agent's speech
 * (a greeting before 喂, thanks before the farewell). Fires where `then` was
 * said when `first` only follows it, in the same turn (scope turn) or anywhere
 * later (scope conversation, the default); at most once per conversation.
 *
 * ```yaml
 * - id: hotline.greet-first
 *   kind: order
 *   first: { category: greeting }
 *   then: { phrases: [喂] }
 *   message: '先说了"{{text}}"才问候'   # message id `outOfOrder`; {{text}} is what `then` matched
 * ```
 */
import { z } from 'zod';
import { defineRule, isAgent } from '../types.js';
import {
  type CommonRuleSpec,
  commonRuleFields,
  hitsOfAny,
  MatchCategories,
  MESSAGE_REQUIRED,
  metaOf,
  needsMessage,
  PhraseMatchSchema,
  type RuleKind,
} from './shared.js';

export const OrderRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('order'),
    first: PhraseMatchSchema,
    then: PhraseMatchSchema,
    scope: z.enum(['turn', 'conversation']).default('conversation'),
  })
  .strict()
  .refine(needsMessage, MESSAGE_REQUIRED);
export type OrderRuleSpec = z.output<typeof OrderRuleSchema> & CommonRuleSpec;

export const orderKind: RuleKind<OrderRuleSpec> = {
  name: 'order',
  schema: OrderRuleSchema as z.ZodType<OrderRuleSpec, any>,
  mainMessage: 'outOfOrder',
  build(spec, onLegacyPlaceholder) {
    const match = new MatchCategories(spec);
    const first = match.of('first', spec.first);
    const then = match.of('then', spec.then);
    const rule = defineRule({
      meta: { ...metaOf(spec, 'outOfOrder', onLegacyPlaceholder), kind: 'order', categories: match.categories, options: z.object({}).strict() },
      create(context) {
        let firstSeen = false;
        let pending: { turn: number; span: { start: number; end: number; text: string } } | undefined;
        let done = false;
        return {
          turn(turn) {
            if (done || !isAgent(turn) || (spec.channel && context.channel !== spec.channel)) return;
            if (spec.scope === 'turn') {
              firstSeen = false;
              pending = undefined;
            }
            if (firstSeen) return;
            const firstHit = hitsOfAny(turn, first)[0];
            const thenHit = hitsOfAny(turn, then)[0];
            if (thenHit && !pending && (!firstHit || thenHit.from < firstHit.from)) pending = { turn: turn.index, span: thenHit };
            if (firstHit) {
              firstSeen = true;
              if (pending) {
                context.report({ turn: pending.turn, span: pending.span, messageId: 'outOfOrder', suggestion: spec.suggestion });
                done = true;
              }
            }
          },
        };
      },
    });
    return { rule, entries: match.entries };
  },
};
