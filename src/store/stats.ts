/**
 * Figures a QA lead watches: conversations, average automatic and reviewed
 * score, pass rate, red lines and findings, grouped by agent, team, rule or day,
 * over the same filters as the list. Scores and grades are the reviewed ones
 * where they differ (pass rate, red lines), the automatic score alongside.
 */
import { sql } from 'kysely';
import { applyFilters, type ConversationFilters } from './conversations.js';
import type { Store } from './db.js';

export const STATS_GROUPS = ['agent', 'team', 'rule', 'day'] as const;
export type StatsGroup = (typeof STATS_GROUPS)[number];

export interface StatsRow {
  key: string | null;
  /** the agent's name, for `by=agent` */
  name?: string | null;
  conversations: number;
  avgScore: number;
  avgReviewedScore: number;
  passRate: number;
  redLines: number;
  findings: number;
}

const round = (value: number | null, digits: number) => (value === null ? 0 : Math.round(Number(value) * 10 ** digits) / 10 ** digits);

const COLUMN = { agent: 'conversations.agent_id', team: 'conversations.team', day: 'conversations.started_day' } as const;

export async function stats(store: Store, by: StatsGroup, filters: ConversationFilters): Promise<StatsRow[]> {
  const { db } = store;
  const passed = sql<number>`avg(case when conversations.reviewed_grade <> '不合格' then 1.0 else 0.0 end)`;
  const measures = [
    sql<number>`count(*)`.as('conversations'),
    sql<number>`avg(conversations.score)`.as('avg_score'),
    sql<number>`avg(conversations.reviewed_score)`.as('avg_reviewed'),
    passed.as('pass_rate'),
    sql<number>`sum(conversations.reviewed_red_line)`.as('red_lines'),
  ] as const;
  let rows: Array<{ key: string | null; name?: string | null; conversations: number; avg_score: number; avg_reviewed: number; pass_rate: number; red_lines: number; findings: number }>;
  if (by === 'rule') {
    // one row per (rule, conversation) first, so a conversation with three hits of a rule counts once in its averages
    const perConversation = db
      .selectFrom('findings')
      .select(['findings.rule', 'findings.conversation_id', sql<number>`count(*)`.as('n')])
      .groupBy(['findings.rule', 'findings.conversation_id'])
      .as('f');
    rows = await applyFilters(db.selectFrom(perConversation).innerJoin('conversations', 'conversations.id', 'f.conversation_id'), filters, db)
      .select([sql<string>`f.rule`.as('key'), ...measures, sql<number>`sum(f.n)`.as('findings')])
      .groupBy('f.rule')
      .orderBy(sql`count(*)`, 'desc')
      .execute();
  } else {
    const column = COLUMN[by];
    rows = await applyFilters(db.selectFrom('conversations'), filters, db)
      .select([
        sql.ref<string | null>(column).as('key'),
        ...(by === 'agent' ? [sql<string | null>`max(conversations.agent_name)`.as('name')] : []),
        ...measures,
        sql<number>`sum(conversations.reviewed_finding_count)`.as('findings'),
      ])
      .groupBy(column)
      .orderBy(by === 'day' ? sql.ref(column) : sql`avg(conversations.reviewed_score)`, by === 'day' ? 'asc' : 'desc')
      .execute();
  }
  return rows.map((r) => ({
    key: r.key,
    ...(by === 'agent' && { name: r.name ?? null }),
    conversations: Number(r.conversations),
    avgScore: round(r.avg_score, 1),
    avgReviewedScore: round(r.avg_reviewed, 1),
    passRate: round(r.pass_rate, 4),
    redLines: Number(r.red_lines),
    findings: Number(r.findings),
  }));
}
