/**
 * The streaming analyzer without the network: a conversation fed turn by turn
 * (with partial hypotheses) ends in the batch report; updates come as soon as
 * they are decidable; the running score, previews and reminders are right.
 */
import { describe, expect, it } from 'vitest';
import { check, timeline } from '../src/engine/check.js';
import { scoreFindings } from '../src/engine/score.js';
import { loadPack, type Pack } from '../src/pack/load.js';
import type { Finding } from '../src/report/types.js';
import { LiveConversation, type LiveUpdate } from '../src/stream/live-conversation.js';
import type { Transcript } from '../src/transcript/schema.js';
import { pickMetadata, TranscriptSchema } from '../src/transcript/schema.js';
import { devTranscripts, fixtureTranscripts } from './server/helpers.js';

const pack = loadPack('general');
const redLineRulesOf = (p: Pack) => new Set(p.rules.filter((r) => r.redLine).map((r) => r.rule.meta.id));

/** Feeds a transcript with a partial (first half of the text) before every turn; returns the updates and the report. */
function stream(transcript: Transcript) {
  const updates: LiveUpdate[] = [];
  const live = new LiveConversation(loadPack(transcript.pack ?? 'general'), { ...pickMetadata(transcript), id: transcript.id, channel: transcript.channel }, (u) =>
    updates.push(u),
  );
  live.begin();
  for (const item of timeline(transcript)) {
    if (item.kind === 'event') {
      live.event(item.event);
      continue;
    }
    live.partial({ speaker: item.turn.speaker, text: item.turn.text.slice(0, Math.ceil(item.turn.text.length / 2)) });
    live.turn(item.turn);
  }
  return { updates, report: live.end(), live };
}

const conversation = (turns: Array<[Transcript['turns'][number]['speaker'], string]>) =>
  TranscriptSchema.parse({ id: 'unit', channel: 'chat', turns: turns.map(([speaker, text]) => ({ speaker, text })) });

const corpus = [...fixtureTranscripts(), ...devTranscripts()];

describe('streamed report equals the batch report', () => {
  it('has transcripts to compare', () => {
    expect(fixtureTranscripts().length).toBeGreaterThan(0);
  });

  it.each(corpus.map((c) => [c.name, c.transcript] as const))('%s', (_name, transcript) => {
    const { updates, report, live: conversation } = stream(transcript);
    expect(report).toEqual(check(transcript));
    expect(updates.at(-1)).toEqual({ type: 'report', report });

    // replaying finding/retract updates gives the report's findings, and each `score` is the score of the findings live then
    const live = new Map<string, Finding>();
    for (const u of updates) {
      if (u.type === 'finding') live.set(u.key, u.finding);
      else if (u.type === 'retract') expect(live.delete(u.key)).toBe(true);
      else if (u.type === 'score') {
        const { score, grade, redLine } = scoreFindings([...live.values()], redLineRulesOf(conversation.pack), conversation.pack.grades);
        expect({ score: u.score, grade: u.grade, redLine: u.redLine }).toEqual({ score, grade, redLine });
      }
    }
    const sortKey = (f: Finding) => JSON.stringify(f);
    expect([...live.values()].map(sortKey).sort()).toEqual(report.findings.map(sortKey).sort());
  });
});

