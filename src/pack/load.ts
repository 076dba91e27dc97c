/**
 * Resolves a pack into what the analyzer needs. A pack is a folder (a name
 * under lexicons/, or any path) with `pack.yaml`, lexicon files and optionally
 * `tests.yaml`. It `extends` a parent (default `general`): the child removes,
 * adds or overrides (same id) lexicon entries, tunes or disables rules, adds
 * declarative rules and may set grade bands. Everything is validated before the
 * pack is used or cached, so a broken pack never half-loads.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { entryError, type LoadedEntry, loadLexiconDir, assertUnique } from '../lexicon/load.js';
import { LexiconMatcher } from '../lexicon/matcher.js';
import type { LexiconEntry } from '../lexicon/schema.js';
import { CODE_RULES, CODE_RULES_BY_ID } from '../rules/index.js';
import { buildDeclaredRule, type DeclaredRule } from '../rules/kinds/index.js';
import { warnOnce } from '../util/warn-once.js';
import type { Rule, Severity } from '../rules/types.js';
import { normalizePhrase } from '../text/normalize.js';
import { jiebaSegmenter } from '../text/segmenter.js';
import { namedPackDir, namedPackNames } from './named-packs.js';
import { LEXICONS_DIR } from '../util/package-root.js';
import { DataFileError, lineOf, readYamlFile } from '../util/yaml-file.js';
import { DEFAULT_GRADES, type GradeBands, PackFileSchema, type RuleSettingSchema, RulesFileSchema } from './schema.js';
import { ZodObject, type z } from 'zod';

type RuleSetting = z.output<typeof RuleSettingSchema>;

export interface EffectiveRule {
  rule: Rule<any>;
  severity: Severity;
  deduct: number;
  redLine: boolean;
  options: unknown;
  /** declared by a pack (pack.yaml `custom`), not built in */
  custom: boolean;
}

export interface Pack {
  name: string;
  version: string;
  description?: string;
  /** absolute folder of the pack */
  dir: string;
  /** names from the root pack down to this one */
  lineage: string[];
  entries: readonly LexiconEntry[];
  matcher: LexiconMatcher;
  rules: readonly EffectiveRule[];
  grades: GradeBands;
}

export const DEFAULT_PACK = 'general';
/** A pack folder's declared rules, besides pack.yaml `custom`. */
export const RULES_FILE = 'rules.yaml';

interface DeclaredSource {
  spec: DeclaredRule;
  file: string;
  /** YAML path of the rule in its file */
  path: Array<string | number>;
  /** declared by the built-in general pack: a built-in rule */
  builtin: boolean;
}

/** A pack definition with its parents folded in, before compilation. */
interface Definition {
  name: string;
  version: string;
  description?: string;
  dir: string;
  lineage: string[];
  entries: Map<string, LoadedEntry>;
  /** folder of the root pack of the lineage */
  root: string;
  settings: Map<string, { setting: RuleSetting; file: string }>;
  /** declared rules by id, with where they were written (pack.yaml `custom` or rules.yaml `rules`) */
  custom: Map<string, DeclaredSource>;
  grades: GradeBands;
}

/** How a pack is named; a transcript may name its pack only this way, never by path. */
export const PACK_NAME = /^[a-z][a-z0-9-]*$/;

/** The folder of a pack given by built-in name, folder or pack.yaml path (relative paths from `base`). */
export function packDir(nameOrPath: string, base = process.cwd()): string {
  const named = PACK_NAME.test(nameOrPath) ? namedPackDir(nameOrPath, base) : undefined;
  if (named) return named;
  const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(base, nameOrPath);
  if (existsSync(path)) {
    const dir = statSync(path).isDirectory() ? path : dirname(path);
    if (existsSync(join(dir, 'pack.yaml'))) return dir;
  }
  const names = namedPackNames(base).join(', ');
  throw new DataFileError(nameOrPath, undefined, undefined, `unknown pack: neither a pack name (${names}) nor a folder with pack.yaml`);
}

/** The built-in packs: every folder under lexicons/ with a pack.yaml (the one list of them). */
export function builtinPackNames(): string[] {
  return readdirSync(LEXICONS_DIR)
    .filter((d) => PACK_NAME.test(d) && existsSync(join(LEXICONS_DIR, d, 'pack.yaml')))
    .sort();
}

/** A pack named by a transcript or a network client was not found among the packs it may name. */
export class UnknownPackError extends Error {
  constructor(
    readonly pack: string,
    readonly available: readonly string[],
  ) {
    super(`unknown pack "${pack}"; available: ${available.join(', ')}`);
    this.name = 'UnknownPackError';
  }
}

/**
 * The pack a name refers to: one of `configured` (the packs given for the run,
 * e.g. by --pack, by their names) or a built-in. Never a path: whoever writes
 * a transcript must not choose a folder on disk as its pack.
 */
