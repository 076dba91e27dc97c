/**
 * The review pages in real headless Chromium (Debian's /usr/bin/chromium;
 * skipped when it is absent): a reviewer signs in, uploads, rejects a hit and
 * sees the reviewed score change, confirms another; the agent appeals it; the
 * lead accepts the appeal; the dashboard shows the new figures. Saves
 * review/appeals/dashboard screenshots, desktop and narrow (see pages.test.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { addUser } from '../../src/store/users.js';
import { type RunningServer, startServer } from '../server/helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOTS = fileURLToPath(new URL(process.env.TALKLINT_SCREENSHOTS === '1' ? '../../docs/screenshots/' : '../../test-results/screenshots/', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Written for this test: agent 1024 shirks and never says goodbye; two more calls make the dashboard's days. */
function call(id: string, day: string, agentText: string, agentId = '1024') {
  return {
    id,
    channel: 'call',
    agent: { id: agentId, name: agentId === '1024' ? '王芳' : '李强' },
    team: agentId === '1024' ? '信用卡一组' : '信用卡二组',
    startedAt: `${day}T10:00:00+08:00`,
    turns: [
      { speaker: 'agent', text: '您好,星河银行客服中心,工号1024,请问有什么可以帮您?' },
      { speaker: 'customer', text: '我的信用卡账单好像多扣了一笔。' },
      { speaker: 'agent', text: agentText },
      { speaker: 'customer', text: '好吧。' },
      { speaker: 'agent', text: '请问还有什么可以帮您?' },
    ],
  };
}

