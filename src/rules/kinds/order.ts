/**
 * The "order" rule kind: `first` must come before `then` in the agent's speech
 * (GREET before IDENT, thanks before farewell). Fires where `then` was said when
 * `first` only follows it, in the same turn (scope turn) or anywhere later.
 */
import { z } from 'zod';
import type { Category } from '../../lexicon/schema.js';
import { defineRule, isAgent, type Rule, type RuleMeta } from '../types.js';
import { hitsOfAny } from './shared.js';

export interface OrderSpec {
  first: Category[];
  then: Category[];
  scope: 'turn' | 'conversation';
  message: (text: string) => string;
  suggestion?: string;
  channel?: 'call' | 'chat';
}

export function orderRule(meta: Omit<RuleMeta<unknown>, 'options'>, spec: OrderSpec): Rule<unknown> {
  return defineRule({
    meta: { ...meta, options: z.object({}) },
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
          const firstHit = hitsOfAny(turn, spec.first)[0];
          const thenHit = hitsOfAny(turn, spec.then)[0];
          if (thenHit && !pending && (!firstHit || thenHit.from < firstHit.from)) pending = { turn: turn.index, span: thenHit };
          if (firstHit) {
            firstSeen = true;
            if (pending) {
              context.report({ turn: pending.turn, span: pending.span, message: spec.message(pending.span.text), suggestion: spec.suggestion });
              done = true;
            }
          }
        },
      };
    },
  });
}
