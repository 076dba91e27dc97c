/** The four declarative kinds, one file each (schema, builder, documentation). Adding a kind: a file here and a line below. */
import { z } from 'zod';
import { bannedKind } from './banned.js';
import { orderKind } from './order.js';
import { requiredKind } from './required.js';
import type { BuiltRule, CommonRuleSpec, RuleKind } from './shared.js';
import { timingKind } from './timing.js';

export const KINDS = { banned: bannedKind, required: requiredKind, order: orderKind, timing: timingKind } as const;

/** A declared rule of any kind, as pack YAML writes it. */
export const DeclaredRuleSchema = z.discriminatedUnion('kind', [bannedKind.schema, requiredKind.schema, orderKind.schema, timingKind.schema] as any) as z.ZodType<
  DeclaredRule,
  any
>;
export type DeclaredRule = CommonRuleSpec & { kind: keyof typeof KINDS } & Record<string, unknown>;

export function buildDeclaredRule(spec: DeclaredRule, onLegacyPlaceholder: (template: string) => void): BuiltRule {
  return (KINDS[spec.kind] as RuleKind<any>).build(spec, onLegacyPlaceholder);
}
