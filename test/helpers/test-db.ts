/**
 * Databases for tests. Every database test runs on in-memory PGlite, and also on PostgreSQL when
 * DATABASE_URL or CETMAP_TEST_PG=1 is set (CETMAP_TEST_PG_URL, else DATABASE_URL, names the server).
 * Each PostgreSQL test database is created fresh and dropped afterwards, so test files never share state.
 *
 *   for (const target of TEST_TARGETS) describe(`thing on ${target}`, () => { const t = useTestDb(target); … })
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';

export type TestTarget = 'pglite' | 'postgres';

export const postgresAdminUrl = (): string | undefined =>
  process.env.CETMAP_TEST_PG_URL ??
  process.env.DATABASE_URL ??
  (process.env.CETMAP_TEST_PG === '1' ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);

export const TEST_TARGETS: TestTarget[] = postgresAdminUrl() ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDb {
  handle: DbHandle;
  close(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: postgresAdminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty PostgreSQL database; returns its URL and a function that drops it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `cetmap_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name}`)); // name is generated above, never user input
  const url = new URL(postgresAdminUrl()!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/** Opens a fresh database of the given kind, optionally migrated to the latest level. */
export async function openTestDb(target: TestTarget, options: { migrate?: boolean } = {}): Promise<TestDb> {
  let handle: DbHandle;
  let drop = async (): Promise<void> => {};
  if (target === 'postgres') {
    const created = await createPostgresDatabase();
    drop = created.drop;
    handle = await openDatabase({ kind: 'postgres', url: created.url, poolSize: 4 });
  } else {
    handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
  }
  if (options.migrate !== false) await migrateToLatest(handle.db, { kind: handle.kind });
  return {
    handle,
    async close() {
      await handle.close();
      await drop();
    },
  };
}

/** Opens a migrated test database before the suite's tests and closes it after them. */
export function useTestDb(target: TestTarget): { readonly handle: DbHandle } {
  let testDb: TestDb | undefined;
  beforeAll(async () => {
    testDb = await openTestDb(target);
  });
  afterAll(async () => {
    await testDb?.close();
  });
  return {
    get handle() {
      if (!testDb) throw new Error('test database not open yet (use it inside a test)');
      return testDb.handle;
    },
  };
}
