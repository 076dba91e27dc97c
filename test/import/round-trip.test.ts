/**
 * Round trip, as a property (fast-check): any canonical conversation, written
 * in an importer's format the way that engine or export writes it, reads back
 * to the same turns — speaker, text and times (to the millisecond) — wherever
 * the format can hold them. Speakers alternate (engines start a new segment
 * when the speaker changes) and merging is off, so one segment is one turn.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importContent } from '../../src/import/registry.js';
import { parseRoleMap } from '../../src/import/roles.js';
import type { Speaker } from '../../src/transcript/schema.js';

interface Turn {
  speaker: Speaker;
  text: string;
  /** milliseconds */
  start: number;
  end: number;
}

const ID: Record<Speaker, number> = { agent: 0, customer: 1, system: 2 };
const WORD: Record<Speaker, string> = { agent: '客服', customer: '客户', system: '系统' };
const ROLES = parseRoleMap('0=agent,1=customer,2=system');

// what transcripts hold: Chinese, digits, Latin letters, full- and half-width punctuation, quotes and commas
const ALPHABET = [...'您好请问有什么可以帮不知道谢再见工号零一二三123abcXYZ，。？！、,."\'()%'];
const text = fc.array(fc.constantFrom(...ALPHABET), { minLength: 1, maxLength: 14 }).map((chars) => chars.join(''));

const conversation = fc
  .record({
    first: fc.constantFrom<Speaker>('agent', 'customer'),
    withSystem: fc.boolean(),
    parts: fc.array(fc.record({ text, gap: fc.integer({ min: 0, max: 9000 }), length: fc.integer({ min: 0, max: 15000 }) }), { minLength: 1, maxLength: 6 }),
  })
  .map(({ first, withSystem, parts }): Turn[] => {
    let at = 0;
    const other = first === 'agent' ? 'customer' : 'agent';
    return parts.map((p, i) => {
      const start = at + p.gap;
      at = start + p.length;
      const speaker: Speaker = withSystem && i === 0 ? 'system' : i % 2 === 0 ? first : other;
      return { speaker, text: p.text, start, end: at };
    });
  })
  // an IVR line first, then the people: keep speakers alternating
  .filter((turns) => turns.every((t, i) => i === 0 || t.speaker !== turns[i - 1].speaker));

const s = (ms: number) => ms / 1000;
const clock = (ms: number, sep: ',' | '.') => {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3600000))}:${pad(Math.floor(ms / 60000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${sep}${pad(ms % 1000, 3)}`;
};
const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const csvField = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

async function xlsxOf(turns: Turn[]): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('导出');
  sheet.addRow(['角色', '内容', '开始时间', '结束时间']);
  for (const t of turns) sheet.addRow([WORD[t.speaker], t.text, s(t.start), s(t.end)]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Each format as its engine or export writes it; `roles` where the format has only ids. */
const WRITERS: Record<string, { file: string; roles?: boolean; write: (turns: Turn[]) => Buffer | Promise<Buffer> }> = {
  aliyun: { file: 'a.json', roles: true, write: (ts) => json({ Result: { Sentences: ts.map((t) => ({ ChannelId: ID[t.speaker], Text: t.text, BeginTime: t.start, EndTime: t.end })) } }) },
  tencent: {
    file: 't.json',
    roles: true,
    write: (ts) => json({ Response: { Data: { ResultDetail: ts.map((t) => ({ FinalSentence: t.text, StartMs: t.start, EndMs: t.end, SpeakerId: ID[t.speaker] })) } } }),
  },
  iflytek: {
    file: 'i.json',
    roles: true,
    write: (ts) =>
      json({
        content: {
          orderResult: JSON.stringify({
            lattice: ts.map((t) => ({ json_1best: JSON.stringify({ st: { bg: String(t.start), ed: String(t.end), rl: String(ID[t.speaker]), rt: [{ ws: [{ cw: [{ w: t.text, wp: 'n' }] }] }] } }) })),
          }),
        },
      }),
  },
  aws: {
    file: 'w.json',
    roles: true,
    write: (ts) =>
      json({
        results: {
          items: ts.map((t) => ({ type: 'pronunciation', start_time: String(s(t.start)), end_time: String(s(t.end)), speaker_label: `spk_${ID[t.speaker]}`, alternatives: [{ content: t.text }] })),
        },
      }),
  },
  'aws-tca': {
    file: 'c.json',
    write: (ts) => json({ Transcript: ts.map((t) => ({ Content: t.text, BeginOffsetMillis: t.start, EndOffsetMillis: t.end, ParticipantRole: t.speaker.toUpperCase() })) }),
  },
  funasr: { file: 'f.json', roles: true, write: (ts) => json([{ key: 'k', sentence_info: ts.map((t) => ({ text: t.text, start: t.start, end: t.end, spk: ID[t.speaker] })) }]) },
  whisper: { file: 'h.json', roles: true, write: (ts) => json({ segments: ts.map((t, i) => ({ id: i, start: s(t.start), end: s(t.end), text: t.text, speaker: `SPEAKER_0${ID[t.speaker]}` })) }) },
  srt: { file: 's.srt', roles: true, write: (ts) => Buffer.from(ts.map((t, i) => `${i + 1}\n${clock(t.start, ',')} --> ${clock(t.end, ',')}\n[spk_${ID[t.speaker]}]: ${t.text}\n`).join('\n')) },
  vtt: { file: 'v.vtt', write: (ts) => Buffer.from(`WEBVTT\n\n${ts.map((t) => `${clock(t.start, '.')} --> ${clock(t.end, '.')}\n<v ${WORD[t.speaker]}>${t.text}</v>\n`).join('\n')}`) },
  csv: { file: 'x.csv', write: (ts) => Buffer.from(`角色,内容,开始时间,结束时间\n${ts.map((t) => [WORD[t.speaker], csvField(t.text), s(t.start), s(t.end)].join(',')).join('\n')}\n`) },
  xlsx: { file: 'x.xlsx', write: xlsxOf },
};

const asRead = (turns: Array<{ speaker: string; text: string; start?: number; end?: number }>) =>
  turns.map((t) => [t.speaker, t.text, Math.round((t.start ?? NaN) * 1000), Math.round((t.end ?? NaN) * 1000)]);

describe('canonical → format → import gives the same turns', () => {
  it.each(Object.entries(WRITERS))('%s', async (format, { file, roles, write }) => {
    await fc.assert(
      fc.asyncProperty(conversation, async (turns) => {
        const result = await importContent(file, await write(turns), { mergeGap: 0, ...(roles && { roles: ROLES }) });
        expect(result.errors.map((e) => e.message)).toEqual([]);
        expect(result.format).toBe(format);
        expect(asRead(result.transcripts[0].transcript.turns)).toEqual(asRead(turns.map((t) => ({ ...t, start: s(t.start), end: s(t.end) }))));
      }),
      { numRuns: format === 'xlsx' ? 15 : 40 },
    );
  });
});
