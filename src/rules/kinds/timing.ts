/** The "timing" rule kind: thresholds on reply time, gaps, overlap, speech rate and conversation length. */
import { z } from 'zod';
import { type AnalysedTurn, defineRule, hasTiming, isAgent, type Rule, type RuleMeta } from '../types.js';

export interface TimingSpec {
  measure: 'reply' | 'gap' | 'overlap' | 'rate' | 'duration';
  max: number;
  inclusive: boolean;
  minChars: number;
  message: (value: number) => string;
  suggestion?: string;
  channel?: 'call' | 'chat';
}

const NOT_SPOKEN = /[\p{White_Space}\p{P}\p{S}]/gu;

export function spokenChars(text: string): number {
  return [...text.replace(NOT_SPOKEN, '')].length;
}

export function timingRule(meta: Omit<RuleMeta<unknown>, 'options'>, spec: TimingSpec): Rule<unknown> {
  return defineRule({
    meta: { ...meta, options: z.object({}) },
    create(context) {
      const exceeds = (value: number) => (spec.inclusive ? value >= spec.max : value > spec.max);
      const report = (turn: number, value: number) => context.report({ turn, message: spec.message(value), suggestion: spec.suggestion });
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
            return chars >= spec.minChars ? chars / ((turn.end - turn.start) / 60) : undefined;
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
            lastAgentTurn = turn.index;
            if (turn.start !== undefined) {
              const value = measure(turn as AnalysedTurn & { start: number });
              if (value !== undefined && exceeds(value)) report(turn.index, value);
            }
          } else {
            lastCustomer = turn;
          }
          previous = turn;
        },
        end() {
          if (!applies || spec.measure !== 'duration' || lastAgentTurn === undefined) return;
          if (firstStart !== undefined && lastEnd !== undefined && exceeds(lastEnd - firstStart)) report(lastAgentTurn, lastEnd - firstStart);
        },
      };
    },
  });
}
