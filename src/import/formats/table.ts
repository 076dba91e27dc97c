/**
 * Chat and call exports as tables (CSV, xlsx): one row per message, columns
 * found by their header (Chinese or English, e.g. 角色/发送方/role, 内容/消息/text,
 * 时间/发送时间/time, 会话ID/session) or named in the `columns` option. A role
 * column with words such as 客服/坐席/访客/客户 gives the engine's roles; other
 * values (names, ids) are speaker ids for --roles or detection. Times may be
 * seconds, mm:ss / hh:mm:ss, or date-times (then counted from the conversation's
 * first message, which also gives `startedAt`).
 */
import { InputError } from '../../transcript/parse.js';
import { speakerOfLabel } from '../../transcript/role-labels.js';
import type { Channel } from '../../transcript/schema.js';
import { type ColumnMap, type ParseOutput, type SegmentConversation, TABLE_FIELDS, type TableField } from '../types.js';

const HEADERS: Record<TableField, string[]> = {
  conversation: ['conversation', 'conversationid', 'session', 'sessionid', 'callid', 'chatid', 'dialogid', '会话', '会话id', '会话编号', '会话号', '对话id', '通话id', '通话编号', '工单号', '录音id'],
  speaker: ['speaker', 'role', 'sender', 'from', 'speakerrole', 'participant', 'participantrole', '角色', '发送方', '发送者', '发送人', '说话人', '发言人', '身份', '讲话人', '消息来源', '角色类型'],
  text: ['text', 'content', 'message', 'msg', 'body', 'utterance', 'transcript', '内容', '消息', '消息内容', '聊天内容', '文本', '对话内容', '话术', '说话内容', '识别结果', '转写文本'],
  start: ['start', 'starttime', 'time', 'timestamp', 'begin', 'begintime', 'sendtime', 'sentat', 'offset', '时间', '开始时间', '发送时间', '消息时间', '时间戳', '起始时间'],
  end: ['end', 'endtime', '结束时间', '终止时间'],
  agent: ['agent', 'agentid', 'staffid', 'employeeid', '工号', '坐席工号', '客服工号', '座席工号', '坐席id', '客服id'],
  agentName: ['agentname', 'staffname', '坐席', '客服', '坐席姓名', '客服姓名', '客服名称', '座席姓名'],
  team: ['team', 'group', '班组', '组别', '技能组', '小组', '部门'],
  queue: ['queue', 'skill', 'skillgroup', '队列', '业务线', '热线'],
  channel: ['channel', 'medium', '渠道', '类型', '会话类型'],
};

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_\-.()（）]/g, '');

/** Which column holds which field: the `columns` option first, then the header synonyms. */
export function columnsOf(headers: readonly string[], columns: ColumnMap = {}): { index: Partial<Record<TableField, number>>; unknown: string[] } {
  const normalised = headers.map(normaliseHeader);
  const index: Partial<Record<TableField, number>> = {};
  const unknown: string[] = [];
  for (const field of TABLE_FIELDS) {
    const named = columns[field];
    if (named !== undefined) {
      const i = normalised.indexOf(normaliseHeader(named));
      if (i < 0) unknown.push(`${field}=${named}`);
      else index[field] = i;
      continue;
    }
    const i = normalised.findIndex((h) => HEADERS[field].includes(h));
    if (i >= 0 && !Object.values(index).includes(i)) index[field] = i;
  }
  return { index, unknown };
}

