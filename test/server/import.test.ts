/** POST /v1/check takes every importer: sniffed engine JSON, ?input=, ?roles=, tables and subtitles by Content-Type, GB18030 via charset; GET /v1/formats lists them. */
import { readFileSync } from 'node:fs';
import pino from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { IMPORTER_NAMES } from '../../src/import/registry.js';
import { createApp } from '../../server/app.js';

const app = createApp({ logger: pino({ level: 'silent' }) });
const fixture = (name: string) => readFileSync(new URL(`../fixtures/import/${name}`, import.meta.url));
const post = (body: string | Buffer, type: string, query = '') => request(app).post(`/v1/check${query}`).set('Content-Type', type).send(body);

describe('POST /v1/check with other formats', () => {
  it('sniffs engine output in a JSON body and reports its source and segments', async () => {
    const res = await post(fixture('tencent.json').toString('utf8'), 'application/json').expect(200);
    expect(res.body.source).toEqual({ format: 'tencent', roles: 'detected' });
    expect(res.body.findings).toEqual([]);
  });

  it('?roles= maps the engine ids, and the findings point at their segment', async () => {
    const body = JSON.stringify({ Result: { Sentences: [{ ChannelId: 1, Text: '不知道，问别人去', BeginTime: 1000, EndTime: 2500 }, { ChannelId: 0, Text: '我的卡被锁了', BeginTime: 3000, EndTime: 4000 }] } });
    const res = await post(body, 'application/json', '?roles=1%3Dagent%2C0%3Dcustomer&name=x.json').expect(200);
    expect(res.body.source).toEqual({ format: 'aliyun', roles: 'explicit' });
    const shirk = res.body.findings.find((f: { rule: string }) => f.rule === 'banned.shirk');
    expect(shirk).toMatchObject({ turn: 0, segment: { index: 0, start: 1, end: 2.5 } });
  });

  it('?input= forces an importer, and a wrong one is a 400 naming what it expected', async () => {
    const res = await post(fixture('whisper.json').toString('utf8'), 'application/json', '?input=aliyun').expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_transcript', message: expect.stringMatching(/no aliyun segment/) });
    expect((await post('{}', 'application/json', '?input=nope').expect(400)).body.error).toMatchObject({ code: 'unknown_input', path: 'query.input' });
  });

  it('bad ?roles= is a 400 on query.roles', async () => {
    const res = await post(fixture('aliyun.json').toString('utf8'), 'application/json', '?roles=0%3Dboss').expect(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_roles', path: 'query.roles' });
  });

  it('takes CSV as text/csv, in GB18030 when the charset says so', async () => {
    const res = await post(fixture('chat-gbk.csv'), 'text/csv; charset=gb18030', '?name=chat-gbk.csv').expect(200);
    expect(res.body).toMatchObject({ id: 'gbk-0001', source: { format: 'csv', roles: 'detected' }, findings: [] });
  });

  it('takes subtitles and xlsx workbooks by their Content-Type', async () => {
    expect((await post(fixture('call.vtt').toString('utf8'), 'text/vtt').expect(200)).body.source.format).toBe('vtt');
    expect((await post(fixture('call.srt').toString('utf8'), 'application/x-subrip').expect(200)).body.source.format).toBe('srt');
    const xlsx = await post(fixture('chat.xlsx'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '?include=transcript').expect(200);
    expect(xlsx.body).toMatchObject({ id: 'chat-0002', team: '信用卡二组', source: { format: 'xlsx', roles: 'engine' } });
    expect(xlsx.body.transcript.turns).toHaveLength(9);
  });

  it('canonical bodies keep their own path and say so in source', async () => {
    const res = await post(JSON.stringify({ id: 'c', turns: [{ speaker: 'agent', text: '您好' }] }), 'application/json').expect(200);
    expect(res.body.source).toEqual({ format: 'canonical', roles: 'explicit' });
    expect((await post('客服:您好', 'text/plain').expect(200)).body.source).toEqual({ format: 'text', roles: 'explicit' });
  });
});

describe('GET /v1/formats', () => {
  it('lists every importer with its file endings and Content-Types', async () => {
    const { body } = await request(app).get('/v1/formats').expect(200);
    expect(body.formats.map((f: { name: string }) => f.name)).toEqual(IMPORTER_NAMES);
    expect(body.formats.find((f: { name: string }) => f.name === 'xlsx')).toMatchObject({ binary: true, extensions: ['.xlsx'] });
  });
});

describe('OpenAPI', () => {
  it('lists the importers, ?input=, ?roles=, ?mergeGap= and the other Content-Types of POST /v1/check', async () => {
    const { body } = await request(app).get('/openapi.json').expect(200);
    const post = body.paths['/v1/check'].post;
    expect(post.parameters.find((p: { name: string }) => p.name === 'input').schema.enum).toEqual(IMPORTER_NAMES);
    expect(post.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['roles', 'mergeGap']));
    expect(Object.keys(post.requestBody.content)).toEqual(expect.arrayContaining(['text/csv', 'text/vtt', 'application/x-subrip', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']));
  });
});
