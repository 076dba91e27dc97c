/** The folder holding talklint's package.json, whether running from src/ (tsx) or dist/ (built). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === 'talklint') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('talklint: cannot find the package root');
    dir = parent;
  }
}

export const PACKAGE_ROOT = findRoot();
export const LEXICONS_DIR = join(PACKAGE_ROOT, 'lexicons');
