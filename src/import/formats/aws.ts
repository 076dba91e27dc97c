/**
 * Amazon Transcribe batch output: `results.items[]` of words (`type`
 * "pronunciation", `start_time`/`end_time` in seconds as strings) and
 * punctuation (no times; it belongs to the word before). Speakers come from
 * each item's `speaker_label` (spk_0 …), from `results.speaker_labels.segments`
 * (older output) or, with channel identification, from
 * `results.channel_labels.channels[].items` (ch_0 …). Words are grouped into
 * sentences: a new segment starts when the speaker changes or after a
 * sentence-final punctuation mark.
 */
import type { SourceSegment } from '../types.js';
import { engineJsonImporter } from './engine-json.js';
import { isRecord, numberOf } from '../values.js';

interface Word {
  speaker: string;
  content: string;
  punctuation: boolean;
  start?: number;
  end?: number;
}

const SENTENCE_END = /^[。？！?!.]$/u;

function contentOf(item: Record<string, unknown>): string {
  const alternatives = Array.isArray(item.alternatives) ? item.alternatives : [];
  return isRecord(alternatives[0]) ? String(alternatives[0].content ?? '') : '';
}

/** Words of one item list, punctuation carrying the speaker of the word before it. */
function wordsOf(items: unknown[], speakerOf: (item: Record<string, unknown>) => string | undefined): Word[] {
  const words: Word[] = [];
  for (const item of items.filter(isRecord)) {
    const punctuation = item.type === 'punctuation';
    const speaker = speakerOf(item) ?? (punctuation ? words.at(-1)?.speaker : undefined) ?? '0';
    words.push({ speaker, content: contentOf(item), punctuation, start: numberOf(item.start_time), end: numberOf(item.end_time) });
  }
  return words;
}

/** Latin words are separated by spaces; Chinese words and punctuation are not. */
function joinWord(text: string, word: Word): string {
  if (text === '' || word.punctuation) return text + word.content;
  return /[A-Za-z0-9]$/.test(text) && /^[A-Za-z0-9]/.test(word.content) ? `${text} ${word.content}` : text + word.content;
}

function sentencesOf(words: Word[]): SourceSegment[] {
  const segments: SourceSegment[] = [];
  let current: SourceSegment | undefined;
  let closed = true;
  for (const word of words) {
    if (!current || closed || (!word.punctuation && word.speaker !== current.speaker)) {
      if (word.punctuation && current) {
        current.text += word.content;
        continue;
      }
      current = { speaker: word.speaker, text: '', start: word.start, end: word.end };
      segments.push(current);
    }
    current.text = joinWord(current.text, word);
    if (word.end !== undefined) current.end = word.end;
    closed = word.punctuation && SENTENCE_END.test(word.content);
  }
  return segments;
}

function resultsOf(json: unknown): Record<string, unknown> | undefined {
  return isRecord(json) && isRecord(json.results) ? json.results : undefined;
}

/** Segments of one output: per channel when channels were identified, else from the items with their speaker labels. */
function segmentsOf(json: unknown): SourceSegment[] {
  const results = resultsOf(json) ?? {};
  const channels = isRecord(results.channel_labels) && Array.isArray(results.channel_labels.channels) ? results.channel_labels.channels.filter(isRecord) : undefined;
  if (channels) {
    // one item list per channel: sentences are built per channel, then put in time order
    return channels
      .flatMap((channel) => sentencesOf(wordsOf(Array.isArray(channel.items) ? channel.items : [], () => String(channel.channel_label ?? '0'))))
      .sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
  }
  const bySegmentTime = new Map<string, string>();
  const labelled = isRecord(results.speaker_labels) && Array.isArray(results.speaker_labels.segments) ? results.speaker_labels.segments.filter(isRecord) : [];
  for (const segment of labelled) {
    for (const item of Array.isArray(segment.items) ? segment.items.filter(isRecord) : []) bySegmentTime.set(String(item.start_time), String(item.speaker_label ?? segment.speaker_label));
  }
  const speakerOf = (item: Record<string, unknown>) =>
    typeof item.speaker_label === 'string' ? item.speaker_label : item.start_time !== undefined ? bySegmentTime.get(String(item.start_time)) : undefined;
  return sentencesOf(wordsOf(Array.isArray(results.items) ? results.items : [], speakerOf));
}

export const aws = engineJsonImporter(
  'aws',
  (json) => {
    const results = resultsOf(json);
    return results !== undefined && (Array.isArray(results.items) || isRecord(results.channel_labels));
  },
  segmentsOf,
);
