/**
 * CSV output (`--format csv`): one row per finding (a conversation without
 * findings still gets one row, an unreadable file one row with its error), for
 * spreadsheets: UTF-8 with a BOM so Excel reads Chinese, and every cell a
 * spreadsheet would run as a formula (= + - @, tab, CR at the start) escaped
 * with a leading apostrophe. server/public/qa.js exports the same columns with
 * the same escaping (test/report-formats.test.ts keeps the two equal).
 */
import type { BatchResult } from './format.js';

const SEVERITY_LABEL = { error: '错误', warning: '警告', info: '提示' } as const;

// people read this: turns counted from 1 (第几句), offsets as in the JSON report
export const CSV_COLUMNS = ['文件', '会话编号', '得分', '等级', '红线', '规则', '严重程度', '第几句', '起(从0计)', '止', '原文', '说明', '建议', '扣分'];

/** One cell: text that could start a formula gets a leading apostrophe; quotes, commas and newlines are quoted. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function formatCsv(result: BatchResult): string {
  const rows: unknown[][] = [CSV_COLUMNS];
  for (const { file, report } of result.items) {
    const head = [file, report.id, report.score, report.grade, report.redLine ? '是' : '否'];
    if (report.findings.length === 0) rows.push(head);
    for (const f of report.findings) {
      rows.push([...head, f.rule, SEVERITY_LABEL[f.severity], f.turn + 1, f.start, f.end, f.text, f.message, f.suggestion, f.deduct]);
    }
  }
  for (const e of result.inputErrors) rows.push([e.file, '', '', '', '', '', '', '', '', '', '', `无法读取:${e.message}`]);
  return `\ufeff${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