export function packByName(name: string, configured: readonly Pack[] = []): Pack {
  const own = configured.find((p) => p.name === name);
  if (own) return own;
  const names = namedPackNames();
  if (!names.includes(name)) throw new UnknownPackError(name, [...new Set([...configured.map((p) => p.name), ...names])].sort());
  return loadPack(name);
}

function readDefinition(dir: string, chain: string[]): Definition {
  const file = join(dir, 'pack.yaml');
  if (chain.includes(dir)) throw new DataFileError(file, lineOf(file, ['extends']), 'extends', `inheritance cycle: ${[...chain, dir].join(' → ')}`);
  const manifest = readYamlFile(file, PackFileSchema);
  const parentRef = manifest.extends === undefined ? (manifest.name === DEFAULT_PACK ? null : DEFAULT_PACK) : manifest.extends;
  let parent: Definition | undefined;
  if (parentRef !== null) {
    let parentDir: string;
    try {
      parentDir = packDir(parentRef, dir);
    } catch (err) {
      throw new DataFileError(file, lineOf(file, ['extends']), 'extends', `unknown parent pack "${parentRef}"`);
    }
    parent = readDefinition(parentDir, [...chain, dir]);
  }

  const entries = new Map(parent?.entries);
  manifest.lexicon.remove.forEach((id, i) => {
    if (!entries.delete(id)) throw new DataFileError(file, lineOf(file, ['lexicon', 'remove', i]), `lexicon.remove.${i}`, `no inherited lexicon entry "${id}"`);
  });
  for (const loaded of loadLexiconDir(dir)) entries.set(loaded.entry.id, loaded);

  const settings = new Map(parent?.settings);
  for (const [id, setting] of Object.entries(manifest.rules)) {
    const inherited = settings.get(id)?.setting ?? {};
    const options = inherited.options || setting.options ? { ...inherited.options, ...setting.options } : undefined;
    settings.set(id, { setting: { ...inherited, ...setting, ...(options && { options }) }, file });
  }
  const custom = new Map(parent?.custom);
  const builtin = dir === join(LEXICONS_DIR, DEFAULT_PACK);
  const rulesFile = join(dir, RULES_FILE);
  const declared: DeclaredSource[] = [
    ...manifest.custom.map((spec, index) => ({ spec, file, path: ['custom', index], builtin })),
    ...(existsSync(rulesFile) ? readYamlFile(rulesFile, RulesFileSchema).rules.map((spec, index) => ({ spec, file: rulesFile, path: ['rules', index], builtin })) : []),
  ];
  for (const source of declared) {
    const { id } = source.spec;
    if (CODE_RULES_BY_ID.has(id) || custom.get(id)?.builtin) {
      const at = [...source.path, 'id'];
      throw new DataFileError(source.file, lineOf(source.file, at), at.join('.'), `"${id}" is a built-in rule; tune it under rules:`);
    }
    custom.set(id, source);
  }

  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    dir,
    lineage: [...(parent?.lineage ?? []), manifest.name],
    root: parent?.root ?? dir,
    entries,
    settings,
    custom,
    grades: manifest.grades ?? parent?.grades ?? DEFAULT_GRADES,
  };
}

