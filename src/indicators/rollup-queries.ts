/**
 * Rollups: turn classified works into the facts standing reads, in SQL on the database (nothing is scanned on a
 * request). Always a full recompute inside one transaction, so the facts after an incremental ingest and
 * classification equal those of a clean full run.
 *
 * - work_impact: each work's fraction in the top 10 % / 1 % of its reference set (same reference field, year and
 *   document type, ties split as in methods §2) and its normalised citation score. Reference sets are formed
 *   within the ingested corpus; retracted and paratext works are left out.
 * - Facts exist for key technologies and for their fields (a field counts each of its works once, even when
 *   the work is in several of its key technologies).
 * - tech_country_year: per technology, country (ISO alpha-2 or UNKNOWN) and year, full and fractional counts,
 *   fractional citations, fractional top-10 % / top-1 % counts and the MNCS numerator/denominator.
 * - tech_institution_year: the same per institution (author-level fractional credit, methods §1, stored per work
 *   at ingest in work_institution).
 * - country_year: all works per country and year, the denominators of RCA.
 */
import { randomBytes } from 'node:crypto';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { DbHandle } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';

export type ReferenceField = 'subfield' | 'field';

export interface RollupOptions {
  /** Which OpenAlex level defines a reference set together with year and type (default: subfield). */
  referenceField?: ReferenceField;
}

export interface RollupReport {
  referenceField: ReferenceField;
  works: number;
  referenceSets: number;
  smallReferenceSets: number;
  worksInSmallSets: number;
  techCountryYears: number;
  techInstitutionYears: number;
  /** Seconds per step, in order (for operators: where a long rollup spends its time). */
  stepSeconds: Record<string, number>;
}

/** Reference sets under this many works give unstable thresholds; the report counts them. */
export const SMALL_REFERENCE_SET = 20;

/**
 * Memory per grouping step of the rollup (PostgreSQL's work_mem, for its transaction only): CETMAP_ROLLUP_WORK_MEM,
 * else 256MB on a server and 64MB in the embedded database (its whole heap is a few GB).
 */
function rollupWorkMem(kind: DbHandle['kind']): string {
  const value = process.env.CETMAP_ROLLUP_WORK_MEM ?? (kind === 'postgres' ? '256MB' : '64MB');
  if (!/^\d+(kB|MB|GB)$/.test(value))
    throw new CetmapError(
      'CET_CONFIG',
      `CETMAP_ROLLUP_WORK_MEM must look like 256MB or 1GB, not "${value}".`,
    );
  return value;
}

/**
 * Key-technology assignments plus the field each key technology belongs to, one row per work and technology.
 * Classification writes a work's row for a technology only through that technology's recipe, so unless a recipe
 * names a technology with key technologies under it (a field), the two parts cannot share a row and need no
 * deduplication between them (a hash over every assignment).
 */
async function assignments(trx: Trx): Promise<RawBuilder<unknown>> {
  const nested = await sql<{ nested: boolean }>`
    select exists (select 1 from recipe r join technology c on c.parent_id = r.tech_id) as nested`.execute(
    trx,
  );
  const fields = sql`select distinct wt.work_id, t.parent_id
    from work_tech wt join technology t on t.id = wt.tech_id where t.parent_id is not null`;
  return nested.rows[0]!.nested
    ? sql`(select work_id, tech_id from work_tech union ${fields})`
    : sql`(select work_id, tech_id from work_tech union all ${fields})`;
}

type Timed = <T>(step: string, run: () => Promise<T>) => Promise<T>;
type Trx = Transaction<Database>;

function stepTimer(): { timed: Timed; stepSeconds: Record<string, number> } {
  const stepSeconds: Record<string, number> = {};
  const timed: Timed = async (step, run) => {
    const started = performance.now();
    try {
      return await run();
    } finally {
      stepSeconds[step] = (stepSeconds[step] ?? 0) + Math.round(performance.now() - started) / 1000;
    }
  };
  return { timed, stepSeconds };
}

// The grouping steps hash a few hundred bytes per assignment: enough memory keeps them off disk; the plans are
// simple, so compiling them (JIT) costs more than it saves.
async function tuneTransaction(trx: Trx, kind: DbHandle['kind']): Promise<void> {
  await sql`set local work_mem = ${sql.lit(rollupWorkMem(kind))}`.execute(trx);
  if (kind === 'postgres') await sql`set local jit = off`.execute(trx);
}

