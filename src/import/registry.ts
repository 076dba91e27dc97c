/**
 * The one importer registry: the CLI, the server and the QA page all read
 * input through `importContent`, which picks the importer (`input` forces one,
 * else the content decides, the file name breaking ties), then turns what it
 * read into validated transcripts with their `source` and warnings.
 */
import { extname } from 'node:path';
import { decode, type Encoding, InputError } from '../transcript/parse.js';
import { aliyun } from './formats/aliyun.js';
import { aws } from './formats/aws.js';
import { awsTca } from './formats/aws-tca.js';
import { canonical, text } from './formats/canonical.js';
import { csv } from './formats/csv.js';
import { funasr } from './formats/funasr.js';
import { iflytek } from './formats/iflytek.js';
import { srt, vtt } from './formats/subtitles.js';
import { tencent } from './formats/tencent.js';
import { whisper } from './formats/whisper.js';
import { xlsx } from './formats/xlsx.js';
import type { RoleMap } from './roles.js';
import { segmentsToTranscript } from './segments.js';
import type { ColumnMap, ImportedTranscript, Importer, ImportResult, Sniff } from './types.js';

/** In detection order: the most specific structures first, plain text last (it accepts anything). */
export const IMPORTERS: readonly Importer[] = [canonical, awsTca, aws, aliyun, tencent, iflytek, funasr, whisper, vtt, srt, xlsx, csv, text];
export const IMPORTER_NAMES = IMPORTERS.map((i) => i.name);

export function importerByName(name: string): Importer {
  const importer = IMPORTERS.find((i) => i.name === name.trim().toLowerCase());
  if (!importer) throw new Error(`unknown input format "${name}": use one of ${IMPORTER_NAMES.join(', ')}`);
  return importer;
}

/** Every file ending some importer reads, for folder and glob expansion. */
export const IMPORT_EXTENSIONS = [...new Set(IMPORTERS.flatMap((i) => i.extensions))];

export interface ImportOptions {
  /** importer name; default: detected */
  input?: string;
  roles?: RoleMap;
  mergeGap?: number;
  encoding?: Encoding;
  columns?: ColumnMap;
}

function parseJsonText(textContent: string): unknown {
  const t = textContent.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(textContent);
  } catch {
    return undefined;
  }
}

/** The importer the content of `file` calls for (what `importContent` would pick without `input`). */
export function detectImporter(file: string, textContent: string, bytes: Uint8Array): Importer {
  return chooseImporter({ text: textContent, json: parseJsonText(textContent), bytes, file }, extname(file).toLowerCase());
}

function chooseImporter(sniff: Sniff, ext: string): Importer {
  if (xlsx.detect(sniff)) return xlsx;
  const found = IMPORTERS.find((i) => i !== text && i.detect(sniff));
  if (found) return found;
  // a .json/.jsonl file that fits no structure is canonical input, whose errors say what is wrong with it
  if (canonical.extensions.includes(ext)) return canonical;
  return text;
}

/** Reads one file's (or request body's) content into transcripts; every problem is an InputError naming the place. */
export async function importContent(file: string, bytes: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const ext = extname(file).toLowerCase();
  const forced = options.input ? importerByName(options.input) : undefined;
  let sniff: Sniff;
  let importer: Importer;
  try {
    const binary = forced?.binary ?? (xlsx.detect({ text: '', bytes, file }) || (ext === '.xlsx' && !forced));
    const content = binary ? '' : decode(file, bytes, options.encoding);
    sniff = { text: content, json: binary ? undefined : parseJsonText(content), bytes, file };
    importer = forced ?? chooseImporter(sniff, ext);
    if (!importer.binary && content.trim() === '') throw new InputError(file, undefined, 'empty file');
  } catch (err) {
    if (err instanceof InputError) return { file, format: forced?.name ?? 'unknown', transcripts: [], errors: [err] };
    throw err;
  }
  const result: ImportResult = { file, format: importer.name, transcripts: [], errors: [] };
  let output;
  try {
    if (importer.needsJson && sniff.json === undefined) throw new InputError(file, undefined, `not JSON, so not ${importer.name} output`);
    output = await importer.parse({ text: sniff.text, json: sniff.json, bytes }, { file, columns: options.columns });
  } catch (err) {
    if (err instanceof InputError) return { ...result, errors: [err] };
    throw err;
  }
  result.errors.push(...output.errors);
  for (const conversation of output.conversations) {
    try {
      result.transcripts.push(
        conversation.kind === 'transcript'
          ? ({
              transcript: conversation.transcript,
              source: { format: importer.name, roles: 'explicit' },
              warnings: [],
              ...(conversation.lines && { lines: conversation.lines }),
            } satisfies ImportedTranscript)
          : segmentsToTranscript(file, conversation, importer.name, options),
      );
    } catch (err) {
      if (err instanceof InputError) result.errors.push(err);
      else throw err;
    }
  }
  if (result.transcripts.length === 0 && result.errors.length === 0) result.errors.push(new InputError(file, undefined, `no conversation found in this ${importer.name} input`));
  return result;
}
