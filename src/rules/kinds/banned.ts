/**
 * The "banned" kind: phrases that must not be said. Every hit of the match in a
 * turn of the given speaker (the agent by default) is a finding at its span,
 * with the entry's courteous alternative (else the rule's) as suggestion.
 *
 * ```yaml
 * - id: hospitality.no-wait-phrase
 *   kind: banned
 *   match: { phrases: [请稍等, 稍等] }   # or { category: banned.shirk }
 *   speaker: agent                       # agent (default), customer or any
 *   message: '酒店服务禁语:{{text}}'     # message id `found`; {{text}} is the reported span
 *   options: { yieldTo: [banned.shirk] } # categories whose overlapping hits take precedence
 * ```
 * Overlapping hits are one finding over their union; a turn lists at most
 * MAX_FINDINGS_PER_TURN findings of one rule, the last with message `more`.
 */
import { z } from 'zod';
import type { Hit } from '../../lexicon/matcher.js';
import { CategorySchema } from '../../lexicon/schema.js';
import { defineRule } from '../types.js';
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
  SpeakerFilterSchema,
  spokenBy,
} from './shared.js';

/**
 * One turn may hold thousands of hits (a phrase repeated over and over): the
 * first MAX_FINDINGS_PER_TURN are reported one by one, and the last of them
 * says how many there are in all, so a report stays readable and its size
 * bounded whatever the input. The score is already at its floor long before.
 */
export const MAX_FINDINGS_PER_TURN = 20;
/** Appended to the last listed finding's message when a turn has more (`{{total}}`, `{{shown}}`). */
export const MORE_MESSAGE = '(本句共 {{total}} 处,仅列出前 {{shown}} 处)';

const BannedOptionsSchema = z.object({ yieldTo: z.array(CategorySchema).default([]) }).strict();

export const BannedRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('banned'),
    match: PhraseMatchSchema,
    speaker: SpeakerFilterSchema.default('agent'),
    /** defaults of the options a pack may tune: `yieldTo` categories whose overlapping hits take precedence (one span, one rule) */
    options: BannedOptionsSchema.partial().default({}),
  })
  .strict()
  .refine(needsMessage, MESSAGE_REQUIRED);
export type BannedRuleSpec = z.output<typeof BannedRuleSchema> & CommonRuleSpec;

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

export const bannedKind: RuleKind<BannedRuleSpec> = {
  name: 'banned',
  schema: BannedRuleSchema as z.ZodType<BannedRuleSpec, any>,
  mainMessage: 'found',
  build(spec, onLegacyPlaceholder) {
    const match = new MatchCategories(spec);
    const categories = match.of('match', spec.match);
    const meta = metaOf(spec, 'found', onLegacyPlaceholder);
    const rule = defineRule({
      meta: {
        ...meta,
        messages: { more: `${meta.messages.found}${MORE_MESSAGE}`, ...meta.messages },
        kind: 'banned',
        turnLocal: true,
        categories: [...categories, ...(spec.options.yieldTo ?? [])],
        options: BannedOptionsSchema.extend({ yieldTo: z.array(CategorySchema).default(spec.options.yieldTo ?? []) }),
      },
      create(context) {
        return {
          turn(turn) {
            if (!spokenBy(turn, spec.speaker) || (spec.channel && context.channel !== spec.channel)) return;
            const own = notOverlapping(hitsOfAny(turn, categories), hitsOfAny(turn, context.options.yieldTo));
            const breaches = mergeOverlapping(own);
            for (const [k, { from, to, first }] of breaches.slice(0, MAX_FINDINGS_PER_TURN).entries()) {
              const more = k === MAX_FINDINGS_PER_TURN - 1 && breaches.length > MAX_FINDINGS_PER_TURN;
              context.report({
                turn: turn.index,
                span: turn.span(from, to),
                messageId: more ? 'more' : 'found',
                ...(more && { data: { total: breaches.length, shown: MAX_FINDINGS_PER_TURN } }),
                suggestion: first.entry.suggestion ?? spec.suggestion,
                entry: first.entry.id,
              });
            }
          },
        };
      },
    });
    return { rule, entries: match.entries };
  },
};
