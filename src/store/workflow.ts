/**
 * The review and appeal workflow (contract section 6). Every action appends one
 * event row whose sequence number is the conversation's next version, and moves
 * the version in the same transaction only if nobody else moved it first: two
 * reviewers acting at once get a conflict, never a lost update.
 */
import { randomBytes } from 'node:crypto';
import { loadPack } from '../pack/load.js';
import type { Principal } from './users.js';
import { type Db, type EventsTable, type FindingsTable, isUniqueViolation, now, type Store } from './db.js';
import { type ConversationView, type Loaded, loadConversation, StoreError, viewOf } from './conversations.js';
import type { Verdict } from './reviewed.js';

interface Append {
  event: Omit<EventsTable, 'conversation_id' | 'seq' | 'by_user' | 'at'>;
  /** a finding the event adds (漏检) */
  finding?: Omit<FindingsTable, 'conversation_id' | 'seq'>;
}

/**
 * Loads the conversation, lets `decide` turn its current state into one event
 * (or throw), then appends it. `expectedVersion` (If-Match) makes a stale page a conflict.
 */
async function append(
  store: Store,
  conversationId: string,
  by: Principal,
  expectedVersion: number | undefined,
  decide: (loaded: Loaded) => Append,
): Promise<{ view: ConversationView; seq: number }> {
  try {
    return await store.db.transaction().execute(async (trx) => {
      const loaded = await loadConversation(trx as Db, conversationId);
      if (!loaded) throw new StoreError('not_found', `no stored conversation ${JSON.stringify(conversationId)}`);
      if (expectedVersion !== undefined && expectedVersion !== loaded.row.version) {
        throw new StoreError('conflict', `the conversation changed since you read it (version ${expectedVersion}, now ${loaded.row.version}): reload it`);
      }
      const { event, finding } = decide(loaded);
      const seq = loaded.row.version + 1;
      const eventRow: EventsTable = { ...event, conversation_id: conversationId, seq, by_user: by.user, at: now() };
      await trx.insertInto('events').values(eventRow).execute();
      if (finding) await trx.insertInto('findings').values({ ...finding, conversation_id: conversationId, seq }).execute();
      // read back what the rows now say: the projection below is exactly the derivation of the stored rows
      const after = (await loadConversation(trx as Db, conversationId))!;
      const { derived } = after;
      const moved = await trx
        .updateTable('conversations')
        .set({
          version: seq,
          reviewed_score: derived.score.score,
          reviewed_grade: derived.score.grade,
          reviewed_red_line: derived.score.redLine ? 1 : 0,
          reviewed_finding_count: derived.reviewedFindings.length,
          status: derived.status,
        })
        .where('id', '=', conversationId)
        .where('version', '=', loaded.row.version)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw new StoreError('conflict', 'someone else changed the conversation at the same moment: reload it');
      after.row.version = seq;
      return { view: viewOf(after), seq };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new StoreError('conflict', 'someone else changed the conversation at the same moment: reload it');
    throw err;
  }
}

function canSee(principal: Principal, loaded: Loaded): boolean {
  return principal.role !== 'agent' || (principal.agentId !== undefined && principal.agentId === loaded.row.agent_id);
}

/** The conversation for a principal who may read it: agents only their own (403 otherwise). */
export function assertVisible(principal: Principal, loaded: Loaded): void {
  if (!canSee(principal, loaded)) throw new StoreError('forbidden', 'this conversation belongs to another agent');
}

function findingOf(loaded: Loaded, findingId: string) {
  const state = loaded.derived.findings.get(findingId);
  if (!state) throw new StoreError('not_found', `conversation ${loaded.row.id} has no finding ${JSON.stringify(findingId)}`, 'findingId');
  return state;
}

export async function reviewFinding(
  store: Store,
  conversationId: string,
  findingId: string,
  review: { verdict: Verdict; note?: string },
  by: Principal,
  expectedVersion?: number,
): Promise<ConversationView> {
  const { view } = await append(store, conversationId, by, expectedVersion, (loaded) => {
    const state = findingOf(loaded, findingId);
    if (state.appeal) throw new StoreError('conflict', 'this finding is under appeal or decided: only the appeal decides it now');
    return { event: { kind: 'review', finding_id: findingId, verdict: review.verdict, note: review.note ?? null, appeal_seq: null, appeal_id: null } };
  });
  return view;
}

/** A finding the checker missed (漏检): the rule's severity, deduction and red line come from the conversation's pack. */
export async function addFinding(
  store: Store,
  conversationId: string,
  added: { rule: string; turn: number; note?: string },
  by: Principal,
  expectedVersion?: number,
): Promise<ConversationView> {
  const { view } = await append(store, conversationId, by, expectedVersion, (loaded) => {
    const pack = loadPack(loaded.row.pack);
    const effective = pack.rules.find((r) => r.rule.meta.id === added.rule);
    if (!effective) throw new StoreError('invalid', `pack ${pack.name} has no rule ${JSON.stringify(added.rule)}`, 'rule');
    const turns = (JSON.parse(loaded.row.transcript) as { turns: unknown[] }).turns.length;
    if (!Number.isInteger(added.turn) || added.turn < 0 || added.turn >= turns) {
      throw new StoreError('invalid', `turn must be an index from 0 to ${turns - 1}`, 'turn');
    }
    const id = `added-${loaded.row.version + 1}`;
    const finding = {
      id,
      rule: added.rule,
      severity: effective.severity,
      turn: added.turn,
      message: `${effective.rule.meta.description}(人工补充)`,
      deduct: effective.deduct,
      ...(added.note && { note: added.note }),
    };
    return {
      event: { kind: 'added', finding_id: id, verdict: null, note: added.note ?? null, appeal_seq: null, appeal_id: null },
      finding: {
        finding_id: id,
        origin: 'added',
        position: loaded.findings.length,
        rule: added.rule,
        severity: effective.severity,
        turn: added.turn,
        red_line: effective.redLine ? 1 : 0,
        deduct: effective.deduct,
        body: JSON.stringify(finding),
      },
    };
  });
  return view;
}

/** The agent's appeal of a confirmed finding in their own conversation; one appeal per finding. */
export async function appealFinding(
  store: Store,
  conversationId: string,
  findingId: string,
  reason: string,
  by: Principal,
): Promise<{ appealId: string; view: ConversationView }> {
  const appealId = randomBytes(9).toString('base64url');
  const { view } = await append(store, conversationId, by, undefined, (loaded) => {
    assertVisible(by, loaded);
    const state = findingOf(loaded, findingId);
    if (state.appeal) throw new StoreError('conflict', `this finding was appealed already (appeal ${state.appeal.appealId}, ${state.appeal.state})`);
    if (state.verdict !== 'confirmed') throw new StoreError('conflict', 'only a confirmed finding can be appealed: this one is not confirmed by a reviewer');
    return { event: { kind: 'appeal', finding_id: findingId, verdict: null, note: reason, appeal_seq: null, appeal_id: appealId } };
  });
  return { appealId, view };
}

/** A lead's decision: final; a second decision on the same appeal is a conflict. */
export async function decideAppeal(store: Store, appealId: string, decision: { accept: boolean; note?: string }, by: Principal): Promise<ConversationView> {
  const appeal = await store.db.selectFrom('events').select(['conversation_id', 'seq', 'finding_id']).where('appeal_id', '=', appealId).executeTakeFirst();
  if (!appeal) throw new StoreError('not_found', `no appeal ${JSON.stringify(appealId)}`);
  const { view } = await append(store, appeal.conversation_id, by, undefined, (loaded) => {
    const state = loaded.derived.appeals.find((a) => a.appealId === appealId)!;
    if (state.decision) throw new StoreError('conflict', `appeal ${appealId} was decided already (${state.state} by ${state.decision.by}); decisions are final`);
    return {
      event: { kind: 'decision', finding_id: appeal.finding_id, verdict: decision.accept ? 'accepted' : 'refused', note: decision.note ?? null, appeal_seq: appeal.seq, appeal_id: null },
    };
  });
  return view;
}

export interface AppealItem {
  appealId: string;
  conversationId: string;
  findingId: string;
  agent: { id?: string; name?: string } | null;
  reason: string;
  by: string;
  at: string;
  state: 'open' | 'accepted' | 'refused';
  decision: { accept: boolean; note?: string; by: string; at: string } | null;
  finding: { rule: string; message: string; text?: string; turn: number; deduct: number } | null;
}

/** Appeals, newest first: an agent's own, everyone's for the others; `state` open | accepted | refused narrows them. */
export async function listAppeals(store: Store, principal: Principal, state?: string): Promise<AppealItem[]> {
  let query = store.db
    .selectFrom('events')
    .innerJoin('conversations', 'conversations.id', 'events.conversation_id')
    .select(['events.conversation_id', 'events.seq', 'events.finding_id', 'events.note', 'events.appeal_id', 'events.by_user', 'events.at', 'conversations.agent_id', 'conversations.agent_name'])
    .where('events.kind', '=', 'appeal');
  if (principal.role === 'agent') query = query.where('conversations.agent_id', '=', principal.agentId ?? '\u0000no agent id');
  const appeals = await query.orderBy('events.at', 'desc').limit(1000).execute();
  if (appeals.length === 0) return [];
  const ids = [...new Set(appeals.map((a) => a.conversation_id))];
  const [decisions, findings] = await Promise.all([
    store.db.selectFrom('events').selectAll().where('kind', '=', 'decision').where('conversation_id', 'in', ids).execute(),
    store.db.selectFrom('findings').select(['conversation_id', 'finding_id', 'body']).where('conversation_id', 'in', ids).execute(),
  ]);
  const items = appeals.map((a): AppealItem => {
    const decision = decisions.find((d) => d.conversation_id === a.conversation_id && d.appeal_seq === a.seq);
    const body = findings.find((f) => f.conversation_id === a.conversation_id && f.finding_id === a.finding_id)?.body;
    const finding = body ? JSON.parse(body) : null;
    return {
      appealId: a.appeal_id!,
      conversationId: a.conversation_id,
      findingId: a.finding_id,
      agent: a.agent_id === null && a.agent_name === null ? null : { ...(a.agent_id !== null && { id: a.agent_id }), ...(a.agent_name !== null && { name: a.agent_name }) },
      reason: a.note ?? '',
      by: a.by_user,
      at: a.at,
      state: decision ? (decision.verdict === 'accepted' ? 'accepted' : 'refused') : 'open',
      decision: decision ? { accept: decision.verdict === 'accepted', ...(decision.note && { note: decision.note }), by: decision.by_user, at: decision.at } : null,
      finding: finding && { rule: finding.rule, message: finding.message, ...(finding.text !== undefined && { text: finding.text }), turn: finding.turn, deduct: finding.deduct },
    };
  });
  return state === undefined ? items : items.filter((i) => i.state === state);
}
