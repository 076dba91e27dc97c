/**
 * Subtitle files as ASR tools export them: SubRip (`.srt`: numbered cues,
 * `00:00:01,500 --> 00:00:04,000`) and WebVTT (`.vtt`: a `WEBVTT` header,
 * `00:01.500 --> 00:04.000`, optional cue ids and settings, `<v Speaker>` voice
 * spans). The speaker is the voice span, or a leading `NAME:` on the cue's
 * text (客服:…, SPEAKER_00: …, [spk_1] …); a role word there is taken as the role.
 */
import { InputError } from '../../transcript/parse.js';
import { speakerOfLabel } from '../../transcript/role-labels.js';
import type { Importer, ParseOutput, SourceSegment } from '../types.js';

const TIMING = /^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;
const SPEAKER_PREFIX = /^\s*(?:\[([^\]]{1,24})\]|([^:：\s][^:：]{0,23}?))\s*[:：]\s*|^\s*\[([^\]]{1,24})\]\s*/u;

const SPEAKER_ID = /^(?:spk|speaker|ch|channel|说话人|角色|发言人)[\s_-]*\d+$/iu;

function seconds(stamp: string): number {
  const parts = stamp.replace(',', '.').split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function segmentOf(lines: string[]): Omit<SourceSegment, 'start' | 'end'> {
  let text = lines.join(' ').trim();
  const voice = /^<v(?:\.[^\s>]+)*\s+([^>]+)>/u.exec(text);
  let speaker: string | undefined;
  if (voice) speaker = voice[1].trim();
  text = text.replace(/<[^>]+>/g, '').trim();
  if (!speaker) {
    const m = SPEAKER_PREFIX.exec(text);
    const named = m ? (m[1] ?? m[2] ?? m[3]).trim() : undefined;
    // an unbracketed prefix must look like a speaker, so 我们10:30到 is not taken for one
    if (m && named && (m[2] === undefined || speakerOfLabel(named) || SPEAKER_ID.test(named))) {
      speaker = named;
      text = text.slice(m[0].length);
    }
  }
  const role = speaker ? speakerOfLabel(speaker) : undefined;
  return { speaker: speaker ?? 'unknown', ...(role && { role }), text };
}

function parseCues(file: string, text: string): ParseOutput {
  const segments: SourceSegment[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const timing = TIMING.exec(lines[i]);
    if (!timing) continue;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && lines[j].trim() !== ''; j++) body.push(lines[j]);
    const start = seconds(timing[1]);
    const end = seconds(timing[2]);
    if (end < start) return { conversations: [], errors: [new InputError(file, `line ${i + 1}`, 'cue ends before it starts')] };
    segments.push({ ...segmentOf(body), start, end });
    i = j;
  }
  if (segments.length === 0) return { conversations: [], errors: [new InputError(file, undefined, 'no cues (expected "00:00:01,000 --> 00:00:03,000" lines)')] };
  return { conversations: [{ kind: 'segments', channel: 'call', segments }], errors: [] };
}

export const srt: Importer = {
  name: 'srt',
  extensions: ['.srt'],
  mediaTypes: ['application/x-subrip', 'text/srt'],
  detect: ({ text }) => /^\s*\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2},\d{1,3}\s+-->/.test(text),
  parse: ({ text }, { file }) => parseCues(file, text),
};

export const vtt: Importer = {
  name: 'vtt',
  extensions: ['.vtt'],
  mediaTypes: ['text/vtt'],
  detect: ({ text }) => /^\ufeff?WEBVTT(?:[ \t]|\r?\n|$)/.test(text),
  parse: ({ text }, { file }) => parseCues(file, text.replace(/^\ufeff?WEBVTT[^\n]*\n/, '')),
};
