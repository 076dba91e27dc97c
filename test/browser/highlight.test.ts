/** The QA page's span cutter (server/public/highlight.js), in Node: every finding's span is exactly covered, overlaps included. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain browser ES module without types
import { segmentText } from '../../server/public/highlight.js';

type Piece = { text: string; start: number; findings: number[] };

describe('segmentText', () => {
  it('cuts at every boundary and lists the findings covering each piece', () => {
    const text = '不知道,你自己查去吧';
    const findings = [
      { start: 0, end: 3 },
      { start: 4, end: 8 },
      { start: 5, end: 9 },
      {}, // about the whole turn: not marked
    ];
    const pieces: Piece[] = segmentText(text, findings);
    expect(pieces.map((p) => p.text).join('')).toBe(text);
    expect(pieces).toEqual([
      { text: '不知道', start: 0, findings: [0] },
      { text: ',', start: 3, findings: [] },
      { text: '你', start: 4, findings: [1] },
      { text: '自己查', start: 5, findings: [1, 2] },
      { text: '去', start: 8, findings: [2] },
      { text: '吧', start: 9, findings: [] },
    ]);
    findings.forEach((f, i) => {
      if (f.start === undefined) return;
      expect(pieces.filter((p) => p.findings.includes(i)).map((p) => p.text).join('')).toBe(text.slice(f.start, f.end));
    });
  });

  it('keeps a turn without findings whole and clamps spans to the text', () => {
    expect(segmentText('您好', [])).toEqual([{ text: '您好', start: 0, findings: [] }]);
    expect(segmentText('您好', [{ start: 1, end: 9 }])).toEqual([
      { text: '您', start: 0, findings: [] },
      { text: '好', start: 1, findings: [0] },
    ]);
  });
});
