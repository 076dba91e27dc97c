/**
 * The "required" rule kind: phrases the agent must say, within the agent's
 * first or last N turns, within N agent turns after an anchor (a complaint →
 * an apology), or before the first anchor (a question → before the farewell).
 */
import { z } from 'zod';
import type { Category } from '../../lexicon/schema.js';
import { type AnalysedTurn, defineRule, isAgent, type Rule, type RuleMeta } from '../types.js';
import { hitsOfAny, type SpeakerFilter, spokenBy } from './shared.js';

export interface RequiredSpec {
  categories: Category[];
  scope: 'first' | 'last' | 'after' | 'before';
  turns: number;
  anchorCategories?: Category[];
  anchorSpeaker?: SpeakerFilter;
  message: string;
  suggestion?: string;
  channel?: 'call' | 'chat';
}

export function requiredRule(meta: Omit<RuleMeta<unknown>, 'options'>, spec: RequiredSpec): Rule<unknown> {
  return defineRule({
    meta: { ...meta, options: z.object({}) },
    create(context) {
      const report = (turn: number) => context.report({ turn, message: spec.message, suggestion: spec.suggestion });
      const says = (turn: AnalysedTurn) => hitsOfAny(turn, spec.categories).length > 0;
      const anchorIn = (turn: AnalysedTurn) =>
        spokenBy(turn, spec.anchorSpeaker ?? 'any') ? hitsOfAny(turn, spec.anchorCategories ?? [])[0] : undefined;
      const applies = !spec.channel || context.channel === spec.channel;

      let agentTurns = 0;
      let firstAgentTurn: number | undefined;
      let lastAgentTurn: number | undefined;
      let satisfied = false;
      const recent: boolean[] = [];
      let window: { firstTurn?: number; remaining: number } | undefined;

      return {
        turn(turn) {
          if (!applies) return;
          if (spec.scope === 'after') {
            if (!window && anchorIn(turn)) window = { remaining: spec.turns };
            if (window && isAgent(turn)) {
              window.firstTurn ??= turn.index;
              if (says(turn)) window = undefined;
              else if (--window.remaining === 0) {
                report(window.firstTurn);
                window = undefined;
              }
            }
            return;
          }
          if (spec.scope === 'before') {
            if (satisfied) return;
            const anchor = anchorIn(turn);
            const early = isAgent(turn) ? hitsOfAny(turn, spec.categories).filter((h) => !anchor || h.from < anchor.from) : [];
            if (early.length > 0) satisfied = true;
            else if (anchor) {
              report(turn.index);
              satisfied = true;
            }
            return;
          }
          if (!isAgent(turn)) return;
          agentTurns++;
          firstAgentTurn ??= turn.index;
          lastAgentTurn = turn.index;
          if (spec.scope === 'first') {
            if (agentTurns <= spec.turns && says(turn)) satisfied = true;
            if (agentTurns === spec.turns && !satisfied) report(firstAgentTurn);
          } else {
            recent.push(says(turn));
            if (recent.length > spec.turns) recent.shift();
          }
        },
        end() {
          if (!applies) return;
          if (spec.scope === 'after' && window?.firstTurn !== undefined) report(window.firstTurn);
          if (spec.scope === 'first' && firstAgentTurn !== undefined && agentTurns < spec.turns && !satisfied) report(firstAgentTurn);
          if (spec.scope === 'last' && lastAgentTurn !== undefined && !recent.includes(true)) report(lastAgentTurn);
        },
      };
    },
  });
}
