/**
 * Conversations in the store: storing a checked transcript (idempotent, keyed by
 * conversation id and content, so a retried batch or worker stores it once),
 * the filtered, paged list, and one conversation with its reviewed report.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Pack } from '../pack/load.js';
import type { GradeBands } from '../pack/schema.js';
import type { Finding, Report } from '../report/types.js';
import type { Transcript } from '../transcript/schema.js';
import { type ConversationBodiesTable, type ConversationsTable, type Db, type EventsTable, type FindingsTable, now, type Store } from './db.js';
import { type AppealView, type Derived, derive, type ReviewEvent, reviewedReport, type Status, type StoredFinding } from './reviewed.js';

/** A failure the caller can act on; the HTTP layer maps `code` to a status. */
export class StoreError extends Error {
  constructor(
    readonly code: 'not_found' | 'conflict' | 'forbidden' | 'invalid',
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export interface StoreInput {
  transcript: Transcript;
  report: Report;
  pack: Pack;
  /** the user (or `cli`) storing it */
  by: string;
  batch?: string;
}

const DAY = /^(\d{4}-\d{2}-\d{2})/;

function contentHash(transcript: Transcript): string {
  return createHash('sha256').update(JSON.stringify(transcript)).digest('hex');
}

function utcOrUndefined(time: string | undefined): string | undefined {
  if (!time) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function findingRows(conversationId: string, findings: readonly Finding[], pack: Pack): FindingsTable[] {
  const redLineRules = new Set(pack.rules.filter((r) => r.redLine).map((r) => r.rule.meta.id));
  return findings.map((f, position) => ({
    conversation_id: conversationId,
    finding_id: f.id,
    origin: 'auto',
    position,
    rule: f.rule,
    severity: f.severity,
    turn: f.turn,
    red_line: redLineRules.has(f.rule) ? 1 : 0,
    deduct: f.deduct,
    body: JSON.stringify(f),
    seq: null,
  }));
}

/**
 * Checks nothing: stores a transcript with the report it got. Storing the same
 * id with the same transcript again returns `created: false`; a different
 * transcript under a stored id is a conflict (nothing is overwritten).
 */
export async function storeConversation(store: Store, input: StoreInput): Promise<{ id: string; created: boolean }> {
  const { transcript, report, pack } = input;
  const id = report.id;
  const meta = report;
  const hash = contentHash(transcript);
  const storedAt = now();
  const { findings } = report;
  const rows = findingRows(id, findings, pack);
  const row: ConversationsTable = {
    id,
    content_hash: hash,
    source_format: report.source.format,
    pack: pack.name,
    pack_version: pack.version,
    grades: JSON.stringify(pack.grades),
    agent_id: meta.agent?.id ?? null,
    agent_name: meta.agent?.name ?? null,
    team: meta.team ?? null,
    started_at: meta.startedAt ?? null,
    started_day: DAY.exec(meta.startedAt ?? '')?.[1] ?? storedAt.slice(0, 10),
    sort_at: utcOrUndefined(meta.startedAt) ?? storedAt,
    batch: input.batch ?? null,
    stored_by: input.by,
    stored_at: storedAt,
    score: report.score,
    grade: report.grade,
    red_line: report.redLine ? 1 : 0,
    finding_count: findings.length,
    version: 0,
    reviewed_score: report.score,
    reviewed_grade: report.grade,
    reviewed_red_line: report.redLine ? 1 : 0,
    reviewed_finding_count: findings.length,
    status: 'unreviewed',
  };
  return store.db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('conversations').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
      const existing = await trx.selectFrom('conversations').select('content_hash').where('id', '=', id).executeTakeFirstOrThrow();
      if (existing.content_hash !== hash) {
        throw new StoreError('conflict', `a different conversation is already stored under id ${JSON.stringify(id)}; stored conversations are never overwritten`, 'id');
      }
      return { id, created: false };
    }
    await trx.insertInto('conversation_bodies').values({ id, transcript: JSON.stringify(transcript), report: JSON.stringify(report) }).execute();
    if (rows.length > 0) await trx.insertInto('findings').values(rows).execute();
    return { id, created: true };
  });
}

export interface ConversationFilters {
  agent?: string;
  team?: string;
  /** ISO date (YYYY-MM-DD, on the local day of startedAt) or time, inclusive */
  from?: string;
  to?: string;
  grade?: string;
  rule?: string;
  status?: Status;
  redLine?: boolean;
  batch?: string;
  /** conversations a sampling plan assigned to this reviewer */
  assignee?: string;
}

