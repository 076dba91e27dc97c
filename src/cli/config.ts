/**
 * `talklint.config.yaml` (or `.yml`, `.json`), found in the working folder or
 * the nearest parent that has one: defaults for `check` and `convert` (pack,
 * failUnder, format, input, roles, mergeGap, encoding, columns, ignore).
 * Command-line flags win; `--config FILE` names one, `--no-config` reads none.
 * `.talklintignore` in the working folder (gitignore syntax, read with the
 * `ignore` package) and the config's `ignore` leave files out of folders and globs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import ignore from 'ignore';
import { z } from 'zod';
import { IMPORTER_NAMES } from '../import/registry.js';
import { parseRoleMap } from '../import/roles.js';
import { TABLE_FIELDS } from '../import/types.js';
import { FORMATS } from '../report/format.js';
import { readYamlFile } from '../util/yaml-file.js';
import { ENCODINGS } from './import-options.js';

export const CONFIG_NAMES = ['talklint.config.yaml', 'talklint.config.yml', 'talklint.config.json'];
export const IGNORE_FILE = '.talklintignore';

export const ConfigSchema = z.strictObject({
  pack: z.string().min(1).optional(),
  failUnder: z.number().min(0).max(100).optional(),
  format: z.enum(FORMATS).optional(),
  input: z.enum(IMPORTER_NAMES as [string, ...string[]]).optional(),
  roles: z.union([z.string(), z.record(z.string(), z.string())]).optional(),
  mergeGap: z.number().min(0).max(600).optional(),
  encoding: z.enum(ENCODINGS).optional(),
  columns: z.partialRecord(z.enum(TABLE_FIELDS), z.string()).optional(),
  ignore: z.array(z.string()).optional(),
});
export type Config = z.infer<typeof ConfigSchema>;

/** The config file that applies in `cwd`: there, or in the nearest parent folder. */
export function findConfig(cwd = process.cwd()): string | undefined {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    const found = CONFIG_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
  }
}

/** Reads and validates a config file; a mistake names the file (and the line, in YAML) and the key. */
export function loadConfig(file: string): Config {
  if (file.endsWith('.json')) {
    let value: unknown;
    try {
      value = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(`${file}: ${(err as Error).message}`);
    }
    const parsed = ConfigSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${file}: ${issue.path.join('.') || 'config'}: ${issue.message}`);
    }
    return parsed.data;
  }
  return readYamlFile(file, ConfigSchema);
}

/** Whether a found file is left out: .talklintignore in `cwd` plus the config's patterns, relative to `cwd`. */
export function ignoreFilter(patterns: readonly string[] = [], cwd = process.cwd()): (file: string) => boolean {
  const ig = ignore();
  const ignoreFile = join(cwd, IGNORE_FILE);
  if (existsSync(ignoreFile)) ig.add(readFileSync(ignoreFile, 'utf8'));
  ig.add([...patterns]);
  return (file) => {
    const rel = relative(cwd, resolve(cwd, file));
    // files outside the working folder are not governed by its ignore file
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
    return ig.ignores(rel.split(sep).join('/'));
  };
}

/** The options a config file may set, by their command-line name. */
const CONFIGURABLE = ['pack', 'failUnder', 'format', 'input', 'roles', 'mergeGap', 'encoding', 'columns'] as const;

/**
 * Fills the options the command line left unset from the config file (`--config
 * FILE`, else the one found from the working folder; none with `--no-config`),
 * and adds the `ignore` filter. `sourceOf` tells whether the user gave a flag.
 */
export function applyConfig<T extends object>(
  opts: T & { config?: string | false },
  sourceOf: (key: string) => string | undefined,
  cwd = process.cwd(),
): T & { ignore: (file: string) => boolean; configFile?: string } {
  const file = opts.config === false ? undefined : typeof opts.config === 'string' ? opts.config : findConfig(cwd);
  if (typeof opts.config === 'string' && !existsSync(opts.config)) throw new Error(`--config: ${opts.config}: no such file`);
  const config = file ? loadConfig(file) : {};
  const merged: Record<string, unknown> = { ...opts };
  for (const key of CONFIGURABLE) {
    if (config[key] === undefined || sourceOf(key) === 'cli') continue;
    merged[key] = key === 'roles' ? parseRoleMap(config.roles!) : config[key];
  }
  return { ...(merged as T), ignore: ignoreFilter(config.ignore, cwd), ...(file && { configFile: file }) };
}
