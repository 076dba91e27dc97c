/** The WebSocket protocol against a real server on a loopback port, with a real ws client. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { devTranscripts, fixtureTranscripts, replay, type RunningServer, type ServerMessage, StreamClient, startServer } from './helpers.js';

const greetingOnly = { type: 'turn', speaker: 'agent', text: '您好,这里是物业服务中心,请问有什么可以帮您?' };

describe('stream equals batch', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const corpus = [...fixtureTranscripts(), ...devTranscripts()];

  it(`gives the batch report for every fixture and dev case, fed concurrently over 4 connections (${corpus.length} transcripts)`, async () => {
    expect(corpus.length).toBeGreaterThan(0);
    const clients = await Promise.all([0, 1, 2, 3].map(() => StreamClient.connect(server.wsUrl)));
    // every conversation of a connection is live at the same time: ids keep them apart
    expect(new Set(corpus.map((c) => c.transcript.id)).size).toBe(corpus.length);
    corpus.forEach(({ transcript }, i) => replay(clients[i % clients.length], transcript.id, transcript));
    const mismatches: string[] = [];
    for (const [i, { name, transcript }] of corpus.entries()) {
      const client = clients[i % clients.length];
      const message = await client.next((m) => m.type === 'report' && m.id === transcript.id, { timeoutMs: 20_000 });
      const expected = check(transcript);
      try {
        expect(message.report).toEqual(expected);
      } catch {
        mismatches.push(name);
      }
    }
    expect(mismatches).toEqual([]);
    for (const client of clients) {
      expect(client.messages.filter((m) => m.type === 'error')).toEqual([]);
      expect(client.messages.map((m) => m.seq)).toEqual(client.messages.map((_, k) => k + 1));
      client.close();
    }
  }, 40_000);
});

describe('protocol', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ limits: { messageBytes: 2048, turnsPerConversation: 3, conversationsPerConnection: 2, idleMs: 400 } });
  });
  afterAll(() => server.close());

  const errorAfter = (client: StreamClient, from: number) => client.next((m) => m.type === 'error', { from });

  it('answers malformed messages with an error and goes on', async () => {
    const client = await StreamClient.connect(server.wsUrl);
    const cases: Array<[unknown, string, RegExp]> = [
      ['{not json', 'bad_json', /not JSON/],
      [JSON.stringify([1, 2]), 'invalid_message', /expected object/],
      [{ type: 'hello' }, 'invalid_message', /^type: type must be one of/],
      [{ type: 'turn', speaker: 'agent', text: '您好' }, 'no_conversation', /send start first/],
      [{ type: 'start' }, 'invalid_message', /^id: /],
      [{ type: 'start', id: 'p1', pack: '../../secret' }, 'unknown_pack', /unknown pack/],
    ];
    for (const [message, code, text] of cases) {
      const from = client.messages.length;
      client.send(message);
      expect(await errorAfter(client, from)).toMatchObject({ type: 'error', code, message: expect.stringMatching(text) });
    }
    client.send({ type: 'start', id: 'p1', channel: 'chat' });
    let from = client.messages.length;
    client.send({ type: 'turn', seq: 41, speaker: 'robot', text: '您好' });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'invalid_message', path: 'speaker', re: 41, message: expect.stringMatching(/unknown speaker "robot"/) });
    from = client.messages.length;
    client.send({ type: 'event', event: { type: 'hold', start: 10, end: 5 } });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'invalid_message', path: 'event.end' });
    client.send(greetingOnly);
    client.send({ type: 'end' });
    const report = await client.next((m) => m.type === 'report');
    expect(report.report).toEqual(check({ id: 'p1', channel: 'chat', turns: [greetingOnly] as never }));
    client.close();
  });

  it('sends findings as soon as decidable, a score after every turn, and retractions', async () => {
    const client = await StreamClient.connect(server.wsUrl);
    client.send({ type: 'start', id: 'live-1', channel: 'chat' });
    client.send({ type: 'turn', speaker: 'agent', text: '请说。' });
    const score1 = await client.next((m) => m.type === 'score');
    const before = client.messages.slice(0, client.messages.indexOf(score1));
    expect(before.filter((m) => m.type === 'finding').map((m) => [m.finding.rule, m.provisional])).toEqual([['greeting.missing', true]]);
    expect(score1).toMatchObject({ id: 'live-1', turns: 1, score: 90, grade: '优秀', redLine: false });
    client.send({ type: 'partial', speaker: 'agent', text: '您好,我不清' });
    client.send({ type: 'partial', speaker: 'agent', text: '您好,我不清楚' });
    const preview = await client.next((m) => m.type === 'preview' && m.findings.length > 0);
    expect(preview.findings).toEqual([expect.objectContaining({ rule: 'banned.shirk', turn: 1, text: '不清楚', start: 4, end: 7, partial: true })]);
    client.send({ type: 'turn', speaker: 'agent', text: '您好,请讲。' });
    const retract = await client.next((m) => m.type === 'retract');
    expect(retract.finding.rule).toBe('greeting.missing');
    const score2 = await client.next((m) => m.type === 'score' && m.turns === 2);
    expect(score2.seq).toBeGreaterThan(retract.seq);
    client.send({ type: 'end', id: 'live-1' });
    const report = await client.next((m) => m.type === 'report');
    expect(report.report.findings.map((f: { rule: string }) => f.rule)).not.toContain('banned.shirk');
    client.close();
  });

  it('limits message size, turns per conversation and conversations per connection, each with its own code', async () => {
    const client = await StreamClient.connect(server.wsUrl);
    let from = client.messages.length;
    client.send({ type: 'start', id: 'big', channel: 'chat', pad: 'x'.repeat(3000) });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'message_too_large' });

    client.send({ type: 'start', id: 'l1', channel: 'chat' });
    for (let i = 0; i < 3; i++) client.send({ ...greetingOnly, id: 'l1' });
    from = client.messages.length;
    client.send({ ...greetingOnly, id: 'l1', seq: 9 });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'too_many_turns', id: 'l1', re: 9 });

    client.send({ type: 'start', id: 'l2', channel: 'chat' });
    from = client.messages.length;
    client.send({ type: 'start', id: 'l3', channel: 'chat' });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'too_many_conversations' });
    from = client.messages.length;
    client.send(greetingOnly);
    expect(await errorAfter(client, from)).toMatchObject({ code: 'ambiguous_conversation' });
    from = client.messages.length;
    client.send({ type: 'start', id: 'l1', channel: 'chat' });
    expect(await errorAfter(client, from)).toMatchObject({ code: 'duplicate_conversation' });

    // ending one frees its place
    client.send({ type: 'end', id: 'l1' });
    await client.next((m) => m.type === 'report' && m.id === 'l1');
    client.send({ type: 'start', id: 'l3', channel: 'chat' });
    await client.next((m) => m.type === 'started' && m.id === 'l3');
    client.close();
  });

  it('closes an idle connection with idle_timeout', async () => {
    const client = await StreamClient.connect(server.wsUrl);
    const error = await client.next((m) => m.type === 'error', { timeoutMs: 3000 });
    expect(error.code).toBe('idle_timeout');
    expect((await client.waitClosed()).code).toBe(4000);
  });
});

describe('watching a conversation (the agent sidebar)', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ limits: { resumeMs: 300 } });
  });
  afterAll(() => server.close());

  it('gives watchers every update of a conversation fed by another connection, and a snapshot when joining late', async () => {
    const early = await StreamClient.connect(server.wsUrl);
    early.send({ type: 'watch', id: 'seat-7' });
    expect(await early.next((m) => m.type === 'watching')).toMatchObject({ id: 'seat-7', snapshot: null });

    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: 'seat-7', channel: 'call' });
    feeder.send({ type: 'turn', speaker: 'agent', text: '喂,你找谁?', start: 0, end: 2 });
    await feeder.next((m) => m.type === 'score');

    const late = await StreamClient.connect(server.wsUrl);
    late.send({ type: 'watch', id: 'seat-7' });
    const snapshot = (await late.next((m) => m.type === 'watching')).snapshot;
    expect(snapshot.turns).toBe(1);
    expect(snapshot.findings.map((f: { finding: { rule: string } }) => f.finding.rule).sort()).toEqual(['banned.confront', 'greeting.missing', 'intro.missing']);
    expect(snapshot.score).toMatchObject({ redLine: true, grade: '不合格' });

    feeder.send({ type: 'turn', speaker: 'customer', text: '我家水管漏水了。', start: 2.5, end: 4 });
    feeder.send({ type: 'end' });
    const fed = (await feeder.next((m) => m.type === 'report')).report;
    expect((await early.next((m) => m.type === 'report')).report).toEqual(fed);
    expect((await late.next((m) => m.type === 'report')).report).toEqual(fed);
    const kinds = (c: StreamClient) => c.messages.filter((m) => m.id === 'seat-7' && ['finding', 'retract', 'score', 'report'].includes(m.type)).map((m) => JSON.stringify({ ...m, seq: 0 }));
    expect(kinds(early)).toEqual(kinds(feeder));
    for (const c of [early, feeder, late]) c.close();
  });

  it('tells watchers when the feeder goes away before the end and does not resume within the window', async () => {
    const watcher = await StreamClient.connect(server.wsUrl);
    watcher.send({ type: 'watch', id: 'seat-9' });
    await watcher.next((m) => m.type === 'watching');
    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: 'seat-9', channel: 'chat' });
    feeder.send(greetingOnly);
    await watcher.next((m) => m.type === 'score');
    feeder.close();
    expect(await watcher.next((m) => m.type === 'error')).toMatchObject({ code: 'conversation_closed', id: 'seat-9' });
    // the id is free again
    const next = await StreamClient.connect(server.wsUrl);
    next.send({ type: 'start', id: 'seat-9', channel: 'chat' });
    await next.next((m) => m.type === 'started');
    watcher.close();
    next.close();
  });
});

describe('slow consumers', () => {
  it('drops a client that does not read, while another client is served', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const server = await startServer({ logger, limits: { bufferedBytes: 32 * 1024, messageBytes: 1 << 20 } });
    const slow = await StreamClient.connect(server.wsUrl);
    const socket = (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    socket.pause();
    slow.send({ type: 'start', id: 'slow', channel: 'chat' });
    // each preview of this text is a long message (20 findings of each of three rules); the slow client never reads them
    const partial = JSON.stringify({ type: 'partial', speaker: 'agent', text: '不知道,快点,我不管,'.repeat(40) });
    for (let i = 0; i < 2000 && !lines.some((l) => l.includes('slow consumer dropped')); i++) {
      slow.send(partial);
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 5));
    }

    const other = await StreamClient.connect(server.wsUrl);
    const started = Date.now();
    other.send({ type: 'start', id: 'quick', channel: 'chat' });
    other.send(greetingOnly);
    other.send({ type: 'end' });
    await other.next((m) => m.type === 'report');
    expect(Date.now() - started).toBeLessThan(2000);

    await expect.poll(() => lines.some((l) => l.includes('slow consumer dropped')), { timeout: 10_000 }).toBe(true);
    socket.resume();
    const closed = await slow.waitClosed(5000);
    expect([4001, 1006]).toContain(closed.code);
    other.close();
    await server.close();
  }, 30_000);
});

describe('auth and shutdown', () => {
  it('needs the token on the upgrade (Bearer header or ?token=) when TALKLINT_TOKEN is set, and a permitted origin', async () => {
    const server = await startServer({ token: 'tk-1', allowedOrigins: ['https://desk.example'] });
    await expect(StreamClient.connect(server.wsUrl)).rejects.toMatchObject({ status: 401 });
    await expect(StreamClient.connect(`${server.wsUrl}?token=nope`)).rejects.toMatchObject({ status: 401 });
    const byQuery = await StreamClient.connect(`${server.wsUrl}?token=tk-1`);
    const byHeader = await StreamClient.connect(server.wsUrl, { headers: { Authorization: 'Bearer tk-1' } });
    await expect(StreamClient.connect(server.wsUrl.replace('/v1/stream', '/elsewhere'))).rejects.toMatchObject({ status: 404 });
    // a page on another site must not open the stream from a visitor's browser, even with the token
    await expect(StreamClient.connect(`${server.wsUrl}?token=tk-1`, { headers: { Origin: 'https://elsewhere.example' } })).rejects.toMatchObject({ status: 403 });
    const sameOrigin = await StreamClient.connect(`${server.wsUrl}?token=tk-1`, { headers: { Origin: server.base } });
    sameOrigin.close();
    const desk = await StreamClient.connect(`${server.wsUrl}?token=tk-1`, { headers: { Origin: 'https://desk.example' } });
    desk.close();
    byQuery.send({ type: 'start', id: 'a', channel: 'chat' });
    await byQuery.next((m) => m.type === 'started');
    byQuery.close();
    byHeader.close();
    await server.close();
  });

  it('on close, tells stream clients and closes them with 1001, and finishes an in-flight request', async () => {
    const server = await startServer();
    await server.checkPool.whenReady(); // the grace time is for the request, not for the threads' start-up
    const client = await StreamClient.connect(server.wsUrl);
    const { request } = await import('node:http');
    const body = JSON.stringify({ id: 'inflight', channel: 'chat', turns: [greetingOnly] });
    const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((r) => setTimeout(r, 100));
    const closing = server.close();
    const shutdown: ServerMessage = await client.next((m) => m.type === 'error');
    expect(shutdown.code).toBe('shutting_down');
    expect((await client.waitClosed()).code).toBe(1001);
    const done = await response;
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body).id).toBe('inflight');
    await closing;
  });
});
