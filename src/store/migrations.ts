/**
 * Versioned schema migrations, run at start (Kysely's Migrator records them in
 * kysely_migration and takes a lock, so two processes starting at once are safe).
 * Add a migration with the next number; never edit one that has shipped.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';

export const MIGRATIONS: Record<string, Migration> = {
  '0001-review-workflow': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text')
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id_hash', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
        .addColumn('csrf', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('conversations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('content_hash', 'text', (c) => c.notNull())
        .addColumn('transcript', 'text', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .addColumn('source_format', 'text', (c) => c.notNull())
        .addColumn('pack', 'text', (c) => c.notNull())
        .addColumn('pack_version', 'text', (c) => c.notNull())
        .addColumn('grades', 'text', (c) => c.notNull())
        .addColumn('agent_id', 'text')
        .addColumn('agent_name', 'text')
        .addColumn('team', 'text')
        .addColumn('started_at', 'text')
        .addColumn('started_day', 'text', (c) => c.notNull())
        .addColumn('sort_at', 'text', (c) => c.notNull())
        .addColumn('batch', 'text')
        .addColumn('stored_by', 'text', (c) => c.notNull())
        .addColumn('stored_at', 'text', (c) => c.notNull())
        .addColumn('score', 'double precision', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('red_line', 'integer', (c) => c.notNull())
        .addColumn('finding_count', 'integer', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('reviewed_score', 'double precision', (c) => c.notNull())
        .addColumn('reviewed_grade', 'text', (c) => c.notNull())
        .addColumn('reviewed_red_line', 'integer', (c) => c.notNull())
        .addColumn('reviewed_finding_count', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .execute();
      for (const column of ['agent_id', 'team', 'started_day', 'sort_at', 'status', 'batch']) {
        await db.schema.createIndex(`conversations_${column}`).on('conversations').columns(column === 'sort_at' ? ['sort_at', 'id'] : [column, 'sort_at', 'id']).execute();
      }
      await db.schema
        .createTable('findings')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('finding_id', 'text', (c) => c.notNull())
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('rule', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('turn', 'integer', (c) => c.notNull())
        .addColumn('red_line', 'integer', (c) => c.notNull())
        .addColumn('deduct', 'double precision', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer')
        .addPrimaryKeyConstraint('findings_pk', ['conversation_id', 'finding_id'])
        .execute();
      await db.schema.createIndex('findings_rule').on('findings').columns(['rule', 'conversation_id']).execute();
      await db.schema
        .createTable('events')
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('finding_id', 'text', (c) => c.notNull())
        .addColumn('verdict', 'text')
        .addColumn('note', 'text')
        .addColumn('appeal_seq', 'integer')
        .addColumn('appeal_id', 'text')
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('events_pk', ['conversation_id', 'seq'])
        .execute();
      // a second decision on one appeal breaks this, whatever the timing
      await db.schema.createIndex('events_one_decision').on('events').columns(['conversation_id', 'appeal_seq']).unique().execute();
      await db.schema.createIndex('events_appeal_id').on('events').column('appeal_id').unique().execute();
      await db.schema.createIndex('events_kind').on('events').columns(['kind', 'conversation_id']).execute();
      await db.schema
        .createTable('sampling_plans')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('params', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('assignments')
        .addColumn('plan_id', 'text', (c) => c.notNull().references('sampling_plans.id').onDelete('cascade'))
        .addColumn('conversation_id', 'text', (c) => c.notNull().references('conversations.id').onDelete('cascade'))
        .addColumn('reviewer', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assignments_pk', ['plan_id', 'conversation_id'])
        .execute();
      await db.schema.createIndex('assignments_reviewer').on('assignments').columns(['reviewer', 'plan_id']).execute();
    },
  },
  // the transcript and report (kilobytes each) move out of the row that lists and stats scan:
  // in SQLite the columns after them sat behind overflow pages, so every aggregate read them
  '0002-conversation-bodies': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('conversation_bodies')
        .addColumn('id', 'text', (c) => c.primaryKey().references('conversations.id').onDelete('cascade'))
        .addColumn('transcript', 'text', (c) => c.notNull())
        .addColumn('report', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into conversation_bodies (id, transcript, report) select id, transcript, report from conversations`.execute(db);
      await db.schema.alterTable('conversations').dropColumn('transcript').execute();
      await db.schema.alterTable('conversations').dropColumn('report').execute();
    },
  },
};

export async function migrateToLatest(db: Kysely<any>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`store migration ${failed ?? ''} failed: ${(error as Error).message ?? error}`);
  }
}
