/**
 * The conversation analyzer: feeds turns and events, in order, to every
 * enabled rule's listeners and keeps the findings. The batch checker and the
 * streaming server both drive this one class, so the final report is the same
 * whichever way a conversation arrives. Work per turn is one turn's analysis
 * plus constant-size rule state: it does not grow with the conversation.
 */
import type { Pack } from '../pack/load.js';
import { FindingIds } from '../report/finding-id.js';
import type { Finding, Report, ReportSource } from '../report/types.js';
import { formatMessage } from '../rules/message-template.js';
import type { AnalysedTurn, FindingDraft, RuleListeners } from '../rules/types.js';
import { type Channel, type ConversationEvent, pickMetadata, type TranscriptMetadata, type Turn } from '../transcript/schema.js';
import { analyseTurn } from './analyse-turn.js';
import { type Score, scoreFindings } from './score.js';

export type AnalyzerChange =
  | { type: 'finding'; key: string; finding: Finding; provisional: boolean }
  | { type: 'retract'; key: string; finding: Finding };

interface Entry {
  finding: Finding;
  provisional: boolean;
}

export interface ConversationHeader extends TranscriptMetadata {
  id: string;
  channel: Channel;
  /** how the transcript was read; default: canonical input with its own speakers */
  source?: ReportSource;
  warnings?: string[];
}

const CANONICAL_SOURCE: ReportSource = { format: 'canonical', roles: 'explicit' };

export class ConversationAnalyzer {
  private readonly listeners: RuleListeners[] = [];
  private readonly findings = new Map<string, Entry>();
  private readonly redLineRules: ReadonlySet<string>;
  private turnCount = 0;
  private ended = false;

  constructor(
    readonly pack: Pack,
    readonly header: ConversationHeader,
    private readonly onChange: (change: AnalyzerChange) => void = () => {},
  ) {
    this.redLineRules = new Set(pack.rules.filter((r) => r.redLine).map((r) => r.rule.meta.id));
    const ids = new FindingIds(`${header.id}|${pack.name}@${pack.version}`);
    for (const effective of pack.rules) {
      const { id, messages } = effective.rule.meta;
      const keyOf = (draft: FindingDraft) => `${id}|${draft.key ?? `${draft.turn}:${draft.span?.start ?? ''}`}`;
      this.listeners.push(
        effective.rule.create({
          channel: header.channel,
          options: effective.options,
          report: (draft) => {
            const key = keyOf(draft);
            if (this.findings.has(key)) return;
            const finding: Finding = {
              id: ids.next(key),
              rule: id,
              severity: effective.severity,
              turn: draft.turn,
              ...(draft.span && { start: draft.span.start, end: draft.span.end, text: draft.span.text }),
              messageId: draft.messageId,
              message: formatMessage(messages[draft.messageId], { ...(draft.span && { text: draft.span.text }), ...draft.data }),
              ...(draft.suggestion !== undefined && { suggestion: draft.suggestion }),
              deduct: effective.deduct,
              entry: draft.entry ?? id,
            };
            const provisional = draft.provisional ?? false;
            this.findings.set(key, { finding, provisional });
            this.onChange({ type: 'finding', key, finding, provisional });
          },
          retract: (ruleKey) => {
            const key = `${id}|${ruleKey}`;
            const entry = this.findings.get(key);
            if (!entry) return;
            this.findings.delete(key);
            this.onChange({ type: 'retract', key, finding: entry.finding });
          },
        }),
      );
    }
  }

  get turns(): number {
    return this.turnCount;
  }

  addTurn(turn: Turn): AnalysedTurn {
    this.assertOpen();
    // contract section 5: a chat message without an end ends where it starts (typed messages take no time)
    const timed = this.header.channel === 'chat' && turn.end === undefined && turn.start !== undefined ? { ...turn, end: turn.start } : turn;
    const analysed = analyseTurn(this.pack.matcher, this.turnCount++, timed);
    for (const l of this.listeners) l.turn?.(analysed);
    return analysed;
  }

  addEvent(event: ConversationEvent): void {
    this.assertOpen();
    for (const l of this.listeners) l.event?.(event);
  }

  /** Closes the conversation: end-of-call rules run, and the final report is returned. */
  end(): Report {
    this.assertOpen();
    for (const l of this.listeners) l.end?.();
    this.ended = true;
    return this.report();
  }

  /** Findings so far (provisional ones included) with the running score. */
  report(): Report {
    const findings = [...this.findings.values()].map((e) => e.finding).sort(compareFindings);
    const score: Score = scoreFindings(findings, this.redLineRules, this.pack.grades);
    const warnings = this.header.warnings?.length ? { warnings: this.header.warnings } : {};
    return {
      id: this.header.id,
      ...pickMetadata(this.header),
      pack: this.pack.name,
      packVersion: this.pack.version,
      ...score,
      source: this.header.source ?? CANONICAL_SOURCE,
      ...warnings,
      findings,
    };
  }

  private assertOpen(): void {
    if (this.ended) throw new Error('the conversation has ended');
  }
}

export function compareFindings(a: Finding, b: Finding): number {
  return a.turn - b.turn || (a.start ?? -1) - (b.start ?? -1) || a.rule.localeCompare(b.rule);
}
