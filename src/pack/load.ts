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
import { BUILTIN_CATEGORIES, type LexiconEntry } from '../lexicon/schema.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { Rule, Severity } from '../rules/types.js';
import { normalizePhrase } from '../text/normalize.js';
import { jiebaSegmenter } from '../text/segmenter.js';
import { LEXICONS_DIR } from '../util/package-root.js';
import { DataFileError, lineOf, readYamlFile } from '../util/yaml-file.js';
import { compileCustomRule } from './custom-rules.js';
import { type CustomRule, DEFAULT_GRADES, type GradeBands, PackFileSchema, type RuleSettingSchema } from './schema.js';
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

/** A pack definition with its parents folded in, before compilation. */
interface Definition {
  name: string;
  version: string;
  description?: string;
  dir: string;
  lineage: string[];
  entries: Map<string, LoadedEntry>;
  settings: Map<string, { setting: RuleSetting; file: string }>;
  custom: Map<string, { spec: CustomRule; file: string; index: number }>;
  grades: GradeBands;
}

/** How a pack is named; a transcript may name its pack only this way, never by path. */
export const PACK_NAME = /^[a-z][a-z0-9-]*$/;

/** The folder of a pack given by built-in name, folder or pack.yaml path (relative paths from `base`). */
export function packDir(nameOrPath: string, base = process.cwd()): string {
  if (PACK_NAME.test(nameOrPath) && existsSync(join(LEXICONS_DIR, nameOrPath, 'pack.yaml'))) return join(LEXICONS_DIR, nameOrPath);
  const path = isAbsolute(nameOrPath) ? nameOrPath : resolve(base, nameOrPath);
  if (existsSync(path)) {
    const dir = statSync(path).isDirectory() ? path : dirname(path);
    if (existsSync(join(dir, 'pack.yaml'))) return dir;
  }
  const builtins = builtinPackNames().join(', ');
  throw new DataFileError(nameOrPath, undefined, undefined, `unknown pack: neither a built-in pack (${builtins}) nor a folder with pack.yaml`);
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
  const builtins = builtinPackNames();
  if (!builtins.includes(name)) throw new UnknownPackError(name, [...new Set([...configured.map((p) => p.name), ...builtins])].sort());
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
  manifest.custom.forEach((spec, index) => {
    if (RULES_BY_ID.has(spec.id)) {
      throw new DataFileError(file, lineOf(file, ['custom', index, 'id']), `custom.${index}.id`, `"${spec.id}" is a built-in rule; tune it under rules:`);
    }
    custom.set(spec.id, { spec, file, index });
  });

  return {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    dir,
    lineage: [...(parent?.lineage ?? []), manifest.name],
    entries,
    settings,
    custom,
    grades: manifest.grades ?? parent?.grades ?? DEFAULT_GRADES,
  };
}

function compile(def: Definition): Pack {
  const rules: EffectiveRule[] = [];
  const entries: LexiconEntry[] = [...def.entries.values()].map((l) => l.entry);
  const readCategories = new Set<string>(BUILTIN_CATEGORIES);

  const effective = (rule: Rule<any>, custom: boolean): EffectiveRule | undefined => {
    const { setting = {}, file = join(def.dir, 'pack.yaml') } = def.settings.get(rule.meta.id) ?? {};
    if (setting.enabled === false) return undefined;
    // a misspelt option must not be dropped silently
    const schema = rule.meta.options instanceof ZodObject ? rule.meta.options.strict() : rule.meta.options;
    const options = schema.safeParse(setting.options ?? {});
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

  for (const rule of RULES_BY_ID.values()) {
    const r = effective(rule, false);
    if (r) rules.push(r);
  }
  const customRules = [...def.custom.values()].map((c) => ({ ...c, compiled: compileCustomRule(c.spec) }));
  for (const { compiled } of customRules) {
    entries.push(...compiled.entries);
    compiled.categories.forEach((c) => readCategories.add(c));
    const r = effective(compiled.rule, true);
    if (r) rules.push(r);
  }
  for (const [id, { file }] of def.settings) {
    if (!RULES_BY_ID.has(id) && !def.custom.has(id)) {
      throw new DataFileError(file, lineOf(file, ['rules', id]), `rules.${id}`, 'unknown rule id; see `talklint rules`');
    }
  }
  const presentCategories = new Set([...BUILTIN_CATEGORIES, ...entries.map((e) => e.category)]);
  for (const { spec, file, index, compiled } of customRules) {
    const unknown = compiled.categories.find((c) => !presentCategories.has(c));
    if (unknown) {
      throw new DataFileError(file, lineOf(file, ['custom', index]), `custom.${index}`, `rule ${spec.id} reads category "${unknown}", which no lexicon entry has`);
    }
  }
  for (const loaded of def.entries.values()) {
    if (!readCategories.has(loaded.entry.category)) {
      throw entryError(loaded, 'category', `no rule reads category "${loaded.entry.category}"; built-in categories: ${BUILTIN_CATEGORIES.join(', ')}`);
    }
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
