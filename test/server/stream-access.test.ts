/**
 * Who may feed and watch on the stream once access control is on: only
 * integration and admin tokens start conversations, an id belongs to its
 * feeder, and watchers are leads, reviewers, admins and the agent the
 * conversation names. Users come from a real (SQLite) store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { addUser } from '../../src/store/users.js';
import { type RunningServer, StreamClient, startServer } from './helpers.js';

let dir: string;
let store: Store;
let server: RunningServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'talklint-access-'));
  store = await openStore({ sqlitePath: join(dir, 'talklint.db') });
  for (const [name, role, agentId] of [
    ['callsys', 'integration'],
    ['callsys2', 'integration'],
    ['lead1', 'lead'],
    ['agent7', 'agent', 'A7'],
    ['agent8', 'agent', 'A8'],
  ] as const) {
    tokens[name] = await addUser(store, { name, role, ...(agentId && { agentId }) });
  }
  server = await startServer({ store, token: 'env-admin' });
});
afterAll(async () => {
  await server.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const as = (name: string) => StreamClient.connect(`${server.wsUrl}?token=${encodeURIComponent(tokens[name] ?? name)}`);

describe('stream access', () => {
  it('lets only integration and admin tokens start conversations', async () => {
    for (const name of ['lead1', 'agent7']) {
      const client = await as(name);
      client.send({ type: 'start', id: `by-${name}`, channel: 'chat' });
      expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });
      client.close();
    }
    const admin = await as('env-admin');
    admin.send({ type: 'start', id: 'by-admin', channel: 'chat' });
    await admin.next((m) => m.type === 'started');
    admin.close();
    await expect(StreamClient.connect(server.wsUrl)).rejects.toMatchObject({ status: 401 });
  });

  it('keeps an id to its feeder: another feeder can neither start, resume nor feed it', async () => {
    const owner = await as('callsys');
    owner.send({ type: 'start', id: 'owned', channel: 'chat' });
    await owner.next((m) => m.type === 'started');
    const other = await as('callsys2');
    other.send({ type: 'start', id: 'owned', channel: 'chat' });
    other.send({ type: 'start', id: 'owned', channel: 'chat', resume: true });
    other.send({ type: 'turn', id: 'owned', speaker: 'agent', text: '你好' });
    await other.next((m) => m.type === 'error' && m.code === 'no_conversation');
    expect(other.messages.map((m) => m.code)).toEqual(['duplicate_conversation', 'duplicate_conversation', 'no_conversation']);
    owner.close();
    other.close();
  });

  it('lets leads and the named agent watch, not another agent or an integration', async () => {
    const lead = await as('lead1');
    const mine = await as('agent7');
    const notMine = await as('agent8');
    const integration = await as('callsys2');
    for (const c of [lead, mine, notMine]) {
      c.send({ type: 'watch', id: 'call-a7' });
      await c.next((m) => m.type === 'watching');
    }
    integration.send({ type: 'watch', id: 'call-a7' });
    expect(await integration.next((m) => m.type === 'error')).toMatchObject({ code: 'forbidden' });

    const feeder = await as('callsys');
    feeder.send({ type: 'start', id: 'call-a7', channel: 'chat', agent: { id: 'A7', name: '王小明' } });
    feeder.send({ type: 'turn', speaker: 'agent', text: '不知道,你问别人去。' });
    await lead.next((m) => m.type === 'score');
    await mine.next((m) => m.type === 'score');
    // a late watch gets the snapshot only where allowed
    const lateMine = await as('agent7');
    lateMine.send({ type: 'watch', id: 'call-a7' });
    expect((await lateMine.next((m) => m.type === 'watching')).snapshot).toMatchObject({ turns: 1 });
    const lateOther = await as('agent8');
    lateOther.send({ type: 'watch', id: 'call-a7' });
    expect((await lateOther.next((m) => m.type === 'watching')).snapshot).toBeNull();
    feeder.send({ type: 'end' });
    await mine.next((m) => m.type === 'report');
    await new Promise((r) => setTimeout(r, 100));
    // the other agent heard nothing of the call: no started, finding, score or report
    expect(notMine.messages.map((m) => m.type)).toEqual(['watching']);
    expect(lateOther.messages.map((m) => m.type)).toEqual(['watching']);
    for (const c of [lead, mine, notMine, integration, feeder, lateMine, lateOther]) c.close();
  });
});
