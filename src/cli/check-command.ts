/**
 * `talklint check`: read inputs, check every transcript (a large batch on
 * worker threads), print in the chosen format in input order, set the exit code.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { checkImported } from '../import/check-imported.js';
import { type ImportOptions, importContent } from '../import/registry.js';
import { DEFAULT_PACK, loadPack, type Pack, packByName, UnknownPackError } from '../pack/load.js';
import { type BatchResult, type CheckedItem, type FailedInput, type Format, formatJson, formatJsonl, formatJunit, formatPretty } from '../report/format.js';
import { maskPii, maskPiiDeep } from '../text/mask-pii.js';
import { formatCsv } from '../report/csv.js';
import { formatSarif, type RuleDescription } from '../report/sarif.js';
import { normalize } from '../text/normalize.js';
import type { Encoding } from '../transcript/parse.js';
import { expandInputs } from '../transcript/find-inputs.js';
import { PACKAGE_ROOT } from '../util/package-root.js';
import { checkFilesInParallel } from './worker-pool.js';

export interface CheckCommandOptions extends Omit<ImportOptions, 'encoding'> {
  pack?: string;
  format: Format;
  failUnder: number;
  encoding: Encoding;
  color: boolean;
  /** files checked at once on worker threads; default: the number of cores for a large batch, else 1 */
  jobs?: number;
  /** called with every checked transcript, and how the files were read, after the output is written (`--store`) */
  afterCheck?: (items: readonly CheckedItem[], read: FileCheckOptions) => Promise<unknown>;
  /** the name `-` (standard input) goes by, for its format and id */
  stdinFilename?: string;
  /** mask phone, ID-card and bank-card numbers in what is printed and stored (--mask-pii, TALKLINT_MASK_PII=1) */
  maskPii?: boolean;
  /** write the output here instead of standard output */
  outputFile?: string;
  /** leaves out files found in folders and globs (.talklintignore, the config's `ignore`) */
  ignore?: (file: string) => boolean;
}

/** What checking one file needs to know (sent to worker threads, so plain data). */
export interface FileCheckOptions extends ImportOptions, Pick<CheckCommandOptions, 'pack' | 'failUnder'> {
  /** keep each transcript's turn texts: only the pretty format shows them, and a large batch need not hold them all */
  keepTurns: boolean;
  /** what `-` reads: standard input's bytes, named by --stdin-filename */
  stdin?: { bytes: Uint8Array; name: string };
}

