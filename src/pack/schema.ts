/** pack.yaml: a pack's name, version, grade bands and rule settings. */
import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);

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
  .object({
    优秀: z.number().default(90),
    良好: z.number().default(80),
    合格: z.number().default(60),
  })
  .strict()
  .refine((g) => g.优秀 >= g.良好 && g.良好 >= g.合格, { message: 'bands must descend: 优秀 >= 良好 >= 合格' });

export const PackFileSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case name: letters, digits, -'),
    version: z.string().min(1),
    description: z.string().optional(),
    grades: GradeBandsSchema.default({ 优秀: 90, 良好: 80, 合格: 60 }),
    rules: z.record(z.string(), RuleSettingSchema).default({}),
  })
  .strict();

export type PackFile = z.output<typeof PackFileSchema>;
export type GradeBands = z.output<typeof GradeBandsSchema>;
