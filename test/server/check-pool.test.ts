/**
 * Checks run on worker threads: the server answers /healthz and the stream
 * while heavy bodies are being checked, stops a request over its time budget,
 * and refuses work with 503 + Retry-After when every thread is busy.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import type { TranscriptInput } from '../../src/transcript/schema.js';
import { type RunningServer, StreamClient, startServer } from './helpers.js';

/** A turn of one phrase repeated: many overlapping candidate hits, the matcher's worst case. */
const heavyTranscript = (id: string, chars: number): TranscriptInput => ({ id, channel: 'chat', turns: [{ speaker: 'agent', text: '快点'.repeat(chars / 2) }] });
/** Heavy transcripts for about `ms` of checking in all, measured here so the test holds whatever the matcher costs. */
function heavyBody(prefix: string, ms: number) {
  const one = heavyTranscript(`${prefix}-0`, 4000);
  check(one); // warm up
  const t = performance.now();
  check(one);
  const count = Math.max(1, Math.min(300, Math.ceil(ms / Math.max(0.5, performance.now() - t))));
  return Array.from({ length: count }, (_, i) => heavyTranscript(`${prefix}-${i}`, 4000));
}
const light: TranscriptInput = { id: 'light', channel: 'chat', turns: [{ speaker: 'agent', text: '您好,请问有什么可以帮您?' }] };

const postJson = (server: RunningServer, body: unknown) =>
  fetch(`${server.base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
const start = async (options: Parameters<typeof startServer>[0]) => {
  const server = await startServer(options);
  servers.push(server);
  await server.checkPool.whenReady();
  return server;
};

describe('check pool', () => {
  it('keeps /healthz and the stream responsive while heavy bodies are checked', async () => {
    const server = await start({ checkLimits: { workers: 2, queue: 8, budgetMs: 60_000 }, bodyLimit: '8mb' });
    const body = heavyBody('heavy', 800);
    const client = await StreamClient.connect(server.wsUrl);
    expect((await fetch(`${server.base}/healthz`)).status).toBe(200); // connections warm before timing
    const started = Date.now();
    const heavy = Promise.all([postJson(server, body), postJson(server, body)]);
    let settled = false;
    void heavy.finally(() => (settled = true));
    const latencies: number[] = [];
    while (!settled) {
      const t = performance.now();
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
      const from = client.messages.length;
      client.send({ type: 'watch', id: 'probe' });
      await client.next((m) => m.type === 'watching', { from });
      client.send({ type: 'unwatch', id: 'probe' });
      latencies.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 25));
    }
    const heavyMs = Date.now() - started;
    const responses = await heavy;
    expect(responses.map((r) => r.status)).toEqual([200, 200]);
    const reports = await responses[0].json();
    expect(reports[0]).toEqual(check(body[0]));
    client.close();
    // the probes ran all along the heavy work and none waited for it
    expect(heavyMs).toBeGreaterThan(300);
    expect(latencies.length).toBeGreaterThan(3);
    // a busy shared machine delays a probe now and then, never by the length of the heavy work
    expect(Math.max(...latencies)).toBeLessThan(Math.min(1000, heavyMs / 4));
    expect(latencies.sort((a, b) => a - b)[Math.floor(latencies.length / 2)]).toBeLessThan(50);
  }, 60_000);

  it('answers a request over its time budget with a clear error, and goes on', async () => {
    const server = await start({ checkLimits: { workers: 1, queue: 4, budgetMs: 150 }, bodyLimit: '8mb' });
    const body = heavyBody('slow', 800);
    const res = await postJson(server, body);
    expect(res.status).toBe(503);
    expect((await res.json()).error).toMatchObject({ code: 'time_budget_exceeded', message: expect.stringMatching(/longer than the budget/) });
    // a fresh thread takes the stopped one's place
    await server.checkPool.whenReady();
    const after = await postJson(server, light);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual(check(light));
  }, 30_000);

  it('refuses work with 503 and Retry-After when every thread is busy and the queue is full', async () => {
    const server = await start({ checkLimits: { workers: 1, queue: 1, budgetMs: 30_000 }, bodyLimit: '8mb' });
    const body = heavyBody('busy', 300);
    const responses = await Promise.all(Array.from({ length: 4 }, () => postJson(server, body)));
    const refused = responses.filter((r) => r.status === 503);
    expect(responses.filter((r) => r.status === 200).length).toBe(2);
    expect(refused.length).toBe(2);
    expect(refused[0].headers.get('retry-after')).toBe('1');
    expect((await refused[0].json()).error.code).toBe('overloaded');
  }, 30_000);
});
