/**
 * Contract section 6 over HTTP, the same suite on SQLite and on PostgreSQL:
 * storing, listing, review, added findings, appeals and decisions, every role
 * and error code, optimistic locking, page sessions with CSRF, stats, export,
 * sampling, and a restart that keeps everything.
 */
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { openStore, type Store } from '../../src/store/db.js';
import { addUser, disableUser, setPassword } from '../../src/store/users.js';
import { startServer, StreamClient } from '../server/helpers.js';
import { BACKENDS, openFresh } from './backends.js';

const ENV_TOKEN = 'env-admin-token';

/** Written for these tests: a call by agent 1024 with a shirking refusal and no farewell. */
function shirkCall(id: string, agentId = '1024', extra: Record<string, unknown> = {}) {
  return {
    id,
    channel: 'call',
    agent: { id: agentId, name: agentId === '1024' ? '王芳' : '李强' },
    team: agentId === '1024' ? '信用卡一组' : '信用卡二组',
    startedAt: '2026-11-20T09:15:00+08:00',
    turns: [
      { speaker: 'agent', text: '您好,星河银行客服中心,工号1024,请问有什么可以帮您?' },
      { speaker: 'customer', text: '我的卡怎么突然不能用了?' },
      { speaker: 'agent', text: '不知道,你问别人去。' },
      { speaker: 'customer', text: '那我找谁?' },
      { speaker: 'agent', text: '您可以去网点办理。' },
    ],
    ...extra,
  };
}

