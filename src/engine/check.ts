/** The batch checker: one transcript in, one report out. */
import { DEFAULT_PACK, loadPack, type Pack } from '../pack/load.js';
import type { Report } from '../report/types.js';
import { validateTranscriptInput } from '../transcript/input-error.js';
import type { ConversationEvent, Transcript, TranscriptInput, Turn } from '../transcript/schema.js';
import { ConversationAnalyzer } from './analyzer.js';

export interface CheckOptions {
  /** pack name or path; default: the transcript's own `pack`, else `general` */
  pack?: string | Pack;
}

export type TimelineItem = { kind: 'turn'; turn: Turn } | { kind: 'event'; event: ConversationEvent };

function eventTime(event: ConversationEvent): number {
  return event.type === 'hold' ? event.start : event.at;
}

/**
 * Turns in order, with each event placed before the first turn that starts at
 * or after it (as a live feed would deliver it); events that cannot be placed
 * come last.
 */
export function timeline(transcript: Transcript): TimelineItem[] {
  const events = [...transcript.events].sort((a, b) => eventTime(a) - eventTime(b));
  const items: TimelineItem[] = [];
  let next = 0;
  for (const turn of transcript.turns) {
    while (next < events.length && turn.start !== undefined && eventTime(events[next]) <= turn.start) {
      items.push({ kind: 'event', event: events[next++] });
    }
    items.push({ kind: 'turn', turn });
  }
  while (next < events.length) items.push({ kind: 'event', event: events[next++] });
  return items;
}

export function resolvePack(transcript: { pack?: string }, pack?: string | Pack): Pack {
  if (pack && typeof pack !== 'string') return pack;
  return loadPack(pack ?? transcript.pack ?? DEFAULT_PACK);
}

/** Checks one transcript (validated here: a bad one throws TalklintInputError) and returns its report. */
export function check(input: TranscriptInput | Transcript, options: CheckOptions = {}): Report {
  const transcript = validateTranscriptInput(input);
  const analyzer = new ConversationAnalyzer(resolvePack(transcript, options.pack), transcript);
  for (const item of timeline(transcript)) {
    if (item.kind === 'turn') analyzer.addTurn(item.turn);
    else analyzer.addEvent(item.event);
  }
  return analyzer.end();
}