/** One file's checked transcripts, and what in it could not be read. */
export interface FileResult {
  items: CheckedItem[];
  inputErrors: FailedInput[];
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Without --jobs, a batch this large is split over all cores. A worker thread
 * needs about half a second to start (modules, pack, jieba's dictionary, warm-up),
 * and on a small machine it slows the main thread meanwhile, so a smaller batch
 * finishes sooner on one thread. --jobs N is always honoured.
 */
const PARALLEL_MIN_FILES = 1000;
/** A progress bar is shown (on a TTY) from this many files. */
const PROGRESS_MIN_FILES = 200;

const VERSION: string = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')).version;

const packs = new Map<string, Pack>();

/** A rule's description and regulation from the packs the reports name (for SARIF's rule list). */
function describeRule(id: string, packNames: ReadonlySet<string>): RuleDescription | undefined {
  const named = [...packNames].flatMap((name) => {
    try {
      return [packs.get(name) ?? packByName(name)];
    } catch {
      return [];
    }
  });
  for (const pack of [...packs.values(), ...named]) {
    const meta = pack.rules.find((r) => r.rule.meta.id === id)?.rule.meta;
    if (meta) return { description: meta.description, source: meta.source.map((s) => Object.values(s).join(' ')).join('; ') || undefined };
  }
  return undefined;
}
function packFor(name: string): Pack {
  let pack = packs.get(name);
  if (!pack) packs.set(name, (pack = loadPack(name)));
  return pack;
}

/** Loads the pack and jieba's dictionary ahead of the first file (what a worker thread does before it asks for work). */
export function warmUp(options: FileCheckOptions): void {
  packFor(options.pack ?? DEFAULT_PACK).matcher.words(normalize('您好'));
}

/** `-` is standard input, read once up front. */
export const STDIN = '-';

export async function checkFile(file: string, options: FileCheckOptions): Promise<FileResult> {
  let bytes: Uint8Array;
  const name = file === STDIN ? (options.stdin?.name ?? 'stdin') : file;
  try {
    bytes = file === STDIN ? (options.stdin?.bytes ?? new Uint8Array()) : readFileSync(file);
  } catch (err) {
    return { items: [], inputErrors: [{ file, message: `${file}: cannot read: ${(err as Error).message}` }] };
  }
  const imported = await importContent(name, bytes, options);
  const inputErrors: FailedInput[] = imported.errors.map((e) => ({ file, message: e.message }));
  const items: CheckedItem[] = [];
  for (const item of imported.transcripts) {
    let pack: Pack;
    try {
      // --pack overrides; a transcript names its own pack by name only
      pack = options.pack ? packFor(options.pack) : packByName(item.transcript.pack ?? DEFAULT_PACK);
    } catch (err) {
      if (!(err instanceof UnknownPackError)) throw err;
      inputErrors.push({ file, message: `${file}: transcript ${item.transcript.id}: ${err.message}` });
      continue;
    }
    const report = checkImported(item, { pack, file });
    const turns = options.keepTurns ? item.transcript.turns.map((t) => t.text) : [];
    items.push({ file, report, turns, ...(item.lines && { lines: item.lines }), passed: !report.redLine && report.score >= options.failUnder });
  }
  return { inputErrors, items };
}

export async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** A progress bar on stderr, only for a person watching a large batch. */
async function progressBar(total: number): Promise<{ update(done: number): void; stop(): void } | undefined> {
  if (process.stderr.isTTY !== true || total < PROGRESS_MIN_FILES) return undefined;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    { format: 'talklint {bar} {value}/{total} files  {eta_formatted} left', stream: process.stderr, clearOnComplete: true, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { update: (done) => bar.update(done), stop: () => bar.stop() };
}

export async function runCheck(
  args: string[],
  options: CheckCommandOptions,
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  const { files, missing } = expandInputs(
    args.filter((a) => a !== STDIN),
    options.ignore,
  );
  if (args.includes(STDIN)) files.push(STDIN);
  const notFound = missing.map((m) => ({ file: m, message: `${m}: no such file, folder or matching glob` }));
  for (const m of notFound) err(`talklint: ${m.message}\n`);
  if (files.length === 0) {
    err('talklint: no transcript files (.json, .jsonl, .txt) to check\n');
    return EXIT.usage;
  }
  // a broken --pack is reported before any file is read
  if (options.pack) packFor(options.pack);

  const fileOptions: FileCheckOptions = {
    pack: options.pack,
    failUnder: options.failUnder,
    encoding: options.encoding,
    input: options.input,
    roles: options.roles,
    mergeGap: options.mergeGap,
    columns: options.columns,
    keepTurns: options.format === 'pretty',
    ...(args.includes(STDIN) && { stdin: { bytes: await readStdin(), name: options.stdinFilename ?? 'stdin' } }),
  };
  const wanted = options.jobs ?? (files.length >= PARALLEL_MIN_FILES ? availableParallelism() : 1);
  const jobs = Math.min(Math.floor(wanted), files.length);
  const progress = await progressBar(files.length);
  let perFile: FileResult[];
  try {
    if (jobs > 1) {
      perFile = await checkFilesInParallel(files, fileOptions, jobs, (done) => progress?.update(done));
    } else {
      perFile = [];
      for (const file of files) {
        perFile.push(await checkFile(file, fileOptions));
        progress?.update(perFile.length);
      }
    }
  } finally {
    progress?.stop();
  }

  const result: BatchResult = { items: [], inputErrors: [...notFound], failUnder: options.failUnder };
  for (const { items, inputErrors } of perFile) {
    for (const e of inputErrors) err(`talklint: ${e.message}\n`);
    result.inputErrors.push(...inputErrors);
    result.items.push(...(options.maskPii ? items.map((item) => ({ ...item, report: maskPiiDeep(item.report), turns: item.turns.map(maskPii) })) : items));
  }
  const formatted = {
    json: () => formatJson(result),
    jsonl: () => formatJsonl(result),
    junit: () => formatJunit(result),
    sarif: () => formatSarif(result, VERSION, (id) => describeRule(id, new Set(result.items.map((i) => i.report.pack)))),
    csv: () => formatCsv(result),
    pretty: () => formatPretty(result, options.color),
  }[options.format]();
  if (options.outputFile) writeFileSync(options.outputFile, formatted);
  else out(formatted);
  await options.afterCheck?.(result.items, fileOptions);
  if (result.inputErrors.length > 0) return EXIT.usage;
  return result.items.every((i) => i.passed) ? EXIT.ok : EXIT.failed;
}
