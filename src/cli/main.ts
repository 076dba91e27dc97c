#!/usr/bin/env node
/** The talklint command line (contract section 4). */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ImportOptions } from '../import/registry.js';
import { loadPack } from '../pack/load.js';
import { type CheckedItem, FORMATS } from '../report/format.js';
import { type CheckCommandOptions, EXIT, type FileCheckOptions, runCheck } from './check-command.js';
import { runConvert } from './convert-command.js';
import { applyConfig } from './config.js';
import { addImportOptions } from './import-options.js';
import { maskPiiFromEnv } from '../text/mask-pii.js';
import { registerPackCommands } from './pack-commands.js';
import { registerWorkerCommand, runQueuedCheck } from './queue-commands.js';
import { formatRules } from '../report/rules-format.js';
import { registerStoreCommands, storeCheckedItems } from './store-commands.js';

const number = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
  return n;
};

type CheckFlags = Omit<CheckCommandOptions, 'color' | 'afterCheck' | 'ignore'> & {
  color?: boolean;
  queue?: boolean;
  store?: boolean;
  batch?: string;
  config?: string | false;
};

/** --color / --no-color win; else FORCE_COLOR, then NO_COLOR; else colour only on a terminal (never into a file). */
function colourWanted(flag: boolean | undefined, outputFile: string | undefined): boolean {
  if (flag !== undefined) return flag;
  const force = process.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (process.env.NO_COLOR) return false;
  return outputFile === undefined && process.stdout.isTTY === true;
}

const program = new Command('talklint')
  .description('Compliance checker for Chinese customer-service calls and chats')
  .version('0.1.0')
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT.usage))
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

addImportOptions(
  program
    .command('check')
    .description('check transcripts: files (canonical JSON/JSONL, text, ASR engine output, subtitles, CSV/xlsx), folders, globs, or - for standard input')
    .argument('<paths...>', 'files, folders, globs or -')
    .option('--pack <name>', 'rule pack: a built-in name or a path (default: the transcript\'s own, else general)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('pretty'))
    .option('--fail-under <score>', 'fail (exit 1) when a score is under this', number('--fail-under', 0, 100), 60)
    .option('--jobs <n>', 'files checked in parallel on worker threads (default: the number of cores from 1,000 files on)', number('--jobs', 1, 64))
    .option('--color', 'always colour the pretty output (also FORCE_COLOR=1)')
    .option('--no-color', 'never colour the pretty output (also NO_COLOR)')
    .option('--output-file <file>', 'write the output to this file instead of standard output')
    .option('--mask-pii', 'mask phone, ID-card and bank-card numbers in the output (same length, offsets stay true; also TALKLINT_MASK_PII=1)')
    .option('--store', 'also keep the reports in the store (TALKLINT_DB or TALKLINT_DATABASE_URL) for the review pages')
    .option('--batch <name>', 'with --store: the batch name to filter and sample by')
    .option('--queue', 'submit as one batch to the queue (TALKLINT_REDIS_URL) for `talklint worker`s to check and store, and follow its progress'),
).action(async (paths: string[], flags: CheckFlags, command: Command) => {
  const opts = applyConfig(flags, (key) => command.getOptionValueSource(key));
  if (opts.queue) {
    const format = opts.format;
    if (format !== 'pretty' && format !== 'json') return program.error('talklint: with --queue, --format is pretty or json (the reports go to the store)');
    process.exitCode = await runQueuedCheck(paths, { pack: opts.pack, encoding: opts.encoding, format }, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
    return;
  }
  const color = colourWanted(opts.color, opts.outputFile);
  const afterCheck = opts.store ? (items: readonly CheckedItem[], read: FileCheckOptions) => storeCheckedItems(items, read, opts.batch) : undefined;
  process.exitCode = await runCheck(paths, { ...opts, color, afterCheck, maskPii: opts.maskPii || maskPiiFromEnv() }, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
});

addImportOptions(
  program
    .command('convert')
    .description('print the canonical transcript talklint reads from a file (or -), to see how roles and segments were mapped')
    .argument('<file>', 'a file or - for standard input'),
).action(async (file: string, flags: ImportOptions & { stdinFilename?: string; config?: string | false }, command: Command) => {
  const opts = applyConfig(flags, (key) => command.getOptionValueSource(key));
  process.exitCode = await runConvert(file, opts, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
});

program
  .command('rules')
  .description('list the rules with severity, deduction, description and regulation source')
  .option('--pack <name>', 'show the effective rules of this pack', 'general')
  .addOption(new Option('--format <format>', 'output format').choices(['pretty', 'json']).default('pretty'))
  .action((opts: { pack: string; format: 'pretty' | 'json' }) => {
    process.stdout.write(formatRules(loadPack(opts.pack), opts.format));
  });

registerPackCommands(program);
registerWorkerCommand(program);
registerStoreCommands(program);

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`talklint: ${(err as Error).message}\n`);
  process.exitCode = EXIT.usage;
}
