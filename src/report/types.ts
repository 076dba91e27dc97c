/** The report of contract sections 2 and 5. */
import type { Severity } from '../rules/types.js';
import type { TranscriptMetadata } from '../transcript/schema.js';

export type Grade = '优秀' | '良好' | '合格' | '不合格';

/** Where a finding's turn came from in an imported file: the engine's segment (0-based) and its times in seconds. */
export interface SegmentRef {
  index: number;
  start?: number;
  end?: number;
}

export interface Finding {
  /** short, stable for the same transcript, pack version and finding; unique in its report */
  id: string;
  rule: string;
  severity: Severity;
  turn: number;
  start?: number;
  end?: number;
  text?: string;
  /** which of the rule's message templates the message was made from (its `meta.messages` key) */
  messageId: string;
  message: string;
  suggestion?: string;
  deduct: number;
  /** what fired: a lexicon entry id, or a part of the rule (beyond contract section 2: explains the finding) */
  entry: string;
  /** imported transcripts: the source segment the finding's position lies in */
  segment?: SegmentRef;
}

/** How the transcript was read: the importer, and how speakers were told apart. */
export interface ReportSource {
  format: string;
  /** explicit: written in the input or given by --roles; engine: the engine's own roles; detected: guessed from content */
  roles: 'explicit' | 'engine' | 'detected';
  file?: string;
}

export interface Report extends TranscriptMetadata {
  id: string;
  pack: string;
  /** version of the pack that made the score (beyond contract section 2: traceability) */
  packVersion: string;
  score: number;
  grade: Grade;
  redLine: boolean;
  source: ReportSource;
  /** what the reader ignored or guessed (unknown keys, weak role evidence); absent when none */
  warnings?: string[];
  findings: Finding[];
}
