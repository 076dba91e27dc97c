/**
 * FunASR / Paraformer with VAD, punctuation and the cam++ speaker model
 * (`AutoModel(...).generate(...)`, as JSON): a list of results (or one), each
 * with `key`, `text` and `sentence_info[]` of `{ text, start, end, spk }`,
 * times in milliseconds, `spk` the speaker number.
 */
import type { Importer, SegmentConversation } from '../types.js';
import { isRecord, secondsFromMs } from '../values.js';

function resultsOf(json: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(json) ? json : [json];
  return list.filter((r): r is Record<string, unknown> => isRecord(r) && Array.isArray(r.sentence_info));
}

export const funasr: Importer = {
  name: 'funasr',
  extensions: ['.json'],
  mediaTypes: ['application/json'],
  needsJson: true,
  detect: ({ json }) => resultsOf(json).length > 0,
  parse: ({ json }) => {
    const results = resultsOf(json);
    const conversations = results.map(
      (r, i): SegmentConversation => ({
        kind: 'segments',
        channel: 'call',
        ...(results.length > 1 && { id: typeof r.key === 'string' ? r.key : undefined, place: `result ${i + 1}` }),
        segments: (r.sentence_info as unknown[]).filter(isRecord).map((s) => ({
          speaker: String(s.spk ?? 0),
          text: String(s.text ?? ''),
          start: secondsFromMs(s.start),
          end: secondsFromMs(s.end),
        })),
      }),
    );
    return { conversations, errors: [] };
  },
};
