/**
 * A conversation analysed as it happens: final turns, events and partial ASR
 * hypotheses in, updates out (findings as soon as they are decidable,
 * retractions, the running score, reminders still due, previews of the turn
 * being spoken, and the final report). It drives the same ConversationAnalyzer
 * as the batch `check`, in the same order, so the final report is the batch
 * report. Per-turn work is one turn's analysis plus constant-size state.
 */
import { type AnalyzerChange, type ConversationHeader, ConversationAnalyzer } from '../engine/analyzer.js';
import type { Score } from '../engine/score.js';
import type { Pack } from '../pack/load.js';
import type { Finding, Report } from '../report/types.js';
import type { ConversationEvent, Turn } from '../transcript/schema.js';
import { type PartialTurn, type PreviewFinding, previewFindings } from './preview.js';
import { type Reminder, ReminderTracker } from './reminders.js';
import { RunningScore } from './running-score.js';

export interface LiveFinding {
  key: string;
  finding: Finding;
  provisional: boolean;
  /** the rule is a red line in this pack (the grade is 不合格 while the finding stands) */
  redLine: boolean;
}

export type LiveUpdate =
  | ({ type: 'finding' } & LiveFinding)
  | { type: 'retract'; key: string; finding: Finding }
  | ({ type: 'score'; turns: number } & Score)
  /** `labels` (at the start only): what each reminder asks for, in Chinese, for reminders a page does not know */
  | { type: 'reminders'; due: Reminder[]; labels?: Record<Reminder, string> }
  | { type: 'preview'; turn: number; speaker: PartialTurn['speaker']; findings: PreviewFinding[] }
  | { type: 'report'; report: Report };

export interface LiveSnapshot {
  turns: number;
  score: Score;
  findings: LiveFinding[];
  due: Reminder[];
  ended: boolean;
}

export class LiveConversation {
  private readonly analyzer: ConversationAnalyzer;
  private readonly live = new Map<string, LiveFinding>();
  private readonly score: RunningScore;
  private readonly reminders: ReminderTracker;
  private finalReport: Report | undefined;
  private eventCount = 0;

  constructor(
    readonly pack: Pack,
    readonly header: ConversationHeader,
    private readonly emit: (update: LiveUpdate) => void,
  ) {
    this.score = new RunningScore(pack);
    this.reminders = new ReminderTracker(pack);
    this.analyzer = new ConversationAnalyzer(pack, header, (change) => this.applyChange(change));
  }

  get turns(): number {
    return this.analyzer.turns;
  }

  /** events received so far (a resuming feeder skips the ones already here) */
  get events(): number {
    return this.eventCount;
  }

  get ended(): boolean {
    return this.finalReport !== undefined;
  }

  /** Reminders at the start (every one is due). */
  begin(): void {
    this.emit({ type: 'reminders', due: this.reminders.due(), labels: this.reminders.labels() });
  }

  /** A hypothesis for the turn being spoken: previewed, never added to the conversation. */
  partial(partial: PartialTurn): void {
    this.assertOpen();
    const turn = this.analyzer.turns;
    this.emit({ type: 'preview', turn, speaker: partial.speaker, findings: previewFindings(this.pack, this.header.channel, turn, partial) });
  }

  turn(turn: Turn): void {
    this.assertOpen();
    const analysed = this.analyzer.addTurn(turn);
    if (this.reminders.observe(analysed)) this.emit({ type: 'reminders', due: this.reminders.due() });
    this.emitScore();
  }

  event(event: ConversationEvent): void {
    this.assertOpen();
    this.analyzer.addEvent(event);
    this.eventCount++;
    this.emitScore();
  }

  /** Closes the conversation: end-of-call rules run, then the final report (the batch report). */
  end(): Report {
    this.assertOpen();
    const report = this.analyzer.end();
    this.finalReport = report;
    this.emitScore();
    this.emit({ type: 'report', report });
    return report;
  }

  /** Everything a late subscriber needs to catch up; O(findings), for occasional use. */
  snapshot(): LiveSnapshot {
    return {
      turns: this.analyzer.turns,
      score: this.score.current(),
      findings: [...this.live.values()],
      due: this.reminders.due(),
      ended: this.ended,
    };
  }

  private applyChange(change: AnalyzerChange): void {
    if (change.type === 'finding') {
      const entry: LiveFinding = {
        key: change.key,
        finding: change.finding,
        provisional: change.provisional,
        redLine: this.score.isRedLine(change.finding.rule),
      };
      this.live.set(change.key, entry);
      this.score.add(change.finding);
      this.emit({ type: 'finding', ...entry });
    } else {
      this.live.delete(change.key);
      this.score.remove(change.finding);
      this.emit({ type: 'retract', key: change.key, finding: change.finding });
    }
  }

  private emitScore(): void {
    this.emit({ type: 'score', turns: this.analyzer.turns, ...this.score.current() });
  }

  private assertOpen(): void {
    if (this.ended) throw new Error('the conversation has ended');
  }
}
