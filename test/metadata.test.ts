/** Contract section 5: metadata copied into reports, `source`, stable finding ids, unknown-key warnings, chat ends. */
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.js';
import { loadPack } from '../src/pack/load.js';
import { parseContent } from '../src/transcript/parse.js';
import type { TranscriptInput } from '../src/transcript/schema.js';

const rude: TranscriptInput = {
  id: 'meta-1',
  channel: 'call',
  agent: { id: '1024', name: '王芳' },
  team: '信用卡二组',
  queue: 'card-service',
  startedAt: '2026-11-22T09:15:00+08:00',
  tags: ['夜班'],
  metadata: { any: 'json', nested: [1, 2] },
  turns: [
    { speaker: 'agent', text: '喂' },
    { speaker: 'customer', text: '我的卡被锁了' },
    { speaker: 'agent', text: '不知道,问别人去。快点说' },
    { speaker: 'customer', text: '什么服务' },
    { speaker: 'agent', text: '不知道' },
  ],
};

describe('metadata', () => {
  it('is repeated unchanged in the report, with a canonical source', () => {
    const report = check(rude);
    expect(report).toMatchObject({
      agent: rude.agent,
      team: rude.team,
      queue: rude.queue,
      startedAt: rude.startedAt,
      tags: rude.tags,
      metadata: rude.metadata,
      source: { format: 'canonical', roles: 'explicit' },
    });
    expect(report.warnings).toBeUndefined();
  });

  it('keeps an agent object\'s other keys', () => {
    expect(check({ ...rude, agent: { id: '7', site: '成都' } }).agent).toEqual({ id: '7', site: '成都' });
  });

  it('names unknown top-level keys in warnings instead of dropping them', () => {
    const report = check({ ...rude, operator: 'x', callId: 5 } as never);
    expect(report.warnings).toEqual(['unknown top-level key "operator" ignored', 'unknown top-level key "callId" ignored']);
  });

  it('rejects metadata of the wrong shape', () => {
    expect(() => check({ ...rude, tags: '夜班' } as never)).toThrow(/tags/);
  });
});

describe('finding ids', () => {
  it('are short, unique in a report, and the same when the same input is checked again', () => {
    const first = check(rude).findings.map((f) => f.id);
    expect(first.length).toBeGreaterThan(3);
    expect(new Set(first).size).toBe(first.length);
    for (const id of first) expect(id).toMatch(/^[\w-]{6,12}$/);
    expect(check(structuredClone(rude) as never).findings.map((f) => f.id)).toEqual(first);
  });

  it('change with the pack version and with the conversation', () => {
    const pack = loadPack('general');
    const ids = check(rude, { pack }).findings.map((f) => f.id);
    const bumped = check(rude, { pack: { ...pack, version: `${pack.version}+next` } }).findings.map((f) => f.id);
    const other = check({ ...rude, id: 'meta-2' }, { pack }).findings.map((f) => f.id);
    expect(bumped.filter((id) => ids.includes(id))).toEqual([]);
    expect(other.filter((id) => ids.includes(id))).toEqual([]);
  });
});

describe('chats without end', () => {
  const chat = (end?: number) => ({
    id: 'late-reply',
    channel: 'chat' as const,
    turns: [
      { speaker: 'customer' as const, text: '在吗', start: 0, ...(end !== undefined && { end }) },
      { speaker: 'agent' as const, text: '您好,请问有什么可以帮您?', start: 45 },
    ],
  });

  it('take end = start, so a reply 45 s later is slow', () => {
    expect(check(chat()).findings.map((f) => f.rule)).toContain('response.slow');
  });

  it('keep an end they have', () => {
    expect(check(chat(40)).findings.map((f) => f.rule)).not.toContain('response.slow');
  });

  it('do the same for plain-text chats', () => {
    const text = '# channel: chat\n[00:00] 顧客:在嗎\n[00:45] 客服:您好,请问有什么可以帮您?';
    const [transcript] = parseContent('late.txt', text).transcripts;
    expect(check(transcript).findings.map((f) => f.rule)).toContain('response.slow');
  });
});

describe('plain-text role labels', () => {
  it.each([
    ['客戶', 'customer'],
    ['顧客', 'customer'],
    ['用戶', 'customer'],
    ['访客', 'customer'],
    ['Caller', 'customer'],
    ['客服人員', 'agent'],
    ['人工客服', 'agent'],
    ['话务员', 'agent'],
    ['系統', 'system'],
    ['IVR', 'system'],
  ])('%s is %s', (label, speaker) => {
    const parsed = parseContent('roles.txt', `${label}:您好`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.transcripts[0].turns[0].speaker).toBe(speaker);
  });

  it('still rejects a label it does not know, naming the line', () => {
    expect(parseContent('x.txt', '客服:您好\n路人甲:你好').errors[0].message).toMatch(/line 2.*unknown speaker "路人甲"/);
  });
});
