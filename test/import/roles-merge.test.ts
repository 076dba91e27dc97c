/** Who is who in segment input (--roles, engine roles, detection with its warnings) and how segments become turns. */
import { describe, expect, it } from 'vitest';
import { checkImported, segmentAt } from '../../src/import/check-imported.js';
import { importContent } from '../../src/import/registry.js';
import { assignRoles, parseRoleMap, speakerKey } from '../../src/import/roles.js';
import { segmentsToTranscript } from '../../src/import/segments.js';
import type { SegmentConversation, SourceSegment } from '../../src/import/types.js';

const conversation = (segments: SourceSegment[]): SegmentConversation => ({ kind: 'segments', channel: 'call', segments });
const seg = (speaker: string, text: string, start?: number, end?: number): SourceSegment => ({ speaker, text, start, end });

/** Alibaba output with two channels, built here so each test can vary it. */
const aliyun = (sentences: Array<[number, string, number, number]>) =>
  Buffer.from(JSON.stringify({ Result: { Sentences: sentences.map(([ChannelId, Text, b, e]) => ({ ChannelId, Text, BeginTime: b * 1000, EndTime: e * 1000 })) } }));

describe('speaker ids', () => {
  it.each([
    ['spk_0', '0'],
    ['ch_1', '1'],
    ['SPEAKER_01', '1'],
    ['Speaker 1', '1'],
    ['说话人2', '2'],
    ['0', '0'],
    ['AGENT', 'agent'],
  ])('%s compares as %s', (id, key) => expect(speakerKey(id)).toBe(key));

  it('--roles takes ids as written or their numbers, and role words', () => {
    expect([...parseRoleMap('spk_0=agent, 1=customer,ch_2:系统')]).toEqual([
      ['0', 'agent'],
      ['1', 'customer'],
      ['2', 'system'],
    ]);
  });

  it('--roles rejects what is not a role or not a pair', () => {
    expect(() => parseRoleMap('0=boss')).toThrow(/"boss" is not a role/);
    expect(() => parseRoleMap('agent')).toThrow(/not id=role/);
  });
});

describe('roles', () => {
  const call = aliyun([
    [1, '喂你好', 0, 1],
    [0, '您好，这里是城北银行客服中心，工号2231，请问有什么可以帮您？', 1.5, 6],
    [1, '我的卡被锁了', 6.5, 8],
    [0, '请您稍等，我帮您查一下', 8.5, 10],
  ]);

  it('are detected from content: the channel that introduces itself is the agent, however it is numbered', async () => {
    const [t] = (await importContent('c.json', call)).transcripts;
    expect(t.source.roles).toBe('detected');
    expect(t.warnings).toEqual([]);
    expect(t.transcript.turns.map((x) => x.speaker)).toEqual(['customer', 'agent', 'customer', 'agent']);
  });

  it('follow --roles, even against the content, and say so in source.roles', async () => {
    const [t] = (await importContent('c.json', call, { roles: parseRoleMap('0=customer,1=agent') })).transcripts;
    expect(t.source.roles).toBe('explicit');
    expect(t.transcript.turns.map((x) => x.speaker)).toEqual(['agent', 'customer', 'agent', 'customer']);
  });

  it('a speaker missing from --roles is an error naming it, not a guess', async () => {
    const result = await importContent('c.json', call, { roles: parseRoleMap('0=agent') });
    expect(result.errors[0].message).toMatch(/c\.json: speaker "1" not in --roles/);
  });

  it('weak evidence gives a warning that names the speakers and --roles', () => {
    const assigned = assignRoles([seg('0', '嗯嗯'), seg('1', '好的您说')]);
    expect(assigned.roles).toBe('detected');
    expect(assigned.warnings).toEqual([expect.stringMatching(/weak evidence: speaker 1 taken as the agent .*use --roles/)]);
  });

  it('IVR prompts become system lines, on their own channel or before the agent speaks', () => {
    const assigned = assignRoles([
      seg('0', '欢迎致电城北银行，本次通话可能会被录音，普通话服务请按1'),
      seg('0', '您好，工号3301，很高兴为您服务，请问有什么可以帮您？'),
      seg('1', '我想查账单'),
      seg('2', '您的通话将被录音'),
    ]);
    expect(assigned.speakers).toEqual(['system', 'agent', 'customer', 'system']);
  });

  it('engine roles are used as given', () => {
    const assigned = assignRoles([{ ...seg('AGENT', '喂'), role: 'agent' }, { ...seg('CUSTOMER', '您好'), role: 'customer' }]);
    expect(assigned).toEqual({ speakers: ['agent', 'customer'], roles: 'engine', warnings: [] });
  });
});

