/**
 * Parallel ingest and analysis as jobs, on PostgreSQL with pg-boss (its own `pgboss` schema in the same database).
 * `cetmap jobs enqueue ingest <dir>` queues one job per snapshot partition file; `cetmap worker` processes on one
 * or many machines take them. Every job is idempotent (the loader skips finished files, resumes partial ones from
 * their committed line, and keeps the newest record), so a job that runs twice changes nothing. A worker killed
 * mid-job loses nothing: pg-boss expires the job after `expireInSeconds` and another worker retries it.
 * Classification is planned by one `singleton` job after the files it depends on: it splits the works into id
 * ranges (CETMAP_CLASSIFY_SHARD_WORKS works each, default 100,000) and queues one `classify-shard` job per range,
 * which any worker takes. The rollup follows the same pattern after every classification shard: the work-level
 * facts, then one `rollup-shard` job per field (the field and its key technologies), then `rollup-finish`, which
 * removes facts of technologies no longer classified and records the run (the data vintage).
 *
 * The embedded database (PGlite) has one owner process, so jobs need PostgreSQL (DATABASE_URL).
 * pg-boss has no heartbeat: set CETMAP_JOB_EXPIRE_SECONDS above the longest job (a large partition file); a job
 * that outlives it is started again elsewhere, which costs time but not correctness (every job is idempotent).
 */
import PgBoss from 'pg-boss';
import { sql, type Kysely } from 'kysely';
import { countriesSeeder } from '../aggregates/countries-seeder.js';
import {
  classifyWorks,
  planIdRanges,
  seedStarterRecipes,
  type IdRange,
} from '../classify/classify-queries.js';
import { seedFirstRun } from '../demo/first-run.js';
import { taxonomySeeder } from '../taxonomy/builtin-seeder.js';
import type { DbHandle } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import {
  finishShardedRollup,
  rollupShard,
  rollupShards,
  rollupWorksStep,
} from '../indicators/rollup-queries.js';
import { ingestOpenAlex } from '../ingest/ingest-openalex.js';
import { listInputFiles } from '../ingest/snapshot-files.js';
import { CetmapError } from '../shared/errors.js';
import type { QueueCounts } from '../shared/schemas/jobs.js';

export type { QueueCounts } from '../shared/schemas/jobs.js';

export const QUEUES = {
  ingest: 'ingest-file',
  classify: 'classify',
  classifyShard: 'classify-shard',
  rollup: 'rollup',
  rollupShard: 'rollup-shard',
  rollupFinish: 'rollup-finish',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
export const ALL_QUEUES: QueueName[] = Object.values(QUEUES);
/** Queues whose jobs run side by side on any number of workers; the others run one job at a time. */
const STANDARD_QUEUES: QueueName[] = [QUEUES.ingest, QUEUES.classifyShard, QUEUES.rollupShard];

export interface JobSettings {
  /** An active job whose worker stops answering is failed (and retried) after this long. */
  expireInSeconds: number;
  /** How often the queue's supervisor looks for expired jobs. */
  maintenanceIntervalSeconds: number;
  retryLimit: number;
  /** Works per classification job (one id range). */
  classifyShardWorks: number;
}

/** Defaults for real runs; tests shorten them through CETMAP_JOB_EXPIRE_SECONDS / CETMAP_JOB_MAINTENANCE_SECONDS. */
export function jobSettings(env: NodeJS.ProcessEnv = process.env): JobSettings {
  const n = (value: string | undefined, fallback: number) => {
    const x = Number(value);
    return Number.isFinite(x) && x > 0 ? x : fallback;
  };
  return {
    expireInSeconds: n(env.CETMAP_JOB_EXPIRE_SECONDS, 30 * 60),
    maintenanceIntervalSeconds: n(env.CETMAP_JOB_MAINTENANCE_SECONDS, 60),
    retryLimit: 5,
    classifyShardWorks: n(env.CETMAP_CLASSIFY_SHARD_WORKS, 100_000),
  };
}

export function requirePostgres(url: string | undefined): string {
  if (!url)
    throw new CetmapError(
      'CET_BAD_INPUT',
      'Jobs and workers need PostgreSQL: set DATABASE_URL (the embedded database belongs to one process).',
    );
  return url;
}

/** Starts pg-boss on the database (installing its schema on first use) and creates cetmap's queues. */
export async function openQueue(url: string, settings: JobSettings = jobSettings()): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    max: 2,
    schema: 'pgboss',
    maintenanceIntervalSeconds: settings.maintenanceIntervalSeconds,
  });
  boss.on('error', () => {}); // reported through failed jobs and `cetmap jobs`; a dropped connection reconnects
  await boss.start();
  for (const name of ALL_QUEUES) {
    if (await boss.getQueue(name)) continue;
    await boss.createQueue(name, {
      name,
      policy: STANDARD_QUEUES.includes(name) ? 'standard' : 'singleton',
      expireInSeconds: settings.expireInSeconds,
      retryLimit: settings.retryLimit,
      retryDelay: 1,
    });
  }
  return boss;
}

/** One job per data file of a snapshot (or the single file given); a file already queued is not queued twice. */
export async function enqueueIngest(
  boss: PgBoss,
  input: string,
  options: { since?: string } = {},
): Promise<number> {
  const files = listInputFiles(input, { since: options.since });
  for (const f of files) {
    await boss.send(QUEUES.ingest, { path: f.path }, { singletonKey: `${f.path}:${f.size}:${f.mtimeMs}` });
  }
  return files.length;
}

