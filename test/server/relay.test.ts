/**
 * Live conversations across replicas: two servers in this process, each with
 * its own relay on one Redis (TALKLINT_TEST_REDIS_URL), as two replicas behind
 * a load balancer would be. (The same through nginx and separate processes is
 * test/queue/multi-process.test.ts.)
 */
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { loadPack } from '../../src/pack/load.js';
import { connectRedis } from '../../src/queue/redis.js';
import { TranscriptSchema } from '../../src/transcript/schema.js';
import { LiveRelay } from '../../server/live-relay.js';
import { describeWith, redisDatabase, serviceUrl } from '../helpers/services.js';
import { type RunningServer, replay, StreamClient, startServer } from './helpers.js';

const REDIS = serviceUrl('TALKLINT_TEST_REDIS_URL', 'Redis');

const call = TranscriptSchema.parse({
  id: 'relay-call',
  channel: 'call',
  turns: [
    { speaker: 'agent', text: '喂,你找谁?', start: 0, end: 2 },
    { speaker: 'customer', text: '我家水管漏水了,你们什么服务!', start: 2.5, end: 5 },
    { speaker: 'agent', text: '请稍等,我查一下。', start: 5.5, end: 7 },
    { speaker: 'agent', text: '已经给您派单了,师傅两小时内上门。再见。', start: 30, end: 34 },
  ],
});

describeWith(REDIS)('live conversations across replicas', () => {
  let a: RunningServer;
  let b: RunningServer;
  const relays: LiveRelay[] = [];

  beforeAll(async () => {
    const url = redisDatabase(REDIS!, 2);
    const flush = connectRedis(url, { blocking: false });
    await flush.flushdb();
    await flush.quit();
    const replica = () => {
      const relay = new LiveRelay(connectRedis(url, { blocking: false }), connectRedis(url, { blocking: true }), pino({ level: 'silent' }));
      relays.push(relay);
      // a feeder that goes away is abandoned soon after (it could resume within the window)
      return startServer({ relay, limits: { resumeMs: 300 } });
    };
    [a, b] = await Promise.all([replica(), replica()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(relays.map((r) => r.close()));
  });

  it('a sidebar on one replica follows a conversation fed to the other: every update, a snapshot when joining late, the batch report', async () => {
    const early = await StreamClient.connect(b.wsUrl);
    early.send({ type: 'watch', id: 'relay-call' });
    expect(await early.next((m) => m.type === 'watching')).toMatchObject({ id: 'relay-call', snapshot: null });

    const feeder = await StreamClient.connect(a.wsUrl);
    feeder.send({ type: 'start', id: 'relay-call', channel: 'call' });
    feeder.send({ type: 'turn', ...call.turns[0] });
    await feeder.next((m) => m.type === 'score');
    // the other replica's updates arrive through Redis
    expect(await early.next((m) => m.type === 'started')).toMatchObject({ id: 'relay-call', channel: 'call', pack: 'general' });
    await early.next((m) => m.type === 'score');

    const late = await StreamClient.connect(b.wsUrl);
    late.send({ type: 'watch', id: 'relay-call' });
    const snapshot = (await late.next((m) => m.type === 'watching')).snapshot;
    expect(snapshot.turns).toBe(1);
    expect(snapshot.findings.map((f: { finding: { rule: string } }) => f.finding.rule).sort()).toEqual(['banned.confront', 'greeting.missing', 'intro.missing']);

    for (const turn of call.turns.slice(1)) feeder.send({ type: 'turn', ...turn });
    feeder.send({ type: 'end' });
    const fed = (await feeder.next((m) => m.type === 'report')).report;
    expect(fed).toEqual(check(call, { pack: loadPack('general') }));
    expect((await early.next((m) => m.type === 'report')).report).toEqual(fed);
    expect((await late.next((m) => m.type === 'report')).report).toEqual(fed);
    // the same updates in the same order, none twice
    const updates = (c: StreamClient) => c.messages.filter((m) => ['finding', 'retract', 'score', 'reminders', 'report'].includes(m.type)).map((m) => JSON.stringify({ ...m, seq: 0 }));
    expect(updates(early)).toEqual(updates(feeder));
    const lateUpdates = updates(late);
    expect(lateUpdates).toEqual(updates(feeder).slice(-lateUpdates.length));
    for (const c of [early, late, feeder]) c.close();
  });

  it('an id live on one replica cannot be started on the other until it ends there', async () => {
    const first = await StreamClient.connect(a.wsUrl);
    first.send({ type: 'start', id: 'seat-1', channel: 'chat' });
    await first.next((m) => m.type === 'started');
    const second = await StreamClient.connect(b.wsUrl);
    second.send({ type: 'start', id: 'seat-1', channel: 'chat' });
    // turns sent right behind the refused start are not taken for a conversation of this connection
    second.send({ type: 'turn', id: 'seat-1', speaker: 'agent', text: '您好' });
    expect(await second.next((m) => m.type === 'error')).toMatchObject({ code: 'duplicate_conversation', id: 'seat-1' });
    expect(await second.next((m) => m.type === 'error' && m.code === 'no_conversation')).toMatchObject({ id: 'seat-1' });
    expect(second.messages.some((m) => m.type === 'started' || m.type === 'score')).toBe(false);

    // once the feeder has the report, the id is free everywhere: a start right after it succeeds
    first.send({ type: 'end', id: 'seat-1' });
    await first.next((m) => m.type === 'report');
    const from = second.messages.length;
    second.send({ type: 'start', id: 'seat-1', channel: 'chat' });
    expect((await second.next((m) => m.type === 'started' || m.type === 'error', { from })).type).toBe('started');
    first.close();
    second.close();
  });

  it('watchers on the other replica hear when the feeder goes away, and the id is free again', async () => {
    const watcher = await StreamClient.connect(b.wsUrl);
    watcher.send({ type: 'watch', id: 'seat-2' });
    await watcher.next((m) => m.type === 'watching');
    const feeder = await StreamClient.connect(a.wsUrl);
    feeder.send({ type: 'start', id: 'seat-2', channel: 'chat' });
    feeder.send({ type: 'turn', speaker: 'agent', text: '您好,请问有什么可以帮您?' });
    await watcher.next((m) => m.type === 'score');
    feeder.close();
    expect(await watcher.next((m) => m.type === 'error')).toMatchObject({ code: 'conversation_closed', id: 'seat-2' });
    // the lease is freed in the same Redis transaction that publishes the close: no waiting
    const next = await StreamClient.connect(b.wsUrl);
    next.send({ type: 'start', id: 'seat-2', channel: 'chat' });
    expect((await next.next((m) => m.type === 'started' || m.type === 'error')).type).toBe('started');
    watcher.close();
    next.close();
  });
});
