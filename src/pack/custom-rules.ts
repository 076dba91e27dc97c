/**
 * Turns a pack's declarative rules (pack.yaml `custom`) into ordinary rules.
 * Their own phrases and patterns become lexicon entries of a private category
 * (`<rule id>#<role>`), so they are matched in the same single pass as the rest
 * of the lexicon.
 */
import type { LexiconEntry } from '../lexicon/schema.js';
import { bannedRule } from '../rules/kinds/banned.js';
import { orderRule } from '../rules/kinds/order.js';
import { requiredRule } from '../rules/kinds/required.js';
import { fillTemplate } from '../rules/kinds/shared.js';
import { timingRule } from '../rules/kinds/timing.js';
import type { RegulationSource, Rule } from '../rules/types.js';
import type { CustomRule, PhraseMatch } from './schema.js';

export interface CompiledCustomRule {
  rule: Rule<unknown>;
  /** lexicon entries made from the rule's own phrases */
  entries: LexiconEntry[];
  /** the categories the rule reads */
  categories: string[];
}

export function compileCustomRule(spec: CustomRule): CompiledCustomRule {
  const entries: LexiconEntry[] = [];
  const sources: RegulationSource[] = Array.isArray(spec.source) ? spec.source : [spec.source];
  const categories: string[] = [];

  const categoriesOf = (role: string, match: PhraseMatch): string[] => {
    const own = match.category === undefined ? [] : Array.isArray(match.category) ? match.category : [match.category];
    if ((match.phrases?.length ?? 0) + (match.patterns?.length ?? 0) > 0) {
      const category = `${spec.id}#${role}`;
      entries.push({
        id: category,
        category,
        phrases: match.phrases ?? [],
        patterns: match.patterns ?? [],
        allow: match.allow ?? [],
        clauseEnd: match.clauseEnd ?? false,
        fuzzy: match.fuzzy ?? true,
        suggestion: role === 'match' ? spec.suggestion : undefined,
        source: sources[0],
        examples: { hit: [], miss: [] },
      });
      own.push(category);
    }
    categories.push(...own);
    return own;
  };

  const meta = {
    id: spec.id,
    severity: spec.severity,
    redLine: spec.redLine,
    deduct: spec.deduct,
    description: spec.description,
    source: sources,
  };
  const text = (t: string) => fillTemplate(spec.message, { text: t });
  let rule: Rule<any>;
  switch (spec.kind) {
    case 'banned':
      rule = bannedRule(meta, { categories: categoriesOf('match', spec.match), message: text, speaker: spec.speaker, suggestion: spec.suggestion, channel: spec.channel });
      break;
    case 'required':
      rule = requiredRule(meta, {
        categories: categoriesOf('match', spec.match),
        scope: spec.scope,
        turns: spec.turns,
        anchorCategories: spec.anchor && categoriesOf('anchor', spec.anchor),
        anchorSpeaker: spec.anchorSpeaker,
        message: spec.message,
        suggestion: spec.suggestion,
        channel: spec.channel,
      });
      break;
    case 'order':
      rule = orderRule(meta, {
        first: categoriesOf('first', spec.first),
        then: categoriesOf('then', spec.then),
        scope: spec.scope,
        message: text,
        suggestion: spec.suggestion,
        channel: spec.channel,
      });
      break;
    case 'timing':
      rule = timingRule(meta, {
        measure: spec.measure,
        max: spec.max,
        inclusive: spec.inclusive,
        minChars: spec.minChars,
        message: (value) => fillTemplate(spec.message, { value }),
        suggestion: spec.suggestion,
        channel: spec.channel,
      });
      break;
  }
  return { rule, entries, categories };
}