/** The facts that do not depend on technologies: each work's impact in its reference set, and country totals. */
async function rollupWorks(trx: Trx, referenceField: ReferenceField, timed: Timed): Promise<void> {
  const column = sql.ref(referenceField === 'subfield' ? 'subfield_id' : 'field_id');
  await timed('work_impact', async () => {
    await sql`delete from work_impact`.execute(trx);
    await sql`
        insert into work_impact (work_id, reference_set, reference_size, top10, top1, ncs)
        with eligible as (
          select id, cited_by, concat_ws('/', coalesce(${column}::text, 'none'), year::text, coalesce(type, 'unknown')) as rs
          from work
          where year is not null and not is_retracted and not is_paratext
        ),
        tied as (
          select rs, cited_by, count(*)::float8 as tied from eligible group by rs, cited_by
        ),
        ranked as (
          select rs, cited_by, tied,
            sum(tied) over (partition by rs order by cited_by desc) - tied as above,
            sum(tied) over (partition by rs) as n,
            sum(tied * cited_by) over (partition by rs) / sum(tied) over (partition by rs) as mean
          from tied
        )
        select e.id, e.rs, r.n::int,
          greatest(0, least(1, (0.10 * r.n - r.above) / r.tied)),
          greatest(0, least(1, (0.01 * r.n - r.above) / r.tied)),
          case when r.mean > 0 then e.cited_by / r.mean end
        from eligible e join ranked r on r.rs = e.rs and r.cited_by = e.cited_by
        order by e.id`.execute(trx);
  });
  await timed('country_year', async () => {
    await sql`delete from country_year`.execute(trx);
    await sql`
        insert into country_year (country, year, works_full, works_frac)
        select wc.country, w.year, count(*), sum(wc.frac)
        from work_country wc join work w on w.id = wc.work_id
        where w.year is not null
        group by wc.country, w.year`.execute(trx);
  });
}

/**
 * Technology facts for the listed technologies (null: all). A shard lists a field with its key technologies, so
 * that a field still counts each of its works once.
 */
async function rollupTechnologies(trx: Trx, techIds: readonly string[] | null, timed: Timed): Promise<void> {
  const only = techIds === null ? sql`true` : sql`a.tech_id = any(${[...techIds]}::text[])`;
  const mine = techIds === null ? sql`true` : sql`tech_id = any(${[...techIds]}::text[])`;
  // PostgreSQL 15 runs INSERT … SELECT in one process, but spreads CREATE TABLE AS over parallel workers, which
  // cannot read temporary tables. So the assignments and the grouped facts go through unlogged tables of this
  // transaction: created and dropped in it, invisible to every other session, gone with it if it fails.
  const scratch = `rollup_scratch_${process.pid}_${randomBytes(4).toString('hex')}`;
  const assignment = sql.table(`${scratch}_assignment`);
  const grouped = sql.table(`${scratch}_grouped`);
  await timed('assignments', async () => {
    // Each assignment with what the facts need of its work, once for both fact tables below.
    await sql`create unlogged table ${assignment} as
      select a.work_id, a.tech_id, w.year, w.cited_by, wi.top10, wi.top1, wi.ncs
      from ${await assignments(trx)} a
      join work w on w.id = a.work_id
      left join work_impact wi on wi.work_id = a.work_id
      where w.year is not null and ${only}`.execute(trx);
    await sql`analyze ${assignment}`.execute(trx); // a table created in this transaction has no statistics yet
  });

  await timed('tech_country_year', async () => {
    await sql`delete from tech_country_year where ${mine}`.execute(trx);
    await sql`create unlogged table ${grouped} as
        select a.tech_id, wc.country, a.year,
          count(*) as works_full, sum(wc.frac) as works_frac, sum(wc.frac * a.cited_by) as citations_frac,
          coalesce(sum(wc.frac * a.top10), 0) as top10_frac, coalesce(sum(wc.frac * a.top1), 0) as top1_frac,
          coalesce(sum(wc.frac * a.ncs) filter (where a.ncs is not null), 0) as ncs_frac_sum,
          coalesce(sum(wc.frac) filter (where a.ncs is not null), 0) as ncs_frac_weight
        from ${assignment} a
        join work_country wc on wc.work_id = a.work_id
        group by a.tech_id, wc.country, a.year`.execute(trx);
    await sql`
        insert into tech_country_year (tech_id, country, year, works_full, works_frac, citations_frac, top10_frac, top1_frac,
          ncs_frac_sum, ncs_frac_weight)
        select tech_id, country, year, works_full, works_frac, citations_frac, top10_frac, top1_frac,
          ncs_frac_sum, ncs_frac_weight
        from ${grouped} order by tech_id, country, year`.execute(trx);
    await sql`drop table ${grouped}`.execute(trx);
  });

  await timed('tech_institution_year', async () => {
    await sql`delete from tech_institution_year where ${mine}`.execute(trx);
    await sql`create unlogged table ${grouped} as
        select a.tech_id, c.institution_id, a.year, count(*) as works_full, sum(c.frac) as works_frac,
          coalesce(sum(c.frac * a.top10), 0) as top10_frac
        from ${assignment} a
        join work_institution c on c.work_id = a.work_id
        group by a.tech_id, c.institution_id, a.year`.execute(trx);
    await sql`
        insert into tech_institution_year (tech_id, institution_id, country, year, works_full, works_frac, top10_frac)
        select g.tech_id, g.institution_id, inst.country, g.year, g.works_full, g.works_frac, g.top10_frac
        from ${grouped} g
        left join institution inst on inst.id = g.institution_id
        -- in key order, so the primary key's index grows at its end
        order by g.tech_id, g.institution_id, g.year`.execute(trx);
    await sql`drop table ${grouped}`.execute(trx);
  });
  await sql`drop table ${assignment}`.execute(trx);
}

