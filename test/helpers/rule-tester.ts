/**
 * A RuleTester in ESLint's style: one table per rule, `valid` cases that must
 * produce no finding of the rule and `invalid` cases with exactly the findings
 * expected of it. Conversations run through the public `check` with the
 * general pack (or a pack given by the case), and every reported span must be
 * the original text of its turn.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check, type ConversationEvent, type Finding, loadPack, type Pack, type Report, type TranscriptInput } from '../../src/index.js';

type TurnInput = TranscriptInput['turns'][number];

export interface Conversation {
  /** test title; defaults to the turns' text */
  name?: string;
  channel: 'call' | 'chat';
  turns: TurnInput[];
  events?: ConversationEvent[];
}

function turnOf(speaker: TurnInput['speaker'], text: string, start?: number, end?: number): TurnInput {
  return { speaker, text, ...(start !== undefined && { start }), ...(end !== undefined && { end }) };
}

/** An agent turn, optionally timed (seconds). */
export const agent = (text: string, start?: number, end?: number) => turnOf('agent', text, start, end);
export const customer = (text: string, start?: number, end?: number) => turnOf('customer', text, start, end);
export const system = (text: string, start?: number, end?: number) => turnOf('system', text, start, end);

export const hold = (start: number, end: number): ConversationEvent => ({ type: 'hold', start, end });
export const hangup = (by: 'agent' | 'customer', at: number): ConversationEvent => ({ type: 'hangup', by, at });

/** A call (the default channel). */
export const call = (...turns: TurnInput[]): Conversation => ({ channel: 'call', turns });
export const chat = (...turns: TurnInput[]): Conversation => ({ channel: 'chat', turns });

/** The same conversation with a title, events or another channel. */
export function named(name: string, conversation: Conversation): Conversation {
  return { ...conversation, name };
}
export function withEvents(conversation: Conversation, ...events: ConversationEvent[]): Conversation {
  return { ...conversation, events: [...(conversation.events ?? []), ...events] };
}

export interface ExpectedFinding {
  turn: number;
  /** the original text of the span; omit for findings that are not about a span */
  text?: string;
}

/** A bare string is one agent sentence in a call. */
export type Code = string | Conversation;

interface CaseOptions {
  name?: string;
  /**
   * A known bug outside the test data (described here): the case is run with
   * `it.fails`, so the suite notices when the bug is fixed.
   */
  bug?: string;
}

export interface ValidCase extends CaseOptions {
  code: Code;
}

export interface InvalidCase extends CaseOptions {
  code: Code;
  findings: ExpectedFinding[];
}

export interface RuleTable {
  valid: Array<Code | ValidCase>;
  invalid: InvalidCase[];
  /** a pack other than general (e.g. one with changed thresholds) */
  pack?: Pack;
}

/**
 * The general pack with some rules tuned, e.g. `{ 'speech.fast': { options: { max: 400 } } }`
 * (written to a temporary pack folder that extends general; removed after the file's tests).
 */
export function tunedPack(rules: Record<string, unknown>): Pack {
  const dir = mkdtempSync(join(tmpdir(), 'talklint-tuned-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // JSON is YAML
  writeFileSync(join(dir, 'pack.yaml'), JSON.stringify({ name: 'tuned', version: '0.0.1', extends: 'general', rules }));
  return loadPack(dir);
}

const toConversation = (code: Code): Conversation => (typeof code === 'string' ? call(agent(code)) : code);

function titleOf({ code, name, bug }: { code: Code } & CaseOptions): string {
  const conversation = toConversation(code);
  const text = conversation.turns.map((t) => `${t.speaker[0]}:${t.text}`).join(' / ');
  const title = name ?? conversation.name ?? `${conversation.channel} ${text.length > 70 ? `${text.slice(0, 70)}…` : text}`;
  return bug ? `${title} [known bug: ${bug}]` : title;
}

/** Runs a conversation through `check` and asserts that every span is its turn's original text. */
export function run(code: Code, pack?: Pack): Report {
  const conversation = toConversation(code);
  const report = check(
    { id: 'rule-test', channel: conversation.channel, turns: conversation.turns, events: conversation.events ?? [] },
    pack ? { pack } : {},
  );
  for (const finding of report.findings) assertSpan(conversation.turns, finding);
  return report;
}

export function assertSpan(turns: readonly { text: string }[], finding: Finding): void {
  expect(finding.turn, `${finding.rule}: turn index`).toBeLessThan(turns.length);
  if (finding.start === undefined) {
    expect(finding.end, `${finding.rule}: end without start`).toBeUndefined();
    expect(finding.text, `${finding.rule}: text without start`).toBeUndefined();
    return;
  }
  expect(finding.start).toBeLessThan(finding.end!);
  expect(turns[finding.turn].text.slice(finding.start, finding.end), `${finding.rule} span`).toBe(finding.text);
}

export const findingsOf = (report: Report, rule: string) => report.findings.filter((f) => f.rule === rule);

const testOf = (c: CaseOptions) => (c.bug ? it.fails : it);

/** Registers the table as vitest tests under `describe(rule)`. */
export function ruleTester(rule: string, table: RuleTable): void {
  describe(rule, () => {
    describe('valid', () => {
      for (const entry of table.valid) {
        const c: ValidCase = typeof entry === 'object' && 'code' in entry ? entry : { code: entry };
        testOf(c)(titleOf(c), () => {
          expect(findingsOf(run(c.code, table.pack), rule)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of table.invalid) {
        testOf(c)(titleOf(c), () => {
          const actual = findingsOf(run(c.code, table.pack), rule).map((f) => ({ turn: f.turn, text: f.text }));
          expect(actual).toEqual(c.findings.map((f) => ({ turn: f.turn, text: f.text })));
        });
      }
    });
  });
}
