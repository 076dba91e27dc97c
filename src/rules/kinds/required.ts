/**
 * The "required" kind: phrases the agent must say.
 * - scope `first` / `last`: within the agent's first / last `turns` turns
 *   (reported at the agent's first / last turn);
 * - scope `anywhere`: in some agent turn; reported, provisionally, at the
 *   agent's first turn when that turn lacks it, and withdrawn when a later turn says it;
 * - scope `after`: within `turns` agent turns after an anchor (a complaint → an apology),
 *   reported at the first of them;
 * - scope `before`: before the first anchor (reported at the anchor's turn).
 *
 * ```yaml
 * - id: closing.missing
 *   kind: required
 *   match: { category: farewell }
 *   scope: last
 *   options: { turns: 2 }    # the threshold a pack may tune
 *   message: 结束时未使用告别语  # message id `missing`
 * ```
 * A rule of scope last or anywhere is also a reminder in the live sidebar (`reminder`: its id there).
 */
import { z } from 'zod';
import { type AnalysedTurn, defineRule, isAgent, type Reminder } from '../types.js';
import {
  type CommonRuleSpec,
  commonRuleFields,
  hasAny,
  hitsOfAny,
  MatchCategories,
  MESSAGE_REQUIRED,
  metaOf,
  needsMessage,
  PhraseMatchSchema,
  type RuleKind,
  SpeakerFilterSchema,
  spokenBy,
} from './shared.js';

const RequiredOptionsSchema = z.object({ turns: z.number().int().positive().default(1) }).strict();

export const RequiredRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('required'),
    match: PhraseMatchSchema,
    scope: z.enum(['first', 'last', 'anywhere', 'after', 'before']),
    /** default of the `turns` option (round one's name, still read) */
    turns: z.number().int().positive().optional(),
    options: RequiredOptionsSchema.partial().default({}),
    anchor: PhraseMatchSchema.optional(),
    anchorSpeaker: SpeakerFilterSchema.default('any'),
  })
  .strict()
  .refine(needsMessage, MESSAGE_REQUIRED)
  .refine((r) => (r.scope === 'after' || r.scope === 'before') === (r.anchor !== undefined), {
    message: 'scope after/before needs an anchor; first/last/anywhere take none',
    path: ['anchor'],
  });
export type RequiredRuleSpec = z.output<typeof RequiredRuleSchema> & CommonRuleSpec;

export const requiredKind: RuleKind<RequiredRuleSpec> = {
  name: 'required',
  schema: RequiredRuleSchema as z.ZodType<RequiredRuleSpec, any>,
  mainMessage: 'missing',
  build(spec, onLegacyPlaceholder) {
    const match = new MatchCategories(spec);
    const categories = match.of('match', spec.match);
    const anchorCategories = match.of('anchor', spec.anchor);
    const defaultTurns = spec.options.turns ?? spec.turns ?? 1;
    const reminder: Reminder | undefined =
      spec.scope === 'last' || spec.scope === 'anywhere'
        ? {
            id: spec.reminder ?? (categories.length === 1 && !categories[0].includes('#') ? categories[0] : spec.id),
            categories,
            label: spec.suggestion ?? spec.description,
            ...(spec.scope === 'last' ? { lastTurns: defaultTurns } : { opening: true }),
          }
        : undefined;
    const rule = defineRule({
      meta: {
        ...metaOf(spec, 'missing', onLegacyPlaceholder),
        kind: 'required',
        categories: match.categories,
        options: RequiredOptionsSchema.extend({ turns: z.number().int().positive().default(defaultTurns) }),
        ...(reminder && { reminder }),
      },
      create(context) {
        const turns = context.options.turns;
        // `entry`: for scope after, the anchor's entry (the complaint cue that went unanswered)
        const report = (turn: number, provisional = false, entry?: string) =>
          context.report({ turn, messageId: 'missing', suggestion: spec.suggestion, entry, ...(provisional && { key: 'missing', provisional }) });
        const says = (turn: AnalysedTurn) => hasAny(turn, categories);
        const anchorIn = (turn: AnalysedTurn) => (spokenBy(turn, spec.anchorSpeaker) ? hitsOfAny(turn, anchorCategories)[0] : undefined);
        const applies = !spec.channel || context.channel === spec.channel;

        let agentTurns = 0;
        let firstAgentTurn: number | undefined;
        let lastAgentTurn: number | undefined;
        let satisfied = false;
        const recent: boolean[] = [];
        let window: { firstTurn?: number; remaining: number; anchorEntry: string } | undefined;

        return {
          turn(turn) {
            if (!applies) return;
            if (spec.scope === 'after') {
              const anchor = window ? undefined : anchorIn(turn);
              if (anchor) window = { remaining: turns, anchorEntry: anchor.entry.id };
              if (window && isAgent(turn)) {
                window.firstTurn ??= turn.index;
                if (says(turn)) window = undefined;
                else if (--window.remaining === 0) {
                  report(window.firstTurn, false, window.anchorEntry);
                  window = undefined;
                }
              }
              return;
            }
            if (spec.scope === 'before') {
              if (satisfied) return;
              const anchor = anchorIn(turn);
              const early = isAgent(turn) ? hitsOfAny(turn, categories).filter((h) => !anchor || h.from < anchor.from) : [];
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
            if (spec.scope === 'anywhere') {
              if (satisfied) return;
              if (says(turn)) {
                satisfied = true;
                if (agentTurns > 1) context.retract('missing');
              } else if (agentTurns === 1) report(turn.index, true);
            } else if (spec.scope === 'first') {
              if (agentTurns <= turns && says(turn)) satisfied = true;
              if (agentTurns === turns && !satisfied) report(firstAgentTurn);
            } else {
              recent.push(says(turn));
              if (recent.length > turns) recent.shift();
            }
          },
          end() {
            if (!applies) return;
            if (spec.scope === 'after' && window?.firstTurn !== undefined) report(window.firstTurn, false, window.anchorEntry);
            if (spec.scope === 'first' && firstAgentTurn !== undefined && agentTurns < turns && !satisfied) report(firstAgentTurn);
            if (spec.scope === 'last' && lastAgentTurn !== undefined && !recent.includes(true)) report(lastAgentTurn);
          },
        };
      },
    });
    return { rule, entries: match.entries };
  },
};
