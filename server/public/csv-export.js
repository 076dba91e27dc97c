/**
 * The QA page's CSV export: the columns and cell escaping of `talklint check
 * --format csv` (src/report/csv.ts; test/report-formats.test.ts keeps the two equal).
 */
// turns counted from 1 (第几句), character offsets as in the JSON report
export const CSV_COLUMNS = ['文件', '会话编号', '得分', '等级', '红线', '规则', '严重程度', '第几句', '起(从0计)', '止', '原文', '说明', '建议', '扣分'];
/** One cell: text that a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading apostrophe. */
export function csvCell(value) {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

