/** CSV chat and call exports (see table.ts): UTF-8 with or without BOM, or GBK/GB18030 with `--encoding gb18030`. */
import type { Importer } from '../types.js';
import { columnsOf, parseCsv, tableToConversations } from './table.js';

export const csv: Importer = {
  name: 'csv',
  extensions: ['.csv', '.tsv'],
  mediaTypes: ['text/csv', 'text/tab-separated-values', 'application/csv'],
  detect: ({ text, file }) => {
    if (/\.(csv|tsv)$/i.test(file)) return true;
    // without the extension: a first line whose cells name a speaker and a text column
    const header = parseCsv(text.slice(0, 2000))[0] ?? [];
    if (header.length < 2) return false;
    const { index } = columnsOf(header);
    return index.speaker !== undefined && index.text !== undefined;
  },
  parse: ({ text }, { file, columns }) => tableToConversations(file, parseCsv(text.replace(/^\ufeff/, '')), columns, 'chat'),
};
