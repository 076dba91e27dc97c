/**
 * Reading transcript files: every bad input gets an error naming the file, the
 * line or turn, and what is wrong; good parts of a file are still read.
 */
import { describe, expect, it } from 'vitest';
import { decode, InputError, type ParsedFile, parseContent } from '../src/transcript/parse.js';

const turn = (speaker: string, text: unknown, extra: object = {}) => ({ speaker, text, ...extra });
const transcriptJson = (turns: object[], extra: object = {}) => JSON.stringify({ id: 't1', turns, ...extra });

/** The single error of a file that yields no transcript. */
function onlyError(parsed: ParsedFile): InputError {
  expect(parsed.transcripts).toEqual([]);
  expect(parsed.errors).toHaveLength(1);
  expect(parsed.errors[0]).toBeInstanceOf(InputError);
  return parsed.errors[0];
}

describe('JSON transcripts', () => {
  it('reads a canonical transcript with defaults', () => {
    const parsed = parseContent('call.json', transcriptJson([turn('agent', '您好', { start: 0, end: 1.5 }), turn('customer', '你好')]));
    expect(parsed.errors).toEqual([]);
    const [t] = parsed.transcripts;
    expect(t).toMatchObject({ id: 't1', channel: 'call', events: [] });
    expect(t.turns[0]).toEqual({ speaker: 'agent', text: '您好', start: 0, end: 1.5 });
  });

  it('reads an array of transcripts, and strips a UTF-8 byte-order mark', () => {
    const two = `\ufeff[${transcriptJson([turn('agent', '您好')])}, ${JSON.stringify({ id: 't2', channel: 'chat', turns: [turn('customer', '在吗')] })}]`;
    const parsed = parseContent('batch.json', two);
    expect(parsed.errors).toEqual([]);
    expect(parsed.transcripts.map((t) => t.id)).toEqual(['t1', 't2']);
  });

  it('not JSON', () => {
    const error = onlyError(parseContent('calls/broken.json', '{"id": "t1", "turns": ['));
    expect(error.file).toBe('calls/broken.json');
    expect(error.message).toMatch(/^calls\/broken\.json.*not JSON/);
  });

  it.each([
    ['no turns', JSON.stringify({ id: 't1' }), undefined, /turns: missing/],
    ['turns not an array', JSON.stringify({ id: 't1', turns: '您好' }), undefined, /turns/],
    ['no turn at all', JSON.stringify({ id: 't1', turns: [] }), undefined, /at least one turn/],
    ['an empty id', transcriptJson([turn('agent', '您好')], { id: '' }), undefined, /id must not be empty/],
    ['an unknown channel', transcriptJson([turn('agent', '您好')], { channel: 'email' }), undefined, /channel/],
    ['a text that is not a string', transcriptJson([turn('agent', '您好'), turn('customer', 42)]), 'turn 1', /text must be a string/],
    ['an unknown speaker', transcriptJson([turn('agent', '您好'), turn('customer', '嗯'), turn('robot', '滴')]), 'turn 2', /unknown speaker "robot"/],
    ['a negative time', transcriptJson([turn('agent', '您好', { start: -1, end: 2 })]), 'turn 0', /start: must not be negative/],
    ['end before start', transcriptJson([turn('agent', '您好', { start: 0, end: 1 }), turn('customer', '嗯', { start: 5, end: 3 })]), 'turn 1', /end is before start/],
    ['a time that is not a number', transcriptJson([turn('agent', '您好', { start: '00:01' })]), 'turn 0', /start/],
    ['a hold that ends before it starts', transcriptJson([turn('agent', '您好')], { events: [{ type: 'hold', start: 30, end: 10 }] }), 'event 0', /end is before start/],
    ['a hangup by nobody', transcriptJson([turn('agent', '您好')], { events: [{ type: 'hangup', by: 'robot', at: 10 }] }), 'event 0', /by/],
    ['an unknown event', transcriptJson([turn('agent', '您好')], { events: [{ type: 'transfer', at: 3 }] }), 'event 0', /type/],
    ['every turn empty', transcriptJson([turn('agent', ''), turn('customer', '  ')]), undefined, /every turn is empty/],
  ])('%s', (_what, content, where, detail) => {
    const error = onlyError(parseContent('bad.json', content));
    expect(error.file).toBe('bad.json');
    expect(error.where).toBe(where);
    expect(error.detail).toMatch(detail);
    expect(error.message).toContain('bad.json');
    if (where) expect(error.message).toContain(where);
  });

  it('reports a bad transcript in an array by its position and still reads the others', () => {
    const items = [JSON.parse(transcriptJson([turn('agent', '您好')])), { id: 't2', turns: [turn('bot', '滴')] }, { id: 't3', turns: [turn('agent', '再见')] }];
    const parsed = parseContent('batch.json', JSON.stringify(items));
    expect(parsed.transcripts.map((t) => t.id)).toEqual(['t1', 't3']);
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0].message).toMatch(/batch\.json \(transcript 2, turn 0\): .*unknown speaker "bot"/);
  });

  it('allows a turn with empty text when another turn has words', () => {
    expect(parseContent('ok.json', transcriptJson([turn('agent', ''), turn('agent', '您好')])).errors).toEqual([]);
  });
});

