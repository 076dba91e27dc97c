/**
 * iFlytek long-form file transcription (录音文件转写, lfasr getResult): the
 * response's `content.orderResult` is a JSON string holding `lattice[]` (after
 * 顺滑, the filler-word smoothing) and, where enabled, `lattice2[]` (verbatim).
 * Each entry's `json_1best` (a JSON string in lattice, an object in lattice2)
 * holds `st` with `bg`/`ed` (milliseconds, as strings), `rl` (the separated
 * role, with role separation on) and the words in `rt[].ws[].cw[0].w`.
 * The verbatim lattice2 is preferred: compliance is about what was said.
 */
import { engineJsonImporter } from './engine-json.js';
import { isRecord, jsonOrString, pick, secondsFromMs } from '../values.js';

function orderResultOf(json: unknown): Record<string, unknown> | undefined {
  const order = jsonOrString(pick(json, ['content', 'orderResult'], ['orderResult']));
  if (isRecord(order)) return order;
  return isRecord(json) && (Array.isArray(json.lattice) || Array.isArray(json.lattice2)) ? json : undefined;
}

function wordsOf(st: Record<string, unknown>): string {
  const rt = Array.isArray(st.rt) ? st.rt : [];
  return rt
    .flatMap((r) => (isRecord(r) && Array.isArray(r.ws) ? r.ws : []))
    .map((ws) => (isRecord(ws) && Array.isArray(ws.cw) && isRecord(ws.cw[0]) ? String(ws.cw[0].w ?? '') : ''))
    .join('');
}

export const iflytek = engineJsonImporter(
  'iflytek',
  (json) => orderResultOf(json) !== undefined,
  (json) => {
    const order = orderResultOf(json) ?? {};
    const lattice = Array.isArray(order.lattice2) && order.lattice2.length > 0 ? order.lattice2 : Array.isArray(order.lattice) ? order.lattice : [];
    return lattice.filter(isRecord).map((item) => {
      const best = jsonOrString(item.json_1best);
      const st = isRecord(best) && isRecord(best.st) ? best.st : {};
      return {
        speaker: String(st.rl ?? item.spk ?? 0),
        text: wordsOf(st),
        start: secondsFromMs(st.bg ?? item.begin),
        end: secondsFromMs(st.ed ?? item.end),
      };
    });
  },
);