/**
 * Closes a rollup: removes facts of technologies no longer classified (when the shards' technologies are given),
 * records the run (its time is the data vintage API responses are cached by) and reports.
 */
async function finishRollup(
  trx: Trx,
  referenceField: ReferenceField,
  options: RollupOptions,
  techIds: readonly string[] | null,
  timed: Timed,
  stepSeconds: Record<string, number>,
): Promise<RollupReport> {
  if (techIds !== null)
    for (const table of ['tech_country_year', 'tech_institution_year'] as const)
      await sql`delete from ${sql.table(table)} where tech_id <> all(${[...techIds]}::text[])`.execute(trx);
  const stats = await timed('report', () =>
    sql<{
      works: number;
      sets: number;
      small_sets: number;
      small_works: number;
      tcy: number;
      tiy: number;
    }>`
    select coalesce(sum(s.n), 0) as works, count(*) as sets,
      count(*) filter (where s.size < ${SMALL_REFERENCE_SET}) as small_sets,
      coalesce(sum(s.n) filter (where s.size < ${SMALL_REFERENCE_SET}), 0) as small_works,
      (select count(*) from tech_country_year) as tcy,
      (select count(*) from tech_institution_year) as tiy
    from (select count(*) as n, min(reference_size) as size from work_impact group by reference_set) s`.execute(
      trx,
    ),
  );
  const s = stats.rows[0]!;
  await trx
    .insertInto('rollup_run')
    .values({
      reference_set: referenceField,
      works: Number(s.works),
      finished_at: new Date(),
      params: JSON.stringify(options),
    })
    .execute();
  return {
    referenceField,
    works: Number(s.works),
    referenceSets: Number(s.sets),
    smallReferenceSets: Number(s.small_sets),
    worksInSmallSets: Number(s.small_works),
    techCountryYears: Number(s.tcy),
    techInstitutionYears: Number(s.tiy),
    stepSeconds,
  };
}

/** A full rollup in one transaction: readers see the old facts until it commits. */
export async function rollup(handle: DbHandle, options: RollupOptions = {}): Promise<RollupReport> {
  const referenceField = options.referenceField ?? 'subfield';
  const { timed, stepSeconds } = stepTimer();
  return handle.db.transaction().execute(async (trx) => {
    await tuneTransaction(trx, handle.kind);
    await rollupWorks(trx, referenceField, timed);
    await rollupTechnologies(trx, null, timed);
    return finishRollup(trx, referenceField, options, null, timed, stepSeconds);
  });
}

/**
 * The same rollup split for job workers: the work-level facts first, then one shard per field (the field and its
 * key technologies, each in its own transaction), then the finish. Between the first shard and the finish a reader
 * can see some technologies' new facts beside others' old ones; each technology's facts are whole, and the data
 * vintage (which API caches follow) changes only at the finish.
 */
export async function rollupWorksStep(handle: DbHandle, options: RollupOptions = {}): Promise<void> {
  const { timed } = stepTimer();
  await handle.db.transaction().execute(async (trx) => {
    await tuneTransaction(trx, handle.kind);
    await rollupWorks(trx, options.referenceField ?? 'subfield', timed);
  });
}

/** The shards: each classified key technology with its field, grouped by field. */
export async function rollupShards(handle: DbHandle): Promise<string[][]> {
  const rows = await sql<{ techs: string[] }>`
    with used as (select distinct tech_id from work_tech)
    select array_agg(distinct x.tech order by x.tech) as techs
    from (
      select coalesce(t.parent_id, t.id) as root, t.id as tech from technology t join used u on u.tech_id = t.id
      union
      select t.parent_id, t.parent_id from technology t join used u on u.tech_id = t.id where t.parent_id is not null
    ) x
    group by x.root
    order by 1`.execute(handle.db);
  return rows.rows.map((r) => r.techs);
}

export async function rollupShard(
  handle: DbHandle,
  techIds: readonly string[],
): Promise<Record<string, number>> {
  const { timed, stepSeconds } = stepTimer();
  await handle.db.transaction().execute(async (trx) => {
    await tuneTransaction(trx, handle.kind);
    await rollupTechnologies(trx, techIds, timed);
  });
  return stepSeconds;
}

export async function finishShardedRollup(
  handle: DbHandle,
  shards: readonly string[][],
  options: RollupOptions = {},
): Promise<RollupReport> {
  const { timed, stepSeconds } = stepTimer();
  return handle.db
    .transaction()
    .execute((trx) =>
      finishRollup(trx, options.referenceField ?? 'subfield', options, shards.flat(), timed, stepSeconds),
    );
}
