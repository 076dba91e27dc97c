/**
 * Every importer reads its fixture (test/fixtures/import, each built from the
 * vendor's documented structure) to the same conversation: nine turns, the
 * agent's two-segment opening merged into one, times in seconds, roles as the
 * source allows (explicit, engine or detected), and a clean report.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkImported } from '../../src/import/check-imported.js';
import { importContent } from '../../src/import/registry.js';

const DIR = new URL('../fixtures/import/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, DIR));

const TURNS: Array<[string, string, number, number]> = [
  ['agent', '您好，这里是城北银行客服中心，工号2231，很高兴为您服务。', 0, 7],
  ['customer', '我的信用卡被锁了，怎么回事？', 7.8, 10.2],
  ['agent', '非常抱歉给您带来不便，请您稍等，我帮您查询一下。', 10.8, 16],
  ['customer', '好的。', 16.4, 17],
  ['agent', '让您久等了，您的卡因为多次输错密码被临时锁定，已经为您解锁。', 24, 31],
  ['customer', '好，谢谢。', 31.6, 32.6],
  ['agent', '请问还有其他可以帮您的吗？', 33.2, 35.6],
  ['customer', '没有了。', 36.2, 37],
  ['agent', '感谢您的来电，再见。', 37.6, 39.4],
];

const CASES: Array<{ file: string; format: string; roles: string; channel: 'call' | 'chat'; encoding?: 'gb18030' }> = [
  { file: 'aliyun.json', format: 'aliyun', roles: 'detected', channel: 'call' },
  { file: 'tencent.json', format: 'tencent', roles: 'detected', channel: 'call' },
  { file: 'iflytek.json', format: 'iflytek', roles: 'detected', channel: 'call' },
  { file: 'aws.json', format: 'aws', roles: 'detected', channel: 'call' },
  { file: 'aws-tca.json', format: 'aws-tca', roles: 'engine', channel: 'call' },
  { file: 'funasr.json', format: 'funasr', roles: 'detected', channel: 'call' },
  { file: 'whisper.json', format: 'whisper', roles: 'detected', channel: 'call' },
  { file: 'call.srt', format: 'srt', roles: 'detected', channel: 'call' },
  { file: 'call.vtt', format: 'vtt', roles: 'engine', channel: 'call' },
  { file: 'chat.csv', format: 'csv', roles: 'engine', channel: 'chat' },
  { file: 'chat-gbk.csv', format: 'csv', roles: 'detected', channel: 'chat', encoding: 'gb18030' },
  { file: 'chat.xlsx', format: 'xlsx', roles: 'engine', channel: 'chat' },
];

describe.each(CASES)('$file', ({ file, format, roles, channel, encoding }) => {
  it(`is detected as ${format} and read to the nine turns, roles ${roles}`, async () => {
    const result = await importContent(file, read(file), { encoding });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.format).toBe(format);
    const [imported] = result.transcripts;
    expect(result.transcripts).toHaveLength(1);
    expect(imported.source).toEqual({ format, roles });
    expect(imported.warnings).toEqual([]);
    const { transcript } = imported;
    expect(transcript.channel).toBe(channel);
    expect(transcript.turns.map((t) => [t.speaker, t.text])).toEqual(TURNS.map(([speaker, text]) => [speaker, text]));
    // call formats carry each segment's start and end; chat exports their send times (whole seconds)
    const times = transcript.turns.map((t) => [t.start, t.end]);
    expect(times).toEqual(TURNS.map(([, , start, end]) => (channel === 'call' ? [start, end] : [Math.round(start), undefined])));
  });

  it('is the same when named with --input, and checks clean', async () => {
    const result = await importContent(file, read(file), { encoding, input: format });
    const report = checkImported(result.transcripts[0], { file });
    expect(report.source).toEqual({ format, roles, file });
    expect(report.findings.map((f) => f.rule)).toEqual([]);
  });
});

describe('metadata from tables', () => {
  it('takes the agent, the first send time and the conversation id from a CSV', async () => {
    const [imported] = (await importContent('chat.csv', read('chat.csv'))).transcripts;
    expect(imported.transcript).toMatchObject({ id: 'chat-0001', agent: { id: '2231' }, startedAt: '2026-11-22 09:15:00' });
  });

  it('takes the team from an xlsx column and reads date cells as times', async () => {
    const [imported] = (await importContent('chat.xlsx', read('chat.xlsx'))).transcripts;
    expect(imported.transcript).toMatchObject({ id: 'chat-0002', team: '信用卡二组', startedAt: '2026-11-22 09:15:00' });
  });
});

describe('bad input', () => {
  it('a GB18030 CSV read as UTF-8 is an error that names the way out', async () => {
    const result = await importContent('chat-gbk.csv', read('chat-gbk.csv'));
    expect(result.errors[0].message).toMatch(/chat-gbk\.csv: not valid UTF-8 text; .*--encoding gb18030/);
  });

  it('a forced engine format on other JSON says what it expected', async () => {
    const result = await importContent('x.json', Buffer.from('{"hello":1}'), { input: 'tencent' });
    expect(result.transcripts).toEqual([]);
    expect(result.errors[0].message).toMatch(/x\.json: no tencent segment with text found/);
  });

  it('a forced engine format on text that is not JSON says so', async () => {
    expect((await importContent('x.txt', Buffer.from('客服:您好'), { input: 'aliyun' })).errors[0].message).toMatch(/not JSON, so not aliyun output/);
  });

  it('a segment with reversed times is named by its number', async () => {
    const json = JSON.stringify({ Result: { Sentences: [{ Text: '您好', BeginTime: 2000, EndTime: 1000, ChannelId: 0 }] } });
    expect((await importContent('a.json', Buffer.from(json))).errors[0].message).toMatch(/a\.json \(segment 0\): end is before start/);
  });

  it('a CSV without a text column lists the columns it has', async () => {
    const result = await importContent('t.csv', Buffer.from('角色,时间\n客服,0\n'));
    expect(result.errors[0].message).toMatch(/t\.csv \(header\): no text column .*columns: 角色, 时间/);
  });

  it('a bad time in one conversation of a CSV leaves the others checked', async () => {
    const csv = '会话ID,角色,内容,时间\nc1,客服,您好,00:01\nc2,客服,您好,soon\nc2,客户,在吗,00:03\n';
    const result = await importContent('two.csv', Buffer.from(csv));
    expect(result.transcripts.map((t) => t.transcript.id)).toEqual(['c1']);
    expect(result.errors.map((e) => e.message)).toEqual([expect.stringMatching(/two\.csv \(conversation c2, row 3\): start: "soon" is not a time/)]);
  });

  it('named columns must exist', async () => {
    const result = await importContent('t.csv', Buffer.from('who,what\n客服,您好\n'), { columns: { speaker: 'who', text: 'said' } });
    expect(result.errors[0].message).toMatch(/no column text=said/);
  });

  it('named columns are used', async () => {
    const result = await importContent('t.csv', Buffer.from('who,what\n客服,您好\n客户,你好\n'), { columns: { speaker: 'who', text: 'what' } });
    expect(result.transcripts[0].transcript.turns.map((t) => t.speaker)).toEqual(['agent', 'customer']);
  });
});
