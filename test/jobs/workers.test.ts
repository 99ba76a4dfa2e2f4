/**
 * Parallel ingest with the job queue (PostgreSQL): several `cetmap worker` processes take the files of a generated
 * snapshot; one of them is killed with SIGKILL in the middle of a job. The final row counts equal those of one
 * clean single-process ingest, and no job is left failed. Then classification runs as shard jobs on several
 * workers (one killed mid-shard) and the rollup after them, with the facts of one process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { writeSyntheticCorpus } from '../../src/demo/write-corpus.js';
import { countriesSeeder } from '../../src/aggregates/countries-seeder.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { queueCounts } from '../../src/jobs/job-queue.js';
import { projectPath } from '../../src/shared/paths.js';
import { cliRunner } from '../helpers/cli.js';
import { createPostgresDatabase, postgresAdminUrl } from '../helpers/test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHILD = `const { main } = await import(${JSON.stringify(projectPath('src/cli/main.ts'))});
process.exitCode = await main(['node', 'cetmap', ...process.argv.slice(1)]);`;

function cetmap(
  args: string[],
  url: string,
): ChildProcess & { output: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, ...args], {
    cwd: projectPath(),
    env: {
      ...process.env,
      DATABASE_URL: url,
      CETMAP_HOME: dir,
      CETMAP_JOB_EXPIRE_SECONDS: '6',
      CETMAP_JOB_MAINTENANCE_SECONDS: '1',
      CETMAP_CLASSIFY_SHARD_WORKS: '1000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const done = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return Object.assign(child, { output: () => log, done });
}

const COUNTED = ['work', 'authorship', 'work_topic', 'work_keyword', 'work_country', 'institution'] as const;

/** The facts' content (sums rounded to 6 decimals: the order of floating additions may differ between runs). */
async function factDigests(h: DbHandle): Promise<string[]> {
  const digest = async (query: ReturnType<typeof sql<{ d: string }>>) =>
    (await query.execute(h.db)).rows[0]!.d;
  return [
    await digest(sql<{ d: string }>`select md5(string_agg(concat_ws('|', tech_id, country, year, works_full,
      round(works_frac::numeric, 6), round(top10_frac::numeric, 6), round(citations_frac::numeric, 4)), ','
      order by tech_id, country, year)) as d from tech_country_year`),
    await digest(sql<{
      d: string;
    }>`select md5(string_agg(concat_ws('|', tech_id, institution_id, country, year,
      works_full, round(works_frac::numeric, 6), round(top10_frac::numeric, 6)), ','
      order by tech_id, institution_id, year)) as d from tech_institution_year`),
  ];
}

describe('jobs on the embedded database', () => {
  it('are refused with a clear message', async () => {
    const run = cliRunner({ CETMAP_HOME: join(dir, 'pglite-home'), DATABASE_URL: '' });
    const r = await run('worker', '--until-empty');
    expect(r.code).toBe(1);
    expect(r.err).toContain('Jobs and workers need PostgreSQL');
  }, 120_000);
});

