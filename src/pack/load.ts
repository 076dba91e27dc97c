/**
 * Resolves a pack (a name under lexicons/, or a folder / pack.yaml path) into
 * what the analyzer needs: the compiled lexicon matcher and the enabled rules
 * with their effective severity, deduction, red-line flag and options.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { loadLexiconDir } from '../lexicon/load.js';
import { LexiconMatcher } from '../lexicon/matcher.js';
import type { LexiconEntry } from '../lexicon/schema.js';
import { RULES_BY_ID } from '../rules/index.js';
import type { Rule, Severity } from '../rules/types.js';
import { jiebaSegmenter } from '../text/segmenter.js';
import { normalizePhrase } from '../text/normalize.js';
import { LEXICONS_DIR } from '../util/package-root.js';
import { DataFileError, readYamlFile } from '../util/yaml-file.js';
import { type GradeBands, PackFileSchema } from './schema.js';

export interface EffectiveRule {
  rule: Rule<any>;
  severity: Severity;
  deduct: number;
  redLine: boolean;
  options: unknown;
}

export interface Pack {
  name: string;
  version: string;
  description?: string;
  dir: string;
  entries: readonly LexiconEntry[];
  matcher: LexiconMatcher;
  rules: readonly EffectiveRule[];
  grades: GradeBands;
}

export const DEFAULT_PACK = 'general';

function packDir(nameOrPath: string): string {
  if (/^[a-z][a-z0-9-]*$/.test(nameOrPath) && existsSync(join(LEXICONS_DIR, nameOrPath, 'pack.yaml'))) {
    return join(LEXICONS_DIR, nameOrPath);
  }
  if (existsSync(nameOrPath)) return statSync(nameOrPath).isDirectory() ? nameOrPath : dirname(nameOrPath);
  throw new DataFileError(nameOrPath, undefined, undefined, `unknown pack: not a built-in pack name nor an existing path`);
}

const cache = new Map<string, Pack>();

export function loadPack(nameOrPath: string = DEFAULT_PACK): Pack {
  const dir = packDir(nameOrPath);
  const cached = cache.get(dir);
  if (cached) return cached;
  const file = join(dir, 'pack.yaml');
  const manifest = readYamlFile(file, PackFileSchema);
  const entries = loadLexiconDir(dir).map((l) => l.entry);
  const rules: EffectiveRule[] = [];
  for (const id of Object.keys(manifest.rules)) {
    if (!RULES_BY_ID.has(id)) throw new DataFileError(file, undefined, `rules.${id}`, 'unknown rule id; see `talklint rules`');
  }
  for (const rule of RULES_BY_ID.values()) {
    const setting = manifest.rules[rule.meta.id] ?? {};
    if (setting.enabled === false) continue;
    const options = rule.meta.options.safeParse(setting.options ?? {});
    if (!options.success) {
      throw new DataFileError(file, undefined, `rules.${rule.meta.id}.options`, options.error.issues[0].message);
    }
    rules.push({
      rule,
      severity: setting.severity ?? rule.meta.severity,
      deduct: setting.deduct ?? rule.meta.deduct,
      redLine: setting.redLine ?? rule.meta.redLine,
      options: options.data,
    });
  }
  const segmenter = jiebaSegmenter(entries.flatMap((e) => e.phrases.map(normalizePhrase)));
  const pack: Pack = {
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    dir: resolve(dir),
    entries,
    matcher: new LexiconMatcher(entries, segmenter),
    rules,
    grades: manifest.grades,
  };
  cache.set(dir, pack);
  return pack;
}