function cleanChat(id: string, agentId: string, startedAt: string) {
  return {
    id,
    channel: 'chat',
    agent: { id: agentId },
    team: '在线一组',
    startedAt,
    turns: [
      { speaker: 'customer', text: '你好,我想改一下收货地址' },
      { speaker: 'agent', text: '您好,这里是星河商城客服,工号2048,很高兴为您服务。' },
      { speaker: 'agent', text: '已经为您改好了,请问还有什么可以帮您?' },
      { speaker: 'customer', text: '没有了' },
      { speaker: 'agent', text: '感谢您的咨询,祝您生活愉快,再见!' },
    ],
  };
}

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`review API on ${backend.name}${backend.skip ? ` (skipped: ${backend.skip})` : ''}`, () => {
    let store: Store;
    let drop: () => Promise<void>;
    let config: Parameters<typeof openStore>[0];
    let app: ReturnType<typeof createApp>;
    const tokens: Record<string, string> = {};
    const logger = pino({ level: 'silent' });
    const as = (who: string) => ({ Authorization: `Bearer ${tokens[who] ?? who}` });

    beforeAll(async () => {
      ({ store, drop, config } = await openFresh(backend));
      tokens.lead = await addUser(store, { name: 'lead', role: 'lead', password: 'lead-password' });
      tokens.reviewer = await addUser(store, { name: 'reviewer', role: 'reviewer' });
      tokens.reviewer2 = await addUser(store, { name: 'reviewer2', role: 'reviewer' });
      tokens.agent = await addUser(store, { name: 'wangfang', role: 'agent', agentId: '1024', password: 'agent-password' });
      tokens.otherAgent = await addUser(store, { name: 'liqiang', role: 'agent', agentId: '2048' });
      tokens.integration = await addUser(store, { name: 'asr', role: 'integration' });
      tokens.gone = await addUser(store, { name: 'gone', role: 'admin' });
      await disableUser(store, 'gone');
      app = createApp({ logger, store, token: ENV_TOKEN });
    });
    afterAll(async () => {
      await store?.close();
      await drop?.();
    });

    let findingId: string;
    let appealId: string;

    it('stores a checked transcript (201), again is a no-op (200), other content under its id is 409', async () => {
      const created = await request(app).post('/v1/conversations').set(as('integration')).send(shirkCall('c-shirk'));
      expect(created.status).toBe(201);
      expect(created.body.id).toBe('c-shirk');
      const shirk = created.body.report.findings.find((f: { rule: string }) => f.rule === 'banned.shirk');
      expect(shirk.id).toEqual(expect.any(String));
      findingId = shirk.id;
      const again = await request(app).post('/v1/conversations').set(as('integration')).send(shirkCall('c-shirk'));
      expect(again.status).toBe(200);
      expect(again.body.report).toEqual(created.body.report);
      const changed = shirkCall('c-shirk');
      changed.turns[4].text = '您可以去网点办理,再见。';
      const conflict = await request(app).post('/v1/conversations').set(as('integration')).send(changed);
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.code).toBe('conflict');
      for (const [i, id] of ['c-chat-1', 'c-chat-2', 'c-chat-3'].entries()) {
        const res = await request(app)
          .post('/v1/conversations?batch=nightly')
          .set(as('reviewer'))
          .send(cleanChat(id, '2048', `2026-11-2${i + 1}T10:00:00+08:00`));
        expect(res.status).toBe(201);
      }
    });

    it('refuses missing, wrong and disabled tokens (401) and roles that may not act (403)', async () => {
      expect((await request(app).get('/v1/conversations')).status).toBe(401);
      expect((await request(app).get('/v1/conversations').set(as('nonsense'))).status).toBe(401);
      expect((await request(app).get('/v1/conversations').set(as('gone'))).status).toBe(401);
      const integrationRead = await request(app).get('/v1/conversations').set(as('integration'));
      expect(integrationRead.status).toBe(403);
      expect(integrationRead.body.error.code).toBe('forbidden');
      expect((await request(app).post('/v1/conversations').set(as('agent')).send(shirkCall('x'))).status).toBe(403);
      expect((await request(app).get('/v1/conversations/nope').set(as('reviewer'))).status).toBe(404);
      // TALKLINT_TOKEN keeps working, as an admin
      expect((await request(app).get('/v1/conversations').set(as(ENV_TOKEN))).status).toBe(200);
    });

    it('lists with filters and cursor paging; an agent sees only their own conversations', async () => {
      const all = await request(app).get('/v1/conversations').set(as('reviewer'));
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual(['c-chat-3', 'c-chat-2', 'c-chat-1', 'c-shirk']);
      expect(all.body.items[3]).toMatchObject({ agent: { id: '1024', name: '王芳' }, team: '信用卡一组', startedAt: '2026-11-20T09:15:00+08:00', status: 'unreviewed' });
      const first = await request(app).get('/v1/conversations?limit=3').set(as('reviewer'));
      expect(first.body.items).toHaveLength(3);
      const second = await request(app).get(`/v1/conversations?limit=3&cursor=${first.body.next}`).set(as('reviewer'));
      expect(second.body.items.map((i: { id: string }) => i.id)).toEqual(['c-shirk']);
      expect(second.body.next).toBeNull();
      const filtered = async (q: string) => (await request(app).get(`/v1/conversations?${q}`).set(as('lead'))).body.items.map((i: { id: string }) => i.id);
      expect(await filtered('rule=banned.shirk')).toEqual(['c-shirk']);
      expect(await filtered('agent=2048&from=2026-11-22&to=2026-11-23')).toEqual(['c-chat-3', 'c-chat-2']);
      expect(await filtered('team=信用卡一组')).toEqual(['c-shirk']);
      expect(await filtered('batch=nightly&grade=优秀')).toEqual(['c-chat-3', 'c-chat-2', 'c-chat-1']);
      expect((await request(app).get('/v1/conversations?status=bogus').set(as('lead'))).status).toBe(400);
      expect((await request(app).get('/v1/conversations?from=yesterday').set(as('lead'))).status).toBe(400);
      expect((await request(app).get('/v1/conversations?cursor=bogus').set(as('lead'))).status).toBe(400);
      const own = await request(app).get('/v1/conversations').set(as('agent'));
      expect(own.body.items.map((i: { id: string }) => i.id)).toEqual(['c-shirk']);
      // an agent's agent= filter cannot widen what they see
      expect((await request(app).get('/v1/conversations?agent=2048').set(as('agent'))).body.items.map((i: { id: string }) => i.id)).toEqual(['c-shirk']);
      expect((await request(app).get('/v1/conversations/c-shirk').set(as('otherAgent'))).status).toBe(403);
      expect((await request(app).get('/v1/conversations/c-shirk').set(as('agent'))).status).toBe(200);
    });

    it('rejecting a hit (误判) raises the reviewed score; a stale If-Match or a simultaneous review is 409', async () => {
      const before = await request(app).get('/v1/conversations/c-shirk').set(as('reviewer'));
      expect(before.body).toMatchObject({ id: 'c-shirk', status: 'unreviewed', reviews: [], appeals: [] });
      expect(before.body.reviewedReport.score).toBe(before.body.report.score);
      const etag = before.headers.etag;
      expect((await request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('agent')).send({ verdict: 'rejected' })).status).toBe(403);
      expect((await request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('reviewer')).send({ verdict: 'maybe' })).status).toBe(400);
      expect((await request(app).post('/v1/conversations/c-shirk/findings/nope/review').set(as('reviewer')).send({ verdict: 'confirmed' })).status).toBe(404);

      const [a, b] = await Promise.all([
        request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('reviewer')).set('If-Match', etag).send({ verdict: 'rejected', note: '客户自己说的' }),
        request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('reviewer2')).set('If-Match', etag).send({ verdict: 'confirmed' }),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const winner = a.status === 200 ? a : b;
      const stale = await request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('reviewer2')).set('If-Match', etag).send({ verdict: 'confirmed' });
      expect(stale.status).toBe(409);

      // settle it as rejected whoever won, so the rest of the suite knows the state
      const settled = winner === a ? winner : await request(app).post(`/v1/conversations/c-shirk/findings/${findingId}/review`).set(as('reviewer')).send({ verdict: 'rejected', note: '客户自己说的' });
      expect(settled.status).toBe(200);
      const shirk = before.body.report.findings.find((f: { id: string }) => f.id === findingId);
      expect(settled.body.status).toBe('reviewed');
      expect(settled.body.reviewedReport.findings.map((f: { id: string }) => f.id)).not.toContain(findingId);
      expect(settled.body.reviewedReport.score).toBe(Math.min(100, before.body.report.score + shirk.deduct));
      expect(settled.body.reviews.at(-1)).toMatchObject({ findingId, verdict: 'rejected', note: '客户自己说的', by: 'reviewer' });
      // nothing is overwritten: the automatic report stays as it was
      expect(settled.body.report).toEqual(before.body.report);
    });

    it('adds a missed finding (漏检) from the pack, with its deduction', async () => {
      const bad = await request(app).post('/v1/conversations/c-shirk/findings').set(as('reviewer')).send({ rule: 'no.such.rule', turn: 2 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.path).toBe('rule');
      expect((await request(app).post('/v1/conversations/c-shirk/findings').set(as('reviewer')).send({ rule: 'banned.impatient', turn: 99 })).status).toBe(400);
      const before = (await request(app).get('/v1/conversations/c-shirk').set(as('reviewer'))).body;
      const added = await request(app).post('/v1/conversations/c-shirk/findings').set(as('reviewer')).send({ rule: 'banned.impatient', turn: 2, note: '语气不耐烦' });
      expect(added.status).toBe(201);
      const finding = added.body.reviewedReport.findings.find((f: { rule: string }) => f.rule === 'banned.impatient');
      expect(finding).toMatchObject({ turn: 2, severity: 'error', note: '语气不耐烦' });
      expect(added.body.reviewedReport.score).toBe(Math.max(0, before.reviewedReport.score - finding.deduct));
      expect(added.body.findingStates[finding.id]).toMatchObject({ origin: 'added', verdict: 'confirmed' });
    });

    it('an agent appeals a confirmed finding; a lead accepts it once (finding removed), a second decision is 409', async () => {
      const view = (await request(app).get('/v1/conversations/c-shirk').set(as('reviewer'))).body;
      const closing = view.report.findings.find((f: { rule: string }) => f.rule === 'closing.missing');
      const path = `/v1/conversations/c-shirk/findings/${closing.id}/appeal`;
      expect((await request(app).post(path).set(as('agent')).send({ reason: '最后说了再见' })).status).toBe(409); // not confirmed yet
      await request(app).post(`/v1/conversations/c-shirk/findings/${closing.id}/review`).set(as('reviewer')).send({ verdict: 'confirmed' }).expect(200);
      expect((await request(app).post(path).set(as('reviewer')).send({ reason: 'x' })).status).toBe(403);
      expect((await request(app).post(path).set(as('otherAgent')).send({ reason: 'x' })).status).toBe(403);
      expect((await request(app).post(path).set(as('agent')).send({ reason: '' })).status).toBe(400);
      const appeal = await request(app).post(path).set(as('agent')).send({ reason: '我最后说了再见,转写漏了' });
      expect(appeal.status).toBe(201);
      appealId = appeal.body.appealId;
      expect((await request(app).post(path).set(as('agent')).send({ reason: 'again' })).status).toBe(409);
      const appealed = (await request(app).get('/v1/conversations/c-shirk').set(as('agent'))).body;
      expect(appealed.status).toBe('appealed');
      expect(appealed.appeals).toEqual([expect.objectContaining({ appealId, findingId: closing.id, state: 'open', by: 'wangfang', decision: null })]);
      // under appeal, reviewers can no longer change the finding
      expect((await request(app).post(`/v1/conversations/c-shirk/findings/${closing.id}/review`).set(as('reviewer')).send({ verdict: 'rejected' })).status).toBe(409);
      const queue = await request(app).get('/v1/appeals?state=open').set(as('lead'));
      expect(queue.body.items.map((a: { appealId: string }) => a.appealId)).toEqual([appealId]);
      expect((await request(app).get('/v1/appeals').set(as('otherAgent'))).body.items).toEqual([]);

      const decisionPath = `/v1/appeals/${appealId}/decision`;
      expect((await request(app).post(decisionPath).set(as('reviewer')).send({ accept: true })).status).toBe(403);
      expect((await request(app).post(decisionPath).set(as('agent')).send({ accept: true })).status).toBe(403);
      expect((await request(app).post('/v1/appeals/nope/decision').set(as('lead')).send({ accept: true })).status).toBe(404);
      expect((await request(app).post(decisionPath).set(as('lead')).send({ accept: 'yes' })).status).toBe(400);
      const decided = await request(app).post(decisionPath).set(as('lead')).send({ accept: true, note: '录音里有再见' });
      expect(decided.status).toBe(200);
      expect(decided.body.status).toBe('final');
      expect(decided.body.reviewedReport.findings.map((f: { id: string }) => f.id)).not.toContain(closing.id);
      expect(decided.body.reviewedReport.score).toBe(Math.min(100, appealed.reviewedReport.score + closing.deduct));
      expect(decided.body.appeals[0]).toMatchObject({ state: 'accepted', decision: { accept: true, note: '录音里有再见', by: 'lead' } });
      const again = await request(app).post(decisionPath).set(as(ENV_TOKEN)).send({ accept: false });
      expect(again.status).toBe(409);
    });

    it('signs a page in with a password: httpOnly SameSite=Strict cookie, CSRF token required on changes', async () => {
      expect((await request(app).post('/v1/session').send({ name: 'lead', password: 'wrong' })).status).toBe(401);
      const signIn = await request(app).post('/v1/session').send({ name: 'lead', password: 'lead-password' });
      expect(signIn.status).toBe(200);
      const cookie = signIn.headers['set-cookie'][0] as string;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      const cookieHeader = cookie.split(';')[0];
      const session = await request(app).get('/v1/session').set('Cookie', cookieHeader);
      expect(session.body).toMatchObject({ user: 'lead', role: 'lead', csrf: signIn.body.csrf });
      expect((await request(app).get('/v1/conversations').set('Cookie', cookieHeader)).status).toBe(200);
      const withoutCsrf = await request(app).post('/v1/conversations/c-chat-1/findings').set('Cookie', cookieHeader).send({ rule: 'banned.shirk', turn: 1 });
      expect(withoutCsrf.status).toBe(403);
      expect(withoutCsrf.body.error.code).toBe('csrf');
      const withCsrf = await request(app).post('/v1/conversations/c-chat-1/findings').set('Cookie', cookieHeader).set('X-CSRF-Token', signIn.body.csrf).send({ rule: 'banned.shirk', turn: 1 });
      expect(withCsrf.status).toBe(201);
      await request(app).delete('/v1/session').set('Cookie', cookieHeader).expect(204);
      expect((await request(app).get('/v1/session').set('Cookie', cookieHeader)).body).toEqual({ user: null });
      expect((await request(app).get('/v1/conversations').set('Cookie', cookieHeader)).status).toBe(401);
      await setPassword(store, 'reviewer', 'new-password');
      expect((await request(app).post('/v1/session').send({ name: 'reviewer', password: 'new-password' })).status).toBe(200);
    });

    it('stats by agent, team, rule and day follow the reviews', async () => {
      const byAgent = (await request(app).get('/v1/stats?by=agent').set(as('lead'))).body.rows;
      expect(byAgent).toHaveLength(2);
      const wang = byAgent.find((r: { key: string }) => r.key === '1024');
      const shirk = (await request(app).get('/v1/conversations/c-shirk').set(as('lead'))).body;
      expect(wang).toMatchObject({ name: '王芳', conversations: 1, avgScore: shirk.report.score, avgReviewedScore: shirk.reviewedReport.score, findings: shirk.reviewedReport.findings.length });
      const li = byAgent.find((r: { key: string }) => r.key === '2048');
      expect(li.conversations).toBe(3);
      const byRule = (await request(app).get('/v1/stats?by=rule').set(as('lead'))).body.rows;
      expect(byRule.find((r: { key: string }) => r.key === 'banned.shirk')).toMatchObject({ conversations: 2 });
      const byDay = (await request(app).get('/v1/stats?by=day&team=在线一组').set(as('lead'))).body.rows;
      expect(byDay.map((r: { key: string }) => r.key)).toEqual(['2026-11-21', '2026-11-22', '2026-11-23']);
      const byTeam = (await request(app).get('/v1/stats?by=team').set(as('agent'))).body.rows;
      expect(byTeam.map((r: { key: string }) => r.key)).toEqual(['信用卡一组']); // an agent's own only
      expect((await request(app).get('/v1/stats?by=week').set(as('lead'))).status).toBe(400);
    });

    it('exports one row per finding as CSV and XLSX with formula cells escaped', async () => {
      const formula = shirkCall('c-formula', '1024', { team: '=HYPERLINK("http://x","点我")', startedAt: '2026-11-19T08:00:00+08:00' });
      await request(app).post('/v1/conversations').set(as('reviewer')).send(formula).expect(201);
      const csv = await request(app).get('/v1/export?format=csv&agent=1024').set(as('lead'));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
      const findingsStored = (await request(app).get('/v1/conversations/c-formula').set(as('lead'))).body.report.findings.length
        + (await request(app).get('/v1/conversations/c-shirk').set(as('lead'))).body.report.findings.length + 1; // + the added one
      expect(lines).toHaveLength(1 + findingsStored);
      expect(csv.text).toContain(`"'=HYPERLINK(""http://x"",""点我"")"`);
      expect(lines.some((l) => l.includes(',=HYPERLINK'))).toBe(false);
      const xlsx = await request(app).get('/v1/export?format=xlsx&agent=1024').set(as('lead')).buffer(true).parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx.body);
      const sheet = workbook.worksheets[0];
      expect(sheet.rowCount).toBe(1 + findingsStored);
      const teams = sheet.getColumn(4).values.filter((v) => typeof v === 'string') as string[];
      expect(teams).toContain(`'=HYPERLINK("http://x","点我")`);
      expect(sheet.getColumn(4).values.some((v) => typeof v === 'object' && v !== null && 'formula' in v)).toBe(false);
      expect((await request(app).get('/v1/export?format=pdf').set(as('lead'))).status).toBe(400);
    });

    it('draws a reproducible sampling plan (抽检) and fills each reviewer queue', async () => {
      const plan = { name: '11月抽检', from: '2026-11-19', to: '2026-11-30', percent: 50, seed: 7, reviewers: ['reviewer', 'reviewer2'] };
      expect((await request(app).post('/v1/sampling-plans').set(as('reviewer')).send(plan)).status).toBe(403);
      const first = await request(app).post('/v1/sampling-plans').set(as('lead')).send(plan);
      expect(first.status).toBe(201);
      const second = await request(app).post('/v1/sampling-plans').set(as('lead')).send(plan);
      expect(second.body.byReason).toEqual(first.body.byReason);
      // every red line and 不合格 (by the automatic report) is in, and half of the rest of the five conversations in range
      const inRange = (await request(app).get('/v1/conversations?from=2026-11-19&to=2026-11-30').set(as('lead'))).body.items;
      const flagged = [];
      for (const item of inRange) {
        const { report } = (await request(app).get(`/v1/conversations/${item.id}`).set(as('lead'))).body;
        if (report.redLine || report.grade === '不合格') flagged.push(item.id);
      }
      expect(inRange).toHaveLength(5);
      expect((first.body.byReason.redLine ?? 0) + (first.body.byReason.failed ?? 0)).toBe(flagged.length);
      expect(first.body.byReason.random ?? 0).toBe(Math.round((5 - flagged.length) / 2));
      expect(first.body.byReviewer.reviewer + (first.body.byReviewer.reviewer2 ?? 0)).toBe(first.body.total);
      const queue = await request(app).get('/v1/conversations?assignee=reviewer').set(as('reviewer'));
      expect(queue.body.items.length).toBeGreaterThan(0);
      expect((await request(app).get('/v1/sampling-plans').set(as('reviewer'))).body.items).toHaveLength(2);
    });

    it('reports the false-hit rate per rule and lexicon entry with the rejected hit in context', async () => {
      const res = await request(app).get('/v1/false-hits').set(as('lead'));
      expect(res.status).toBe(200);
      expect(res.body.rules.find((r: { rule: string }) => r.rule === 'banned.shirk')).toMatchObject({ reviewed: 1, rejected: 1, rate: 1 });
      expect(res.body.rejected[0]).toMatchObject({ conversationId: 'c-shirk', findingId, rule: 'banned.shirk', note: '客户自己说的' });
      expect(res.body.rejected[0].context).toContain(res.body.rejected[0].text);
      expect(res.body.entries[0]).toMatchObject({ rule: 'banned.shirk', rejected: 1 });
      expect((await request(app).get('/v1/false-hits').set(as('agent'))).status).toBe(403);
    });

    it('stores any import format, read as POST /v1/check reads it', async () => {
      // a chat export as CSV, one row per message
      const csv = ['会话ID,角色,内容,工号,发送时间', 'c-csv,客户,在吗,3072,2026-11-10 10:00:00', 'c-csv,客服,您好,请问有什么可以帮您,3072,2026-11-10 10:00:05'].join('\n');
      const imported = await request(app).post('/v1/conversations').set(as('integration')).set('Content-Type', 'text/csv').send(csv);
      expect(imported.status).toBe(201);
      expect(imported.body.report).toMatchObject({ id: 'c-csv', agent: { id: '3072' }, source: { format: 'csv' } });
      expect((await request(app).post('/v1/conversations').set(as('integration')).set('Content-Type', 'image/png').send('x')).status).toBe(415);
    });

    it("opens the WebSocket stream with a user's token (header or ?token=) and refuses it without one once users exist", async () => {
      const server = await startServer({ store });
      try {
        const viaQuery = await StreamClient.connect(`${server.wsUrl}?token=${tokens.integration}`);
        viaQuery.ws.close();
        const viaHeader = await StreamClient.connect(server.wsUrl, { headers: { Authorization: `Bearer ${tokens.reviewer}` } });
        viaHeader.ws.close();
        await expect(StreamClient.connect(server.wsUrl)).rejects.toMatchObject({ status: 401 });
        await expect(StreamClient.connect(`${server.wsUrl}?token=${tokens.gone}`)).rejects.toMatchObject({ status: 401 });
      } finally {
        await server.close();
      }
    });

    it('keeps everything across a restart', async () => {
      const before = (await request(app).get('/v1/conversations/c-shirk').set(as('lead'))).body;
      await store.close();
      store = await openStore(config);
      app = createApp({ logger, store, token: ENV_TOKEN });
      const after = await request(app).get('/v1/conversations/c-shirk').set(as('lead'));
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before);
      expect((await request(app).get('/v1/conversations').set(as('agent'))).body.items.map((i: { id: string }) => i.id)).toEqual(['c-shirk', 'c-formula']);
    });
  });
}