describe('JSONL transcripts', () => {
  const good = (id: string) => JSON.stringify({ id, turns: [turn('agent', '您好')] });

  it('reads the good lines and names each bad line', () => {
    const content = [good('a'), '{"id": "b", "turns": [', '', JSON.stringify({ id: 'c', turns: [turn('agent', '您好', { start: 3, end: 1 })] }), good('d')].join('\n');
    const parsed = parseContent('day.jsonl', content);
    expect(parsed.transcripts.map((t) => t.id)).toEqual(['a', 'd']);
    expect(parsed.errors.map((e) => e.where)).toEqual(['line 2', 'line 4, turn 0']);
    expect(parsed.errors[0].message).toMatch(/^day\.jsonl \(line 2\): not JSON/);
    expect(parsed.errors[1].message).toMatch(/^day\.jsonl \(line 4, turn 0\): end: end is before start/);
  });

  it('accepts CRLF line ends and blank lines', () => {
    const parsed = parseContent('day.jsonl', `${good('a')}\r\n\r\n${good('b')}\r\n`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.transcripts.map((t) => t.id)).toEqual(['a', 'b']);
  });
});

describe('empty files', () => {
  it.each(['empty.json', 'empty.jsonl', 'empty.txt'])('%s', (file) => {
    for (const content of ['', '  \n\n ', '\ufeff']) {
      const error = onlyError(parseContent(file, content));
      expect(error.message).toBe(`${file}: empty file`);
    }
  });
});

describe('plain-text transcripts', () => {
  it('reads roles, [mm:ss] and [hh:mm:ss] start times, full-width colons and continuation lines', () => {
    const text = [
      '# id: call-plain-1',
      '# a comment line',
      '[00:01] 客服:您好,城南水务,工号0612。',
      '[00:05] 客户:我家停水了,',
      '从早上开始的',
      '[01:05] 坐席: 请您稍等',
      '[1:02:03] 来电人:好',
      '座席:感谢您的耐心等待',
      '客服代表:还有别的问题吗',
      'A:再见',
      'C:再见',
      '系统:通话结束',
      'agent: bye',
      'Customer: bye',
      '顾客:嗯',
      '用户:嗯',
    ].join('\n');
    const parsed = parseContent('calls/water.txt', text);
    expect(parsed.errors).toEqual([]);
    const [t] = parsed.transcripts;
    expect(t.id).toBe('call-plain-1');
    expect(t.channel).toBe('call');
    expect(t.turns.map((x) => x.speaker)).toEqual([
      'agent', 'customer', 'agent', 'customer', 'agent', 'agent', 'agent', 'customer', 'system', 'agent', 'customer', 'customer', 'customer',
    ]);
    expect(t.turns[0]).toEqual({ speaker: 'agent', text: '您好,城南水务,工号0612。', start: 1 });
    expect(t.turns[1].text).toBe('我家停水了,从早上开始的');
    expect(t.turns[2]).toEqual({ speaker: 'agent', text: '请您稍等', start: 65 });
    expect(t.turns[3].start).toBe(3723);
    expect(t.turns[4]).toEqual({ speaker: 'agent', text: '感谢您的耐心等待' });
    for (const x of t.turns) expect(x.end).toBeUndefined();
  });

  it('reads the channel and pack headers, and names the transcript after the file without one', () => {
    const chat = parseContent('chats/hotel.txt', '# channel: chat\n# pack: general\n客户:在吗\n客服:您好');
    expect(chat.transcripts[0]).toMatchObject({ id: 'hotel', channel: 'chat', pack: 'general' });
  });

  it('keeps a colon inside the text', () => {
    const parsed = parseContent('t.txt', '客服:营业时间是9:00到17:30');
    expect(parsed.transcripts[0].turns[0].text).toBe('营业时间是9:00到17:30');
  });

  it.each([
    ['an unknown role', '客服:您好\n客户:在吗\n经理:我来处理', 'line 3', /unknown speaker "经理"/],
    ['a first line without a role', '您好,请问有什么可以帮您\n客户:在吗', 'line 1', /ROLE:TEXT/],
    ['seconds over 59 in [mm:ss]', '[00:75] 客服:您好', 'line 1', /seconds/],
  ])('%s', (_what, text, where, detail) => {
    const error = onlyError(parseContent('bad.txt', text));
    expect(error.where).toBe(where);
    expect(error.detail).toMatch(detail);
    expect(error.message).toContain(`bad.txt (${where})`);
  });

  it('a file of comments only is empty', () => {
    expect(onlyError(parseContent('c.txt', '# just a note\n# another')).detail).toMatch(/empty/);
  });
});

describe('decoding', () => {
  /** 您好,请稍等 in GB18030 (您 C4FA, 好 BAC3, full-width comma A3AC, 请 C7EB, 稍 C9D4, 等 B5C8) */
  const GB18030 = Uint8Array.from([0xc4, 0xfa, 0xba, 0xc3, 0xa3, 0xac, 0xc7, 0xeb, 0xc9, 0xd4, 0xb5, 0xc8]);

  it('decodes UTF-8', () => {
    expect(decode('a.txt', new TextEncoder().encode('客服:您好'))).toBe('客服:您好');
  });

  it('decodes GB18030 when asked', () => {
    expect(decode('old.txt', GB18030, 'gb18030')).toBe('您好\uff0c请稍等');
  });

  it('rejects bytes that are not UTF-8, naming the file and suggesting --encoding gb18030', () => {
    let error: unknown;
    try {
      decode('exports/old.txt', GB18030);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/^exports\/old\.txt: not valid UTF-8 text.*--encoding gb18030/);
  });

  it('rejects bytes that are not GB18030 either', () => {
    expect(() => decode('bad.txt', Uint8Array.from([0xc4, 0xfa, 0x81]), 'gb18030')).toThrow(/bad\.txt: not valid GB18030/);
  });
});
