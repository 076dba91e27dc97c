/**
 * A RuleTester in ESLint's style: one table per rule, `valid` cases that must
 * produce no finding of the rule and `invalid` cases with exactly the findings
 * expected of it: turn, message id and span. Conversations run through the
 * public `check` with the general pack (or a pack given by the table), and
 * every reported span must be the original text of its turn.
 *
 * A table is refused when it cannot prove anything: a rule id the pack does
 * not have, an invalid case without an expected finding, a message id the
 * rule does not define, or the same case twice.
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
  /**
   * the original text of the span; omit for findings that are not about a span.
   * The span is checked too: the text's next occurrence in the turn after the
   * previous expected span of that turn (or `start`, when given).
   */
  text?: string;
  start?: number;
  /** a key of the rule's `meta.messages`; default: the rule's main message (its only one, or `found`) */
  messageId?: string;
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

/** What a finding is compared on. */
interface Observed {
  turn: number;
  messageId: string;
  start?: number;
  end?: number;
  text?: string;
}

/** The expected findings with their spans placed in the turns' text, or an error message when one cannot be placed. */
function placeSpans(conversation: Conversation, expected: ExpectedFinding[], mainMessage: string | undefined): Observed[] {
  const searchFrom = new Map<string, number>();
  return expected.map((f) => {
    const messageId = f.messageId ?? mainMessage;
    if (messageId === undefined) throw new Error('this rule has several messages: give each expected finding its messageId');
    if (f.text === undefined) return { turn: f.turn, messageId };
    const turnText = conversation.turns[f.turn]?.text ?? '';
    const key = `${f.turn}\u0000${f.text}`;
    const start = f.start ?? turnText.indexOf(f.text, searchFrom.get(key) ?? 0);
    if (start < 0 || turnText.slice(start, start + f.text.length) !== f.text) throw new Error(`expected text ${JSON.stringify(f.text)} is not in turn ${f.turn}`);
    searchFrom.set(key, start + f.text.length);
    return { turn: f.turn, messageId, start, end: start + f.text.length, text: f.text };
  });
}

const observed = (f: Finding): Observed => ({
  turn: f.turn,
  messageId: f.messageId,
  ...(f.start !== undefined && { start: f.start, end: f.end, text: f.text }),
});

/** The same case twice proves nothing twice: the table has a copy-paste slip. */
function assertNoDuplicates(table: RuleTable): void {
  const seen = new Set<string>();
  const cases = [...table.valid.map((v) => (typeof v === 'object' && 'code' in v ? v.code : v)), ...table.invalid.map((c) => c.code)];
  for (const code of cases) {
    const key = JSON.stringify(toConversation(code), (k, v) => (k === 'name' ? undefined : v));
    if (seen.has(key)) throw new Error(`duplicate case: ${titleOf({ code })}`);
    seen.add(key);
  }
}

/** Registers the table as vitest tests under `describe(rule)`; refuses a table that could not fail. */
export function ruleTester(rule: string, table: RuleTable): void {
  const effective = (table.pack ?? loadPack('general')).rules.find((r) => r.rule.meta.id === rule);
  if (!effective) throw new Error(`ruleTester: no rule "${rule}" in pack ${(table.pack ?? loadPack('general')).name}`);
  const messageIds = Object.keys(effective.rule.meta.messages);
  const mainMessage = messageIds.length === 1 ? messageIds[0] : messageIds.includes('found') ? 'found' : undefined;
  if (table.invalid.length === 0) throw new Error(`ruleTester ${rule}: no invalid case, so nothing shows the rule fires`);
  for (const c of table.invalid) {
    if (c.findings.length === 0) throw new Error(`ruleTester ${rule}: invalid case without an expected finding (${titleOf(c)}); make it a valid case`);
    for (const f of c.findings) {
      if (f.messageId !== undefined && !messageIds.includes(f.messageId)) throw new Error(`ruleTester ${rule}: unknown messageId "${f.messageId}" (${messageIds.join(', ')})`);
    }
  }
  assertNoDuplicates(table);

  describe(rule, () => {
    // a table may hold invalid cases only (vitest refuses an empty suite)
    describe.skipIf(table.valid.length === 0)('valid', () => {
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
          const expected = placeSpans(toConversation(c.code), c.findings, mainMessage);
          expect(findingsOf(run(c.code, table.pack), rule).map(observed)).toEqual(expected);
        });
      }
    });
  });
}
