/**
 * One measurement of the standing benchmark, in its own process (peak RSS is its own):
 *   load <dir> <target> [n]   ingest the corpus with n parse threads (default 0)
 *   measure <target>          floors, then classification and rollup of every work
 * target: a PostgreSQL URL or a PGlite data directory. Prints one JSON line.
 */
import { sql } from 'kysely';
import { classifyWorks, seedStarterRecipes } from '../src/classify/classify-queries.js';
import { openDatabase, type DbHandle } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { seedFirstRun } from '../src/demo/first-run.js';
import { rollup } from '../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../src/ingest/ingest-openalex.js';
import { taxonomySeeder } from '../src/taxonomy/builtin-seeder.js';

const [mode, a, b, threads] = process.argv.slice(2) as [string, string, string | undefined, string?];
const target = mode === 'load' ? b! : a;
const handle: DbHandle = await openDatabase(
  target.startsWith('postgres')
    ? { kind: 'postgres', url: target, poolSize: 4 }
    : { kind: 'pglite', dataDir: target },
);
await migrateToLatest(handle.db, { kind: handle.kind });
const seconds = async (fn: () => Promise<unknown>): Promise<number> => {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
};

let result: Record<string, number>;
if (mode === 'load') {
  await seedFirstRun(handle, () => {}, [taxonomySeeder]);
  await seedStarterRecipes(handle.db);
  const s = await ingestOpenAlex(handle, a, { workers: Number(threads ?? 0) });
  result = { works: s.ingested };
} else {
  // Floors: what any classifier must read (the text, topics and keywords of every work) and a plain
  // aggregation over the same joins the rollup makes.
  // Read in id order, 10,000 works at a time (reading millions of abstracts at once would not fit in memory).
  const readFloor = await seconds(async () => {
    for (let after = -1; ;) {
      const works = await sql<{ id: string }>`
        select id, title, abstract from work where id > ${after} order by id limit 10000`.execute(handle.db);
      if (works.rows.length === 0) break;
      const last = Number(works.rows.at(-1)!.id);
      await sql`select work_id, topic_id, score from work_topic where work_id > ${after} and work_id <= ${last}`.execute(
        handle.db,
      );
      await sql`select work_id, keyword from work_keyword where work_id > ${after} and work_id <= ${last}`.execute(
        handle.db,
      );
      after = last;
    }
  });
  const classify = await seconds(() => classifyWorks(handle, { all: true }));
  const aggregateFloor = await seconds(() =>
    sql`select wt.tech_id, wc.country, w.year, sum(wc.frac) from work_tech wt join work w on w.id = wt.work_id
        join work_country wc on wc.work_id = wt.work_id group by 1, 2, 3`.execute(handle.db),
  );
  const roll = await seconds(() => rollup(handle));
  const works = Number(
    (await sql<{ n: number }>`select count(*) as n from work`.execute(handle.db)).rows[0]!.n,
  );
  result = {
    works,
    read_floor_s: readFloor,
    classify_s: classify,
    aggregate_floor_s: aggregateFloor,
    rollup_s: roll,
  };
}
await handle.close();
process.stdout.write(
  JSON.stringify({ ...result, peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n',
);