describe('merging segments into turns', () => {
  const opening = [seg('0', '您好，这里是城北银行客服中心', 0, 2.5), seg('0', '工号2231，请问有什么可以帮您', 3.4, 6), seg('1', '我的卡被锁了', 6.5, 8)];
  const roles = parseRoleMap('0=agent,1=customer');

  it('joins segments of one speaker less than 2 s apart, keeping each piece\'s place', () => {
    const imported = segmentsToTranscript('m.json', conversation(opening), 'aliyun', { roles });
    expect(imported.transcript.turns.map((t) => [t.text, t.start, t.end])).toEqual([
      ['您好，这里是城北银行客服中心 工号2231，请问有什么可以帮您', 0, 6],
      ['我的卡被锁了', 6.5, 8],
    ]);
    expect(imported.pieces![0]).toEqual([
      { index: 0, offset: 0, start: 0, end: 2.5 },
      { index: 1, offset: 15, start: 3.4, end: 6 },
    ]);
  });

  it('keeps segments apart from --merge-gap on, and never merges with 0', () => {
    expect(segmentsToTranscript('m.json', conversation(opening), 'aliyun', { roles, mergeGap: 0.9 }).transcript.turns).toHaveLength(2);
    expect(segmentsToTranscript('m.json', conversation(opening), 'aliyun', { roles, mergeGap: 0.8 }).transcript.turns).toHaveLength(3);
    expect(segmentsToTranscript('m.json', conversation(opening), 'aliyun', { roles, mergeGap: 0 }).transcript.turns).toHaveLength(3);
  });

  it('an opening split by the engine is one turn, so intro.missing does not fire (it does when kept apart)', () => {
    const split = [seg('0', '您好', 0, 0.6), seg('0', '这里是城北银行，工号2231', 1.2, 3), seg('1', '你好', 3.5, 4)];
    const rulesOf = (mergeGap: number) => checkImported(segmentsToTranscript('s.json', conversation(split), 'aliyun', { roles, mergeGap })).findings.map((f) => f.rule);
    expect(rulesOf(2)).not.toContain('intro.missing');
    expect(rulesOf(0)).toContain('intro.missing');
  });

  it('never merges across another speaker', () => {
    const turns = segmentsToTranscript('m.json', conversation([seg('0', '您好', 0, 1), seg('1', '你好', 1.1, 1.5), seg('0', '请讲', 1.6, 2)]), 'x', { roles }).transcript.turns;
    expect(turns.map((t) => t.speaker)).toEqual(['agent', 'customer', 'agent']);
  });
});

describe('the way back to the recording', () => {
  it('findings in a merged turn name the segment each lies in, with its time', async () => {
    const input = aliyun([
      [0, '您好，城北银行，工号2231，请问有什么可以帮您？', 0, 4],
      [1, '我的卡被锁了怎么回事', 4.5, 6],
      [0, '这个我不清楚', 6.5, 7.5],
      [0, '你问别人去吧', 8, 9],
    ]);
    const [imported] = (await importContent('w.json', input, { roles: parseRoleMap('0=agent,1=customer') })).transcripts;
    const report = checkImported(imported);
    const shirk = report.findings.filter((f) => f.rule === 'banned.shirk');
    expect(shirk.map((f) => [f.turn, f.text, f.segment])).toEqual([
      [2, '不清楚', { index: 2, start: 6.5, end: 7.5 }],
      [2, '你问别人去', { index: 3, start: 8, end: 9 }],
    ]);
  });

  it('findings without a span point at the turn\'s first segment', () => {
    expect(segmentAt([{ index: 4, offset: 0, start: 1 }, { index: 5, offset: 3, start: 2 }], undefined)).toEqual({ index: 4, start: 1 });
  });
});
