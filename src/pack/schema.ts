/**
 * Pack files, validated with zod:
 * - `pack.yaml`: name, version, parent (`extends`), grade bands, settings of
 *   existing rules, lexicon entries to remove, and the pack's own declarative
 *   rules (`custom`, in four kinds: banned, required, order, timing);
 * - `tests.yaml`: the pack's own example conversations with the findings they
 *   must and must not produce.
 * Lexicon entries live in the pack folder's other `*.yaml` files (src/lexicon/schema.ts).
 */
import { z } from 'zod';
import { CategorySchema, PatternSchema, SourceSchema } from '../lexicon/schema.js';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
const RuleIdSchema = z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)+$/, 'rule id like "window.one-time-notice" (lower case, at least one dot)');

export const RuleSettingSchema = z
  .object({
    enabled: z.boolean().optional(),
    severity: SeveritySchema.optional(),
    deduct: z.number().nonnegative().optional(),
    redLine: z.boolean().optional(),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

export const GradeBandsSchema = z
  .object({ 优秀: z.number().min(0).max(100), 良好: z.number().min(0).max(100), 合格: z.number().min(0).max(100) })
  .strict()
  .refine((g) => g.优秀 >= g.良好 && g.良好 >= g.合格, { message: 'bands must descend: 优秀 >= 良好 >= 合格' });

/** What a declarative rule looks for: existing lexicon categories and/or its own phrases and patterns. */
export const PhraseMatchSchema = z
  .object({
    category: z.union([CategorySchema, z.array(CategorySchema)]).optional(),
    phrases: z.array(z.string().min(1)).optional(),
    patterns: z.array(PatternSchema).optional(),
    allow: z.array(z.string().min(1)).optional(),
    /** as in lexicon entries: also match ASR slips by pinyin (default true); count only at a clause end (default false) */
    fuzzy: z.boolean().optional(),
    clauseEnd: z.boolean().optional(),
  })
  .strict()
  .refine((m) => m.category !== undefined || (m.phrases?.length ?? 0) + (m.patterns?.length ?? 0) > 0, {
    message: 'give a category, phrases or patterns',
  });
export type PhraseMatch = z.output<typeof PhraseMatchSchema>;

const speaker = z.enum(['agent', 'customer', 'any']);

const commonRuleFields = {
  id: RuleIdSchema,
  description: z.string().min(1),
  source: z.union([SourceSchema, z.array(SourceSchema).min(1)]),
  severity: SeveritySchema.default('warning'),
  deduct: z.number().nonnegative().default(5),
  redLine: z.boolean().default(false),
  /** `{text}` is replaced by the matched text where there is one */
  message: z.string().min(1),
  suggestion: z.string().optional(),
  channel: z.enum(['call', 'chat']).optional().describe('only conversations on this channel'),
};

export const BannedRuleSchema = z
  .object({ ...commonRuleFields, kind: z.literal('banned'), match: PhraseMatchSchema, speaker: speaker.default('agent') })
  .strict();

export const RequiredRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('required'),
    match: PhraseMatchSchema,
    /** first/last: within the agent's first/last `turns` turns; after: within `turns` agent turns from an anchor; before: before the first anchor */
    scope: z.enum(['first', 'last', 'after', 'before']),
    turns: z.number().int().positive().default(1),
    anchor: PhraseMatchSchema.optional(),
    anchorSpeaker: speaker.default('any'),
  })
  .strict()
  .refine((r) => (r.scope === 'after' || r.scope === 'before') === (r.anchor !== undefined), {
    message: 'scope after/before needs an anchor; first/last take none',
    path: ['anchor'],
  });

export const OrderRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('order'),
    /** `first` must come before `then` (in the same agent turn, or anywhere earlier in the conversation) */
    first: PhraseMatchSchema,
    then: PhraseMatchSchema,
    scope: z.enum(['turn', 'conversation']).default('conversation'),
  })
  .strict();

export const TimingRuleSchema = z
  .object({
    ...commonRuleFields,
    kind: z.literal('timing'),
    /**
     * reply: agent reply start − end of the customer turn it answers;
     * gap: agent turn start − end of the previous turn;
     * overlap: end of the customer turn − start of the agent turn that talks over it;
     * rate: characters per minute of an agent turn (at least `minChars`);
     * duration: the conversation's length in seconds (reported on the agent's last turn).
     */
    measure: z.enum(['reply', 'gap', 'overlap', 'rate', 'duration']),
    max: z.number().nonnegative(),
    /** true: fires at exactly `max` too (>=); false: only above it (>) */
    inclusive: z.boolean().default(false),
    minChars: z.number().int().nonnegative().default(0),
  })
  .strict();

export const CustomRuleSchema = z.discriminatedUnion('kind', [BannedRuleSchema, RequiredRuleSchema, OrderRuleSchema, TimingRuleSchema]);
export type CustomRule = z.output<typeof CustomRuleSchema>;

export const PackFileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case name: letters, digits, -'),
    version: z.string().regex(/^\d+\.\d+\.\d+/, 'a version such as 1.0.0'),
    description: z.string().optional(),
    /** parent pack (name or path); default `general`, `null` for a root pack */
    extends: z.string().min(1).nullable().optional(),
    grades: GradeBandsSchema.optional(),
    rules: z.record(z.string(), RuleSettingSchema).default({}),
    lexicon: z
      .object({ remove: z.array(z.string()).default([]) })
      .strict()
      .default({ remove: [] }),
    custom: z.array(CustomRuleSchema).default([]),
  })
  .strict();

export type PackFile = z.output<typeof PackFileSchema>;
export type GradeBands = z.output<typeof GradeBandsSchema>;
export const DEFAULT_GRADES: GradeBands = { 优秀: 90, 良好: 80, 合格: 60 };

/** A turn in a pack test: `{agent: 您好}` / `{customer: …}` / `{system: …}`, or the canonical `{speaker, text}`; times optional. */
const times = { start: z.number().nonnegative().optional(), end: z.number().nonnegative().optional() };
const PackTestTurnSchema = z.union([
  z.object({ agent: z.string(), ...times }).strict(),
  z.object({ customer: z.string(), ...times }).strict(),
  z.object({ system: z.string(), ...times }).strict(),
  z.object({ speaker: z.enum(['agent', 'customer', 'system']), text: z.string(), ...times }).strict(),
]);

const findingRef = z.string().regex(/^[a-z][a-z0-9_.-]*(@\d+)?$/, '"rule@turn" (turn optional in `absent`)');

export const PackTestSchema = z
  .object({
    name: z.string().min(1),
    channel: z.enum(['call', 'chat']).default('call'),
    turns: z.array(PackTestTurnSchema).min(1),
    events: z.array(z.unknown()).default([]),
    /** findings that must be produced, as "rule@turn" */
    expect: z.array(findingRef.refine((s) => s.includes('@'), { message: 'expect needs "rule@turn"' })).default([]),
    /** findings that must not be produced: "rule@turn", or "rule" for any turn */
    absent: z.array(findingRef).default([]),
  })
  .strict();

export const PackTestsFileSchema = z.object({ tests: z.array(PackTestSchema) }).strict();
export type PackTest = z.output<typeof PackTestSchema>;
