/** Excel workbooks (.xlsx) of chat and call exports: the first worksheet, read like a CSV (see table.ts), via exceljs. */
import { InputError } from '../../transcript/parse.js';
import type { Importer } from '../types.js';
import { tableToConversations } from './table.js';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** A cell as text; dates as `YYYY-MM-DD HH:MM:SS` (Excel stores the time as written, which exceljs gives as UTC). */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace('T', ' ');
  if (typeof value === 'object') {
    const v = value as { text?: unknown; richText?: Array<{ text: string }>; result?: unknown };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if (v.text !== undefined) return String(v.text);
    if (v.result !== undefined) return cellText(v.result);
  }
  return String(value);
}

export const xlsx: Importer = {
  name: 'xlsx',
  extensions: ['.xlsx'],
  mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  binary: true,
  detect: ({ bytes, file }) => ZIP_MAGIC.every((b, i) => bytes[i] === b) && /\.xlsx$/i.test(file),
  parse: async ({ bytes }, { file, columns }) => {
    // exceljs is large: load it only when a workbook is read
    const { default: ExcelJS } = await import('exceljs');
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(Buffer.from(bytes) as never);
    } catch (err) {
      return { conversations: [], errors: [new InputError(file, undefined, `not a readable .xlsx workbook: ${(err as Error).message}`)] };
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) return { conversations: [], errors: [new InputError(file, undefined, 'the workbook has no worksheet')] };
    const rows: string[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values = Array.isArray(row.values) ? row.values.slice(1) : [];
      rows.push(values.map(cellText));
    });
    return tableToConversations(file, rows, columns, 'chat');
  },
};
