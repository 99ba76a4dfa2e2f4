/**
 * Backup → wipe → restore gives identical row counts and identical indicator outputs, on PGlite (its own
 * data-directory dump) and on PostgreSQL (pg_dump / pg_restore). A backup of one engine is refused by the other.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { countriesSeeder } from '../../src/aggregates/countries-seeder.js';
import { backupDatabase, backupKind, restoreDatabase, tableCounts } from '../../src/db/backup.js';
import { openDatabase, type DbHandle, type DbTarget } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../../src/demo/demo-corpus.js';
import { demoCorpusSeeder } from '../../src/demo/demo-seeder.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { analysisSeeder } from '../../src/indicators/analysis-seeder.js';
import { technologyStanding } from '../../src/indicators/standing-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, createPostgresDatabase } from '../helpers/test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TECH = 'kr2022.semis';

async function seed(handle: DbHandle): Promise<void> {
  await migrateToLatest(handle.db, { kind: handle.kind });
  const small = {
    ...demoCorpusSeeder,
    run: (h: DbHandle) =>
      loadDemoCorpus(h, { works: 600, seed: DEFAULT_DEMO_SEED, log: () => {} }).then(() => {}),
  };
  await seedFirstRun(handle, () => {}, [countriesSeeder, taxonomySeeder, small, analysisSeeder]);
}

for (const kind of TEST_TARGETS) {
  describe(`backup and restore on ${kind}`, () => {
    it('round-trips every row and every indicator', async () => {
      let target: DbTarget;
      let drop = async (): Promise<void> => {};
      if (kind === 'postgres') {
        const created = await createPostgresDatabase();
        target = { kind: 'postgres', url: created.url, poolSize: 2 };
        drop = created.drop;
      } else {
        target = { kind: 'pglite', dataDir: join(dir, 'pglite') };
      }
      const file = join(dir, `backup-${kind}`);
      try {
        let handle = await openDatabase(target);
        await seed(handle);
        const counts = await tableCounts(handle.db);
        const standing = JSON.stringify(await technologyStanding(handle.db, TECH, {}));
        expect(counts.work).toBe(600);
        const r = await backupDatabase(handle, target, file);
        expect(r.rows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
        expect(backupKind(file)).toBe(kind);
        // wipe
        await sql`drop schema public cascade`.execute(handle.db);
        await sql`create schema public`.execute(handle.db);
        expect(await tableCounts(handle.db)).toEqual({});
        await handle.close();

        await restoreDatabase(target, file);
        handle = await openDatabase(target);
        try {
          expect(await tableCounts(handle.db)).toEqual(counts);
          expect(JSON.stringify(await technologyStanding(handle.db, TECH, {}))).toBe(standing);
        } finally {
          await handle.close();
        }
        // the other engine refuses this file
        const other: DbTarget =
          kind === 'postgres'
            ? { kind: 'pglite', dataDir: join(dir, 'other') }
            : { kind: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' };
        await expect(restoreDatabase(other, file)).rejects.toThrow(/backup; the configured database is/);
      } finally {
        await drop();
      }
    }, 180_000);
  });
}

describe('backup files', () => {
  it('refuses a file that is no backup', () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'hello');
    expect(() => backupKind(junk)).toThrow(/not a cetmap backup/);
  });
});
