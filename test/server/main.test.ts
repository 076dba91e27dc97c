/** The `npm start` entry point as a process: env settings, pino logs without transcript text, SIGTERM finishing cleanly. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { StreamClient } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function linesOf(child: ChildProcess): string[] {
  const lines: string[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (rest + chunk.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  return lines;
}

it('serves on PORT/HOST with a token and stream limits from the environment, logs JSON without transcript text, and exits 0 on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', TALKLINT_TOKEN: 'main-test-token', LOG_LEVEL: 'info', TALKLINT_WS_MAX_TURNS: '2', TALKLINT_DB: join(mkdtempSync(join(tmpdir(), 'talklint-main-')), 'talklint.db') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = linesOf(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await expect.poll(() => lines.some((l) => l.includes('"listening"')), { timeout: 20_000, interval: 100 }).toBe(true);
    const listening = JSON.parse(lines.find((l) => l.includes('"listening"'))!);
    expect(listening).toMatchObject({ host: '127.0.0.1', auth: true });
    const base = `http://127.0.0.1:${listening.port}`;

    const secret = '我的银行卡密码是八八六六';
    const turns = [{ speaker: 'agent', text: '您好,请讲。' }, { speaker: 'customer', text: secret }];
    const unauthorized = await fetch(`${base}/v1/check`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(unauthorized.status).toBe(401);
    const res = await fetch(`${base}/v1/check`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer main-test-token' },
      body: JSON.stringify({ id: 'main-1', turns }),
    });
    expect(res.status).toBe(200);

    const client = await StreamClient.connect(`ws://127.0.0.1:${listening.port}/v1/stream?token=main-test-token`);
    client.send({ type: 'start', id: 'main-ws', channel: 'chat' });
    for (const turn of turns) client.send({ type: 'turn', ...turn });
    client.send({ type: 'turn', speaker: 'agent', text: secret });
    expect(await client.next((m) => m.type === 'error')).toMatchObject({ code: 'too_many_turns', message: expect.stringContaining('at most 2 turns') });
    client.send({ type: 'partial', speaker: 'agent', text: secret });
    client.send({ type: 'end' });
    await client.next((m) => m.type === 'report');

    child.kill('SIGTERM');
    expect((await client.waitClosed()).code).toBe(1001);
    expect(await exited).toBe(0);
    const log = lines.join('\n');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(log).toContain('"msg":"conversation ended"');
    expect(log).toContain('"msg":"stopped"');
    expect(log).not.toContain('八八六六');
    expect(log).not.toContain('main-test-token');
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}, 40_000);
