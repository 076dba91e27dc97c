/**
 * `talklint check --queue` and `talklint worker` as the built command line:
 * the check submits a folder as one batch and follows it until a worker (here
 * the real `talklint worker`, storing into a SQLite file) has stored every
 * conversation; bad files are counted failed with their reason.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectRedis } from '../../src/queue/redis.js';
import { CLI } from '../global-setup.js';
import { describeWith, redisDatabase, serviceUrl } from '../helpers/services.js';

const REDIS = serviceUrl('TALKLINT_TEST_REDIS_URL', 'Redis');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function talklint(args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

const chat = (id: string, agentLine: string) => ({
  id,
  channel: 'chat',
  turns: [
    { speaker: 'agent', text: '您好,请问有什么可以帮您?' },
    { speaker: 'customer', text: '我的快递三天了还没到。' },
    { speaker: 'agent', text: agentLine },
  ],
});

it('without TALKLINT_REDIS_URL, worker and check --queue say what is missing (exit 2)', async () => {
  const env = { TALKLINT_REDIS_URL: '' };
  for (const args of [['worker'], ['check', '--queue', 'fixtures']]) {
    const run = await talklint(args, env);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TALKLINT_REDIS_URL');
  }
});

describeWith(REDIS)('check --queue with a worker', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let worker: ReturnType<typeof spawn> | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'talklint-queue-cli-'));
    mkdirSync(join(dir, 'calls'));
    writeFileSync(join(dir, 'calls', 'a.json'), JSON.stringify(chat('cli-a', '已经帮您催件了,今天送到。请问还有什么可以帮您?再见!')));
    writeFileSync(join(dir, 'calls', 'b.jsonl'), [chat('cli-b', '这个我不清楚,你问别人去。'), chat('cli-c', '快点说,我要下班了。')].map((t) => JSON.stringify(t)).join('\n'));
    writeFileSync(join(dir, 'calls', 'broken.json'), '{"id": "x", "turns": [');
    const url = redisDatabase(REDIS!, 5);
    const redis = connectRedis(url, { blocking: false });
    await redis.flushdb();
    await redis.quit();
    env = { TALKLINT_REDIS_URL: url, TALKLINT_DB: join(dir, 'talklint.db'), LOG_LEVEL: 'info' };
    const started = spawn(process.execPath, [CLI, 'worker', '--concurrency', '1'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    worker = started;
    await new Promise<void>((resolve, reject) => {
      started.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('worker ready') && resolve());
      started.once('exit', (code) => reject(new Error(`the worker exited (${code})`)));
    });
  });

  afterAll(async () => {
    if (worker && worker.exitCode === null) {
      worker.kill('SIGTERM');
      await new Promise((resolve) => worker!.once('exit', resolve));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('submits the folder, follows it to the end, and the worker has stored each conversation once', async () => {
    const run = await talklint(['check', '--queue', join(dir, 'calls'), '--format', 'json'], env);
    const status = JSON.parse(run.stdout);
    expect(status).toMatchObject({ total: 4, done: 3, failed: 1 });
    expect(status.errors).toEqual([{ where: join(dir, 'calls', 'broken.json'), message: expect.stringMatching(/^not JSON/) }]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/batch [0-9a-f]{24}: 4 conversations queued/);

    const db = new Database(join(dir, 'talklint.db'), { readonly: true });
    const rows = db.prepare('SELECT id, batch, stored_by FROM conversations ORDER BY id').all() as Array<{ id: string; batch: string; stored_by: string }>;
    db.close();
    expect(rows).toEqual(['cli-a', 'cli-b', 'cli-c'].map((id) => ({ id, batch: status.batchId, stored_by: 'cli' })));

    // the same folder again is the same batch: nothing new is queued or stored
    const again = JSON.parse((await talklint(['check', '--queue', join(dir, 'calls'), '--format', 'json'], env)).stdout);
    expect(again).toEqual(status);
  });
});
