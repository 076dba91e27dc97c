/**
 * The store on the command line (contract section 6): `users add|list|disable|passwd`,
 * `import` (check and store), `check --store` (store what was just checked),
 * `store purge --before DATE` and `reviews suggest --pack NAME`. The store is
 * TALKLINT_DATABASE_URL (postgres://) or TALKLINT_DB (SQLite, default talklint.db here).
 */
import { readFileSync } from 'node:fs';
import { type Command, Option } from 'commander';
import { DEFAULT_PACK, loadPack, type Pack } from '../pack/load.js';
import type { CheckedItem } from '../report/format.js';
import { purgeBefore, StoreError, storeConversation } from '../store/conversations.js';
import { openStore, type Store } from '../store/db.js';
import { suggestAllows } from '../store/feedback.js';
import { addUser, disableUser, listUsers, ROLES, type Role, setPassword } from '../store/users.js';
import { importContent } from '../import/registry.js';
import { checkFile, EXIT, type FileCheckOptions, STDIN } from './check-command.js';
import { addImportOptions } from './import-options.js';
import { expandInputs } from '../transcript/find-inputs.js';

async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore();
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Runs a command body; a store error is a usage error with its message. */
const action =
  <A extends unknown[]>(fn: (...args: A) => Promise<void>) =>
  async (...args: A) => {
    try {
      await fn(...args);
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      process.stderr.write(`talklint: ${err.message}\n`);
      process.exitCode = EXIT.usage;
    }
  };

/** A password from TALKLINT_PASSWORD or the first line of standard input (never a command-line argument: `ps` shows those). */
function readPassword(): string {
  const password = process.env.TALKLINT_PASSWORD ?? readFileSync(0, 'utf8').split(/\r?\n/)[0];
  if (!password || password.length < 8) throw new StoreError('invalid', 'the password must have at least 8 characters (TALKLINT_PASSWORD or standard input)');
  return password;
}

const packs = new Map<string, Pack>();
const packFor = (name: string) => packs.get(name) ?? packs.set(name, loadPack(name)).get(name)!;

export interface StoreSummary {
  stored: number;
  unchanged: number;
  conflicts: string[];
}

function summaryLine(summary: StoreSummary, where: string): string {
  return `talklint: stored ${summary.stored} new, ${summary.unchanged} already stored${summary.conflicts.length ? `, ${summary.conflicts.length} refused (another transcript under the same id)` : ''} in ${where}\n`;
}

/**
 * Stores checked reports (`check --store`, `import`). The files are imported
 * again with the same options (not checked again) for their transcripts, which
 * the checking threads do not hand back; a report is matched to its transcript by id.
 */
export async function storeCheckedItems(items: readonly CheckedItem[], read: FileCheckOptions, batch?: string): Promise<StoreSummary> {
  const summary: StoreSummary = { stored: 0, unchanged: 0, conflicts: [] };
  await withStore(async (store) => {
    const byFile = new Map<string, CheckedItem[]>();
    for (const item of items) byFile.set(item.file, [...(byFile.get(item.file) ?? []), item]);
    for (const [file, checked] of byFile) {
      const bytes = file === STDIN ? (read.stdin?.bytes ?? new Uint8Array()) : readFileSync(file);
      const imported = await importContent(file === STDIN ? (read.stdin?.name ?? 'stdin') : file, bytes, read);
      const transcripts = new Map(imported.transcripts.map((t) => [t.transcript.id, t.transcript]));
      for (const { report } of checked) {
        const transcript = transcripts.get(report.id)!;
        const pack = packFor(read.pack ?? transcript.pack ?? DEFAULT_PACK);
        try {
          const { created } = await storeConversation(store, { transcript, report, pack, by: 'cli', batch });
          if (created) summary.stored++;
          else summary.unchanged++;
        } catch (err) {
          if (!(err instanceof StoreError) || err.code !== 'conflict') throw err;
          summary.conflicts.push(report.id);
          process.stderr.write(`talklint: ${err.message}\n`);
        }
      }
    }
    process.stderr.write(summaryLine(summary, store.location));
  });
  return summary;
}

