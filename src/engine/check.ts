/** The batch checker: one transcript in, one report out. */
import { DEFAULT_PACK, loadPack, type Pack, packByName } from '../pack/load.js';
import type { Report, ReportSource } from '../report/types.js';
import { validateTranscriptInput } from '../transcript/input-error.js';
import {
  type ConversationEvent,
  KNOWN_TRANSCRIPT_KEYS,
  pickMetadata,
  type Transcript,
  type TranscriptInput,
  type Turn,
} from '../transcript/schema.js';
import { ConversationAnalyzer } from './analyzer.js';

export interface CheckOptions {
  /** pack (or its name or path), overriding the transcript's; default: the transcript's own `pack` (a name), else `general` */
  pack?: string | Pack;
  /** packs the transcript may name besides the built-in ones */
  packs?: readonly Pack[];
  /** how the transcript was read (an importer's name and role evidence); default canonical */
  source?: ReportSource;
  /** what the importer ignored or guessed, repeated in the report */
  warnings?: readonly string[];
}

/** Top-level keys the canonical form does not know: kept in the transcript, named in a warning. */
export function unknownKeyWarnings(transcript: object): string[] {
  return Object.keys(transcript)
    .filter((key) => !KNOWN_TRANSCRIPT_KEYS.has(key))
    .map((key) => `unknown top-level key "${key}" ignored`);
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

/** The pack for a transcript: the caller's choice, else the one it names (a built-in or configured pack, by name), else `general`. */
export function resolvePack(transcript: { pack?: string }, options: CheckOptions = {}): Pack {
  if (options.pack) return typeof options.pack === 'string' ? loadPack(options.pack) : options.pack;
  return packByName(transcript.pack ?? DEFAULT_PACK, options.packs);
}

/** Checks one transcript (validated here: a bad one throws TalklintInputError) and returns its report. */
export function check(input: TranscriptInput | Transcript, options: CheckOptions = {}): Report {
  const transcript = validateTranscriptInput(input);
  const warnings = [...(options.warnings ?? []), ...unknownKeyWarnings(transcript)];
  const header = { ...pickMetadata(transcript), id: transcript.id, channel: transcript.channel, source: options.source, warnings };
  const analyzer = new ConversationAnalyzer(resolvePack(transcript, options), header);
  for (const item of timeline(transcript)) {
    if (item.kind === 'turn') analyzer.addTurn(item.turn);
    else analyzer.addEvent(item.event);
  }
  return analyzer.end();
}
