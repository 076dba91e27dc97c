/**
 * The store's database: SQLite (better-sqlite3, one file) by default, PostgreSQL
 * when TALKLINT_DATABASE_URL is a postgres:// URL. One Kysely schema and one set
 * of queries serve both; columns use only types both understand (text, integer,
 * double precision; booleans as 0/1, JSON as text, times as ISO-8601 UTC text).
 */
import Database from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from './migrations.js';

export interface UsersTable {
  id: string;
  name: string;
  role: string;
  agent_id: string | null;
  token_hash: string;
  password_hash: string | null;
  disabled: number;
  created_at: string;
}

export interface SessionsTable {
  /** sha256 of the cookie value: a stolen database does not hand out sessions */
  id_hash: string;
  user_id: string;
  csrf: string;
  created_at: string;
  expires_at: string;
}

export interface ConversationsTable {
  id: string;
  /** sha256 of the transcript as stored: storing the same conversation again is a no-op */
  content_hash: string;
  source_format: string;
  pack: string;
  pack_version: string;
  /** the pack's grade bands when checked, so the reviewed score never needs the pack again */
  grades: string;
  agent_id: string | null;
  agent_name: string | null;
  team: string | null;
  started_at: string | null;
  /** the calendar day as written in startedAt (the call centre's local day), else the UTC day it was stored */
  started_day: string;
  /** startedAt in UTC (else the time it was stored): the list's order and the from/to filters on full times */
  sort_at: string;
  batch: string | null;
  stored_by: string;
  stored_at: string;
  score: number;
  grade: string;
  red_line: number;
  finding_count: number;
  // the columns below are a projection of the append-only rows, rewritten in the transaction that appends
  /** bumped by every review, added finding, appeal and decision: the optimistic lock */
  version: number;
  reviewed_score: number;
  reviewed_grade: string;
  reviewed_red_line: number;
  reviewed_finding_count: number;
  status: string;
}

/** The transcript and automatic report as JSON, apart from the row the list and stats read. */
export interface ConversationBodiesTable {
  id: string;
  transcript: string;
  report: string;
}

export interface FindingsTable {
  conversation_id: string;
  finding_id: string;
  /** 'auto' (the checker's) or 'added' (a reviewer's 漏检) */
  origin: string;
  position: number;
  rule: string;
  severity: string;
  turn: number;
  red_line: number;
  deduct: number;
  /** the finding as JSON (contract section 2) */
  body: string;
  /** set for added findings: the version (event sequence) that added it */
  seq: number | null;
}

/** Every review, added finding, appeal and decision of a conversation, in order; never updated. */
export interface EventsTable {
  conversation_id: string;
  /** the conversation's version this event made: unique, so two writers of one version collide */
  seq: number;
  kind: string;
  finding_id: string;
  /** confirmed | rejected (review); accepted | refused (decision) */
  verdict: string | null;
  note: string | null;
  /** the appeal a decision settles */
  appeal_seq: number | null;
  /** an appeal's public id (appealId) */
  appeal_id: string | null;
  by_user: string;
  at: string;
}

export interface SamplingPlansTable {
  id: string;
  name: string;
  params: string;
  created_by: string;
  created_at: string;
}

export interface AssignmentsTable {
  plan_id: string;
  conversation_id: string;
  reviewer: string;
  reason: string;
}

export interface Tables {
  users: UsersTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  conversation_bodies: ConversationBodiesTable;
  findings: FindingsTable;
  events: EventsTable;
  sampling_plans: SamplingPlansTable;
  assignments: AssignmentsTable;
}

export type Db = Kysely<Tables>;
export type StoreKind = 'sqlite' | 'postgres';

export interface Store {
  db: Db;
  kind: StoreKind;
  /** where it is: the SQLite file, or the PostgreSQL URL without its password */
  location: string;
  close(): Promise<void>;
}

export interface StoreConfig {
  /** TALKLINT_DATABASE_URL: postgres://… selects PostgreSQL */
  databaseUrl?: string;
  /** TALKLINT_DB: the SQLite file (default talklint.db in the working folder) */
  sqlitePath?: string;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  return { databaseUrl: env.TALKLINT_DATABASE_URL || undefined, sqlitePath: env.TALKLINT_DB || undefined };
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.href;
}

/** Opens the store and brings its schema to the latest version. */
export async function openStore(config: StoreConfig = storeConfigFromEnv()): Promise<Store> {
  let db: Db;
  let kind: StoreKind;
  let location: string;
  if (config.databaseUrl) {
    if (!/^postgres(ql)?:\/\//.test(config.databaseUrl)) throw new Error('TALKLINT_DATABASE_URL must be a postgres:// URL');
    // integers beyond 2^53 never occur here; count(*) comes back as int8, read it as a number
    pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));
    pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value: string) => Number(value));
    const pool = new pg.Pool({ connectionString: config.databaseUrl, max: 10 });
    // an idle connection the server closed (restart, failover) must not crash the process: the pool replaces it
    pool.on('error', () => undefined);
    db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    kind = 'postgres';
    location = withoutPassword(config.databaseUrl);
  } else {
    location = config.sqlitePath ?? 'talklint.db';
    const sqlite = new Database(location);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.pragma('foreign_keys = ON');
    db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: sqlite }) });
    kind = 'sqlite';
  }
  try {
    await migrateToLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { db, kind, location, close: () => db.destroy() };
}

/** A unique or primary-key violation, in either database: someone else wrote that row first. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

export const now = () => new Date().toISOString();
