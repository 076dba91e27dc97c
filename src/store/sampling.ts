/**
 * Sampling plans (抽检): over a date range or batch, every red line and every
 * 不合格 (by the automatic report, what the machine flagged), plus N % of the
 * rest drawn with a seed, so the same plan over the same conversations always
 * draws the same ones; spread over the reviewers in turn, each with a queue
 * (GET /v1/conversations?assignee=NAME).
 */
import { randomUUID } from 'node:crypto';
import { applyFilters } from './conversations.js';
import { now, type Store } from './db.js';
import { seededRandom } from '../util/seeded-random.js';

export interface SamplingPlanInput {
  name: string;
  from?: string;
  to?: string;
  batch?: string;
  /** include every conversation with a red line */
  redLines: boolean;
  /** include every 不合格 */
  failed: boolean;
  /** percentage of the other conversations drawn at random */
  percent: number;
  seed: number;
  reviewers: string[];
}

export interface SamplingPlan {
  id: string;
  name: string;
  createdBy: string;
  createdAt: string;
  params: SamplingPlanInput;
  total: number;
  byReviewer: Record<string, number>;
  byReason: Record<string, number>;
}

/** Which conversations the plan takes and why, in a reproducible order (by id, then the seeded draw). */
export function drawSample(
  candidates: ReadonlyArray<{ id: string; redLine: boolean; failed: boolean }>,
  plan: Pick<SamplingPlanInput, 'redLines' | 'failed' | 'percent' | 'seed'>,
): Array<{ id: string; reason: 'redLine' | 'failed' | 'random' }> {
  const sorted = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const taken: Array<{ id: string; reason: 'redLine' | 'failed' | 'random' }> = [];
  const rest: string[] = [];
  for (const c of sorted) {
    if (plan.redLines && c.redLine) taken.push({ id: c.id, reason: 'redLine' });
    else if (plan.failed && c.failed) taken.push({ id: c.id, reason: 'failed' });
    else rest.push(c.id);
  }
  // a seeded Fisher-Yates shuffle of the rest, then its first N %
  const random = seededRandom(plan.seed);
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j], rest[i]];
  }
  const count = Math.round((rest.length * plan.percent) / 100);
  for (const id of rest.slice(0, count)) taken.push({ id, reason: 'random' });
  return taken;
}

function summarise(assignments: ReadonlyArray<{ reviewer: string; reason: string }>) {
  const byReviewer: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  for (const a of assignments) {
    byReviewer[a.reviewer] = (byReviewer[a.reviewer] ?? 0) + 1;
    byReason[a.reason] = (byReason[a.reason] ?? 0) + 1;
  }
  return { total: assignments.length, byReviewer, byReason };
}

export async function createSamplingPlan(store: Store, params: SamplingPlanInput, createdBy: string): Promise<SamplingPlan> {
  const { db } = store;
  const rows = await applyFilters(db.selectFrom('conversations'), { from: params.from, to: params.to, batch: params.batch }, db)
    .select(['id', 'red_line', 'grade'])
    .execute();
  const drawn = drawSample(
    rows.map((r) => ({ id: r.id, redLine: r.red_line === 1, failed: r.grade === '不合格' })),
    params,
  );
  const id = randomUUID();
  const createdAt = now();
  const assignments = drawn.map((d, i) => ({ plan_id: id, conversation_id: d.id, reviewer: params.reviewers[i % params.reviewers.length], reason: d.reason }));
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('sampling_plans').values({ id, name: params.name, params: JSON.stringify(params), created_by: createdBy, created_at: createdAt }).execute();
    for (let i = 0; i < assignments.length; i += 500) await trx.insertInto('assignments').values(assignments.slice(i, i + 500)).execute();
  });
  return { id, name: params.name, createdBy, createdAt, params, ...summarise(assignments) };
}

export async function listSamplingPlans(store: Store): Promise<SamplingPlan[]> {
  const plans = await store.db.selectFrom('sampling_plans').selectAll().orderBy('created_at', 'desc').execute();
  const assignments = await store.db.selectFrom('assignments').select(['plan_id', 'reviewer', 'reason']).execute();
  return plans.map((p) => ({
    id: p.id,
    name: p.name,
    createdBy: p.created_by,
    createdAt: p.created_at,
    params: JSON.parse(p.params),
    ...summarise(assignments.filter((a) => a.plan_id === p.id)),
  }));
}
