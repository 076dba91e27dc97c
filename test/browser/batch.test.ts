/**
 * The QA page's batch panel in headless Chromium (skipped without Debian's
 * chromium or Redis): files submitted as a batch through POST /v1/batches,
 * a worker in this process stores them (SQLite), and the panel follows the
 * progress to 已完成 with the failed input listed. Saves batch.png.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BatchQueue, type CheckJobData, openBatchQueue } from '../../src/queue/batches.js';
import { runCheckJob } from '../../src/queue/check-job.js';
import { QUEUE_NAME, QUEUE_PREFIX } from '../../src/queue/keys.js';
import { openBatchStore } from '../../src/queue/open-store.js';
import type { BatchStore } from '../../src/queue/store.js';
import { describeWith, redisDatabase, serviceUrl } from '../helpers/services.js';
import { type RunningServer, startServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const REDIS = existsSync(CHROMIUM) ? serviceUrl('TALKLINT_TEST_REDIS_URL', 'Redis') : undefined;
const SCREENSHOTS = fileURLToPath(new URL(process.env.TALKLINT_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url));

const chat = (id: string, agentLine: string) => ({
  id,
  channel: 'chat',
  turns: [
    { speaker: 'agent', text: '您好,请问有什么可以帮您?' },
    { speaker: 'customer', text: '我想改一下收货地址。' },
    { speaker: 'agent', text: agentLine },
  ],
});

describeWith(REDIS)('QA page: batch panel', () => {
  let server: RunningServer;
  let batchQueue: BatchQueue;
  let worker: Worker<CheckJobData>;
  let store: BatchStore;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'talklint-batch-page-'));
    batchQueue = openBatchQueue(redisDatabase(REDIS!, 6));
    await batchQueue.redis.flushdb();
    store = await openBatchStore({ TALKLINT_DB: join(dir, 'talklint.db') });
    worker = new Worker<CheckJobData>(
      QUEUE_NAME,
      (job) => runCheckJob({ id: job.id!, data: job.data, attemptsMade: job.attemptsMade, attempts: job.opts.attempts ?? 1 }, store, batchQueue.redis),
      { connection: batchQueue.redis.duplicate({ maxRetriesPerRequest: null }), prefix: QUEUE_PREFIX },
    );
    server = await startServer({ batchQueue });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await worker?.close();
    await store?.close();
    await batchQueue?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('submits files as a batch and follows it until every conversation is stored or failed', async () => {
    const userDataDir = mkdtempSync(join(tmpdir(), 'talklint-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      const problems: string[] = [];
      page.on('pageerror', (err) => problems.push(err.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.goto(`${server.base}/qa.html`);
      await page.locator('#batch').waitFor({ state: 'visible' });
      const jsonl = [chat('page-1', '好的,已经帮您改好了。请问还有什么可以帮您?再见!'), chat('page-2', '这个我不清楚,你问别人去。')].map((t) => JSON.stringify(t)).join('\n');
      await page.locator('#batch-files').setInputFiles([
        { name: 'calls.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) },
        { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id": "x", "turns": [') },
      ]);
      await expect.poll(() => page.locator('#batch-status').textContent(), { timeout: 15_000 }).toMatch(/已入库 2 \/ 3，失败 1（已完成）/);
      expect(await page.locator('#batch-errors li').allTextContents()).toEqual([expect.stringMatching(/^line 3：not JSON/)]);
      expect(page.url()).toMatch(/\?batch=[0-9a-f]{24}$/);
      await page.screenshot({ path: join(SCREENSHOTS, 'batch.png') });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
