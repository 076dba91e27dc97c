/**
 * Packs a client may name: the built-in ones, by name (`packByName` never
 * takes a path, which a network client must not choose).
 */
import { DEFAULT_PACK, type Pack, packByName as libraryPackByName, UnknownPackError } from '../src/pack/load.js';
import { ApiError } from './errors.js';

/** The pack for a name from a request (`?pack=`, a transcript's `pack`, a `start` message); default `general`. */
export function packByName(name: string | undefined, path = 'pack'): Pack {
  try {
    return libraryPackByName(name ?? DEFAULT_PACK);
  } catch (err) {
    if (err instanceof UnknownPackError) throw new ApiError(400, 'unknown_pack', err.message, path);
    throw err;
  }
}