function compile(def: Definition): Pack {
  const rules: EffectiveRule[] = [];
  const entries: LexiconEntry[] = [...def.entries.values()].map((l) => l.entry);
  const manifest = join(def.dir, 'pack.yaml');

  const effective = (rule: Rule<any>, custom: boolean): EffectiveRule | undefined => {
    const { setting = {}, file = manifest } = def.settings.get(rule.meta.id) ?? {};
    if (setting.enabled === false) return undefined;
    const given = renameAliases(rule, setting.options ?? {}, file);
    // a misspelt option must not be dropped silently
    const schema = rule.meta.options instanceof ZodObject ? rule.meta.options.strict() : rule.meta.options;
    const options = schema.safeParse(given);
    if (!options.success) {
      const issue = options.error.issues[0];
      const unknownKey = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const path = ['rules', rule.meta.id, 'options', ...issue.path.map(String), ...(unknownKey ? [unknownKey] : [])];
      const allowed = rule.meta.options instanceof ZodObject ? Object.keys(rule.meta.options.shape).join(', ') || 'none' : '';
      const detail = unknownKey ? `unknown option "${unknownKey}"; options of ${rule.meta.id}: ${allowed}` : issue.message;
      throw new DataFileError(file, lineOf(file, path), path.join('.'), detail);
    }
    return {
      rule,
      severity: setting.severity ?? rule.meta.severity,
      deduct: setting.deduct ?? rule.meta.deduct,
      redLine: setting.redLine ?? rule.meta.redLine,
      options: options.data,
      custom,
    };
  };

  /** where each rule was written, to point a category error at it */
  const origin = new Map<string, { file: string; path: Array<string | number> }>();
  // the rules written in TypeScript belong to the general pack, like its rules.yaml: a root pack (extends: null) has only its own
  const inheritsGeneral = def.root === join(LEXICONS_DIR, DEFAULT_PACK);
  const allRules: Array<{ rule: Rule<any>; custom: boolean }> = inheritsGeneral ? CODE_RULES.map((rule) => ({ rule, custom: false })) : [];
  for (const source of def.custom.values()) {
    const built = buildDeclaredRule(source.spec, (template) =>
      warnOnce(`${source.file}:${lineOf(source.file, source.path) ?? '?'}: message "${template}" uses {text}/{value}; write {{text}}/{{value}} (docs/packs.md)`),
    );
    entries.push(...built.entries);
    origin.set(built.rule.meta.id, { file: source.file, path: source.path });
    allRules.push({ rule: built.rule, custom: !source.builtin });
  }
  for (const { rule, custom } of allRules) {
    const r = effective(rule, custom);
    if (r) rules.push(r);
  }
  for (const [id, { file }] of def.settings) {
    if (!allRules.some(({ rule }) => rule.meta.id === id)) {
      throw new DataFileError(file, lineOf(file, ['rules', id]), `rules.${id}`, 'unknown rule id; see `talklint rules`');
    }
  }
  const readCategories = new Set(allRules.flatMap(({ rule }) => rule.meta.categories));
  for (const r of rules) categoriesRead(r).forEach((c) => readCategories.add(c));
  for (const loaded of def.entries.values()) {
    if (!readCategories.has(loaded.entry.category)) {
      throw entryError(loaded, 'category', `no rule reads category "${loaded.entry.category}"; categories read: ${[...readCategories].filter((c) => !c.includes('#')).sort().join(', ')}`);
    }
  }
  // every category an enabled rule reads must be in the lexicon: has('farewel') would otherwise just be false
  const presentCategories = new Set(entries.map((e) => e.category));
  for (const r of rules) {
    const unknown = categoriesRead(r).find((c) => !presentCategories.has(c));
    if (unknown === undefined) continue;
    const at = origin.get(r.rule.meta.id) ?? { file: def.settings.get(r.rule.meta.id)?.file ?? manifest, path: ['rules', r.rule.meta.id] };
    throw new DataFileError(at.file, lineOf(at.file, at.path), at.path.join('.'), `rule ${r.rule.meta.id} reads category "${unknown}", which no lexicon entry of pack ${def.name} has`);
  }
  assertUnique([...def.entries.values()], 'per-category');
  rules.sort((a, b) => a.rule.meta.id.localeCompare(b.rule.meta.id));

  return {
    name: def.name,
    version: def.version,
    description: def.description,
    dir: def.dir,
    lineage: def.lineage,
    entries,
    // the pack's own phrases (its rules' included) are its segmenter's user words
    matcher: new LexiconMatcher(entries, jiebaSegmenter(() => entries.flatMap((e) => e.phrases.map(normalizePhrase)))),
    rules,
    grades: def.grades,
  };
}

/** The categories an effective rule reads: its declared ones and those a pack tuned into its `yieldTo` option. */
function categoriesRead(r: EffectiveRule): readonly string[] {
  const yieldTo = (r.options as { yieldTo?: unknown } | undefined)?.yieldTo;
  return Array.isArray(yieldTo) ? [...r.rule.meta.categories, ...yieldTo] : r.rule.meta.categories;
}

/** Options under an old name (`meta.optionAliases`) are read under the new one, with a warning once. */
function renameAliases(rule: Rule<any>, options: Record<string, unknown>, file: string): Record<string, unknown> {
  const aliases = rule.meta.optionAliases;
  if (!aliases) return options;
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    const current = aliases[key];
    if (current !== undefined) {
      const line = lineOf(file, ['rules', rule.meta.id, 'options', key]);
      warnOnce(`${file}:${line ?? '?'}: option "${key}" of ${rule.meta.id} is now "${current}" (docs/packs.md, migration)`);
    }
    renamed[current ?? key] = value;
  }
  return renamed;
}

const cache = new Map<string, Pack>();

export function loadPack(nameOrPath: string = DEFAULT_PACK): Pack {
  const dir = packDir(nameOrPath);
  let pack = cache.get(dir);
  if (!pack) {
    pack = compile(readDefinition(dir, []));
    cache.set(dir, pack);
  }
  return pack;
}

/** The built-in rules (the general pack's: TypeScript modules and rules.yaml), sorted by id. */
export function builtinRules(): Rule<any>[] {
  return loadPack(DEFAULT_PACK).rules.map((r) => r.rule);
}
