/**
 * Packs a client may name. Only built-in pack names are accepted: `loadPack`
 * also takes filesystem paths, which a network client must not choose.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_PACK, loadPack, type Pack } from '../src/pack/load.js';
import { LEXICONS_DIR } from '../src/util/package-root.js';
import { ApiError } from './errors.js';

export function builtinPackNames(): string[] {
  return readdirSync(LEXICONS_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(LEXICONS_DIR, d.name, 'pack.yaml')))
    .map((d) => d.name)
    .sort();
}

/** The pack for a name from a request (`?pack=`, a transcript's `pack`, a `start` message); default `general`. */
export function packByName(name: string | undefined, path = 'pack'): Pack {
  const wanted = name ?? DEFAULT_PACK;
  if (!builtinPackNames().includes(wanted)) {
    throw new ApiError(400, 'unknown_pack', `unknown pack "${wanted}"; available: ${builtinPackNames().join(', ')}`, path);
  }
  return loadPack(wanted);
}