const CLOCK = /^(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)$/;
const DATE_TIME = /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/** A time cell: seconds, a clock reading, or a date-time (returned as epoch seconds, flagged absolute). */
function timeOf(cell: string): { seconds: number; absolute: boolean } | undefined {
  const value = cell.trim();
  if (value === '') return undefined;
  if (/^\d+(?:\.\d+)?$/.test(value)) return { seconds: Number(value), absolute: false };
  const clock = CLOCK.exec(value);
  if (clock) return { seconds: Number(clock[1] ?? 0) * 3600 + Number(clock[2]) * 60 + Number(clock[3]), absolute: false };
  if (DATE_TIME.test(value)) {
    // a date-time without zone is read as UTC: only differences between messages are used
    const iso = value.replace(/\//g, '-').replace(' ', 'T');
    const ms = Date.parse(/Z|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}Z`);
    if (Number.isFinite(ms)) return { seconds: ms / 1000, absolute: true };
  }
  throw new Error(`"${value.slice(0, 40)}" is not a time (seconds, mm:ss, hh:mm:ss or a date-time)`);
}

function channelOf(cell: string | undefined): Channel | undefined {
  const v = cell?.trim().toLowerCase() ?? '';
  if (/^(call|voice|phone|通话|电话|语音|热线)$/.test(v)) return 'call';
  if (/^(chat|im|online|text|在线|聊天|文字|在线客服|网聊)$/.test(v)) return 'chat';
  return undefined;
}

/** Rows (header first) to conversations; `defaultChannel` is what a table without a channel column holds. */
export function tableToConversations(file: string, rows: string[][], columns: ColumnMap | undefined, defaultChannel: Channel): ParseOutput {
  const [headers, ...data] = rows;
  if (!headers || data.length === 0) return { conversations: [], errors: [new InputError(file, undefined, 'no rows below the header')] };
  const { index, unknown } = columnsOf(headers, columns);
  if (unknown.length > 0) return { conversations: [], errors: [new InputError(file, 'header', `no column ${unknown.join(', ')} (columns: ${headers.join(', ')})`)] };
  for (const field of ['speaker', 'text'] as const) {
    if (index[field] === undefined) {
      const hint = field === 'speaker' ? '角色/发送方/role' : '内容/消息/text';
      return { conversations: [], errors: [new InputError(file, 'header', `no ${field} column (${hint}; columns: ${headers.join(', ')}); name it with columns.${field}`)] };
    }
  }
  const cell = (row: string[], field: TableField) => (index[field] === undefined ? undefined : (row[index[field]!] ?? '').trim());
  const byId = new Map<string, { rows: Array<{ row: string[]; number: number }> }>();
  data.forEach((row, i) => {
    if (row.every((c) => c.trim() === '')) return;
    const id = cell(row, 'conversation') ?? '';
    if (!byId.has(id)) byId.set(id, { rows: [] });
    byId.get(id)!.rows.push({ row, number: i });
  });
  const output: ParseOutput = { conversations: [], errors: [] };
  for (const [id, { rows: group }] of byId) {
    const place = byId.size > 1 ? `conversation ${id}` : undefined;
    try {
      output.conversations.push(conversationOf(id, group, cell, defaultChannel, place));
    } catch (err) {
      output.errors.push(err instanceof InputError ? err : new InputError(file, place, (err as Error).message));
    }
  }
  return output;

  function conversationOf(
    id: string,
    group: Array<{ row: string[]; number: number }>,
    read: typeof cell,
    channel: Channel,
    where: string | undefined,
  ): SegmentConversation {
    let origin: number | undefined;
    let startedAt: string | undefined;
    const segments = group.map(({ row, number }) => {
      const speaker = read(row, 'speaker') ?? '';
      const role = speakerOfLabel(speaker);
      const times = (['start', 'end'] as const).map((field) => {
        const raw = read(row, field) ?? '';
        let t;
        try {
          t = timeOf(raw);
        } catch (err) {
          // rows count from 1 below the header, as a spreadsheet shows them (row 2 is the first message)
          throw new InputError(file, [where, `row ${number + 2}`].filter(Boolean).join(', '), `${field}: ${(err as Error).message}`);
        }
        if (t?.absolute) {
          if (origin === undefined) {
            origin = t.seconds;
            startedAt = raw;
          }
          return Math.round((t.seconds - origin) * 1000) / 1000;
        }
        return t?.seconds;
      });
      return { speaker, ...(role && { role }), text: read(row, 'text') ?? '', start: times[0], end: times[1], index: number };
    });
    const first = group[0].row;
    const agentId = read(first, 'agent');
    const agentName = read(first, 'agentName');
    const metadata = {
      ...((agentId || agentName) && { agent: { ...(agentId && { id: agentId }), ...(agentName && { name: agentName }) } }),
      ...(read(first, 'team') && { team: read(first, 'team') }),
      ...(read(first, 'queue') && { queue: read(first, 'queue') }),
      ...(startedAt && { startedAt }),
    };
    return { kind: 'segments', ...(id && { id }), channel: channelOf(read(first, 'channel')) ?? channel, metadata, segments, place: where };
  }
}

/** RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes); the delimiter (comma, tab, semicolon) is read off the header line. */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', '\t', ';'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