describe.skipIf(!existsSync(CHROMIUM))('review pages in Chromium', () => {
  let server: RunningServer;
  let store: Store;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'talklint-review-browser-'));
    store = await openStore({ sqlitePath: join(dir, 'talklint.db') });
    await addUser(store, { name: 'zhang', role: 'reviewer', password: 'reviewer-pass' });
    await addUser(store, { name: 'wangfang', role: 'agent', agentId: '1024', password: 'agent-pass' });
    await addUser(store, { name: 'chen', role: 'lead', password: 'lead-pass' });
    writeFileSync(join(dir, 'shirk.json'), JSON.stringify(call('call-shirk', '2026-11-21', '不知道,你问别人去。')));
    writeFileSync(join(dir, 'more.jsonl'), [call('call-ok', '2026-11-22', '我帮您查询一下,多扣的款项会退回。'), call('call-li', '2026-11-23', '我帮您查询一下。', '2048')].map((c) => JSON.stringify(c)).join('\n'));
    server = await startServer({ store });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    mkdirSync(SCREENSHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function signIn(name: string, password: string, path: string, width = 1280): Promise<Page & { problems: string[] }> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = (await context.newPage()) as Page & { problems: string[] };
    page.problems = [];
    page.on('pageerror', (err) => page.problems.push(err.message));
    page.on('console', (m) => m.type() === 'error' && page.problems.push(m.text()));
    await page.goto(`${server.base}/${path}`);
    await page.fill('#signin input[name=name]', name);
    await page.fill('#signin input[name=password]', password);
    await page.click('#signin button[type=submit]');
    await page.waitForSelector('#signin', { state: 'detached' });
    return page;
  }

  const number = async (page: Page, selector: string) => Number(await page.locator(selector).first().textContent());

  it('a reviewer uploads, rejects a hit (误判) and sees the score change, confirms another; the agent appeals; the lead accepts; the dashboard follows', async () => {
    const wrong = await browser.newPage();
    await wrong.goto(`${server.base}/review.html`);
    await wrong.fill('#signin input[name=name]', 'zhang');
    await wrong.fill('#signin input[name=password]', 'nope');
    await wrong.click('#signin button[type=submit]');
    await expect.poll(() => wrong.locator('#signin .banner-error').textContent()).toBe('用户名或密码不正确');
    await wrong.close();

    // reviewer: upload two files, three conversations
    const reviewer = await signIn('zhang', 'reviewer-pass', 'review.html');
    await reviewer.setInputFiles('#upload', [join(dir, 'shirk.json'), join(dir, 'more.jsonl')]);
    await reviewer.waitForFunction(() => document.querySelectorAll('#table tbody tr').length === 3);
    await reviewer.click('#table tbody tr[data-id="call-shirk"]');
    await reviewer.waitForSelector('#detail .dialogue');
    const automatic = await number(reviewer, '[data-testid=auto-score] .big-score');
    expect(await number(reviewer, '[data-testid=reviewed-score] .big-score')).toBe(automatic);
    const shirkCard = reviewer.locator('#detail .note[data-rule="banned.shirk"]').first();
    const shirkDeduct = -Number(await shirkCard.locator('.deduct').textContent());
    await shirkCard.locator('.note-input').fill('客户先说不知道,坐席复述');
    await shirkCard.locator('button.reject').click();
    await expect.poll(() => number(reviewer, '[data-testid=reviewed-score] .big-score')).toBe(Math.min(100, automatic + shirkDeduct));
    expect(await reviewer.locator('#detail .note[data-rule="banned.shirk"] .state').first().textContent()).toBe('误判');
    expect(await reviewer.locator('#detail .status').textContent()).toBe('已复核');
    // confirm the missing farewell, so the agent can appeal it
    await reviewer.locator('#detail .note[data-rule="closing.missing"] button.confirm').click();
    await expect.poll(() => reviewer.locator('#detail .note[data-rule="closing.missing"] .state').textContent()).toBe('已确认');
    // the list shows the new reviewed score
    await expect.poll(() => reviewer.locator('#table tbody tr[data-id="call-shirk"] td.score').textContent()).toBe(String(Math.min(100, automatic + shirkDeduct)));
    await reviewer.screenshot({ path: join(SCREENSHOTS, 'review.png'), fullPage: true });
    const narrow = await signIn('zhang', 'reviewer-pass', 'review.html', 390);
    await narrow.click('#table tbody tr[data-id="call-shirk"]');
    await narrow.waitForSelector('#detail .dialogue');
    await narrow.screenshot({ path: join(SCREENSHOTS, 'review-narrow.png'), fullPage: true });
    const reviewedScore = await number(reviewer, '[data-testid=reviewed-score] .big-score');

    // agent: their own conversations only; appeal the confirmed finding
    const agent = await signIn('wangfang', 'agent-pass', 'appeals.html');
    await agent.waitForSelector('#mine tbody tr');
    expect(await agent.locator('#mine tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.id))).toEqual(['call-ok', 'call-shirk']);
    await agent.click('#mine tbody tr[data-id="call-shirk"]');
    await agent.waitForSelector('#detail .dialogue');
    expect(await agent.locator('#detail button.reject').count()).toBe(0); // agents do not review
    const farewell = agent.locator('#detail .note[data-rule="closing.missing"]');
    const farewellDeduct = -Number(await farewell.locator('.deduct').textContent());
    await farewell.locator('.note-input').fill('我说了再见,转写漏了');
    await farewell.locator('button.appeal').click();
    await expect.poll(() => agent.locator('#detail .note[data-rule="closing.missing"] .state').textContent()).toBe('申诉中');
    await agent.waitForSelector('#appeal-list .appeal-open');
    expect(await agent.locator('#appeal-list .appeal').count()).toBe(1);

    // lead: the queue of open appeals; accept
    const lead = await signIn('chen', 'lead-pass', 'appeals.html');
    await lead.waitForSelector('#appeal-list .appeal-open');
    await lead.screenshot({ path: join(SCREENSHOTS, 'appeals.png'), fullPage: true });
    const leadNarrow = await signIn('chen', 'lead-pass', 'appeals.html', 390);
    await leadNarrow.waitForSelector('#appeal-list .appeal-open');
    await leadNarrow.screenshot({ path: join(SCREENSHOTS, 'appeals-narrow.png'), fullPage: true });
    await lead.locator('#appeal-list .appeal-open .note-input').fill('录音核实有告别语');
    await lead.locator('#appeal-list .appeal-open button.accept').click();
    await lead.waitForSelector('#appeal-list .muted'); // the open queue is empty now
    await lead.selectOption('#state', 'accepted');
    await lead.waitForSelector('#appeal-list .appeal-accepted');
    await lead.click('#appeal-list .appeal-accepted button');
    await lead.waitForSelector('#detail .dialogue');
    const finalScore = Math.min(100, reviewedScore + farewellDeduct);
    expect(await number(lead, '[data-testid=reviewed-score] .big-score')).toBe(finalScore);
    expect(await lead.locator('#detail .status').textContent()).toBe('已终审');

    // dashboard: the reviewed average includes the final score; a click on a rule bar opens the 质检台 filtered by it
    const board = await signIn('chen', 'lead-pass', 'dashboard.html');
    await board.waitForSelector('[data-testid=kpi-conversations] strong');
    expect(await board.locator('[data-testid=kpi-conversations] strong').textContent()).toBe('3');
    const stats = await board.evaluate(async () => (await (await fetch('/v1/stats?by=agent')).json()).rows);
    const wang = stats.find((r: { key: string }) => r.key === '1024');
    expect(wang.avgReviewedScore).toBe(Math.round(((finalScore + (await reviewedScoreOf(board, 'call-ok'))) / 2) * 10) / 10);
    expect(await board.locator('#agents tbody tr[data-key="1024"] td.score').textContent()).toBe(String(wang.avgReviewedScore));
    await board.waitForFunction(() => document.querySelectorAll('#trend canvas').length > 0 && document.querySelectorAll('#falsehits canvas').length > 0);
    await board.waitForTimeout(600); // ECharts animates in
    await board.screenshot({ path: join(SCREENSHOTS, 'dashboard.png'), fullPage: true });
    const boardNarrow = await signIn('chen', 'lead-pass', 'dashboard.html', 390);
    await boardNarrow.waitForFunction(() => document.querySelectorAll('#trend canvas').length > 0);
    await boardNarrow.waitForTimeout(600);
    await boardNarrow.screenshot({ path: join(SCREENSHOTS, 'dashboard-narrow.png'), fullPage: true });
    await board.click('#agents tbody tr[data-key="1024"]');
    await board.waitForURL(/review\.html\?agent=1024/);
    await board.waitForFunction(() => document.querySelectorAll('#table tbody tr').length === 2);

    // the lead draws a sampling plan (抽检) for zhang; zhang's queue is the plan's conversations
    await board.click('#sampling summary');
    await board.fill('#plan-form input[name=name]', '11月抽检');
    await board.fill('#plan-form input[name=percent]', '100');
    await board.fill('#plan-form input[name=reviewers]', 'zhang');
    await board.click('#plan-form button[type=submit]');
    await board.waitForSelector('#plans li');
    expect(await board.locator('#plans li').first().textContent()).toContain('共 3 条(zhang 3)');
    await reviewer.check('#filters input[name=assignee]');
    await reviewer.click('#filters button[type=submit]');
    await expect.poll(() => reviewer.locator('#table tbody tr').count()).toBe(3);

    for (const page of [reviewer, narrow, agent, lead, leadNarrow, board, boardNarrow]) expect(page.problems).toEqual([]);
  });
});

async function reviewedScoreOf(page: Page, id: string): Promise<number> {
  return page.evaluate(async (conversation) => (await (await fetch(`/v1/conversations/${conversation}`)).json()).reviewedReport.score, id);
}
