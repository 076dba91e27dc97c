/**
 * Lexicon entries: plain data in `lexicons/<pack>/*.yaml`, validated here.
 *
 * An entry is one idea (推诿: 不知道) with the phrases that say it, the contexts
 * in which those phrases are harmless (`allow`), the courteous alternative, the
 * regulation it comes from and its own examples (checked by the lexicon tests).
 */
import { z } from 'zod';
import { CONTEXT_CONDITIONS } from '../analysis/context.js';
import { patternSyntaxError } from './pattern-syntax.js';
import { expandWordClasses, UNKNOWN_CLASS } from './word-classes.js';

/** A category name: entries belong to one, rules declare the ones they read (`meta.categories`). */
export type Category = string;

export const CategorySchema = z.string().regex(/^[a-z][a-z0-9_.#-]*$/, 'lower-case name: letters, digits, . _ # -');

/** A regex of a lexicon entry or pack rule: RE2 syntax (see pattern-syntax.ts), checked when the file loads. */
export const PatternSchema = z.string().superRefine((source, ctx) => {
  const error = patternSyntaxError(source);
  if (error) ctx.addIssue({ code: 'custom', message: error });
});

export const SourceSchema = z
  .object({
    seed: z.string().min(1).describe('seed file name under shared/seeds, or "contract"'),
    clause: z.string().min(1).describe('section, item or line of the seed'),
  })
  .strict();

export const EntrySchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'lower-case id: letters, digits, . _ -'),
    category: CategorySchema,
    phrases: z.array(z.string().min(1)).default([]),
    patterns: z
      .array(PatternSchema.refine((p) => !UNKNOWN_CLASS.test(p), { message: 'names a word class {name} that the file does not define under classes' }))
      .default([])
      .describe('regular expressions matched against the normalised text'),
    allow: z.array(z.string().min(1)).default([]).describe('contexts around a hit in which it does not count'),
    clauseEnd: z.boolean().default(false).describe('a hit counts only at the end of a clause'),
    unless: z
      .array(z.enum(CONTEXT_CONDITIONS))
      .default([])
      .describe('context conditions in which a hit does not count (src/analysis/context.ts)'),
    shortSlips: z
      .boolean()
      .default(false)
      .describe('also match two-character phrases with one slip (在见 for 再见): for phrases an agent must say, where a missed slip is a false finding'),
    fuzzy: z.boolean().default(true).describe('also match by toneless pinyin (ASR slips), phrases of 3+ characters'),
    suggestion: z.string().optional(),
    source: SourceSchema,
    examples: z
      .object({ hit: z.array(z.string()).default([]), miss: z.array(z.string()).default([]) })
      .strict()
      .default({ hit: [], miss: [] }),
  })
  .strict()
  .refine((e) => e.phrases.length + e.patterns.length > 0, { message: 'an entry needs phrases or patterns' });

export type LexiconEntry = z.output<typeof EntrySchema>;

/**
 * A lexicon file: its entries, and optionally word classes (third parties,
 * degree words …) that its patterns name as {class}; they are written into the
 * patterns before validation.
 */
export const LexiconFileSchema = z.preprocess(
  expandWordClasses,
  z.object({ classes: z.record(z.string(), z.array(z.string().min(1))).optional(), entries: z.array(EntrySchema) }).strict(),
);
