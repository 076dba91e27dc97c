/**
 * The metadata part of docs/rules.md, generated from the rules' meta so it
 * cannot drift: under each `## <rule id>` heading, the block between the
 * `<!-- meta -->` markers (description, kind, severity, deduction, red line,
 * options with defaults, categories read, regulation sources). The rest of each
 * section (what fires it, the traps, an example) is written by hand.
 * `npm run docs` rewrites the blocks; test/rules-registry.test.ts fails when they are stale.
 */
import { ZodObject } from 'zod';
import type { EffectiveRule, Pack } from '../pack/load.js';

const BEGIN = '<!-- meta: generated from the rule by `npm run docs`; edit the rule, not this block -->';
const END = '<!-- /meta -->';

function metaBlock(r: EffectiveRule): string {
  const { meta } = r.rule;
  const options = Object.entries((r.options ?? {}) as Record<string, unknown>).map(([k, v]) => `\`${k}: ${JSON.stringify(v)}\``);
  const facts = [
    meta.kind ? `kind \`${meta.kind}\` (lexicons/general/rules.yaml)` : 'TypeScript (src/rules)',
    `severity \`${meta.severity}\``,
    meta.redLine ? '**红线 red line**' : 'not a red line',
    `deduct ${meta.deduct}`,
    options.length > 0 ? `options ${options.join(', ')}` : 'no options',
  ];
  const lines = [BEGIN, meta.description, '', `- ${facts.join(' · ')}`];
  if (meta.categories.length > 0) lines.push(`- Reads: ${meta.categories.map((c) => `\`${c}\``).join(', ')}`);
  if (meta.optionAliases) lines.push(`- Old option names still read: ${Object.entries(meta.optionAliases).map(([old, now]) => `\`${old}\` → \`${now}\``).join(', ')}`);
  lines.push(`- Source: ${meta.source.map((s) => `${s.seed} ${s.clause}`).join('; ')}`);
  lines.push(`- Messages: ${Object.entries(meta.messages).map(([id, t]) => `\`${id}\` ${t}`).join('; ')}`);
  lines.push(END);
  return lines.join('\n');
}

/** `doc` with every rule section's metadata block written from `pack`'s rules (a section without one gets it under its heading). */
export function withRuleMetadata(doc: string, pack: Pack): string {
  const byId = new Map(pack.rules.map((r) => [r.rule.meta.id, r]));
  const sections = doc.split(/^(?=## )/m);
  return sections
    .map((section) => {
      const heading = /^## (\S+)[ \t]*\n/.exec(section);
      const rule = heading && byId.get(heading[1]);
      if (!heading || !rule) return section;
      const body = section.slice(heading[0].length);
      const begin = body.indexOf(BEGIN);
      const end = body.indexOf(END);
      const rest = (begin !== -1 && end !== -1 ? body.slice(end + END.length) : body).replace(/^\n+/, '');
      return `${heading[0]}\n${metaBlock(rule)}\n\n${rest}`;
    })
    .join('');
}
