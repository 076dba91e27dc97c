/**
 * Segments become turns: speakers are assigned (roles.ts), then consecutive
 * segments of the same speaker less than `mergeGap` seconds apart are one turn
 * (an engine that cuts the agent's opening in two must not cost an
 * intro.missing). Each turn keeps the segments it came from, so a finding can
 * be traced to the moment of the recording.
 */
import { InputError, validateTranscript } from '../transcript/parse.js';
import type { Speaker } from '../transcript/schema.js';
import { assignRoles, type RoleMap } from './roles.js';
import type { ImportedTranscript, SegmentConversation, TurnPiece } from './types.js';

export const DEFAULT_MERGE_GAP = 2;

export interface SegmentOptions {
  roles?: RoleMap;
  /** seconds; 0 keeps every segment its own turn */
  mergeGap?: number;
}

interface DraftTurn {
  speaker: Speaker;
  text: string;
  start?: number;
  end?: number;
  pieces: TurnPiece[];
}

const ENDS_WITH_BREAK = /[\s\p{P}]$/u;

/** Whether the next segment continues the turn: same speaker, and (when both are timed) less than `gap` seconds after it. */
function continues(turn: DraftTurn, speaker: Speaker, start: number | undefined, gap: number): boolean {
  if (turn.speaker !== speaker || gap <= 0) return false;
  if (start === undefined || turn.end === undefined) return true;
  return start - turn.end < gap;
}

export function segmentsToTranscript(file: string, conversation: SegmentConversation, format: string, options: SegmentOptions): ImportedTranscript {
  const segments = conversation.segments
    .map((segment, position) => ({ ...segment, index: segment.index ?? position, text: segment.text.trim() }))
    .filter((segment) => segment.text !== '');
  if (segments.length === 0) throw new InputError(file, conversation.place, `no ${format} segment with text found`);
  for (const s of segments) {
    const where = [conversation.place, `segment ${s.index}`].filter(Boolean).join(', ');
    if ((s.start !== undefined && !(s.start >= 0)) || (s.end !== undefined && !(s.end >= 0))) throw new InputError(file, where, 'time is negative or not a number');
    if (s.start !== undefined && s.end !== undefined && s.end < s.start) throw new InputError(file, where, 'end is before start');
  }
  let assigned;
  try {
    assigned = assignRoles(segments, options.roles);
  } catch (err) {
    throw new InputError(file, conversation.place, (err as Error).message);
  }
  const gap = options.mergeGap ?? DEFAULT_MERGE_GAP;
  const turns: DraftTurn[] = [];
  segments.forEach((segment, i) => {
    const speaker = assigned.speakers[i];
    const last = turns.at(-1);
    const piece = { index: segment.index, ...(segment.start !== undefined && { start: segment.start }), ...(segment.end !== undefined && { end: segment.end }) };
    if (last && continues(last, speaker, segment.start, gap)) {
      // the engine's cut was a pause: keep it visible as a space unless punctuation already marks it
      if (!ENDS_WITH_BREAK.test(last.text)) last.text += ' ';
      last.pieces.push({ ...piece, offset: last.text.length });
      last.text += segment.text;
      if (segment.end !== undefined) last.end = Math.max(last.end ?? segment.end, segment.end);
      return;
    }
    turns.push({ speaker, text: segment.text, start: segment.start, end: segment.end, pieces: [{ ...piece, offset: 0 }] });
  });
  const id = conversation.id ?? defaultId(file);
  const transcript = validateTranscript(
    file,
    {
      id,
      channel: conversation.channel ?? 'call',
      ...conversation.metadata,
      turns: turns.map(({ speaker, text, start, end }) => ({ speaker, text, ...(start !== undefined && { start }), ...(end !== undefined && { end }) })),
    },
    conversation.place,
  );
  return { transcript, source: { format, roles: assigned.roles }, warnings: assigned.warnings, pieces: turns.map((t) => t.pieces) };
}

/** A conversation's id when the source has none: the file name without folders and extension. */
export function defaultId(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  return name.replace(/\.[^.]+$/, '') || 'transcript';
}
