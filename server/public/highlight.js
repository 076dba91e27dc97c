// Cuts a turn's original text at every finding boundary, so each finding's
// [start, end) can be marked in place even when spans overlap.

/**
 * @param {string} text the turn's original text
 * @param {Array<{start?: number, end?: number}>} findings of this turn
 * @returns {Array<{text: string, start: number, findings: number[]}>} pieces in order;
 *   `findings` holds the indexes (into `findings`) of the spans covering the piece
 */
export function segmentText(text, findings) {
  const cuts = new Set([0, text.length]);
  findings.forEach((f) => {
    if (f.start === undefined || f.end === undefined) return;
    cuts.add(Math.max(0, Math.min(text.length, f.start)));
    cuts.add(Math.max(0, Math.min(text.length, f.end)));
  });
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let k = 0; k < points.length - 1; k++) {
    const [from, to] = [points[k], points[k + 1]];
    if (from === to) continue;
    const covering = [];
    findings.forEach((f, i) => {
      if (f.start !== undefined && f.end !== undefined && f.start <= from && to <= f.end) covering.push(i);
    });
    pieces.push({ text: text.slice(from, to), start: from, findings: covering });
  }
  return pieces;
}
