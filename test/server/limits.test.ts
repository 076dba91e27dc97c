/**
 * Limits and operations of the HTTP server and the stream: Host allow-list,
 * origin with scheme, CORS only when configured, rate limits, throttled
 * failed authentication, the request-body timeout, /readyz, /metrics,
 * request ids and hashed conversation ids in logs, draining without resets,
 * 405/404 as JSON, security headers.
 */
import { createConnection } from 'node:net';
import { Agent, request } from 'node:http';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { type RunningServer, StreamClient, startServer } from './helpers.js';

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.close())));
async function start(options: Parameters<typeof startServer>[0] = {}) {
  const server = await startServer(options);
  servers.push(server);
  return server;
}

/** A raw HTTP exchange, so that headers such as Host can be anything. */
function raw(base: string, text: string): Promise<string> {
  const { port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = createConnection(Number(port), '127.0.0.1');
    let out = '';
    socket.on('data', (d) => (out += d));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.write(text);
  });
}

const logLines = () => {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
};

const chat = { id: '13812345678', channel: 'chat', turns: [{ speaker: 'agent', text: '您好,请问有什么可以帮您?' }] };

describe('Host, origin and CORS', () => {
  it('answers only the loopback names and the bound name, for the API and the stream', async () => {
    const server = await start();
    const port = new URL(server.base).port;
    expect(await raw(server.base, `GET /healthz HTTP/1.1\r\nHost: localhost:${port}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1.1 200/);
    const foreign = await raw(server.base, `GET /v1/packs HTTP/1.1\r\nHost: attacker.example:${port}\r\nConnection: close\r\n\r\n`);
    expect(foreign).toMatch(/^HTTP\/1.1 403/);
    expect(foreign).toContain('"forbidden_host"');
    await expect(StreamClient.connect(server.wsUrl, { headers: { Host: `rebind.example:${port}` } })).rejects.toMatchObject({ status: 403 });
    const allowed = await start({ allowedHosts: ['talklint.internal'] });
    const allowedPort = new URL(allowed.base).port;
    expect(await raw(allowed.base, `GET /healthz HTTP/1.1\r\nHost: talklint.internal:${allowedPort}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1.1 200/);
  });

  it('checks the scheme of a browser origin on the stream', async () => {
    const server = await start();
    const host = new URL(server.base).host;
    const own = await StreamClient.connect(server.wsUrl, { origin: `http://${host}` });
    own.close();
    await expect(StreamClient.connect(server.wsUrl, { origin: `https://${host}` })).rejects.toMatchObject({ status: 403 });
  });

  it('sends no CORS headers unless origins are configured, then only to those', async () => {
    const closed = await start();
    const res = await fetch(`${closed.base}/v1/packs`, { headers: { Origin: 'https://desk.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const open = await start({ corsOrigins: ['https://desk.example'] });
    const allowed = await fetch(`${open.base}/v1/packs`, { headers: { Origin: 'https://desk.example' } });
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://desk.example');
    const preflight = await fetch(`${open.base}/v1/check`, { method: 'OPTIONS', headers: { Origin: 'https://desk.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const other = await fetch(`${open.base}/v1/packs`, { headers: { Origin: 'http://desk.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rates', () => {
  it('limits HTTP requests per token with 429 and Retry-After', async () => {
    const server = await start({ rateLimits: { httpPerMinute: 3 } });
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${server.base}/v1/packs`)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await fetch(`${server.base}/v1/packs`);
    expect(limited.headers.get('retry-after')).toBe('60');
    expect((await limited.json()).error.code).toBe('rate_limited');
    // another token is another budget
    expect((await fetch(`${server.base}/v1/packs`, { headers: { Authorization: 'Bearer other' } })).status).toBe(200);
  });

  it('throttles failed authentication, on the API and the stream', async () => {
    const server = await start({ token: 'right', rateLimits: { failedAuth: 3 } });
    const wrong = { headers: { Authorization: 'Bearer wrong' } };
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${server.base}/v1/packs`, wrong)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // even the right token waits until the window passes: guessing gains nothing
    const refused = await fetch(`${server.base}/v1/packs`, { headers: { Authorization: 'Bearer right' } });
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe('too_many_failed_auth');
    await expect(StreamClient.connect(`${server.wsUrl}?token=right`)).rejects.toMatchObject({ status: 429 });
  });

  it('drops stream messages over the per-connection rate with one coded error a second', async () => {
    const { lines, logger } = logLines();
    const server = await start({ logger, limits: { messagesPerSecond: 20, messageBurst: 40 } });
    const client = await StreamClient.connect(server.wsUrl);
    client.send({ type: 'start', id: 'flood', channel: 'chat' });
    for (let i = 0; i < 2000; i++) client.send({ type: 'partial', id: 'flood', speaker: 'agent', text: '您好' });
    await client.next((m) => m.type === 'error' && m.code === 'rate_limited');
    await new Promise((r) => setTimeout(r, 300));
    // the burst and what the rate refills while 2000 arrive; not the 2000
    expect(client.messages.filter((m) => m.type === 'preview').length).toBeLessThan(400);
    expect(client.messages.filter((m) => m.code === 'rate_limited')).toHaveLength(1);
    expect(lines.filter((l) => l.code === 'rate_limited')).toHaveLength(1);
    client.close();
  });
});

describe('timeouts, readiness, draining', () => {
  it('answers a body that arrives too slowly with 408 and closes the connection', async () => {
    const server = await start({ httpLimits: { requestTimeoutMs: 500 } });
    const started = Date.now();
    const answer = await raw(
      server.base,
      `POST /v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"id":`,
    );
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('/readyz is 503 until the checking threads are ready and while draining; keep-alive clients get Connection: close, not a reset', async () => {
    const server = await start({ httpLimits: { drainMs: 1500 } });
    expect(await (await fetch(`${server.base}/readyz`)).json()).toEqual({ status: 'starting' });
    await server.checkPool.whenReady();
    expect((await fetch(`${server.base}/readyz`)).status).toBe(200);

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = (path: string) =>
      new Promise<{ status: number; connection?: string; body: string }>((resolve, reject) => {
        request(`${server.base}${path}`, { agent }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection, body }));
        })
          .on('error', reject)
          .end();
      });
    expect((await get('/healthz')).connection).toBe('keep-alive');
    const closing = server.close();
    // the same idle keep-alive socket is used again after the drain began
    const during = await get('/readyz');
    expect(during).toMatchObject({ status: 503, connection: 'close' });
    expect(JSON.parse(during.body)).toEqual({ status: 'draining' });
    await closing;
    agent.destroy();
  });
});

describe('metrics, logs, headers, fallbacks', () => {
  it('serves Prometheus metrics: requests by route and status, latency, live conversations, checks by pack, findings by rule', async () => {
    const server = await start();
    await fetch(`${server.base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ ...chat, turns: [{ speaker: 'agent', text: '不知道,你问别人去。' }] }) });
    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: 'metrics-live', channel: 'chat' });
    await feeder.next((m) => m.type === 'started');
    const text = await (await fetch(`${server.base}/metrics`)).text();
    expect(text).toMatch(/talklint_http_requests_total\{method="POST",route="\/v1\/check",status="200"\} 1/);
    expect(text).toMatch(/talklint_http_request_duration_seconds_bucket\{le="[\d.]+",method="POST",route="\/v1\/check"\}/);
    expect(text).toMatch(/talklint_live_conversations 1/);
    expect(text).toMatch(/talklint_checks_total\{pack="general"\} 1/);
    expect(text).toMatch(/talklint_findings_total\{rule="banned.shirk"\} 2/);
    expect(text).toMatch(/process_resident_memory_bytes/);
    feeder.close();
    const guarded = await start({ token: 'metrics-token' });
    expect((await fetch(`${guarded.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${guarded.base}/metrics`, { headers: { Authorization: 'Bearer metrics-token' } })).status).toBe(200);
  });

  it('logs a request id with every request (the caller’s own when sane) and conversation ids only as keyed hashes', async () => {
    const { lines, logger } = logLines();
    const server = await start({ logger });
    const own = await fetch(`${server.base}/healthz`, { headers: { 'X-Request-Id': 'abc-123' } });
    expect(own.headers.get('x-request-id')).toBe('abc-123');
    const made = await fetch(`${server.base}/healthz`, { headers: { 'X-Request-Id': 'bad id; with spaces' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines.filter((l) => l.msg === 'request').map((l) => l.reqId)).toEqual(['abc-123', made.headers.get('x-request-id')]);

    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: chat.id, channel: 'chat' });
    feeder.send({ type: 'turn', ...chat.turns[0] });
    feeder.send({ type: 'end' });
    await feeder.next((m) => m.type === 'report');
    feeder.close();
    const conversationLines = lines.filter((l) => String(l.msg).startsWith('conversation'));
    expect(conversationLines.length).toBeGreaterThan(0);
    expect(conversationLines.every((l) => typeof l.conv === 'string' && l.conv !== chat.id)).toBe(true);
    expect(JSON.stringify(lines)).not.toContain(chat.id);
  });

  it('sets security headers, never caches API answers, and answers 405 and 404 as JSON', async () => {
    const server = await start();
    const page = await fetch(`${server.base}/qa.html`);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const report = await fetch(`${server.base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(chat) });
    expect(report.headers.get('cache-control')).toBe('no-store');

    const wrongMethod = await fetch(`${server.base}/v1/check`);
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await wrongMethod.json()).error.code).toBe('method_not_allowed');
    const put = await fetch(`${server.base}/v1/packs`, { method: 'PUT' });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, HEAD');
    for (const path of ['/v1/nothing', '/nothing.html', '/healthz/x']) {
      const res = await fetch(`${server.base}${path}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });
});
