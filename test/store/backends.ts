/**
 * The stores the review tests run against: SQLite always, PostgreSQL when
 * TALKLINT_TEST_DATABASE_URL names a server (.ci/run starts one; in CI its
 * absence is a failure, locally a visible skip). Each open() gets an empty
 * database: a fresh SQLite file, or a fresh PostgreSQL database dropped after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openStore, type Store, type StoreConfig } from '../../src/store/db.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** why it cannot run here, if it cannot */
  skip?: string;
  /** a new, empty database: `config` reopens the same one (a restart) */
  create(): Promise<{ config: StoreConfig; drop(): Promise<void> }>;
}

const PG_URL = process.env.TALKLINT_TEST_DATABASE_URL;

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'talklint-store-'));
      return { config: { sqlitePath: join(dir, 'talklint.db') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    skip: PG_URL ? undefined : 'TALKLINT_TEST_DATABASE_URL is not set (no PostgreSQL server here)',
    async create() {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const name = `talklint_test_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(PG_URL!);
      url.pathname = `/${name}`;
      return {
        config: { databaseUrl: url.href },
        drop: async () => {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await client.end();
        },
      };
    },
  },
];

if (process.env.CI === 'true' && !PG_URL) {
  throw new Error('CI must run the store tests against PostgreSQL: .ci/run exports TALKLINT_TEST_DATABASE_URL');
}

export async function openFresh(backend: Backend): Promise<{ store: Store; config: StoreConfig; drop(): Promise<void> }> {
  const { config, drop } = await backend.create();
  return { store: await openStore(config), config, drop };
}
