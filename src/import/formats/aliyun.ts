/**
 * Alibaba Cloud Intelligent Speech Interaction, file transcription (录音文件识别,
 * nls-filetrans GetTaskResult or its callback): `Result.Sentences[]` with
 * `Text`, `BeginTime`/`EndTime` in milliseconds, `ChannelId` (per audio track)
 * and, with speaker diarization, `SpeakerId`. Some SDKs hand `Result` over as a
 * JSON string; both are read.
 */
import { engineJsonImporter } from './engine-json.js';
import { isRecord, jsonOrString, pick, secondsFromMs } from '../values.js';

function sentencesOf(json: unknown): unknown[] | undefined {
  const result = jsonOrString(pick(json, ['Result'], ['result']));
  const sentences = pick(result, ['Sentences']) ?? pick(json, ['Sentences']);
  return Array.isArray(sentences) ? sentences : undefined;
}

export const aliyun = engineJsonImporter(
  'aliyun',
  (json) => {
    const first = sentencesOf(json)?.[0];
    return isRecord(first) && 'BeginTime' in first && 'Text' in first;
  },
  (json) =>
    (sentencesOf(json) ?? []).filter(isRecord).map((s) => ({
      // SpeakerId (diarization) names a person within a track; ChannelId the track itself
      speaker: String(s.SpeakerId ?? s.ChannelId ?? 0),
      text: String(s.Text ?? ''),
      start: secondsFromMs(s.BeginTime),
      end: secondsFromMs(s.EndTime),
    })),
);
