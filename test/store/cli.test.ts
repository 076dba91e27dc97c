/**
 * The store commands of the built command line on a SQLite file: users (token
 * printed once, hash kept), `check --store` and `import` writing the same
 * store idempotently, `reviews suggest` drafting allow contexts from a
 * rejected hit, `store purge` for retention.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { getConversation, listConversations } from '../../src/store/conversations.js';
import { openStore } from '../../src/store/db.js';
import { principalForToken } from '../../src/store/users.js';
import { reviewFinding } from '../../src/store/workflow.js';
import { CLI } from '../global-setup.js';

let dir: string;
const run = (args: string[], input?: string) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(process.execPath, [CLI, ...args], { cwd: dir, env: { ...process.env, TALKLINT_DB: join(dir, 'cli.db'), TALKLINT_DATABASE_URL: '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
    child.stdin!.end(input ?? '');
  });

beforeAll(() => {
  const buildError = inject('cliBuildError');
  if (buildError) throw new Error(buildError);
  dir = mkdtempSync(join(tmpdir(), 'talklint-store-cli-'));
  const call = (id: string, startedAt: string, text: string) => ({
    id,
    agent: { id: '1024' },
    startedAt,
    turns: [
      { speaker: 'agent', text: '您好,星河银行客服中心,工号1024。' },
      { speaker: 'customer', text: '我想问下利率。' },
      { speaker: 'agent', text },
    ],
  });
  writeFileSync(join(dir, 'old.json'), JSON.stringify(call('c-old', '2026-01-05T10:00:00+08:00', '不知道,你问别人去。')));
  writeFileSync(join(dir, 'new.jsonl'), `${JSON.stringify(call('c-new', '2026-11-05T10:00:00+08:00', '我也不清楚,这不是我管的。'))}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('users add prints a token once and keeps only its hash; an agent needs --agent-id; list and disable', async () => {
  const added = await run(['users', 'add', 'lead', '--role', 'lead', '--password'], 'lead-password\n');
  expect(added.code).toBe(0);
  const token = added.stdout.trim();
  expect(token).toMatch(/^tl_/);
  expect((await run(['users', 'add', 'agent', '--role', 'agent'])).code).toBe(2);
  expect((await run(['users', 'add', 'lead', '--role', 'reviewer'])).code).toBe(2);
  const store = await openStore({ sqlitePath: join(dir, 'cli.db') });
  try {
    expect(await principalForToken(store, token)).toEqual({ user: 'lead', role: 'lead' });
    const raw = await store.db.selectFrom('users').select(['token_hash', 'password_hash']).executeTakeFirstOrThrow();
    expect(raw.token_hash).not.toContain(token);
    expect(raw.password_hash).toMatch(/^scrypt\$/);
  } finally {
    await store.close();
  }
  expect((await run(['users', 'list'])).stdout).toContain('lead\tlead\tpassword');
  expect((await run(['users', 'disable', 'lead'])).code).toBe(0);
  expect((await run(['users', 'list'])).stdout).toContain('disabled');
});

it('check --store and import keep the same conversations once; reviews suggest drafts an allow context; purge removes old ones', async () => {
  const checked = await run(['check', 'old.json', 'new.jsonl', '--store', '--format', 'json', '--fail-under', '90']);
  expect(checked.code).toBe(1); // storing does not change the check's own verdict
  expect(JSON.parse(checked.stdout)).toHaveLength(2);
  expect(checked.stderr).toContain('stored 2 new, 0 already stored');
  const imported = await run(['import', '.', '--batch', 'again']);
  expect(imported.code).toBe(0);
  expect(imported.stderr).toContain('stored 0 new, 2 already stored');

  const store = await openStore({ sqlitePath: join(dir, 'cli.db') });
  try {
    const view = (await getConversation(store, 'c-old'))!;
    const shirk = view.report.findings.find((f) => f.rule === 'banned.shirk')!;
    await reviewFinding(store, 'c-old', shirk.id, { verdict: 'rejected', note: '测试' }, { user: 'r', role: 'reviewer' });
  } finally {
    await store.close();
  }
  const suggested = await run(['reviews', 'suggest', '--pack', 'general']);
  expect(suggested.code).toBe(0);
  const drafts = parse(suggested.stdout) as Array<{ id: string; rule: string; allow: string[] }>;
  expect(drafts).toHaveLength(1);
  expect(drafts[0].rule).toBe('banned.shirk');
  expect(drafts[0].allow).toEqual(['不知道']);

  // any import format: a chat export as CSV, one row per message
  writeFileSync(
    join(dir, 'chats.csv'),
    ['会话ID,角色,内容,工号,发送时间', 'c-csv,客户,你好,2048,2026-11-06 10:00:00', 'c-csv,客服,您好,很高兴为您服务,2048,2026-11-06 10:00:05', 'c-csv,客服,不知道,你问别人去,2048,2026-11-06 10:00:09'].join('\n'),
  );
  const csv = await run(['import', 'chats.csv']);
  expect(csv.stderr).toContain('stored 1 new');
  const withCsv = await openStore({ sqlitePath: join(dir, 'cli.db') });
  try {
    const view = (await getConversation(withCsv, 'c-csv'))!;
    expect(view.sourceFormat).toBe('csv');
    expect(view.report.agent?.id).toBe('2048');
  } finally {
    await withCsv.close();
  }

  const purged = await run(['store', 'purge', '--before', '2026-06-01']);
  expect(purged.stderr).toContain('purged 1 conversations');
  const after = await openStore({ sqlitePath: join(dir, 'cli.db') });
  try {
    expect((await listConversations(after, {})).items.map((i) => i.id)).toEqual(['c-csv', 'c-new']);
  } finally {
    await after.close();
  }
});
