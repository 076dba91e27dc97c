/** POST /v1/check decodes bodies strictly: utf-8 or gb18030 only, invalid bytes are a 400. */
import type { Server } from 'node:http';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTalklintServer } from '../../server/server.js';

const text = '# id: enc-1\n客服:您好,请问有什么可以帮您?\n客户:我的快递到哪了\n客服:不知道,你问别人去。';
let http: Server;
let close: () => Promise<void>;
beforeAll(async () => {
  const server = createTalklintServer();
  await server.listen(0, '127.0.0.1');
  http = server.http;
  close = () => server.close(1000);
});
afterAll(() => close());

const post = (body: Buffer, type: string) => request(http).post('/v1/check').set('Content-Type', type).send(body);

describe('body encoding', () => {
  it('rejects invalid UTF-8 with 400 instead of reading U+FFFD', async () => {
    const body = Buffer.concat([Buffer.from('# id: enc-1\n客服:您好'), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from(',再见')]);
    const res = await post(body, 'text/plain').expect(400);
    expect(res.body.error.code).toBe('invalid_encoding');
    expect((await post(body, 'text/plain; charset=utf-8').expect(400)).body.error.code).toBe('invalid_encoding');
  });

  it('reads GB18030 when the charset says so, with the same report as UTF-8', async () => {
    const gbBody = encodeGb18030(text);
    expect(gbBody.equals(Buffer.from(text))).toBe(false);
    const utf8 = await post(Buffer.from(text), 'text/plain; charset=utf-8').expect(200);
    expect(utf8.body.findings.length).toBeGreaterThan(0);
    expect((await post(gbBody, 'text/plain; charset="GB18030"').expect(200)).body).toEqual(utf8.body);
    // without the charset the same bytes are not UTF-8
    expect((await post(gbBody, 'text/plain').expect(400)).body.error.code).toBe('invalid_encoding');
  });

  it.each(['latin1', 'utf-7', 'iso-8859-1', 'utf-16le', 'gbk'])('answers charset=%s with 415', async (charset) => {
    const res = await post(Buffer.from(text), `text/plain; charset=${charset}`).expect(415);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type', message: expect.stringMatching(/utf-8.*gb18030/) });
  });
});

/** GB18030 bytes of `text` (two-byte characters only), from a table built by decoding every two-byte sequence. */
function encodeGb18030(text: string): Buffer {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<string, Buffer>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const bytes = Buffer.from([lead, trail]);
      const char = decoder.decode(bytes);
      if (!table.has(char)) table.set(char, bytes);
    }
  }
  return Buffer.concat([...text].map((char) => (char.charCodeAt(0) < 0x80 ? Buffer.from(char) : table.get(char)!)));
}
