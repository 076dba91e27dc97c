/**
 * Live calls that outlast a connection: heartbeat, watchers kept while their
 * conversation is active, and a feeder that resumes after a dropped
 * connection (in process) or a killed server (the entry point as a process,
 * with TALKLINT_LIVE_DIR) and still gets the batch report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { afterAll, describe, expect, it } from 'vitest';
import { check, timeline } from '../../src/engine/check.js';
import { type Transcript, TranscriptSchema } from '../../src/transcript/schema.js';
import { type RunningServer, StreamClient, startServer } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const call: Transcript = TranscriptSchema.parse({
  id: 'resume-call',
  channel: 'call',
  turns: [
    { speaker: 'agent', text: '喂,你找谁?', start: 0, end: 2 },
    { speaker: 'customer', text: '我的快递三天没动了。', start: 2.5, end: 5 },
    { speaker: 'agent', text: '您好,请稍等,我帮您查一下。', start: 5.5, end: 8 },
    { speaker: 'agent', text: '感谢您的耐心等待,包裹明天送到。', start: 30, end: 33 },
    { speaker: 'customer', text: '好的。', start: 33.5, end: 34 },
    { speaker: 'agent', text: '请问还有什么可以帮您?祝您生活愉快,再见!', start: 34.5, end: 38 },
  ],
  events: [
    { type: 'hold', start: 8.5, end: 29 },
    { type: 'hangup', by: 'customer', at: 39 },
  ],
});

/** Feeds the timeline's items `from`…`to` (item positions), each turn and event with its index. */
function feed(client: StreamClient, id: string, transcript: Transcript, from: number, to: number): void {
  let turn = 0;
  let event = 0;
  for (const [position, item] of timeline(transcript).entries()) {
    const index = item.kind === 'turn' ? turn++ : event++;
    if (position < from || position >= to) continue;
    if (item.kind === 'turn') client.send({ type: 'turn', id, index, ...item.turn });
    else client.send({ type: 'event', id, index, event: item.event });
  }
}

const items = timeline(call).length;
const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));

describe('resume after a dropped connection', () => {
  it('continues the conversation from where the server is, skipping resent turns, and ends with the batch report', async () => {
    const server = await startServer();
    servers.push(server);
    const watcher = await StreamClient.connect(server.wsUrl);
    watcher.send({ type: 'watch', id: call.id });
    await watcher.next((m) => m.type === 'watching');

    const first = await StreamClient.connect(server.wsUrl);
    first.send({ type: 'start', id: call.id, channel: call.channel });
    feed(first, call.id, call, 0, 4);
    await first.next((m) => m.type === 'score' && m.turns === 3);
    first.ws.terminate(); // the network goes: no close frame
    await first.waitClosed();

    const second = await StreamClient.connect(server.wsUrl);
    second.send({ type: 'start', id: call.id, channel: call.channel, resume: true });
    const started = await second.next((m) => m.type === 'started');
    expect(started).toMatchObject({ resumed: true, turns: 3, events: 1, snapshot: { turns: 3 } });
    // the watcher stayed and got the same snapshot, no conversation_closed
    expect(await watcher.next((m) => m.type === 'started' && m.resumed)).toMatchObject({ turns: 3, snapshot: started.snapshot });
    // the feeder does not know what arrived: it resends everything, the server skips what it has
    feed(second, call.id, call, 0, items);
    second.send({ type: 'end', id: call.id });
    const report = (await second.next((m) => m.type === 'report')).report;
    expect(report).toEqual(check(call));
    expect((await watcher.next((m) => m.type === 'report')).report).toEqual(report);
    expect([...second.messages, ...watcher.messages].filter((m) => m.type === 'error')).toEqual([]);
    second.close();
    watcher.close();
  });

  it('answers a turn that skips ahead with index_gap, and a resume of an unknown id starts afresh', async () => {
    const server = await startServer();
    servers.push(server);
    const client = await StreamClient.connect(server.wsUrl);
    client.send({ type: 'start', id: 'gap', channel: 'chat', resume: true });
    expect(await client.next((m) => m.type === 'started')).not.toHaveProperty('resumed');
    client.send({ type: 'turn', id: 'gap', index: 0, speaker: 'agent', text: '您好' });
    client.send({ type: 'turn', id: 'gap', index: 2, speaker: 'agent', text: '在吗', seq: 7 });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'index_gap', re: 7, path: 'index', message: expect.stringMatching(/send turn 1 next/) });
    client.close();
  });
});

