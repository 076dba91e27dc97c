/**
 * Contract section 6 over HTTP: stored conversations, per-finding review,
 * added findings, appeals and decisions, stats and export, plus the sampling
 * plans (抽检) with their reviewer queues and the false-hit feedback. Every
 * route needs a principal (set by the /v1 gate in app.ts) and checks its role.
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { type ConversationFilters, listConversations, loadConversation, StoreError, storeConversation, viewOf } from '../src/store/conversations.js';
import type { Store } from '../src/store/db.js';
import { exportCsv, exportXlsx } from '../src/store/export.js';
import { falseHits } from '../src/store/feedback.js';
import { STATUSES } from '../src/store/reviewed.js';
import { createSamplingPlan, listSamplingPlans } from '../src/store/sampling.js';
import { STATS_GROUPS, type StatsGroup, stats } from '../src/store/stats.js';
import type { Principal, Role } from '../src/store/users.js';
import { addFinding, appealFinding, assertVisible, decideAppeal, listAppeals, reviewFinding } from '../src/store/workflow.js';
import type { CheckPool } from './check-pool.js';
import { checkBody, checkBodyParsers } from './checked-body.js';
import { ApiError, formatPath } from './errors.js';

const READERS: readonly Role[] = ['agent', 'reviewer', 'lead', 'admin'];
const REVIEWERS: readonly Role[] = ['reviewer', 'lead', 'admin'];
const DECIDERS: readonly Role[] = ['lead', 'admin'];
const WRITERS: readonly Role[] = ['reviewer', 'lead', 'admin', 'integration'];

function principalOf(res: Response): Principal {
  const principal = res.locals.principal as Principal | undefined;
  if (!principal) throw new ApiError(401, 'unauthorized', 'sign in, or send "Authorization: Bearer <token>"');
  return principal;
}

function allow(res: Response, roles: readonly Role[]): Principal {
  const principal = principalOf(res);
  if (!roles.includes(principal.role)) throw new ApiError(403, 'forbidden', `role ${principal.role} may not do this (needs ${roles.join(' or ')})`);
  return principal;
}

function apiError(err: StoreError): ApiError {
  const status = { not_found: 404, conflict: 409, forbidden: 403, invalid: 400 }[err.code];
  return new ApiError(status, err.code, err.message, err.path);
}

/** Runs a handler, turning store failures into API errors. */
const handle = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
  try {
    await fn(req, res);
  } catch (err) {
    throw err instanceof StoreError ? apiError(err) : err;
  }
};

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new ApiError(400, 'invalid_body', issue.message, formatPath(issue.path) || undefined);
  }
  return result.data;
}

const query = (req: Request, name: string) => (typeof req.query[name] === 'string' && req.query[name] !== '' ? (req.query[name] as string) : undefined);

const DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The contract's filters from the query string; an agent only ever sees their own conversations. */
function filtersOf(req: Request, principal: Principal): ConversationFilters {
  const filters: ConversationFilters = {};
  for (const name of ['agent', 'team', 'grade', 'rule', 'batch', 'assignee'] as const) {
    const value = query(req, name);
    if (value !== undefined) filters[name] = value;
  }
  for (const name of ['from', 'to'] as const) {
    const value = query(req, name);
    if (value === undefined) continue;
    if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new ApiError(400, 'invalid_query', `${name} must be an ISO date (2026-11-22) or time`, `query.${name}`);
    filters[name] = value;
  }
  const status = query(req, 'status');
  if (status !== undefined) {
    if (!(STATUSES as readonly string[]).includes(status)) throw new ApiError(400, 'invalid_query', `status must be one of ${STATUSES.join(', ')}`, 'query.status');
    filters.status = status as ConversationFilters['status'];
  }
  const redLine = query(req, 'redLine');
  if (redLine !== undefined) filters.redLine = redLine === 'true';
  if (principal.role === 'agent') filters.agent = principal.agentId ?? '\u0000no agent id';
  return filters;
}