export const enqueueAnalysis = async (boss: PgBoss): Promise<void> => {
  await boss.send(QUEUES.classify, {}, { singletonKey: 'classify' });
  await boss.send(QUEUES.rollup, {}, { singletonKey: 'rollup' });
};

/** Jobs per queue and state (archived jobs not counted). */
export async function queueCounts(db: Kysely<Database>): Promise<QueueCounts[]> {
  const installed = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.tables where table_schema = 'pgboss' and table_name = 'job'`.execute(
    db,
  );
  const rows =
    installed.rows[0]!.n === 0
      ? []
      : (
          await sql<{ name: string; state: string; n: number }>`
            select name, state::text as state, count(*)::int as n from pgboss.job group by 1, 2`.execute(db)
        ).rows;
  return ALL_QUEUES.map((queue) => {
    const of = (state: string) => rows.find((r) => r.name === queue && r.state === state)?.n ?? 0;
    return {
      queue,
      created: of('created'),
      retry: of('retry'),
      active: of('active'),
      completed: of('completed'),
      failed: of('failed'),
    };
  });
}

const pending = (counts: QueueCounts[], queues: readonly string[]) =>
  counts.filter((c) => queues.includes(c.queue)).reduce((a, c) => a + c.created + c.retry + c.active, 0);

export interface WorkerOptions {
  queues?: readonly QueueName[];
  /** Exit once the queues have no waiting, retrying or active job (batch runs and tests). */
  untilEmpty?: boolean;
  log?: (line: string) => void;
}

/**
 * Processes jobs until stopped (or until the queues are empty with `untilEmpty`). Ingest jobs run one at a time
 * per worker process (each uses a database connection and a core); start more processes for more parallelism.
 */
export async function runWorker(
  handle: DbHandle,
  boss: PgBoss,
  options: WorkerOptions = {},
  settings: JobSettings = jobSettings(),
): Promise<{ jobs: number }> {
  const queues = options.queues ?? ALL_QUEUES;
  const log = options.log ?? (() => {});
  let jobs = 0;
  // Classification waits for the files queued before it, the rollup for classification.
  const after = async (earlier: readonly string[]) => {
    while (pending(await queueCounts(handle.db), earlier) > 0) await new Promise((r) => setTimeout(r, 1000));
  };
  const handlers: Record<QueueName, (data: Record<string, unknown>) => Promise<string>> = {
    [QUEUES.ingest]: async (data) => {
      const s = await ingestOpenAlex(handle, String(data.path));
      return `${data.path}: ${s.ingested} new, ${s.updated} updated, ${s.unchanged} unchanged, ${s.quarantined} quarantined`;
    },
    [QUEUES.classify]: async () => {
      await after([QUEUES.ingest]);
      await seedFirstRun(handle, log, [countriesSeeder, taxonomySeeder]);
      await seedStarterRecipes(handle.db);
      const ranges = await planIdRanges(handle.db, settings.classifyShardWorks);
      for (const range of ranges)
        await boss.send(QUEUES.classifyShard, { ...range }, { singletonKey: `${range.after}:${range.upTo}` });
      return `queued ${ranges.length} classification shard(s)`;
    },
    [QUEUES.classifyShard]: async (data) => {
      const range = data as unknown as IdRange;
      // Each shard is incremental within its range: a shard that runs again only redoes unfinished batches.
      const c = await classifyWorks(handle, { idRange: range });
      return `ids (${range.after}, ${range.upTo ?? '∞'}]: classified ${c.worksClassified} works`;
    },
    [QUEUES.rollup]: async () => {
      await after([QUEUES.ingest, QUEUES.classify, QUEUES.classifyShard]);
      await rollupWorksStep(handle);
      const shards = await rollupShards(handle);
      for (const techs of shards)
        await boss.send(QUEUES.rollupShard, { techs }, { singletonKey: techs.join(',') });
      await boss.send(QUEUES.rollupFinish, { shards }, { singletonKey: 'rollup-finish' });
      return `work-level facts done; queued ${shards.length} technology shard(s)`;
    },
    [QUEUES.rollupShard]: async (data) => {
      const techs = data.techs as string[];
      const steps = await rollupShard(handle, techs);
      return `${techs.length} technologies in ${Object.values(steps)
        .reduce((a, b) => a + b, 0)
        .toFixed(1)} s`;
    },
    [QUEUES.rollupFinish]: async (data) => {
      await after([QUEUES.rollup, QUEUES.rollupShard]);
      const r = await finishShardedRollup(handle, data.shards as string[][]);
      return `${r.techCountryYears} standing facts`;
    },
  };
  for (const queue of queues) {
    await boss.work<Record<string, unknown>>(
      queue,
      { batchSize: 1, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        log(`${queue} ${job!.id} started`);
        const summary = await handlers[queue](job!.data);
        jobs++;
        log(`${queue} ${job!.id} done: ${summary}`);
      },
    );
  }
  if (options.untilEmpty) {
    // Classification and rollup wait for the ingest jobs queued before them.
    for (;;) {
      await new Promise((r) => setTimeout(r, 500));
      if (pending(await queueCounts(handle.db), queues) === 0) break;
    }
    await boss.stop({ graceful: true, wait: true });
  }
  return { jobs };
}
