/** The report of contract section 2. */
import type { Severity } from '../rules/types.js';

export type Grade = '优秀' | '良好' | '合格' | '不合格';

export interface Finding {
  rule: string;
  severity: Severity;
  turn: number;
  start?: number;
  end?: number;
  text?: string;
  message: string;
  suggestion?: string;
  deduct: number;
}

export interface Report {
  id: string;
  pack: string;
  /** version of the pack that made the score (beyond contract section 2: traceability) */
  packVersion: string;
  score: number;
  grade: Grade;
  redLine: boolean;
  findings: Finding[];
}
