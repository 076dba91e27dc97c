/** The command-line options that say how to read input, shared by `check` and `convert`. */
import { type Command, InvalidArgumentError, Option } from 'commander';
import { IMPORTER_NAMES } from '../import/registry.js';
import { parseRoleMap } from '../import/roles.js';
import { type ColumnMap, TABLE_FIELDS, type TableField } from '../import/types.js';

export const ENCODINGS = ['utf-8', 'gb18030', 'gbk'] as const;

function roles(value: string) {
  try {
    return parseRoleMap(value);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--roles: /, ''));
  }
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 600) throw new InvalidArgumentError('--merge-gap must be a number of seconds from 0 to 600');
  return n;
}

/** `speaker=角色,text=内容` → { speaker: '角色', text: '内容' } */
export function parseColumns(value: string): ColumnMap {
  const columns: ColumnMap = {};
  for (const pair of value.split(',').filter((p) => p.trim() !== '')) {
    const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/u.exec(pair);
    if (!m || !(TABLE_FIELDS as readonly string[]).includes(m[1])) {
      throw new InvalidArgumentError(`"${pair}": use field=header with field one of ${TABLE_FIELDS.join(', ')}`);
    }
    columns[m[1] as TableField] = m[2];
  }
  return columns;
}

export function addImportOptions(command: Command): Command {
  return command
    .addOption(new Option('--input <format>', 'input format (default: detected from the content)').choices(IMPORTER_NAMES))
    .option('--roles <map>', 'who is who in engine output, e.g. 0=agent,1=customer (ids as written: spk_0, ch_1, SPEAKER_01, or numbers)', roles)
    .option('--merge-gap <seconds>', 'join consecutive segments of one speaker less than this apart (default 2; 0: never)', seconds)
    .option('--columns <map>', `table (CSV/xlsx) columns by header, e.g. speaker=角色,text=内容 (fields: ${TABLE_FIELDS.join(', ')})`, parseColumns)
    .addOption(new Option('--encoding <name>', 'text encoding of the input files').choices(ENCODINGS).default('utf-8'))
    .option('--stdin-filename <name>', 'the file name standard input (-) stands for: its format and id')
    .option('--config <file>', 'read defaults from this config file (default: talklint.config.yaml|yml|json here or in a parent folder)')
    .option('--no-config', 'read no config file');
}
