/**
 * One row per finding (automatic and added) of the filtered conversations, with
 * its review verdict and appeal, as CSV (UTF-8 with BOM) or XLSX (exceljs).
 * Text a spreadsheet would run as a formula is escaped in both.
 */
import ExcelJS from 'exceljs';
import type { GradeBands } from '../pack/schema.js';
import { applyFilters, type ConversationFilters, reviewEvent, storedFinding } from './conversations.js';
import type { ConversationsTable, Store } from './db.js';
import { type Derived, derive } from './reviewed.js';

export interface DerivedConversation {
  row: Pick<ConversationsTable, 'id' | 'agent_id' | 'agent_name' | 'team' | 'started_at' | 'pack' | 'score' | 'reviewed_score' | 'reviewed_grade' | 'status'>;
  findings: ReturnType<typeof storedFinding>[];
  derived: Derived;
  /** the transcript, when asked for */
  transcript?: unknown;
}

const CHUNK = 500;

function byConversation<T extends { conversation_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const group = groups.get(row.conversation_id);
    if (group) group.push(row);
    else groups.set(row.conversation_id, [row]);
  }
  return groups;
}

/** The filtered conversations with their findings and derived states, a chunk at a time (bounded memory). */
export async function* derivedConversations(
  store: Store,
  filters: ConversationFilters,
  options: { withTranscript?: boolean } = {},
): AsyncGenerator<DerivedConversation> {
  const { db } = store;
  let after: string | undefined;
  for (;;) {
    let query = applyFilters(db.selectFrom('conversations'), filters, db)
      .select(['id', 'agent_id', 'agent_name', 'team', 'started_at', 'pack', 'score', 'reviewed_score', 'reviewed_grade', 'status', 'grades'])
      .orderBy('id')
      .limit(CHUNK);
    if (after !== undefined) query = query.where('id', '>', after);
    const rows = await query.execute();
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const [findingRows, eventRows, bodies] = await Promise.all([
      db.selectFrom('findings').selectAll().where('conversation_id', 'in', ids).orderBy('conversation_id').orderBy('position').execute(),
      db.selectFrom('events').selectAll().where('conversation_id', 'in', ids).orderBy('conversation_id').orderBy('seq').execute(),
      options.withTranscript ? db.selectFrom('conversation_bodies').select(['id', 'transcript']).where('id', 'in', ids).execute() : [],
    ]);
    const transcripts = new Map(bodies.map((b) => [b.id, b.transcript]));
    const findingsOf = byConversation(findingRows);
    const eventsOf = byConversation(eventRows);
    for (const row of rows) {
      const findings = (findingsOf.get(row.id) ?? []).map(storedFinding);
      const events = (eventsOf.get(row.id) ?? []).map(reviewEvent);
      const derived = derive(findings, events, JSON.parse(row.grades) as GradeBands);
      const transcript = transcripts.get(row.id);
      yield { row, findings, derived, ...(transcript !== undefined && { transcript: JSON.parse(transcript) }) };
    }
    after = rows[rows.length - 1].id;
    if (rows.length < CHUNK) return;
  }
}

const HEADER = [
  '会话编号', '坐席工号', '坐席姓名', '班组', '开始时间', '规则包', '自动得分', '复核得分', '复核等级', '状态',
  '发现编号', '来源', '规则', '严重程度', '轮次', '原文', '说明', '扣分', '复核结论', '申诉', '已剔除',
];

type Cell = string | number;

async function exportRows(store: Store, filters: ConversationFilters): Promise<Cell[][]> {
  const rows: Cell[][] = [];
  for await (const { row, findings, derived } of derivedConversations(store, filters)) {
    for (const f of findings) {
      const state = derived.findings.get(f.id)!;
      rows.push([
        row.id, row.agent_id ?? '', row.agent_name ?? '', row.team ?? '', row.started_at ?? '', row.pack, row.score, row.reviewed_score,
        row.reviewed_grade, row.status, f.id, f.origin === 'added' ? '人工补充' : '自动', f.finding.rule, f.finding.severity, f.finding.turn,
        f.finding.text ?? '', f.finding.message, f.finding.deduct, state.verdict ?? '', state.appeal?.state ?? '', state.removed ? '是' : '否',
      ]);
    }
  }
  return rows;
}

/** Text that Excel, LibreOffice or Sheets would evaluate (=, +, -, @, tab, CR first) gets a leading apostrophe. */
export function spreadsheetSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvCell(value: Cell): string {
  if (typeof value === 'number') return String(value);
  const safe = spreadsheetSafe(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export async function exportCsv(store: Store, filters: ConversationFilters): Promise<string> {
  const rows = await exportRows(store, filters);
  return `\ufeff${[HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function exportXlsx(store: Store, filters: ConversationFilters): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('质检明细');
  sheet.addRow(HEADER).font = { bold: true };
  for (const row of await exportRows(store, filters)) sheet.addRow(row.map((v) => (typeof v === 'string' ? spreadsheetSafe(v) : v)));
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
