/** PII masks: phone, ID-card and bank-card numbers, same length, offsets true. */
import { describe, expect, it } from 'vitest';
import { check } from '../src/engine/check.js';
import { maskPii, maskPiiDeep } from '../src/text/mask-pii.js';

describe('maskPii', () => {
  const cases: Array<[string, string, string]> = [
    ['a mobile number', '我的手机号是13812345678,谢谢', '我的手机号是***********,谢谢'],
    ['a grouped mobile with +86', '请拨 +86 138-1234-5678 联系', '请拨 +** ***-****-**** 联系'],
    ['a mobile in Chinese numerals (ASR)', '号码是幺三八一二三四五六七八', '号码是***********'],
    ['a full-width mobile', '电话13912345678', '电话***********'],
    ['a landline', '座机010-62345678', '座机***-********'],
    ['an ID card', '身份证11010519491231002X', '身份证******************'],
    ['a bank card (Luhn)', '卡号6222 0202 0000 1234 562', '卡号**** **** **** **** ***'],
    ['an ungrouped bank card', '卡号6222020200001234562。', '卡号*******************。'],
  ];
  it.each(cases)('masks %s with a mask of the same length', (_name, text, expected) => {
    expect(maskPii(text)).toBe(expected);
    expect(maskPii(text)).toHaveLength(text.length);
  });

  it('leaves short numbers, order numbers that fail Luhn, staff numbers and times alone', () => {
    for (const text of ['工号1024', '订单号1234567890123456', '三个工作日内', '[00:01:05]', '金额 12345.67 元']) expect(maskPii(text)).toBe(text);
  });

  it('keeps every finding offset true in a masked report', () => {
    const transcript = {
      id: 'pii-1',
      channel: 'chat' as const,
      turns: [
        { speaker: 'agent' as const, text: '您好,请提供身份证号和银行卡密码' },
        { speaker: 'customer' as const, text: '身份证11010519491231002X,手机13812345678' },
        { speaker: 'agent' as const, text: '不知道,你问别人去。13812345678' },
      ],
    };
    const report = maskPiiDeep(check(transcript));
    const turns = transcript.turns.map((t) => maskPii(t.text));
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) if (f.start !== undefined) expect(turns[f.turn].slice(f.start, f.end)).toBe(f.text);
    expect(JSON.stringify(report)).not.toMatch(/13812345678|110105194912310/);
    expect(report.id).toBe('pii-1');
  });
});

describe('masking in the outputs', () => {
  const call = {
    id: 'pii-out',
    channel: 'chat',
    turns: [
      { speaker: 'agent', text: '您好,请问有什么可以帮您?' },
      { speaker: 'customer', text: '我的手机是13812345678' },
      { speaker: 'agent', text: '不知道,13812345678这个号你问别人去。' },
    ],
  };

  it('POST /v1/check and the stream mask reports with TALKLINT_MASK_PII on, and only then', async () => {
    const { startServer, StreamClient } = await import('./server/helpers.js');
    for (const maskPii of [false, true]) {
      const server = await startServer({ maskPii });
      try {
        const res = await fetch(`${server.base}/v1/check?include=transcript`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(call) });
        const body = await res.text();
        expect(body.includes('13812345678')).toBe(!maskPii);
        const client = await StreamClient.connect(server.wsUrl);
        client.send({ type: 'start', id: call.id, channel: 'chat' });
        for (const turn of call.turns) client.send({ type: 'turn', ...turn });
        client.send({ type: 'end' });
        const report = (await client.next((m) => m.type === 'report')).report;
        const batch = check(call as never);
        expect(report).toEqual(maskPii ? maskPiiDeep(batch) : batch);
        if (maskPii) expect(JSON.stringify(client.messages)).not.toContain('13812345678');
        client.close();
      } finally {
        await server.close();
      }
    }
  });

  it('talklint check --mask-pii masks the printed reports', async () => {
    const { runCheck } = await import('../src/cli/check-command.js');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'talklint-pii-')), 'call.json');
    writeFileSync(file, JSON.stringify(call));
    for (const maskPii of [false, true]) {
      let pretty = '';
      await runCheck([file], { format: 'pretty', failUnder: 60, encoding: 'utf-8', color: false, maskPii }, (s) => (pretty += s), () => {});
      expect(pretty.includes('13812345678')).toBe(!maskPii);
      if (maskPii) expect(pretty).toContain('***********');
    }
  });
});