export function registerStoreCommands(program: Command): void {
  const users = program.command('users').description('users of the review pages and API (roles: agent, reviewer, lead, admin, integration)');
  users
    .command('add')
    .argument('<name>')
    .addOption(new Option('--role <role>', 'what the user may do').choices(ROLES).makeOptionMandatory())
    .option('--agent-id <id>', 'for an agent: the agent.id of their conversations')
    .option('--password', 'also set a password for the pages (from TALKLINT_PASSWORD or the first line of standard input)')
    .description('create a user and print their API token (shown once; only its hash is kept)')
    .action(
      action(async (name: string, opts: { role: Role; agentId?: string; password?: boolean }) => {
        const password = opts.password ? readPassword() : undefined;
        const token = await withStore((store) => addUser(store, { name, role: opts.role, agentId: opts.agentId, password }));
        process.stdout.write(`${token}\n`);
        process.stderr.write(`talklint: created ${name} (${opts.role}); the token above is shown only now\n`);
      }),
    );
  users
    .command('list')
    .addOption(new Option('--format <format>').choices(['pretty', 'json']).default('pretty'))
    .description('list users with role, agent id and state')
    .action(
      action(async (opts: { format: 'pretty' | 'json' }) => {
        const rows = await withStore(listUsers);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else for (const u of rows) process.stdout.write(`${u.name}\t${u.role}${u.agentId ? `\tagent ${u.agentId}` : ''}${u.disabled ? '\tdisabled' : ''}${u.hasPassword ? '\tpassword' : ''}\n`);
      }),
    );
  users
    .command('disable')
    .argument('<name>')
    .description('disable a user: token, password and sessions stop working at once')
    .action(action(async (name: string) => withStore((store) => disableUser(store, name))));
  users
    .command('passwd')
    .argument('<name>')
    .description('set the password a user signs in to the pages with (TALKLINT_PASSWORD or standard input)')
    .action(action(async (name: string) => withStore((store) => setPassword(store, name, readPassword()))));

  addImportOptions(
    program
      .command('import')
      .description('check transcripts (any import format) and keep them in the store, so they appear in the review pages and dashboards')
      .argument('<paths...>', 'files, folders or globs')
      .option('--pack <name>', 'rule pack (default: the transcript\'s own, else general)')
      .option('--batch <name>', 'a batch name to filter and sample by (e.g. nightly-2026-11-22)'),
  ).action(
    action(async (paths: string[], opts: Omit<FileCheckOptions, 'keepTurns' | 'failUnder'> & { batch?: string }) => {
      const { files, missing } = expandInputs(paths);
      for (const m of missing) process.stderr.write(`talklint: ${m}: no such file, folder or matching glob\n`);
      const read: FileCheckOptions = { ...opts, failUnder: 0, keepTurns: false };
      const items: CheckedItem[] = [];
      let unreadable = 0;
      for (const file of files) {
        const { items: checked, inputErrors } = await checkFile(file, read);
        for (const e of inputErrors) process.stderr.write(`talklint: ${e.message}\n`);
        unreadable += inputErrors.length;
        items.push(...checked);
      }
      const summary = await storeCheckedItems(items, read, opts.batch);
      process.exitCode = missing.length > 0 || unreadable > 0 || summary.conflicts.length > 0 || files.length === 0 ? EXIT.usage : EXIT.ok;
    }),
  );

  program
    .command('store')
    .description('the store itself')
    .command('purge')
    .description('delete conversations (with their reviews and appeals) from before a date: retention')
    .requiredOption('--before <date>', 'ISO date or time; conversations that started (or were stored) earlier go')
    .action(
      action(async (opts: { before: string }) => {
        if (Number.isNaN(Date.parse(opts.before))) throw new StoreError('invalid', '--before must be an ISO date such as 2026-06-01');
        const count = await withStore((store) => purgeBefore(store, opts.before));
        process.stderr.write(`talklint: purged ${count} conversations from before ${opts.before}\n`);
      }),
    );

  program
    .command('reviews')
    .description('what reviews say about the packs')
    .command('suggest')
    .description('draft `allow` contexts (YAML) from hits reviewers rejected, for a pack author to accept or not')
    .requiredOption('--pack <name>', 'the pack whose entries to look at')
    .action(
      action(async (opts: { pack: string }) => {
        process.stdout.write(await withStore((store) => suggestAllows(store, opts.pack)));
      }),
    );
}