describe.skipIf(!postgresAdminUrl())('parallel workers (PostgreSQL)', () => {
  it('give the counts of one clean run, even when a worker is killed mid-job', async () => {
    const snapshot = join(dir, 'snapshot');
    await writeSyntheticCorpus({ works: 4000, seed: 3, out: snapshot, partSize: 400 });

    // Reference: one process, one pass.
    const reference = await createPostgresDatabase();
    const parallel = await createPostgresDatabase();
    try {
      const ref = await openDatabase({ kind: 'postgres', url: reference.url, poolSize: 2 });
      await migrateToLatest(ref.db, { kind: ref.kind });
      await ingestOpenAlex(ref, snapshot);
      await seedFirstRun(ref, () => {}, [countriesSeeder, taxonomySeeder]);
      await seedStarterRecipes(ref.db);
      await classifyWorks(ref);
      await rollup(ref);
      const expected: Record<string, number> = {};
      for (const t of [
        ...COUNTED,
        'work_tech',
        'tech_country_year',
        'tech_institution_year',
        'work_impact',
        'rollup_run',
      ])
        expected[t] = Number(
          (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(ref.db)).rows[0]!.n,
        );
      const referenceFacts = await factDigests(ref);
      await ref.close();
      expect(expected.work).toBe(4000);

      const queued = cetmap(['jobs', 'enqueue', 'ingest', snapshot], parallel.url);
      expect(await queued.done, queued.output()).toBe(0);
      expect(queued.output()).toMatch(/queued 1\d file\(s\) for ingest/);

      const a = cetmap(['worker', '--queues', 'ingest-file', '--until-empty'], parallel.url);
      const b = cetmap(['worker', '--queues', 'ingest-file', '--until-empty'], parallel.url);
      // Kill worker a as soon as it is in the middle of a job.
      await expect
        .poll(() => /ingest-file \S+ started/.test(a.output()), { timeout: 60_000, interval: 50 })
        .toBe(true);
      a.kill('SIGKILL');
      expect(await a.done).toBeNull();
      const c = cetmap(['worker', '--queues', 'ingest-file', '--until-empty'], parallel.url);
      expect(await b.done, b.output()).toBe(0);
      expect(await c.done, c.output()).toBe(0);

      const db = await openDatabase({ kind: 'postgres', url: parallel.url, poolSize: 2 });
      try {
        for (const t of COUNTED) {
          const n = Number(
            (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db.db)).rows[0]!.n,
          );
          expect(n, t).toBe(expected[t]);
        }
        const counts = (await queueCounts(db.db)).find((q) => q.queue === 'ingest-file')!;
        expect(counts).toMatchObject({ created: 0, retry: 0, active: 0, failed: 0 });
        expect(counts.completed).toBeGreaterThanOrEqual(10);
        // the job the killed worker held expired and was taken up again by another worker
        const retried = await sql<{ n: string }>`
          select count(*) as n from pgboss.job where name = 'ingest-file' and retry_count > 0`.execute(db.db);
        expect(Number(retried.rows[0]!.n)).toBeGreaterThanOrEqual(1);

        // then classification (four shards of ~1,000 works on two workers, one of them killed mid-shard) and the
        // rollup as jobs: the same facts as in one process (compared in full below)
        const analysis = cetmap(['jobs', 'enqueue', 'analysis'], parallel.url);
        expect(await analysis.done, analysis.output()).toBe(0);
        const d = cetmap(['worker', '--until-empty'], parallel.url);
        await expect
          .poll(() => /classify-shard \S+ started/.test(d.output()), { timeout: 60_000, interval: 20 })
          .toBe(true);
        d.kill('SIGKILL');
        expect(await d.done).toBeNull();
        const e = cetmap(['worker', '--until-empty'], parallel.url);
        const f = cetmap(['worker', '--until-empty'], parallel.url);
        expect(await e.done, e.output()).toBe(0);
        expect(await f.done, f.output()).toBe(0);
        const shards = (await queueCounts(db.db)).find((q) => q.queue === 'classify-shard')!;
        expect(shards).toMatchObject({ created: 0, retry: 0, active: 0, failed: 0 });
        expect(shards.completed).toBeGreaterThanOrEqual(3);
        // the rollup as jobs too: work-level facts, one shard per field, then the finish
        const rollupShards = (await queueCounts(db.db)).find((q) => q.queue === 'rollup-shard')!;
        expect(rollupShards).toMatchObject({ created: 0, retry: 0, active: 0, failed: 0 });
        expect(rollupShards.completed).toBeGreaterThanOrEqual(2);
        for (const t of [
          'work_tech',
          'tech_country_year',
          'tech_institution_year',
          'work_impact',
          'rollup_run',
        ]) {
          const n = Number(
            (await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db.db)).rows[0]!.n,
          );
          expect(n, t).toBe(expected[t]);
        }
        expect(await factDigests(db)).toEqual(referenceFacts);
        const unclassified = await sql<{ n: string }>`
          select count(*) as n from work w where not exists (select 1 from work_classified c where c.work_id = w.id)`.execute(
          db.db,
        );
        expect(Number(unclassified.rows[0]!.n)).toBe(0);
      } finally {
        await db.close();
      }
    } finally {
      await reference.drop();
      await parallel.drop();
    }
  }, 240_000);
});
