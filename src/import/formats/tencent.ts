/**
 * Tencent Cloud ASR, recording file recognition (录音文件识别, CreateRecTask with
 * ResTextFormat >= 1, then DescribeTaskStatus or its callback):
 * `Response.Data.ResultDetail[]` of SentenceDetail with `FinalSentence`,
 * `StartMs`/`EndMs` and `SpeakerId` (the channel, or the speaker with
 * SpeakerDiarization). The whole response, its `Data`, or the bare array are read.
 */
import { engineJsonImporter } from './engine-json.js';
import { isRecord, pick, secondsFromMs } from '../values.js';

function detailOf(json: unknown): unknown[] | undefined {
  const detail = Array.isArray(json) ? json : pick(json, ['Response', 'Data', 'ResultDetail'], ['Data', 'ResultDetail'], ['ResultDetail']);
  return Array.isArray(detail) ? detail : undefined;
}

export const tencent = engineJsonImporter(
  'tencent',
  (json) => {
    const first = detailOf(json)?.[0];
    return isRecord(first) && 'FinalSentence' in first;
  },
  (json) =>
    (detailOf(json) ?? []).filter(isRecord).map((s) => ({
      speaker: String(s.SpeakerId ?? 0),
      text: String(s.FinalSentence ?? ''),
      start: secondsFromMs(s.StartMs),
      end: secondsFromMs(s.EndMs),
    })),
);
