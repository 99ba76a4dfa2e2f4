import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  migrateToLatest,
  migrationLevel,
  migrationStatus,
  readMigrationFiles,
} from '../../src/db/migrate.js';
import { openTestDb, TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`database on ${target}`, () => {
    const t = useTestDb(target);

    it('reports its kind and the latest migration level', async () => {
      expect(t.handle.kind).toBe(target);
      const latest = Math.max(...readMigrationFiles().map((m) => m.version));
      expect(await migrationLevel(t.handle.db)).toBe(latest);
      const statuses = await migrationStatus(t.handle.db);
      expect(statuses.every((s) => s.state === 'applied')).toBe(true);
    });

    it('applies nothing the second time', async () => {
      const again = await migrateToLatest(t.handle.db, { kind: t.handle.kind });
      expect(again.applied).toEqual([]);
    });

    it('returns bigint, numeric and date values the same way on every driver', async () => {
      const row = await sql<{
        big: number;
        num: number | null;
        nan: number | null;
        day: string;
        flag: boolean;
      }>`
        select 4400000000::bigint as big, 0.125::numeric as num, 'NaN'::numeric as nan,
               '2024-02-29'::date as day, true as flag`
        .execute(t.handle.db)
        .then((r) => r.rows[0]);
      expect(row).toEqual({ big: 4_400_000_000, num: 0.125, nan: null, day: '2024-02-29', flag: true });
      const count = await sql<{ n: number }>`select count(*) as n from generate_series(1, 5)`.execute(
        t.handle.db,
      );
      expect(count.rows[0]?.n).toBe(5);
    });

    it('rolls back a failed transaction and keeps serving queries', async () => {
      await expect(
        t.handle.db.transaction().execute(async (trx) => {
          await trx.insertInto('dataset').values({ id: 'tx-test', kind: 'test', title: 'x' }).execute();
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const found = await t.handle.db
        .selectFrom('dataset')
        .select('id')
        .where('id', '=', 'tx-test')
        .execute();
      expect(found).toEqual([]);
    });

    it('keeps concurrent queries out of an open transaction', async () => {
      // On PGlite one connection is shared: a query issued while a transaction is open must wait for it.
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const trx = t.handle.db.transaction().execute(async (tx) => {
        await tx.insertInto('dataset').values({ id: 'iso', kind: 'test', title: 'x' }).execute();
        await gate;
        throw new Error('rollback on purpose');
      });
      const outside = t.handle.db.selectFrom('dataset').select('id').where('id', '=', 'iso').execute();
      await new Promise((r) => setTimeout(r, 50));
      release();
      await expect(trx).rejects.toThrow('rollback on purpose');
      expect(await outside).toEqual([]);
    });

    it('refuses to run when an applied migration file was edited', async () => {
      const files = readMigrationFiles().map((f, i) => (i === 0 ? { ...f, checksum: 'edited' } : f));
      await expect(migrateToLatest(t.handle.db, { kind: t.handle.kind, files })).rejects.toThrow(
        /changed after being applied/,
      );
    });
  });
}

describe('migrations', () => {
  it('have unique, increasing version numbers', () => {
    const versions = readMigrationFiles().map((f) => f.version);
    expect(versions[0]).toBe(1);
    expect(new Set(versions).size).toBe(versions.length);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('roll back a failing migration completely', async () => {
    const testDb = await openTestDb('pglite', { migrate: false });
    try {
      const bad = {
        version: 1,
        name: 'bad',
        checksum: 'x',
        sql: 'create table half_done (id int); select 1/0;',
      };
      await expect(migrateToLatest(testDb.handle.db, { kind: 'pglite', files: [bad] })).rejects.toThrow(
        /rolled back/,
      );
      const tables = await sql<{
        n: number;
      }>`select count(*) as n from pg_tables where tablename = 'half_done'`.execute(testDb.handle.db);
      expect(tables.rows[0]?.n).toBe(0);
      expect(await migrationLevel(testDb.handle.db)).toBe(0);
    } finally {
      await testDb.close();
    }
  });
});
