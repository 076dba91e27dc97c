/** What the ASR engines' JSON importers share: one conversation (a call) per file, read from the parsed JSON value. */
import type { Importer, SourceSegment } from '../types.js';

export function engineJsonImporter(name: string, detect: (json: unknown) => boolean, segmentsOf: (json: unknown) => SourceSegment[]): Importer {
  return {
    name,
    extensions: ['.json'],
    mediaTypes: ['application/json'],
    needsJson: true,
    detect: ({ json }) => detect(json),
    parse: ({ json }) => ({ conversations: [{ kind: 'segments', channel: 'call', segments: segmentsOf(json) }], errors: [] }),
  };
}
