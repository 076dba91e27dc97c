/** Checking what an importer read: the report gets the importer's `source` and warnings, and each finding the source segment it lies in. */
import { type CheckOptions, check } from '../engine/check.js';
import type { Finding, Report, SegmentRef } from '../report/types.js';
import type { ImportedTranscript, TurnPiece } from './types.js';

/** The segment a position of a turn came from: the last one starting at or before it (the first one for findings without a span). */
export function segmentAt(pieces: readonly TurnPiece[] | undefined, offset: number | undefined): SegmentRef | undefined {
  if (!pieces || pieces.length === 0) return undefined;
  let piece = pieces[0];
  for (const p of pieces) if (offset !== undefined && p.offset <= offset) piece = p;
  return { index: piece.index, ...(piece.start !== undefined && { start: piece.start }), ...(piece.end !== undefined && { end: piece.end }) };
}

export function checkImported(imported: ImportedTranscript, options: Pick<CheckOptions, 'pack'> & { file?: string } = {}): Report {
  const source = { ...imported.source, ...(options.file !== undefined && { file: options.file }) };
  const report = check(imported.transcript, { pack: options.pack, source, warnings: imported.warnings });
  if (!imported.pieces) return report;
  const findings = report.findings.map((f): Finding => {
    const segment = segmentAt(imported.pieces![f.turn], f.start);
    return segment ? { ...f, segment } : f;
  });
  return { ...report, findings };
}
