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
import { DeclaredRuleSchema } from '../rules/kinds/index.js';
import { SeveritySchema } from '../rules/kinds/shared.js';

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

/** `rules.yaml` of a pack folder: the pack's declared rules (same as pack.yaml `custom`). */
export const RulesFileSchema = z.object({ rules: z.array(DeclaredRuleSchema) }).strict();

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
    /** the pack's own declared rules (they may also live in rules.yaml) */
    custom: z.array(DeclaredRuleSchema).default([]),
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
