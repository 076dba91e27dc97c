/** Migrations: a store made by an earlier version is brought up to date at start, its conversations intact. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { expect, it } from 'vitest';
import { check } from '../../src/engine/check.js';
import { loadPack } from '../../src/pack/load.js';
import { getConversation } from '../../src/store/conversations.js';
import { openStore } from '../../src/store/db.js';
import { MIGRATIONS } from '../../src/store/migrations.js';

it('moves transcripts and reports of a 0001 store into conversation_bodies (0002) without losing any', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'talklint-migrate-'));
  try {
    const file = join(dir, 'old.db');
    const old = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) });
    await new Migrator({ db: old, provider: { getMigrations: async () => MIGRATIONS } }).migrateTo('0001-review-workflow');
    const transcript = { id: 'c-old', channel: 'chat' as const, turns: [{ speaker: 'agent' as const, text: '不知道。' }], events: [] };
    const report = check(transcript, { pack: loadPack('general') });
    await old
      .insertInto('conversations')
      .values({
        id: 'c-old', content_hash: 'h', transcript: JSON.stringify(transcript), report: JSON.stringify(report), source_format: 'canonical', pack: 'general',
        pack_version: report.packVersion, grades: JSON.stringify({ 优秀: 90, 良好: 80, 合格: 60 }), agent_id: null, agent_name: null, team: null, started_at: null,
        started_day: '2026-11-01', sort_at: '2026-11-01T00:00:00.000Z', batch: null, stored_by: 'test', stored_at: '2026-11-01T00:00:00.000Z', score: report.score,
        grade: report.grade, red_line: 0, finding_count: 0, version: 0, reviewed_score: report.score, reviewed_grade: report.grade, reviewed_red_line: 0,
        reviewed_finding_count: 0, status: 'unreviewed',
      })
      .execute();
    await old.destroy();

    const store = await openStore({ sqlitePath: file });
    try {
      const view = await getConversation(store, 'c-old');
      expect(view?.transcript).toEqual(transcript);
      expect(view?.report).toEqual(report);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
