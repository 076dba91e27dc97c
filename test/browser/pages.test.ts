/**
 * The QA page and the agent sidebar in real headless Chromium (Debian's
 * /usr/bin/chromium through playwright-core; skipped when it is absent).
 * Saves qa.png and sidebar.png under test-results/screenshots/, or, with
 * TALKLINT_SCREENSHOTS=1 (`npm run screenshots`), docs/screenshots/ for the README.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTranscriptFile } from '../../src/transcript/read-file.js';
import { expandInputs } from '../../src/transcript/find-inputs.js';
import { check, timeline } from '../../src/engine/check.js';
import { loadPack } from '../../src/pack/load.js';
import type { Report } from '../../src/report/types.js';
import { LiveConversation, type LiveUpdate } from '../../src/stream/live-conversation.js';
import type { Transcript } from '../../src/transcript/schema.js';
import { FIXTURES_DIR, type RunningServer, StreamClient, startServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL(process.env.TALKLINT_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url));
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface FixtureFile {
  file: string;
  transcripts: Transcript[];
  reports: Report[];
}

const fixtureFiles: FixtureFile[] = existsSync(FIXTURES_DIR)
  ? expandInputs([FIXTURES_DIR]).files.map((file) => {
      const transcripts = readTranscriptFile(file, 'utf-8').transcripts;
      const source = { format: file.endsWith('.txt') ? 'text' : 'canonical', roles: 'explicit' } as const;
      return { file, transcripts, reports: transcripts.map((t) => check(t, { source })) };
    })
  : [];

const spanCount = (r: Report) => r.findings.filter((f) => f.start !== undefined).length;

describe.skipIf(!existsSync(CHROMIUM) || fixtureFiles.length === 0)('pages in Chromium', () => {
  let server: RunningServer;
  let context: BrowserContext;
  let userDataDir: string;

  beforeAll(async () => {
    server = await startServer({ fixturesDir: FIXTURES_DIR });
    userDataDir = mkdtempSync(join(tmpdir(), 'talklint-chromium-'));
    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, acceptDownloads: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  });

  async function newPage(width: number, height: number): Promise<Page> {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    (page as Page & { problems: string[] }).problems = problems;
    return page;
  }
  const problemsOf = (page: Page) => (page as Page & { problems: string[] }).problems;

  it('QA page: checks many files, sorts, filters, marks every finding in place, exports', async () => {
    const page = await newPage(1280, 900);
    await page.goto(`${server.base}/qa.html`);
    await page.waitForSelector('#pack option', { state: 'attached' });
    const expectedRows = fixtureFiles.reduce((n, f) => n + f.transcripts.length, 0);
    await page.setInputFiles('#files', fixtureFiles.map((f) => f.file));
    await page.waitForFunction((n) => document.querySelectorAll('#table tbody tr').length === n, expectedRows);
    expect(await page.locator('#table tbody tr.failed').count()).toBe(0);

    // sort by score, ascending then descending
    const scores = () => page.locator('#table tbody td.score').allTextContents().then((t) => t.map(Number));
    await page.click('th[data-key="score"]');
    const ascending = await scores();
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await page.click('th[data-key="score"]');
    expect(await scores()).toEqual([...ascending].sort((a, b) => b - a));

    // open the transcript with the most marked spans and compare each mark with the report
    const all = fixtureFiles.flatMap((f) => f.reports.map((report, i) => ({ report, transcript: f.transcripts[i] })));
    const { report, transcript } = all.reduce((best, x) => (spanCount(x.report) > spanCount(best.report) ? x : best));
    expect(spanCount(report)).toBeGreaterThan(0);
    await page.click(`#table tbody tr[data-id="${report.id}"]`);
    await page.waitForSelector('#detail .dialogue');
    const marked = await page.$$eval('#detail mark.hl', (marks) => marks.map((m) => ({ text: m.textContent, findings: (m as HTMLElement).dataset.findings!.split(' ').map(Number) })));
    report.findings.forEach((finding, index) => {
      if (finding.start === undefined) return;
      const text = marked.filter((m) => m.findings.includes(index)).map((m) => m.text).join('');
      expect(text).toBe(finding.text);
      expect(text).toBe(transcript.turns[finding.turn].text.slice(finding.start, finding.end));
    });
    const notes = await page.locator('#detail .note .msg').allTextContents();
    expect(notes).toEqual(report.findings.map((f) => f.message));
    const suggestions = await page.locator('#detail .note .suggest').allTextContents();
    expect(suggestions).toEqual(report.findings.filter((f) => f.suggestion).map((f) => `建议:${f.suggestion}`));

    // filter by severity: the table keeps conversations with such findings, the detail only those findings
    await page.selectOption('#filter-severity', 'warning');
    const withWarnings = all.filter((x) => x.report.findings.some((f) => f.severity === 'warning')).length;
    expect(await page.locator('#table tbody tr').count()).toBe(withWarnings);
    if (report.findings.some((f) => f.severity === 'warning')) {
      expect(await page.locator('#detail .note').count()).toBe(report.findings.filter((f) => f.severity === 'warning').length);
    }
    await page.selectOption('#filter-severity', '');

    // CSV export: one line per finding, one for a conversation without findings
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toBe('文件,会话编号,得分,等级,红线,规则,严重程度,第几句,起(从0计),止,原文,说明,建议,扣分');
    expect(lines.length - 1).toBe(all.reduce((n, x) => n + Math.max(1, x.report.findings.length), 0));
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-json')]);
    const exported = JSON.parse(readFileSync((await jsonDownload.path())!, 'utf8'));
    expect(exported.map(({ file: _file, ...r }: { file: string }) => r).sort((a: Report, b: Report) => a.id.localeCompare(b.id))).toEqual(
      all.map((x) => x.report).sort((a, b) => a.id.localeCompare(b.id)),
    );

    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    await page.screenshot({ path: join(SCREENSHOTS, 'qa.png'), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);

  it('QA page: a file that does not parse gets its own row with the reason', async () => {
    const page = await newPage(1000, 700);
    await page.goto(`${server.base}/qa.html`);
    await page.waitForSelector('#pack option', { state: 'attached' });
    await page.setInputFiles('#files', [{ name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{"id":"b","turns":[{"speaker":"robot","text":"你好"}]}') }]);
    const row = page.locator('#table tbody tr.failed');
    await row.waitFor();
    expect(await row.textContent()).toMatch(/broken\.json.*unknown speaker "robot".*turns\[0\]\.speaker/);
    await page.close();
  });

  it('QA page: reads a GB18030 text file from an older call-centre system', async () => {
    const page = await newPage(1000, 700);
    await page.goto(`${server.base}/qa.html`);
    await page.waitForSelector('#pack option', { state: 'attached' });
    // "# id: gb-1 / 客服:您好,请问有什么可以帮您? / 客户:我想查一下话费。/ 客服:不知道。" encoded as GB18030
    const bytes = Buffer.from(
      '232069643a2067622d310abfcdb7fe3ac4fabac32cc7ebcecad3d0cab2c3b4bfc9d2d4b0efc4fa3f0abfcdbba73aced2cfebb2e9d2bbcfc2bbb0b7d1a1a30abfcdb7fe3ab2bbd6aab5c0a1a3',
      'hex',
    );
    await page.setInputFiles('#files', [{ name: 'old-system.txt', mimeType: 'text/plain', buffer: bytes }]);
    await page.click('#table tbody tr[data-id="gb-1"]');
    expect(await page.locator('#detail mark.hl').allTextContents()).toEqual(['不知道']);
    await page.close();
  });

  it('agent sidebar: ?watch=<id> follows a conversation fed by another connection', async () => {
    const page = await newPage(400, 800);
    await page.goto(`${server.base}/sidebar.html?watch=seat-b1`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '等待会话开始', undefined, { timeout: 5000 });
    const feeder = await StreamClient.connect(server.wsUrl);
    feeder.send({ type: 'start', id: 'seat-b1', channel: 'chat' });
    feeder.send({ type: 'turn', speaker: 'agent', text: '请讲。' });
    // the provisional greeting.missing shows, then goes when the late greeting withdraws it
    await page.waitForSelector('#findings .finding[data-rule="greeting.missing"] .provisional', { timeout: 5000 });
    feeder.send({ type: 'partial', speaker: 'agent', text: '您好,你快点' });
    await page.waitForSelector('#preview li', { timeout: 5000 });
    feeder.send({ type: 'turn', speaker: 'agent', text: '您好,请问要办理什么业务?' });
    await page.waitForSelector('#findings .finding[data-rule="greeting.missing"]', { state: 'detached', timeout: 5000 });
    expect(await page.locator('#preview li').count()).toBe(0);
    feeder.send({ type: 'end' });
    const report = (await feeder.next((m) => m.type === 'report')).report as Report;
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '已结束');
    expect((await page.$$eval('#findings .finding', (items) => items.map((li) => (li as HTMLElement).dataset.rule))).sort()).toEqual(report.findings.map((f) => f.rule).sort());
    expect(await page.textContent('#score')).toBe(String(report.score));
    feeder.close();
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  });

  it('agent sidebar: reconnects with backoff when its connection drops and catches up from the snapshot', async () => {
    // a short idle limit makes the server close the quiet sidebar's connection
    const quiet = await startServer({ limits: { idleMs: 600 } });
    const page = await newPage(400, 800);
    await page.goto(`${quiet.base}/sidebar.html?watch=seat-r1`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '等待会话开始', undefined, { timeout: 5000 });
    const feeder = await StreamClient.connect(quiet.wsUrl);
    // the feeder stays connected without touching the conversation
    const keepAlive = setInterval(() => feeder.send({ type: 'unwatch', id: 'none' }), 200);
    try {
      feeder.send({ type: 'start', id: 'seat-r1', channel: 'chat' });
      feeder.send({ type: 'turn', speaker: 'agent', text: '请讲。' });
      await page.waitForSelector('#findings .finding[data-rule="greeting.missing"]', { timeout: 5000 });
      await page.waitForFunction(() => document.querySelector('#status')?.textContent?.includes('重连'), undefined, { timeout: 5000 });
      await page.waitForFunction(() => document.querySelector('#status')?.textContent === '分析中', undefined, { timeout: 8000 });
      // the snapshot brought the finding back after the page was cleared
      expect(await page.locator('#findings .finding[data-rule="greeting.missing"]').count()).toBe(1);
      feeder.send({ type: 'turn', speaker: 'agent', text: '您好,请问要办理什么业务?' });
      feeder.send({ type: 'end' });
      const report = (await feeder.next((m) => m.type === 'report')).report as Report;
      await page.waitForFunction(() => document.querySelector('#status')?.textContent === '已结束', undefined, { timeout: 5000 });
      expect(await page.textContent('#score')).toBe(String(report.score));
      expect((await page.$$eval('#findings .finding', (items) => items.map((li) => (li as HTMLElement).dataset.rule))).sort()).toEqual(report.findings.map((f) => f.rule).sort());
    } finally {
      clearInterval(keepAlive);
      feeder.close();
      await page.close();
      await quiet.close();
    }
  });

  it('agent sidebar: the demo shows findings in the order they become known, retractions removed, and the final score', async () => {
    // the fixture with a red line and the most findings makes the clearest demo
    const candidates = fixtureFiles.filter((f) => f.reports[0]?.redLine);
    const chosen = (candidates.length ? candidates : fixtureFiles).reduce((best, f) => (f.reports[0].findings.length > best.reports[0].findings.length ? f : best));
    const transcript = chosen.transcripts[0];

    // what the stream says, in order, for this transcript
    const updates: LiveUpdate[] = [];
    const live = new LiveConversation(loadPack(transcript.pack ?? 'general'), transcript, (u) => updates.push(u));
    live.begin();
    for (const item of timeline(transcript)) item.kind === 'turn' ? live.turn(item.turn) : live.event(item.event);
    const report = live.end();
    const retracted = new Set(updates.flatMap((u) => (u.type === 'retract' ? [u.key] : [])));
    const expectedOrder = updates.flatMap((u) => (u.type === 'finding' && !retracted.has(u.key) ? [`${u.finding.rule}@${u.finding.turn}`] : []));
    const due = updates.filter((u) => u.type === 'reminders').at(-1);

    const page = await newPage(400, 900);
    await page.goto(`${server.base}/sidebar.html?demo=${encodeURIComponent(basename(chosen.file))}&delay=40`);
    await page.waitForFunction(() => document.querySelector('#status')?.textContent === '已结束', undefined, { timeout: 30_000 });

    const cards = await page.$$eval('#findings .finding', (items) =>
      items.map((li) => ({ key: `${(li as HTMLElement).dataset.rule}@${(li as HTMLElement).dataset.turn}`, order: Number((li as HTMLElement).dataset.order), redLine: li.classList.contains('is-redline') })),
    );
    expect(cards.sort((a, b) => a.order - b.order).map((c) => c.key)).toEqual(expectedOrder);
    // newest first on screen
    expect(await page.$$eval('#findings .finding', (items) => items.map((li) => Number((li as HTMLElement).dataset.order)))).toEqual(cards.map((c) => c.order).sort((a, b) => b - a));
    expect(await page.textContent('#score')).toBe(String(report.score));
    expect(await page.textContent('#grade')).toBe(report.grade);
    expect(await page.isVisible('#redline-banner')).toBe(report.redLine);
    if (report.redLine) expect(cards.some((c) => c.redLine)).toBe(true);
    const dueOnPage = await page.$$eval('#reminders li.due', (items) => items.map((li) => (li as HTMLElement).dataset.reminder));
    expect(dueOnPage).toEqual(due?.type === 'reminders' ? due.due : []);

    await page.screenshot({ path: join(SCREENSHOTS, 'sidebar.png'), fullPage: true });
    expect(problemsOf(page)).toEqual([]);
    await page.close();
  }, 60_000);
});
