/** The HTTP API against a real server on a loopback port (supertest): results, every error, auth, the documents. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscriptFile } from '../../src/transcript/read-file.js';
import { expandInputs } from '../../src/transcript/find-inputs.js';
import { checkImported } from '../../src/import/check-imported.js';
import { importContent } from '../../src/import/registry.js';
import { check } from '../../src/engine/check.js';
import type { TranscriptInput } from '../../src/transcript/schema.js';
import { createTalklintServer } from '../../server/server.js';
import { FIXTURES_DIR } from './helpers.js';

const callA: TranscriptInput = {
  id: 'http-a',
  channel: 'call',
  turns: [
    { speaker: 'agent', text: '您好,城市燃气客服,工号二零八,请问有什么可以帮您?', start: 0, end: 5 },
    { speaker: 'customer', text: '我家燃气表不走字了。', start: 5.5, end: 7.5 },
    { speaker: 'agent', text: '这个我不清楚,你问别人去。', start: 8, end: 11 },
  ],
};
const chatB: TranscriptInput = {
  id: 'http-b',
  channel: 'chat',
  turns: [
    { speaker: 'agent', text: '您好,请问有什么可以帮您?' },
    { speaker: 'customer', text: '会员怎么续费?' },
    { speaker: 'agent', text: '在"我的"页面点续费即可。请问还有什么可以帮您?祝您生活愉快,再见!' },
  ],
};

let http: Server;
let close: () => Promise<void>;

beforeAll(async () => {
  const fixturesDir = mkdtempSync(join(tmpdir(), 'talklint-fixtures-'));
  mkdirSync(join(fixturesDir, 'nested'));
  writeFileSync(join(fixturesDir, 'nested', 'a.json'), JSON.stringify({ ...callA, events: [{ type: 'hangup', by: 'agent', at: 12 }] }));
  writeFileSync(join(fixturesDir, 'b.txt'), '# id: txt-b\n客服:您好\n客户:在吗');
  writeFileSync(join(fixturesDir, 'notes.md'), 'not a transcript');
  const server = createTalklintServer({ bodyLimit: 48 * 1024, fixturesDir });
  await server.listen(0, '127.0.0.1');
  http = server.http;
  close = () => server.close(1000);
});
afterAll(() => close());

const post = (body: string, type: string, path = '/v1/check') => request(http).post(path).set('Content-Type', type).send(body);

describe('POST /v1/check', () => {
  it('returns the batch report of one JSON transcript', async () => {
    const res = await post(JSON.stringify(callA), 'application/json').expect(200);
    expect(res.body).toEqual(check(callA));
    expect(res.body.findings.map((f: { rule: string; text?: string }) => [f.rule, f.text])).toContainEqual(['banned.shirk', '不清楚']);
  });

  it('returns a list of reports, in order, for a JSON array and for JSON Lines', async () => {
    const expected = [check(callA), check(chatB)];
    expect((await post(JSON.stringify([callA, chatB]), 'application/json').expect(200)).body).toEqual(expected);
    const jsonl = `${JSON.stringify(callA)}\n\n${JSON.stringify(chatB)}\n`;
    for (const type of ['application/x-ndjson', 'application/jsonl']) {
      expect((await post(jsonl, type).expect(200)).body).toEqual(expected);
    }
  });

  it('reads the plain-text format', async () => {
    const text = '# id: txt-1\n# channel: chat\n[00:01] 客服:你好,有事快点说。\n[00:05] 客户:我想退货。';
    const res = await post(text, 'text/plain; charset=utf-8').expect(200);
    expect(res.body.id).toBe('txt-1');
    const unnamed = '客服:您好,请问有什么可以帮您?\n客户:查话费。';
    expect((await post(unnamed, 'text/plain').expect(200)).body.id).toBe('request');
    expect((await post(unnamed, 'text/plain', '/v1/check?name=%E9%80%9A%E8%AF%9D-7.txt').expect(200)).body.id).toBe('通话-7');
    expect(res.body.findings).toContainEqual(expect.objectContaining({ rule: 'banned.impatient', turn: 0, start: 5 }));
  });

  it('checks every fixture file as the CLI does', async () => {
    const files = expandInputs([FIXTURES_DIR]).files;
    expect(files.length).toBeGreaterThan(0);
    const typeOf = { '.json': 'application/json', '.jsonl': 'application/x-ndjson', '.txt': 'text/plain' } as Record<string, string>;
    for (const file of files) {
      const imported = await importContent(file, readFileSync(file));
      const res = await post(readFileSync(file, 'utf8'), typeOf[extname(file)], `/v1/check?name=${encodeURIComponent(basename(file))}`).expect(200);
      const reports = imported.transcripts.map((t) => checkImported(t));
      expect(res.body).toEqual(file.endsWith('.jsonl') || Array.isArray(res.body) ? reports : reports[0]);
    }
  });

  it('applies ?pack= and returns the transcript with ?include=transcript', async () => {
    const res = await post(JSON.stringify(chatB), 'application/json', '/v1/check?pack=general&include=transcript').expect(200);
    expect(res.body.pack).toBe('general');
    expect(res.body.transcript.turns.map((t: { text: string }) => t.text)).toEqual(chatB.turns.map((t) => t.text));
  });

  it('400 names the turn and the field', async () => {
    const bad = { ...callA, turns: [callA.turns[0], { speaker: 'robot', text: '你好' }] };
    const res = await post(JSON.stringify(bad), 'application/json').expect(400);
    expect(res.body.error).toEqual({ code: 'invalid_transcript', message: expect.stringMatching(/^turn 1: speaker: unknown speaker "robot"/), path: 'turns[1].speaker' });

    const reversed = { ...callA, turns: [{ speaker: 'agent', text: '您好', start: 5, end: 3 }] };
    expect((await post(JSON.stringify([chatB, reversed]), 'application/json').expect(400)).body.error).toMatchObject({
      code: 'invalid_transcript',
      message: 'turn 0: end: end is before start',
      path: '[1].turns[0].end',
    });

    const jsonl = `${JSON.stringify(chatB)}\n${JSON.stringify({ ...chatB, turns: [{ speaker: 'agent' }] })}`;
    expect((await post(jsonl, 'application/x-ndjson').expect(400)).body.error).toMatchObject({
      code: 'invalid_transcript',
      message: expect.stringMatching(/^line 2, turn 0: text: /),
      path: 'turns[0].text',
    });
  });

  it('400 for text that is not JSON, an empty body, a bad plain-text line, an unknown pack', async () => {
    expect((await post('{"id": "x", turns', 'application/json').expect(400)).body.error.code).toBe('invalid_json');
    expect((await post(`${JSON.stringify(chatB)}\n{oops`, 'application/x-ndjson').expect(400)).body.error).toMatchObject({ code: 'invalid_json', message: expect.stringMatching(/^line 2: /) });
    expect((await post('  ', 'application/json').expect(400)).body.error.code).toBe('empty_body');
    expect((await post('路人甲:你好', 'text/plain').expect(400)).body.error).toMatchObject({ code: 'invalid_transcript', message: expect.stringMatching(/^line 1: unknown speaker "路人甲"/) });
    expect((await post(JSON.stringify(chatB), 'application/json', '/v1/check?pack=../../etc').expect(400)).body.error).toMatchObject({ code: 'unknown_pack', path: 'query.pack' });
    // a transcript names its pack by name only: a path is an invalid transcript
    expect((await post(JSON.stringify({ ...chatB, pack: '/tmp' }), 'application/json').expect(400)).body.error).toMatchObject({ code: 'invalid_transcript', path: 'pack' });
    expect((await post(JSON.stringify({ ...chatB, pack: 'no-such-pack' }), 'application/json').expect(400)).body.error).toMatchObject({ code: 'unknown_pack', path: 'pack' });
  });

  it('413 over the body limit', async () => {
    const big = { ...chatB, turns: [{ speaker: 'agent', text: '您好'.repeat(9000) }] };
    const res = await post(JSON.stringify(big), 'application/json').expect(413);
    expect(res.body.error.code).toBe('body_too_large');
  });

  it('415 for an unknown or missing content type', async () => {
    expect((await post('<call/>', 'application/xml').expect(415)).body.error.code).toBe('unsupported_media_type');
    const res = await request(http).post('/v1/check').expect(415);
    expect(res.body.error.message).toMatch(/application\/json/);
  });
});

describe('GET endpoints', () => {
  it('lists rules and packs', async () => {
    const rules = (await request(http).get('/v1/rules').expect(200)).body;
    expect(rules.pack).toBe('general');
    expect(rules.rules.map((r: { id: string }) => r.id)).toContain('banned.shirk');
    expect((await request(http).get('/v1/rules?pack=nope').expect(400)).body.error.code).toBe('unknown_pack');
    const packs = (await request(http).get('/v1/packs').expect(200)).body.packs;
    expect(packs).toContainEqual(expect.objectContaining({ name: 'general', rules: rules.rules.length }));
  });

  it('answers /healthz and serves an OpenAPI 3.1 document covering every route', async () => {
    expect((await request(http).get('/healthz').expect(200)).body).toMatchObject({ status: 'ok' });
    const doc = (await request(http).get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    const reviewApi = ['/v1/appeals', '/v1/appeals/{appealId}/decision', '/v1/conversations', '/v1/conversations/{id}', '/v1/conversations/{id}/findings', '/v1/conversations/{id}/findings/{findingId}/appeal', '/v1/conversations/{id}/findings/{findingId}/review', '/v1/export', '/v1/false-hits', '/v1/sampling-plans', '/v1/session', '/v1/stats'];
    expect(Object.keys(doc.paths).sort()).toEqual(['/healthz', '/v1/check', '/v1/demo/fixtures', '/v1/demo/fixtures/{name}', '/v1/formats', '/v1/packs', '/v1/rules', ...reviewApi].sort());
    expect(Object.keys(doc.paths['/v1/check'].post.responses).sort()).toEqual(['200', '400', '401', '413', '415']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(5);
    expect(refs.filter((name) => !(name in doc.components.schemas))).toEqual([]);
  });

  it('describes every key a real report and its findings carry (the schemas are generated, so they cannot drift)', async () => {
    const doc = (await request(http).get('/openapi.json').expect(200)).body;
    const report = (await post(JSON.stringify({ id: 'oa', turns: [{ speaker: 'agent', text: '不知道,你自己查去吧' }] }), 'application/json').expect(200)).body;
    const { properties } = doc.components.schemas.Report;
    expect(Object.keys(report).filter((k) => !(k in properties))).toEqual([]);
    expect(properties.packVersion).toBeDefined();
    expect(report.findings.length).toBeGreaterThan(0);
    const findingKeys = new Set<string>(report.findings.flatMap((f: object) => Object.keys(f)));
    expect([...findingKeys].filter((k) => !(k in properties.findings.items.properties))).toEqual([]);
  });

  it('serves the fixtures read-only as replayable timelines, and nothing else', async () => {
    const list = (await request(http).get('/v1/demo/fixtures').expect(200)).body.fixtures;
    expect(list).toEqual([{ name: 'b.txt' }, { name: 'nested/a.json' }]);
    const nested = (await request(http).get(`/v1/demo/fixtures/${encodeURIComponent('nested/a.json')}`).expect(200)).body;
    expect(nested.transcripts[0].items.map((i: { kind: string }) => i.kind)).toEqual(['turn', 'turn', 'turn', 'event']);
    await request(http).get(`/v1/demo/fixtures/${encodeURIComponent('../package.json')}`).expect(404);
    await request(http).get('/v1/demo/fixtures/notes.md').expect(404);
    // a known path asked with another method
    expect((await request(http).post('/v1/demo/fixtures').expect(405)).headers.allow).toBe('GET, HEAD');
  });

  it('serves the pages from the package, with no external resource', async () => {
    await request(http).get('/').expect(302).expect('Location', '/qa.html');
    for (const page of ['/qa.html', '/sidebar.html', '/review.html', '/appeals.html', '/dashboard.html']) {
      const html = (await request(http).get(page).expect(200).expect('Content-Type', /html/)).text;
      expect(html).toContain('lang="zh-CN"');
      expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
    // the dashboard's chart library comes from the package's own node_modules
    expect((await request(http).get('/vendor/echarts.min.js').expect(200).expect('Content-Type', /javascript/)).text.length).toBeGreaterThan(100_000);
  });
});

describe('with TALKLINT_TOKEN', () => {
  let secured: Server;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const server = createTalklintServer({ token: 's3cret', fixturesDir: FIXTURES_DIR });
    await server.listen(0, '127.0.0.1');
    secured = server.http;
    stop = () => server.close(1000);
  });
  afterAll(() => stop());

  it('401 without the bearer token or with a wrong one; 200 with it', async () => {
    const body = JSON.stringify(chatB);
    const bare = await request(secured).post('/v1/check').set('Content-Type', 'application/json').send(body).expect(401);
    expect(bare.body.error.code).toBe('unauthorized');
    await request(secured).get('/v1/rules').set('Authorization', 'Bearer wrong').expect(401);
    await request(secured).get('/v1/rules?token=s3cret').expect(401);
    await request(secured).post('/v1/check').set('Authorization', 'Bearer s3cret').set('Content-Type', 'application/json').send(body).expect(200);
    await request(secured).get('/healthz').expect(200);
    await request(secured).get('/qa.html').expect(200);
  });
});

describe('logs', () => {
  it('never contain transcript text', async () => {
    const lines: string[] = [];
    const { pino } = await import('pino');
    const logger = pino({ level: 'info' }, { write: (s: string) => lines.push(s) });
    const server = createTalklintServer({ logger, token: 'tok' });
    await server.listen(0, '127.0.0.1');
    const secret = '我的身份证号是一二三四五六';
    const turns = [{ speaker: 'agent', text: '您好' }, { speaker: 'customer', text: secret }];
    await request(server.http).post('/v1/check?token=tok').set('Authorization', 'Bearer tok').set('Content-Type', 'application/json').send(JSON.stringify({ id: 'log-1', turns })).expect(200);
    await request(server.http).post('/v1/check').set('Authorization', 'Bearer tok').set('Content-Type', 'application/json').send(`{"id":"${secret}`).expect(400);
    await server.close(1000);
    const log = lines.join('');
    expect(log).toContain('"path":"/v1/check"');
    expect(log).not.toContain(secret);
    expect(log).not.toContain('一二三');
    expect(log).not.toContain('token=');
    expect(JSON.parse(lines[0])).toMatchObject({ method: 'POST', status: 200, transcripts: 1 });
  });
});
