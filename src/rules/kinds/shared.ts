/**
 * What the four declarative kinds share: the fields every declared rule has
 * (id, severity, deduct, red line, description, source, messages), the
 * `match` of phrases it looks for, and how a match becomes lexicon categories.
 */
import { z } from 'zod';
import type { Hit } from '../../lexicon/matcher.js';
import { type Category, CategorySchema, type LexiconEntry, PatternSchema, SourceSchema } from '../../lexicon/schema.js';
import { upgradeLegacyPlaceholders } from '../message-template.js';
import type { AnalysedTurn, RegulationSource, Rule, RuleMeta } from '../types.js';

export type SpeakerFilter = 'agent' | 'customer' | 'any';
export const SpeakerFilterSchema = z.enum(['agent', 'customer', 'any']);
export const SeveritySchema = z.enum(['error', 'warning', 'info']);

export function spokenBy(turn: AnalysedTurn, speaker: SpeakerFilter): boolean {
  return turn.speaker !== 'system' && (speaker === 'any' || turn.speaker === speaker);
}

/** Hits of any of the categories, in text order. */
export function hitsOfAny(turn: AnalysedTurn, categories: readonly Category[]): Hit[] {
  const hits = categories.flatMap((c) => turn.hitsOf(c));
  return categories.length > 1 ? hits.sort((a, b) => a.from - b.from) : hits;
}

/** Whether the turn has a hit of any of the categories (cheaper than the hits themselves). */
export function hasAny(turn: AnalysedTurn, categories: readonly Category[]): boolean {
  return categories.some((c) => turn.has(c));
}

/** What a declared rule looks for: existing lexicon categories and/or its own phrases and patterns. */
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

/** Rule ids are lower case; a pack's own rules usually carry the pack's name before a dot (window.one-time-notice). */
const RuleIdSchema = z.string().regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'rule id like "window.one-time-notice" (lower case, dots between parts)');

/** The fields of every declared rule, whatever its kind. */
export const commonRuleFields = {
  id: RuleIdSchema,
  description: z.string().min(1),
  source: z.union([SourceSchema, z.array(SourceSchema).min(1)]),
  severity: SeveritySchema.default('warning'),
  deduct: z.number().nonnegative().default(5),
  redLine: z.boolean().default(false),
  /** the template of the kind's main message; `{{text}}` is the matched text, `{{value}}` the measured value */
  message: z.string().min(1).optional(),
  /** templates by message id, for kinds with more than one message (and instead of `message`) */
  messages: z.record(z.string(), z.string().min(1)).optional(),
  suggestion: z.string().optional(),
  channel: z.enum(['call', 'chat']).optional().describe('only conversations on this channel'),
  /** old option names still accepted for this rule, each with its new name */
  optionAliases: z.record(z.string(), z.string()).optional(),
  /** rules in TypeScript name their reminder id; declared rules may set one (default: the category read, else the rule id) */
  reminder: z.string().optional(),
};

export const needsMessage = (r: { message?: string; messages?: Record<string, string> }) => r.message !== undefined || r.messages !== undefined;
export const MESSAGE_REQUIRED = { message: 'give a message (or messages)', path: ['message'] };

export interface CommonRuleSpec {
  id: string;
  description: string;
  source: z.output<typeof SourceSchema> | Array<z.output<typeof SourceSchema>>;
  severity: 'error' | 'warning' | 'info';
  deduct: number;
  redLine: boolean;
  message?: string;
  messages?: Record<string, string>;
  suggestion?: string;
  channel?: 'call' | 'chat';
  optionAliases?: Record<string, string>;
  reminder?: string;
}

/** A declared rule's meta without the parts its kind supplies (options, categories, turnLocal). */
export function metaOf(spec: CommonRuleSpec, mainMessage: string, onLegacyPlaceholder: (template: string) => void): Omit<RuleMeta<unknown>, 'options' | 'categories'> {
  const messages: Record<string, string> = { ...spec.messages, ...(spec.message !== undefined && { [mainMessage]: spec.message }) };
  for (const [id, template] of Object.entries(messages)) {
    const upgraded = upgradeLegacyPlaceholders(template);
    if (upgraded !== undefined) {
      onLegacyPlaceholder(template);
      messages[id] = upgraded;
    }
  }
  const sources: RegulationSource[] = Array.isArray(spec.source) ? spec.source : [spec.source];
  return {
    id: spec.id,
    severity: spec.severity,
    redLine: spec.redLine,
    deduct: spec.deduct,
    description: spec.description,
    source: sources,
    messages,
    ...(spec.optionAliases && { optionAliases: spec.optionAliases }),
  };
}

/**
 * Turns the `match`es of a declared rule into categories: the categories it
 * names, plus, for its own phrases and patterns, a private category
 * `<rule id>#<role>` whose lexicon entry is matched in the same single pass
 * as the rest of the lexicon.
 */
export class MatchCategories {
  readonly entries: LexiconEntry[] = [];
  readonly categories: Category[] = [];

  constructor(private readonly spec: CommonRuleSpec) {}

  of(role: string, match: PhraseMatch | undefined): Category[] {
    if (!match) return [];
    const own = match.category === undefined ? [] : Array.isArray(match.category) ? [...match.category] : [match.category];
    if ((match.phrases?.length ?? 0) + (match.patterns?.length ?? 0) > 0) {
      const category = `${this.spec.id}#${role}`;
      const sources = Array.isArray(this.spec.source) ? this.spec.source : [this.spec.source];
      this.entries.push({
        id: category,
        category,
        phrases: match.phrases ?? [],
        patterns: match.patterns ?? [],
        allow: match.allow ?? [],
        clauseEnd: match.clauseEnd ?? false,
        unless: [],
        shortSlips: false,
        fuzzy: match.fuzzy ?? true,
        suggestion: role === 'match' ? this.spec.suggestion : undefined,
        source: sources[0],
        examples: { hit: [], miss: [] },
      });
      own.push(category);
    }
    this.categories.push(...own);
    return own;
  }
}

/** A rule a declared spec became, with the lexicon entries made from its own phrases. */
export interface BuiltRule {
  rule: Rule<any>;
  entries: LexiconEntry[];
}

/** One declarative kind: the schema of its specs (pack YAML), its main message id and its builder. */
export interface RuleKind<Spec extends CommonRuleSpec> {
  name: string;
  schema: z.ZodType<Spec, any>;
  /** the message id that a spec's `message` fills */
  mainMessage: string;
  /** `onLegacyPlaceholder` hears of each template still in round one's `{text}` syntax */
  build(spec: Spec, onLegacyPlaceholder: (template: string) => void): BuiltRule;
}