describe('live updates', () => {
  it('reports a banned phrase when its turn arrives, before the conversation ends', () => {
    const updates: LiveUpdate[] = [];
    const live = new LiveConversation(pack, { id: 'u', channel: 'chat' }, (u) => updates.push(u));
    live.turn({ speaker: 'agent', text: '您好,请问有什么可以帮您?' });
    live.turn({ speaker: 'customer', text: '我的发票一直没有寄到。' });
    expect(updates.filter((u) => u.type === 'finding')).toEqual([]);
    live.turn({ speaker: 'agent', text: '这个我不清楚。' });
    const findings = updates.filter((u) => u.type === 'finding');
    expect(findings.map((u) => u.type === 'finding' && [u.finding.rule, u.finding.turn, u.finding.text])).toEqual([['banned.shirk', 2, '不清楚']]);
    expect(updates.at(-1)).toMatchObject({ type: 'score', turns: 3, score: 85 });
  });

  it('marks greeting.missing provisional and retracts it when a later greeting makes it greeting.late', () => {
    const { updates } = stream(
      conversation([
        ['agent', '请讲。'],
        ['customer', '我想改一下收货地址。'],
        ['agent', '您好,可以的,请告诉我新的地址。'],
      ]),
    );
    const changes = updates.filter((u) => u.type === 'finding' || u.type === 'retract').map((u) => (u.type === 'finding' ? `+${u.finding.rule}${u.provisional ? '?' : ''}` : `-${u.finding.rule}`));
    expect(changes.slice(0, 3)).toEqual(['+greeting.missing?', '+greeting.late', '-greeting.missing']);
  });

  it('previews a partial hypothesis flagged partial, without changing the conversation', () => {
    const updates: LiveUpdate[] = [];
    const live = new LiveConversation(pack, { id: 'u', channel: 'chat' }, (u) => updates.push(u));
    live.turn({ speaker: 'agent', text: '您好,请问有什么可以帮您?' });
    live.partial({ speaker: 'agent', text: '不知道,快点' });
    const preview = updates.at(-1);
    expect(preview).toMatchObject({ type: 'preview', turn: 1, speaker: 'agent' });
    expect(preview?.type === 'preview' && preview.findings.map((f) => [f.rule, f.turn, f.start, f.end, f.text, f.partial])).toEqual([
      ['banned.shirk', 1, 0, 3, '不知道', true],
      ['banned.impatient', 1, 4, 6, '快点', true],
    ]);
    live.partial({ speaker: 'customer', text: '不知道' });
    expect(updates.at(-1)).toEqual({ type: 'preview', turn: 1, speaker: 'customer', findings: [] });
    // the final turn says something else: the previewed hits never reach the report
    live.turn({ speaker: 'agent', text: '好的,我马上帮您查询。' });
    const report = live.end();
    expect(report.findings.filter((f) => f.rule.startsWith('banned.'))).toEqual([]);
    expect(live.turns).toBe(2);
  });

  it('lists reminders still due: greeting, further-help question, farewell', () => {
    const updates: LiveUpdate[] = [];
    const live = new LiveConversation(pack, { id: 'u', channel: 'chat' }, (u) => updates.push(u));
    const due = () => updates.filter((u) => u.type === 'reminders').at(-1);
    live.begin();
    expect(due()).toEqual({
      type: 'reminders',
      due: ['greeting', 'further_help', 'farewell'],
      labels: { greeting: '您好,很高兴为您服务。', further_help: '请问还有什么可以帮您的吗?', farewell: '感谢您的来电,祝您生活愉快,再见!' },
    });
    live.turn({ speaker: 'customer', text: '你好,我想查一下积分。' });
    live.turn({ speaker: 'agent', text: '您好,您的积分是三百二十分。' });
    expect(due()).toEqual({ type: 'reminders', due: ['further_help', 'farewell'] });
    live.turn({ speaker: 'agent', text: '请问还有什么可以帮您?' });
    expect(due()).toEqual({ type: 'reminders', due: ['farewell'] });
    live.turn({ speaker: 'customer', text: '没有了,谢谢。' });
    live.turn({ speaker: 'agent', text: '感谢您的咨询,再见!' });
    expect(due()).toEqual({ type: 'reminders', due: [] });
    expect(live.snapshot().due).toEqual([]);
  });

  it('refuses input after the end', () => {
    const live = new LiveConversation(pack, { id: 'u', channel: 'chat' }, () => {});
    live.turn({ speaker: 'agent', text: '您好' });
    live.end();
    expect(() => live.turn({ speaker: 'agent', text: '再见' })).toThrow(/ended/);
    expect(() => live.partial({ speaker: 'agent', text: '再见' })).toThrow(/ended/);
  });

  it('keeps per-turn cost flat as the conversation grows', () => {
    const live = new LiveConversation(pack, { id: 'long', channel: 'call' }, () => {});
    const lines = ['您好,这里是客服中心,工号三一二。', '我想问一下账单。', '好的,请稍等,我帮您查询一下,不知道您方便吗?', '行,你快点。'];
    const timeTurns = (n: number, offset: number) => {
      const t0 = performance.now();
      for (let i = 0; i < n; i++) {
        const k = offset + i;
        live.turn({ speaker: k % 2 === 0 ? 'agent' : 'customer', text: lines[k % lines.length], start: k * 5, end: k * 5 + 4 });
      }
      return performance.now() - t0;
    };
    timeTurns(200, 0); // warm-up
    const early = timeTurns(500, 200);
    timeTurns(3000, 700);
    const late = timeTurns(500, 3700);
    // flat means roughly equal; a cost that grew with length would make the late batch many times slower
    expect(late).toBeLessThan(early * 3 + 50);
  });
});