describe('heartbeat and watchers', () => {
  it('cuts a connection that does not answer pings', async () => {
    const server = await startServer({ limits: { pingMs: 100 } });
    servers.push(server);
    const silent = await StreamClient.connect(server.wsUrl, { autoPong: false } as WebSocket.ClientOptions);
    const answering = await StreamClient.connect(server.wsUrl);
    expect((await silent.waitClosed(3000)).code).toBe(1006);
    expect(answering.closed).toBeUndefined();
    answering.close();
  });

  it('keeps a watcher while its conversation is active, past the idle limit', async () => {
    const server = await startServer({ limits: { idleMs: 400 } });
    servers.push(server);
    const watcher = await StreamClient.connect(server.wsUrl);
    watcher.send({ type: 'watch', id: 'long-call' });
    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: 'long-call', channel: 'chat' });
    for (let i = 0; i < 8; i++) {
      feeder.send({ type: 'turn', speaker: i % 2 ? 'customer' : 'agent', text: '好的' });
      await new Promise((r) => setTimeout(r, 150));
    }
    expect(watcher.closed).toBeUndefined();
    expect(watcher.messages.filter((m) => m.type === 'score')).toHaveLength(8);
    // once the conversation is quiet the idle limit applies again
    expect((await watcher.waitClosed(3000)).code).toBe(4000);
    feeder.close();
  });
});

describe('resume after a server restart', () => {
  function startProcess(liveDir: string): Promise<{ child: ChildProcess; wsUrl: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', TALKLINT_LIVE_DIR: liveDir, TALKLINT_CHECK_WORKERS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new Promise((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.includes('"listening"'));
        if (line) resolve({ child, wsUrl: `ws://127.0.0.1:${JSON.parse(line).port}/v1/stream` });
      });
      child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
    });
  }

  it('a feeder resumes on the restarted server after SIGKILL mid-call and gets the batch report', async () => {
    const liveDir = mkdtempSync(join(tmpdir(), 'talklint-live-'));
    const before = await startProcess(liveDir);
    try {
      const feeder = await StreamClient.connect(before.wsUrl);
      feeder.send({ type: 'start', id: call.id, channel: call.channel });
      feed(feeder, call.id, call, 0, 5);
      await feeder.next((m) => m.type === 'score' && m.turns === 4);
      before.child.kill('SIGKILL');
      await feeder.waitClosed();
    } finally {
      before.child.kill('SIGKILL');
    }
    expect(readdirSync(liveDir)).toHaveLength(1);

    const after = await startProcess(liveDir);
    try {
      const feeder = await StreamClient.connect(after.wsUrl);
      feeder.send({ type: 'start', id: call.id, channel: call.channel, resume: true });
      expect(await feeder.next((m) => m.type === 'started', { timeoutMs: 10_000 })).toMatchObject({ resumed: true, turns: 4, events: 1 });
      feed(feeder, call.id, call, 0, items);
      feeder.send({ type: 'end', id: call.id });
      expect((await feeder.next((m) => m.type === 'report')).report).toEqual(check(call));
      expect(feeder.messages.filter((m) => m.type === 'error')).toEqual([]);
      // ended: nothing is left on disk
      expect(readdirSync(liveDir)).toHaveLength(0);
      feeder.close();
    } finally {
      after.child.kill('SIGKILL');
    }
  }, 120_000);
});
