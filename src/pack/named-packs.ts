/**
 * Packs that can be named (by --pack, a transcript's `pack`, `?pack=`): the
 * built-in ones under lexicons/, an organisation's own in the folders of
 * `TALKLINT_PACKS` (a path list, each folder holding <name>/pack.yaml), and
 * npm packages named `talklint-pack-<name>` installed where talklint runs
 * (node_modules of the working folder or a parent, pack.yaml at the package
 * root). A built-in name always means the built-in pack.
 */
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { LEXICONS_DIR } from '../util/package-root.js';

const NPM_PREFIX = 'talklint-pack-';
const NAME = /^[a-z][a-z0-9-]*$/;

const hasPack = (dir: string) => existsSync(join(dir, 'pack.yaml'));

function packFolders(): string[] {
  return (process.env.TALKLINT_PACKS ?? '').split(delimiter).filter((d) => d.trim() !== '').map((d) => resolve(d));
}

/** node_modules folders from `cwd` up to the root. */
function nodeModules(cwd: string): string[] {
  const found: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) found.push(join(dir, 'node_modules'));
    if (dirname(dir) === dir) return found;
  }
}

/** The folder of the pack `name` refers to, or undefined. */
export function namedPackDir(name: string, cwd = process.cwd()): string | undefined {
  if (!NAME.test(name)) return undefined;
  const candidates = [join(LEXICONS_DIR, name), ...packFolders().map((d) => join(d, name)), ...nodeModules(cwd).map((d) => join(d, `${NPM_PREFIX}${name}`))];
  return candidates.find(hasPack);
}

/** Every name a pack can be called by here, sorted. */
export function namedPackNames(cwd = process.cwd()): string[] {
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  const names = [
    ...list(LEXICONS_DIR).filter((d) => hasPack(join(LEXICONS_DIR, d))),
    ...packFolders().flatMap((f) => list(f).filter((d) => hasPack(join(f, d)))),
    ...nodeModules(cwd).flatMap((m) => list(m).filter((d) => d.startsWith(NPM_PREFIX) && hasPack(join(m, d))).map((d) => d.slice(NPM_PREFIX.length))),
  ];
  return [...new Set(names.filter((n) => NAME.test(n)))].sort();
}
