#!/usr/bin/env node
/** The talklint command line (contract section 4). */
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadPack } from '../pack/load.js';
import { FORMATS, type Format } from '../report/format.js';
import { EXIT, runCheck } from './check-command.js';
import { registerPackCommands } from './pack-commands.js';
import { registerWorkerCommand, runQueuedCheck } from './queue-commands.js';
import { formatRules } from './rules-command.js';

const number = (name: string, min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new InvalidArgumentError(`${name} must be a number from ${min} to ${max}`);
  return n;
};

const program = new Command('talklint')
  .description('Compliance checker for Chinese customer-service calls and chats')
  .version('0.1.0')
  .exitOverride((e) => process.exit(e.exitCode === 0 ? 0 : EXIT.usage))
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

program
  .command('check')
  .description('check transcripts (.json, .jsonl, .txt files, folders or globs)')
  .argument('<paths...>', 'files, folders or globs')
  .option('--pack <name>', 'rule pack: a built-in name or a path (default: the transcript\'s own, else general)')
  .addOption(new Option('--format <format>', 'output format').choices(FORMATS).default('pretty'))
  .option('--fail-under <score>', 'fail (exit 1) when a score is under this', number('--fail-under', 0, 100), 60)
  .option('--jobs <n>', 'files checked in parallel on worker threads (default: the number of cores from 1,000 files on)', number('--jobs', 1, 64))
  .addOption(new Option('--encoding <name>', 'text encoding of the input files').choices(['utf-8', 'gb18030']).default('utf-8'))
  .option('--no-color', 'never colour the pretty output')
  .option('--queue', 'submit as one batch to the queue (TALKLINT_REDIS_URL) for `talklint worker`s to check and store, and follow its progress')
  .action(async (paths: string[], opts: { pack?: string; format: Format; failUnder: number; jobs?: number; encoding: 'utf-8' | 'gb18030'; color: boolean; queue?: boolean }) => {
    if (opts.queue) {
      const format = opts.format;
      if (format !== 'pretty' && format !== 'json') return program.error('talklint: with --queue, --format is pretty or json (the reports go to the store)');
      process.exitCode = await runQueuedCheck(paths, { pack: opts.pack, encoding: opts.encoding, format }, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
      return;
    }
    const color = opts.color && process.stdout.isTTY === true && !process.env.NO_COLOR;
    process.exitCode = await runCheck(paths, { ...opts, color }, (s) => process.stdout.write(s), (s) => process.stderr.write(s));
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

try {
  await program.parseAsync();
} catch (err) {
  process.stderr.write(`talklint: ${(err as Error).message}\n`);
  process.exitCode = EXIT.usage;
}