export interface ListItem {
  id: string;
  agent: { id?: string; name?: string } | null;
  team: string | null;
  startedAt: string | null;
  score: number;
  reviewedScore: number;
  grade: string;
  redLine: boolean;
  status: string;
}

/** Applies the filters to a query over `conversations` (shared by the list, stats and export). */
export function applyFilters<Q extends { where: (...args: any[]) => Q }>(query: Q, filters: ConversationFilters, db: Db): Q {
  let q = query;
  if (filters.agent !== undefined) q = q.where('conversations.agent_id', '=', filters.agent);
  if (filters.team !== undefined) q = q.where('conversations.team', '=', filters.team);
  for (const [bound, op] of [
    [filters.from, '>='],
    [filters.to, '<='],
  ] as const) {
    if (bound === undefined) continue;
    if (/^\d{4}-\d{2}-\d{2}$/.test(bound)) q = q.where('conversations.started_day', op, bound);
    else q = q.where('conversations.sort_at', op, new Date(bound).toISOString());
  }
  if (filters.grade !== undefined) q = q.where('conversations.reviewed_grade', '=', filters.grade);
  if (filters.status !== undefined) q = q.where('conversations.status', '=', filters.status);
  if (filters.redLine !== undefined) q = q.where('conversations.reviewed_red_line', '=', filters.redLine ? 1 : 0);
  if (filters.batch !== undefined) q = q.where('conversations.batch', '=', filters.batch);
  if (filters.rule !== undefined) {
    const rule = filters.rule;
    q = q.where((eb: any) =>
      eb.exists(db.selectFrom('findings').select('findings.finding_id').where('findings.conversation_id', '=', sql.ref<string>('conversations.id')).where('findings.rule', '=', rule)),
    );
  }
  if (filters.assignee !== undefined) {
    const reviewer = filters.assignee;
    q = q.where((eb: any) =>
      eb.exists(db.selectFrom('assignments').select('assignments.plan_id').where('assignments.conversation_id', '=', sql.ref<string>('conversations.id')).where('assignments.reviewer', '=', reviewer)),
    );
  }
  return q;
}

const encodeCursor = (sortAt: string, id: string) => Buffer.from(JSON.stringify([sortAt, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw new StoreError('invalid', 'cursor is not one this server gave out', 'cursor');
}

export const MAX_PAGE = 500;

/** Newest first (by startedAt, else the time stored); `next` is the cursor of the following page, or null. */
export async function listConversations(
  store: Store,
  filters: ConversationFilters,
  page: { limit?: number; cursor?: string } = {},
): Promise<{ items: ListItem[]; next: string | null }> {
  const limit = Math.min(Math.max(1, page.limit ?? 50), MAX_PAGE);
  let query = applyFilters(store.db.selectFrom('conversations'), filters, store.db);
  if (page.cursor) {
    const [sortAt, id] = decodeCursor(page.cursor);
    query = query.where((eb) => eb.or([eb('sort_at', '<', sortAt), eb.and([eb('sort_at', '=', sortAt), eb('id', '<', id)])]));
  }
  const rows = await query
    .select(['id', 'agent_id', 'agent_name', 'team', 'started_at', 'sort_at', 'score', 'reviewed_score', 'reviewed_grade', 'reviewed_red_line', 'status'])
    .orderBy('sort_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    agent: r.agent_id === null && r.agent_name === null ? null : { ...(r.agent_id !== null && { id: r.agent_id }), ...(r.agent_name !== null && { name: r.agent_name }) },
    team: r.team,
    startedAt: r.started_at,
    score: r.score,
    reviewedScore: r.reviewed_score,
    grade: r.reviewed_grade,
    redLine: r.reviewed_red_line === 1,
    status: r.status,
  }));
  const last = rows[limit - 1];
  return { items, next: rows.length > limit ? encodeCursor(last.sort_at, last.id) : null };
}

export function storedFinding(row: Pick<FindingsTable, 'finding_id' | 'origin' | 'red_line' | 'body'>): StoredFinding {
  return { id: row.finding_id, origin: row.origin as StoredFinding['origin'], redLine: row.red_line === 1, finding: JSON.parse(row.body) };
}

