/**
 * The importer interface: every input format (canonical JSON, plain text, the
 * ASR engines' outputs, subtitles, spreadsheets) is one `Importer` in the
 * registry, used alike by the CLI, the server and the QA page.
 */
import type { ReportSource } from '../report/types.js';
import type { InputError } from '../transcript/parse.js';
import type { Channel, Speaker, Transcript, TranscriptMetadata } from '../transcript/schema.js';

/** One utterance as the engine or export wrote it, before roles are assigned and segments merged. */
export interface SourceSegment {
  /** the speaker or channel id as the source writes it: `0`, `spk_1`, `ch_0`, `SPEAKER_01`, `AGENT`, a name */
  speaker: string;
  /** the source's own role for it (AWS ParticipantRole, a CSV role column with 客服/客户 …) */
  role?: Speaker;
  text: string;
  /** seconds from the start of the conversation */
  start?: number;
  end?: number;
  /** the segment's number in the source when it is not its place in the list (a table row) */
  index?: number;
}

/** A conversation read from segments (ASR output, subtitles, a table). */
export interface SegmentConversation {
  kind: 'segments';
  id?: string;
  channel?: Channel;
  metadata?: TranscriptMetadata;
  segments: SourceSegment[];
  /** where it sits in a file holding several, for messages: "conversation 2" */
  place?: string;
}

/** A conversation whose speakers the source states itself (canonical JSON, plain text). */
export interface ReadyConversation {
  kind: 'transcript';
  transcript: Transcript;
  /** the line each turn starts on, where the format has lines */
  lines?: number[];
}

export interface ParseOutput {
  conversations: Array<SegmentConversation | ReadyConversation>;
  /** problems in parts of the file; the other parts are still checked */
  errors: InputError[];
}

/** Column names of a table (CSV / xlsx) import, by field; headers are matched case-insensitively. */
export type ColumnMap = Partial<Record<TableField, string>>;
export const TABLE_FIELDS = ['conversation', 'speaker', 'text', 'start', 'end', 'agent', 'agentName', 'team', 'queue', 'channel'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];

export interface ParseContext {
  /** the file name as given (or --stdin-filename), for ids and messages */
  file: string;
  columns?: ColumnMap;
}

export interface Importer {
  name: string;
  /** file name endings that suggest it, lower case with the dot */
  extensions: readonly string[];
  /** Content-Types it is posted with; the first is the one to send */
  mediaTypes: readonly string[];
  /** a file ending that is sent with another Content-Type than the first (.jsonl as JSON Lines) */
  extensionTypes?: Readonly<Record<string, string>>;
  /** reads bytes (xlsx) rather than decoded text */
  binary?: boolean;
  /** reads one JSON value (the engines' outputs) */
  needsJson?: boolean;
  /** whether the content looks like this format; `json` is the parsed value when the text is JSON */
  detect(sniff: Sniff): boolean;
  parse(input: ImportInput, context: ParseContext): ParseOutput | Promise<ParseOutput>;
}

export interface Sniff {
  /** decoded text (empty for binary content) */
  text: string;
  /** the parsed JSON value, when the whole text is JSON */
  json?: unknown;
  bytes: Uint8Array;
  file: string;
}

export interface ImportInput {
  text: string;
  json?: unknown;
  bytes: Uint8Array;
}

/** The way back from a turn to the source segments it was merged from. */
export interface TurnPiece {
  /** index of the segment in the source (0-based) */
  index: number;
  /** where this segment's text begins in the turn's text */
  offset: number;
  start?: number;
  end?: number;
}

/** A transcript ready for checking, with what the report needs to say about how it was read. */
export interface ImportedTranscript {
  transcript: Transcript;
  source: ReportSource;
  warnings: string[];
  /** per turn, the source segments it came from (segment importers only) */
  pieces?: TurnPiece[][];
  /** per turn, the line of the file it starts on (1-based; formats with lines: plain text) */
  lines?: number[];
}

export interface ImportResult {
  file: string;
  format: string;
  transcripts: ImportedTranscript[];
  errors: InputError[];
}
