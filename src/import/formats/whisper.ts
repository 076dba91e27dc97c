/**
 * Whisper verbose JSON (OpenAI `response_format=verbose_json`, openai-whisper's
 * `--output_format json`, WhisperX): `segments[]` with `start`/`end` in
 * seconds and `text`; WhisperX's diarization adds `speaker` ("SPEAKER_00").
 */
import { engineJsonImporter } from './engine-json.js';
import { isRecord, numberOf } from '../values.js';

function segmentsOf(json: unknown): Array<Record<string, unknown>> | undefined {
  if (!isRecord(json) || !Array.isArray(json.segments)) return undefined;
  return json.segments.filter(isRecord);
}

export const whisper = engineJsonImporter(
  'whisper',
  (json) => {
    const first = segmentsOf(json)?.[0];
    return first !== undefined && typeof first.start === 'number' && typeof first.text === 'string';
  },
  (json) =>
    (segmentsOf(json) ?? []).map((s) => ({
      speaker: String(s.speaker ?? 0),
      text: String(s.text ?? ''),
      start: numberOf(s.start),
      end: numberOf(s.end),
    })),
);
