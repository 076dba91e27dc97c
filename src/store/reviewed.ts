/**
 * What the append-only rows of one conversation mean now: each finding's state,
 * the reviewed report (contract section 6) and the conversation's status. Pure:
 * the same rows always give the same answer, so nothing derived is ever stored
 * as the truth.
 */
import { scoreFromTotals } from '../engine/score.js';
import type { GradeBands } from '../pack/schema.js';
import type { Finding, Report } from '../report/types.js';

export type Verdict = 'confirmed' | 'rejected';
export type Status = 'unreviewed' | 'reviewed' | 'appealed' | 'final';
export const STATUSES: readonly Status[] = ['unreviewed', 'reviewed', 'appealed', 'final'];

/** A finding as stored: the checker's (auto) or one a reviewer added (漏检). */
export interface StoredFinding {
  id: string;
  origin: 'auto' | 'added';
  redLine: boolean;
  finding: Finding & { id: string; note?: string };
}

export interface ReviewEvent {
  seq: number;
  kind: 'review' | 'added' | 'appeal' | 'decision';
  findingId: string;
  verdict: string | null;
  note: string | null;
  appealSeq: number | null;
  appealId: string | null;
  by: string;
  at: string;
}

export interface AppealView {
  appealId: string;
  findingId: string;
  reason: string;
  by: string;
  at: string;
  state: 'open' | 'accepted' | 'refused';
  decision: { accept: boolean; note?: string; by: string; at: string } | null;
}

export interface FindingState {
  id: string;
  origin: 'auto' | 'added';
  /** the latest review's verdict; added findings are confirmed by whoever added them */
  verdict: Verdict | null;
  /** the latest review's note */
  note: string | null;
  appeal: AppealView | null;
  /** not in the reviewed report: rejected, or its appeal was accepted */
  removed: boolean;
}

export interface Derived {
  findings: Map<string, FindingState>;
  appeals: AppealView[];
  reviewedFindings: StoredFinding[];
  score: ReturnType<typeof scoreFromTotals>;
  status: Status;
}

export function derive(stored: readonly StoredFinding[], events: readonly ReviewEvent[], grades: GradeBands): Derived {
  const findings = new Map<string, FindingState>(
    stored.map((f) => [f.id, { id: f.id, origin: f.origin, verdict: f.origin === 'added' ? 'confirmed' : null, note: null, appeal: null, removed: false }]),
  );
  const appealsBySeq = new Map<number, AppealView>();
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) {
    const state = findings.get(event.findingId);
    if (event.kind === 'review' && state) {
      state.verdict = event.verdict as Verdict;
      state.note = event.note;
    }
    if (event.kind === 'appeal' && state) {
      const appeal: AppealView = {
        appealId: event.appealId!,
        findingId: event.findingId,
        reason: event.note ?? '',
        by: event.by,
        at: event.at,
        state: 'open',
        decision: null,
      };
      appealsBySeq.set(event.seq, appeal);
      state.appeal = appeal;
    }
    if (event.kind === 'decision') {
      const appeal = appealsBySeq.get(event.appealSeq!);
      if (!appeal) continue;
      const accept = event.verdict === 'accepted';
      appeal.state = accept ? 'accepted' : 'refused';
      appeal.decision = { accept, ...(event.note && { note: event.note }), by: event.by, at: event.at };
    }
  }
  for (const state of findings.values()) state.removed = state.verdict === 'rejected' || state.appeal?.state === 'accepted';

  const reviewedFindings = stored.filter((f) => !findings.get(f.id)!.removed);
  const deducted = reviewedFindings.reduce((sum, f) => sum + f.finding.deduct, 0);
  const score = scoreFromTotals(deducted, reviewedFindings.some((f) => f.redLine), grades);
  const appeals = [...appealsBySeq.values()];

  let status: Status = 'unreviewed';
  if (appeals.some((a) => a.state === 'open')) status = 'appealed';
  else if (appeals.length > 0) status = 'final';
  else if (events.some((e) => e.kind === 'review' || e.kind === 'added')) status = 'reviewed';
  return { findings, appeals, reviewedFindings, score, status };
}

/** The automatic report with the reviewed findings and the score, grade and red line they give. */
export function reviewedReport(report: Report, derived: Derived): Report {
  return { ...report, ...derived.score, findings: derived.reviewedFindings.map((f) => f.finding) };
}