/** If-Match: "<version>" (the ETag of GET /v1/conversations/:id), when the client sends it. */
function expectedVersion(req: Request): number | undefined {
  const raw = req.headers['if-match'];
  if (raw === undefined) return undefined;
  const version = Number(String(raw).replace(/^W\//, '').replace(/"/g, ''));
  if (!Number.isInteger(version)) throw new ApiError(400, 'invalid_header', 'If-Match must be the ETag of the conversation', 'If-Match');
  return version;
}

function sendConversation(res: Response, status: number, view: { version: number }) {
  res.status(status).set('ETag', `"${view.version}"`).json(view);
}

const ReviewBody = z.object({ verdict: z.enum(['confirmed', 'rejected'], { error: 'verdict must be "confirmed" or "rejected"' }), note: z.string().max(2000).optional() });
const AddedBody = z.object({ rule: z.string().min(1, 'rule is required'), turn: z.number().int('turn must be an integer'), note: z.string().max(2000).optional() });
const AppealBody = z.object({ reason: z.string().trim().min(1, 'reason is required').max(2000) });
const DecisionBody = z.object({ accept: z.boolean({ error: 'accept must be true or false' }), note: z.string().max(2000).optional() });
const PlanBody = z.object({
  name: z.string().min(1).max(200),
  from: z.string().regex(DATE).optional(),
  to: z.string().regex(DATE).optional(),
  batch: z.string().optional(),
  redLines: z.boolean().default(true),
  failed: z.boolean().default(true),
  percent: z.number().min(0).max(100).default(10),
  seed: z.number().int().default(1),
  reviewers: z.array(z.string().min(1)).min(1, 'name at least one reviewer'),
});

export function reviewRouter(store: Store, options: { bodyLimit?: string | number; checkPool: CheckPool }): Router {
  const router = express.Router();
  const json = express.json({ limit: '64kb' });

  router.post(
    '/conversations',
    // the role first: a body is not read for someone who may not store it
    (_req, res, next) => {
      allow(res, WRITERS);
      next();
    },
    ...checkBodyParsers(options.bodyLimit ?? '1mb'),
    handle(async (req, res) => {
      const principal = principalOf(res);
      const { checked, many } = await checkBody(req, res, options.checkPool);
      const results = [];
      let created = false;
      for (const { transcript, report, pack } of checked) {
        const stored = await storeConversation(store, { transcript, report, pack, by: principal.user, batch: query(req, 'batch') });
        created ||= stored.created;
        results.push({ id: stored.id, report, created: stored.created });
      }
      res.locals.transcripts = results.length;
      // 200 when everything was stored before (a retry), 201 when something is new
      res.status(created ? 201 : 200).json(many ? { items: results } : results[0]);
    }),
  );

  router.get(
    '/conversations',
    handle(async (req, res) => {
      const principal = allow(res, READERS);
      const limit = query(req, 'limit') === undefined ? undefined : Number(query(req, 'limit'));
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new ApiError(400, 'invalid_query', 'limit must be a positive integer', 'query.limit');
      res.json(await listConversations(store, filtersOf(req, principal), { limit, cursor: query(req, 'cursor') }));
    }),
  );

  router.get(
    '/conversations/:id',
    handle(async (req, res) => {
      const principal = allow(res, READERS);
      const loaded = await loadConversation(store.db, String(req.params.id));
      if (!loaded) throw new ApiError(404, 'not_found', `no stored conversation ${JSON.stringify(req.params.id)}`);
      assertVisible(principal, loaded);
      sendConversation(res, 200, viewOf(loaded));
    }),
  );

  router.post(
    '/conversations/:id/findings/:findingId/review',
    json,
    handle(async (req, res) => {
      const principal = allow(res, REVIEWERS);
      const body = parseBody(ReviewBody, req.body);
      sendConversation(res, 200, await reviewFinding(store, String(req.params.id), String(req.params.findingId), body, principal, expectedVersion(req)));
    }),
  );

  router.post(
    '/conversations/:id/findings',
    json,
    handle(async (req, res) => {
      const principal = allow(res, REVIEWERS);
      const body = parseBody(AddedBody, req.body);
      sendConversation(res, 201, await addFinding(store, String(req.params.id), body, principal, expectedVersion(req)));
    }),
  );

  router.post(
    '/conversations/:id/findings/:findingId/appeal',
    json,
    handle(async (req, res) => {
      const principal = allow(res, ['agent']);
      const { reason } = parseBody(AppealBody, req.body);
      const { appealId } = await appealFinding(store, String(req.params.id), String(req.params.findingId), reason, principal);
      res.status(201).json({ appealId });
    }),
  );

  router.post(
    '/appeals/:appealId/decision',
    json,
    handle(async (req, res) => {
      const principal = allow(res, DECIDERS);
      const body = parseBody(DecisionBody, req.body);
      sendConversation(res, 200, await decideAppeal(store, String(req.params.appealId), body, principal));
    }),
  );

  router.get(
    '/appeals',
    handle(async (req, res) => {
      const principal = allow(res, READERS);
      const state = query(req, 'state');
      res.json({ items: await listAppeals(store, principal, state) });
    }),
  );

  router.get(
    '/stats',
    handle(async (req, res) => {
      const principal = allow(res, READERS);
      const by = query(req, 'by') ?? 'day';
      if (!(STATS_GROUPS as readonly string[]).includes(by)) throw new ApiError(400, 'invalid_query', `by must be one of ${STATS_GROUPS.join(', ')}`, 'query.by');
      res.json({ rows: await stats(store, by as StatsGroup, filtersOf(req, principal)) });
    }),
  );

  router.get(
    '/export',
    handle(async (req, res) => {
      const principal = allow(res, READERS);
      const format = query(req, 'format') ?? 'csv';
      const filters = filtersOf(req, principal);
      const day = new Date().toISOString().slice(0, 10);
      if (format === 'csv') {
        res.type('text/csv; charset=utf-8').attachment(`talklint-${day}.csv`).send(await exportCsv(store, filters));
      } else if (format === 'xlsx') {
        res.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').attachment(`talklint-${day}.xlsx`).send(await exportXlsx(store, filters));
      } else {
        throw new ApiError(400, 'invalid_query', 'format must be csv or xlsx', 'query.format');
      }
    }),
  );

  router.get(
    '/false-hits',
    handle(async (req, res) => {
      const principal = allow(res, REVIEWERS);
      res.json(await falseHits(store, filtersOf(req, principal)));
    }),
  );

  router.post(
    '/sampling-plans',
    json,
    handle(async (req, res) => {
      const principal = allow(res, DECIDERS);
      const body = parseBody(PlanBody, req.body);
      res.status(201).json(await createSamplingPlan(store, body, principal.user));
    }),
  );

  router.get(
    '/sampling-plans',
    handle(async (_req, res) => {
      allow(res, REVIEWERS);
      res.json({ items: await listSamplingPlans(store) });
    }),
  );

  return router;
}