export function reviewEvent(row: EventsTable): ReviewEvent {
  return {
    seq: row.seq,
    kind: row.kind as ReviewEvent['kind'],
    findingId: row.finding_id,
    verdict: row.verdict,
    note: row.note,
    appealSeq: row.appeal_seq,
    appealId: row.appeal_id,
    by: row.by_user,
    at: row.at,
  };
}

/** A conversation's rows, read in one transaction or connection. */
export interface Loaded {
  row: ConversationsTable & ConversationBodiesTable;
  findings: StoredFinding[];
  events: ReviewEvent[];
  derived: Derived;
}

export async function loadConversation(db: Db, id: string): Promise<Loaded | undefined> {
  const row = await db
    .selectFrom('conversations')
    .innerJoin('conversation_bodies', 'conversation_bodies.id', 'conversations.id')
    .selectAll('conversations')
    .select(['conversation_bodies.transcript', 'conversation_bodies.report'])
    .where('conversations.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const [findingRows, eventRows] = await Promise.all([
    db.selectFrom('findings').select(['finding_id', 'origin', 'red_line', 'body', 'position', 'seq']).where('conversation_id', '=', id).execute(),
    db.selectFrom('events').selectAll().where('conversation_id', '=', id).orderBy('seq').execute(),
  ]);
  // the checker's findings in report order, then the added ones in the order they were added
  findingRows.sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1) || a.position - b.position);
  const findings = findingRows.map(storedFinding);
  const events = eventRows.map(reviewEvent);
  return { row, findings, events, derived: derive(findings, events, JSON.parse(row.grades) as GradeBands) };
}

export interface ConversationView {
  id: string;
  transcript: Transcript;
  report: Report;
  reviewedReport: Report;
  status: Status;
  /** every review and added finding, oldest first */
  reviews: Array<{ findingId: string; kind: 'review' | 'added'; verdict: string; note?: string; by: string; at: string }>;
  appeals: AppealView[];
  /** each finding's current verdict and appeal, by finding id */
  findingStates: Record<string, { origin: string; verdict: string | null; appealId: string | null; appealState: string | null; removed: boolean }>;
  /** the optimistic lock: send it back as If-Match */
  version: number;
  sourceFormat: string;
  batch: string | null;
}

export function viewOf({ row, findings, events, derived }: Loaded): ConversationView {
  const report = JSON.parse(row.report) as Report;
  return {
    id: row.id,
    transcript: JSON.parse(row.transcript),
    report,
    reviewedReport: reviewedReport(report, derived),
    status: derived.status,
    reviews: events
      .filter((e) => e.kind === 'review' || e.kind === 'added')
      .map((e) => ({
        findingId: e.findingId,
        kind: e.kind as 'review' | 'added',
        verdict: e.kind === 'added' ? 'added' : e.verdict!,
        ...(e.note && { note: e.note }),
        by: e.by,
        at: e.at,
      })),
    appeals: derived.appeals,
    findingStates: Object.fromEntries(
      findings.map((f) => {
        const state = derived.findings.get(f.id)!;
        return [f.id, { origin: f.origin, verdict: state.verdict, appealId: state.appeal?.appealId ?? null, appealState: state.appeal?.state ?? null, removed: state.removed }];
      }),
    ),
    version: row.version,
    sourceFormat: row.source_format,
    batch: row.batch,
  };
}

export async function getConversation(store: Store, id: string): Promise<ConversationView | undefined> {
  const loaded = await loadConversation(store.db, id);
  return loaded && viewOf(loaded);
}

/** Deletes conversations (with their findings, reviews, appeals) that started, or were stored, before `before`: retention. */
export async function purgeBefore(store: Store, before: string): Promise<number> {
  const bound = new Date(before).toISOString();
  return store.db.transaction().execute(async (trx) => {
    const ids = (await trx.selectFrom('conversations').select('id').where('sort_at', '<', bound).execute()).map((r) => r.id);
    // children first: cascades are declared, but one explicit order works whatever the connection's settings
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      await trx.deleteFrom('assignments').where('conversation_id', 'in', chunk).execute();
      await trx.deleteFrom('events').where('conversation_id', 'in', chunk).execute();
      await trx.deleteFrom('findings').where('conversation_id', 'in', chunk).execute();
      await trx.deleteFrom('conversation_bodies').where('id', 'in', chunk).execute();
      await trx.deleteFrom('conversations').where('id', 'in', chunk).execute();
    }
    return ids.length;
  });
}
