/**
 * Database side of classification: recipes (versioned; the starter set ships with cetmap), and the runner that
 * classifies works in batches and writes work_tech. Incremental: only works that are new, were updated, or were
 * classified under a different recipe set are read again.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../db/create-db.js';
import type { Database, RecipeRule } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { availableParallelism } from 'node:os';
import { createWorkerPool } from '../shared/worker-pool.js';
import {
  classifyBatch,
  compileRecipes,
  type AssignmentColumns,
  type Recipe,
  type WorkText,
} from './classify-work.js';
import starter from './data/recipes-kr-2022.json' with { type: 'json' };

export const STARTER_RECIPES = starter;

/** Loads the shipped starter recipes as version 1 of each Korean key technology, once. */
export async function seedStarterRecipes(db: Kysely<Database>): Promise<number> {
  const rows = starter.recipes.map((r) => ({
    tech_id: r.tech_id,
    version: starter.version,
    topics: r.topics,
    min_topic_score: r.min_topic_score,
    query: r.query,
    rule: r.rule as RecipeRule,
    title_query_rule: r.title_query_rule,
    status: starter.status,
    source: `cetmap starter recipes for ${starter.taxonomy}`,
  }));
  const inserted = await db
    .insertInto('recipe')
    .values(rows)
    .onConflict((oc) => oc.columns(['tech_id', 'version']).doNothing())
    .returning('tech_id')
    .execute();
  return inserted.length;
}

/** The latest version of each technology's recipe (or of the listed technologies). */
export async function latestRecipes(db: Kysely<Database>, techIds?: readonly string[]): Promise<Recipe[]> {
  let q = db
    .selectFrom('recipe as r')
    .selectAll('r')
    .where('r.version', '=', (eb) =>
      eb
        .selectFrom('recipe as r2')
        .select((e) => e.fn.max('r2.version').as('v'))
        .whereRef('r2.tech_id', '=', 'r.tech_id'),
    )
    .orderBy('r.tech_id');
  if (techIds && techIds.length > 0) q = q.where('r.tech_id', 'in', techIds);
  const rows = await q.execute();
  if (techIds) {
    const missing = techIds.filter((t) => !rows.some((r) => r.tech_id === t));
    if (missing.length > 0)
      throw new CetmapError('CET_NOT_FOUND', `No classification recipe for ${missing.join(', ')}.`);
  }
  return rows.map((r) => ({
    techId: r.tech_id,
    version: r.version,
    topics: r.topics.map(Number),
    minTopicScore: r.min_topic_score,
    query: r.query,
    rule: r.rule,
    titleQueryRule: r.title_query_rule,
  }));
}

/** Identifies a recipe set; a change to any recipe changes it and makes every work due for classification. */
export const recipesDigest = (recipes: readonly Recipe[]): string =>
  createHash('sha256')
    .update(JSON.stringify(recipes.map((r) => [r.techId, r.version])))
    .digest('hex')
    .slice(0, 16);

/**
 * Splits the works into id ranges of about worksPerShard works each, for classification jobs on several workers.
 * Boundaries come from a sample of ids on large tables, so planning stays cheap at any size; the ranges cover every
 * id whatever the sample (the first starts below every id, the last has no upper bound).
 */
export async function planIdRanges(db: Kysely<Database>, worksPerShard: number): Promise<IdRange[]> {
  const total = Number((await sql<{ n: string }>`select count(*) as n from work`.execute(db)).rows[0]!.n);
  const shards = Math.max(1, Math.ceil(total / worksPerShard));
  if (shards === 1) return [{ after: -1, upTo: null }];
  const fractions = Array.from({ length: shards - 1 }, (_, i) => (i + 1) / shards);
  // A 1 % block sample from a million works on; every id below that.
  const sample = total > 1_000_000 ? sql`work tablesample system (1)` : sql`work`;
  const row = await sql<{ cuts: Array<string | number> | null }>`
    select percentile_disc(${fractions}::float8[]) within group (order by id) as cuts from ${sample}`.execute(
    db,
  );
  const cuts = [...new Set((row.rows[0]?.cuts ?? []).map(Number))].sort((a, b) => a - b);
  const ranges: IdRange[] = [];
  let after = -1;
  for (const cut of cuts) {
    ranges.push({ after, upTo: cut });
    after = cut;
  }
  ranges.push({ after, upTo: null });
  return ranges;
}

/** A work's text as stored, with the updated_date it was read at (text, so microseconds survive). */
export interface StoredWorkText extends WorkText {
  updatedDate: string;
}

/**
 * Reads the text, keywords and topics of a batch of works (one query; topics and keywords come as JSON). When no
 * other work lies between the batch's first and last id (a run over every work, or over a block of new ones),
 * topics and keywords are read as two range scans instead of two index lookups per work.
 */
export async function readWorkTexts(db: Kysely<Database>, ids: readonly number[]): Promise<StoredWorkText[]> {
  if (ids.length === 0) return [];
  let lo = ids[0]!;
  let hi = ids[0]!;
  for (const id of ids) {
    if (id < lo) lo = id;
    if (id > hi) hi = id;
  }
  const between = await sql<{ n: string | number }>`
    select count(*) as n from (select 1 from work where id >= ${lo} and id <= ${hi} limit ${ids.length + 1}) x`.execute(
    db,
  );
  const contiguous = Number(between.rows[0]!.n) === new Set(ids).size;
  const topics = sql`json_agg(json_build_array(t.topic_id, t.score))`;
  const keywords = sql`json_agg(k.keyword)`;
  const rows = await sql<{
    id: string | number;
    title: string | null;
    abstract: string | null;
    updated_date: string;
    topics: Array<[number, number]> | null;
    keywords: string[] | null;
  }>`${
    contiguous
      ? sql`
    select w.id, w.title, w.abstract, w.updated_date::text as updated_date, t.topics, k.keywords
    from work w
    left join (select t.work_id, ${topics} as topics from work_topic t
      where t.work_id >= ${lo} and t.work_id <= ${hi} group by t.work_id) t on t.work_id = w.id
    left join (select k.work_id, ${keywords} as keywords from work_keyword k
      where k.work_id >= ${lo} and k.work_id <= ${hi} group by k.work_id) k on k.work_id = w.id
    where w.id >= ${lo} and w.id <= ${hi}`
      : sql`
    select w.id, w.title, w.abstract, w.updated_date::text as updated_date,
      (select ${topics} from work_topic t where t.work_id = w.id) as topics,
      (select ${keywords} from work_keyword k where k.work_id = w.id) as keywords
    from work w where w.id = any(${[...ids]}::bigint[])`
  }`.execute(db);
  const byWork = new Map<number, StoredWorkText>();
  for (const r of rows.rows) {
    const id = Number(r.id);
    byWork.set(id, {
      id,
      title: r.title,
      abstract: r.abstract,
      keywords: r.keywords ?? [],
      topics: (r.topics ?? []).map(([topic, score]) => ({ id: topic, score })),
      updatedDate: r.updated_date,
    });
  }
  return ids.map((id) => byWork.get(id)).filter((w): w is StoredWorkText => w !== undefined);
}

export interface ClassifyOptions {
  techIds?: readonly string[];
  /** Classify every work again, not only new, updated or differently classified ones. */
  all?: boolean;
  batchSize?: number;
  /**
   * Worker threads that tokenise and match while the main thread reads and writes (0: inline). By default one per
   * core (the main thread and the database mostly wait), and none for runs of fewer than WORKER_THRESHOLD works
   * (starting threads would cost more than it saves).
   */
  workers?: number;
  /** Only works with ids in (after, upTo]: one shard of a classification split across job workers. */
  idRange?: IdRange;
  onProgress?: (done: number, total: number) => void;
}

/** Works with after < id ≤ upTo (null: no upper bound). */
export interface IdRange {
  after: number;
  upTo: number | null;
}

export const WORKER_THRESHOLD = 20_000;

export interface ClassifyReport {
  recipes: number;
  recipesDigest: string;
  worksClassified: number;
  assignments: number;
  byTech: Record<string, number>;
}

export async function classifyWorks(
  handle: DbHandle,
  options: ClassifyOptions = {},
): Promise<ClassifyReport> {
  const db = handle.db;
  const recipes = await latestRecipes(db, options.techIds);
  if (recipes.length === 0) throw new CetmapError('CET_NOT_FOUND', 'No classification recipes are loaded.');
  const compiled = compileRecipes(recipes);
  const digest = recipesDigest(recipes);
  // A run restricted to some technologies does not mark works as classified under the full set.
  const partial = options.techIds !== undefined && options.techIds.length > 0;
  const incremental = !options.all && !partial;
  const batchSize = options.batchSize ?? 2000;

  const due = (q: ReturnType<typeof pendingBase>) =>
    incremental
      ? q.where((eb) =>
          eb.or([
            eb('c.work_id', 'is', null),
            eb('c.recipes_digest', '<>', digest),
            eb('c.updated_date', '<>', eb.ref('w.updated_date')),
          ]),
        )
      : q;
  const range = options.idRange ?? { after: -1, upTo: null };
  const pendingBase = () => {
    const q = db.selectFrom('work as w').leftJoin('work_classified as c', 'c.work_id', 'w.id');
    return range.upTo === null ? q : q.where('w.id', '<=', range.upTo);
  };
  const totalRow = await due(pendingBase())
    .where('w.id', '>', range.after)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirst();
  const total = Number(totalRow?.n ?? 0);

  const report: ClassifyReport = {
    recipes: recipes.length,
    recipesDigest: digest,
    worksClassified: 0,
    assignments: 0,
    byTech: {},
  };
  const fetchBatch = async (after: number) => {
    const batch = await due(pendingBase())
      .select(['w.id'])
      .where('w.id', '>', after)
      .orderBy('w.id')
      .limit(batchSize)
      .execute();
    if (batch.length === 0) return null;
    const ids = batch.map((b) => Number(b.id));
    return { ids, texts: await readWorkTexts(db, ids) };
  };
  const writeBatch = (ids: number[], texts: readonly StoredWorkText[], rows: AssignmentColumns) =>
    db.transaction().execute(async (trx) => {
      // The batch's old rows by the index, always: on a table that was empty when the run began, the planner's
      // statistics make it scan the whole (growing) table for every batch instead.
      await sql`set local enable_seqscan = off`.execute(trx);
      let del = trx.deleteFrom('work_tech').where('work_id', '=', sql<number>`any(${ids}::bigint[])`);
      if (partial)
        del = del.where(
          'tech_id',
          'in',
          recipes.map((r) => r.techId),
        );
      await del.execute();
      // One statement with five array parameters, whatever the number of rows (a VALUES list would bind 5 per row).
      if (rows.workIds.length > 0)
        await sql`insert into work_tech (work_id, tech_id, recipe_version, score, matched_by)
          select * from unnest(${rows.workIds}::bigint[], ${rows.techIds}::text[],
            ${rows.recipeVersions}::int[], ${rows.scores}::real[], ${rows.matchedBy}::text[])`.execute(trx);
      if (!partial) {
        // The updated_date each work was read at (as text, so microseconds survive): a version stored since is
        // due again.
        await sql`insert into work_classified (work_id, recipes_digest, updated_date)
          select id, ${digest}, updated::timestamp
          from unnest(${texts.map((t) => t.id)}::bigint[], ${texts.map((t) => t.updatedDate)}::text[]) as x(id, updated)
          on conflict (work_id) do update set recipes_digest = excluded.recipes_digest, updated_date = excluded.updated_date`.execute(
          trx,
        );
      }
    });

  // A pipeline: batches are read in id order while earlier ones are classified (on worker threads) and written,
  // in order. A later batch never depends on an earlier one's write.
  const workers = options.workers ?? (total < WORKER_THRESHOLD ? 0 : availableParallelism());
  const pool = createWorkerPool<WorkText[], AssignmentColumns>({
    module: new URL('./classify-worker.js', import.meta.url),
    size: workers,
    workerData: { recipes },
    inline: (works) => classifyBatch(works, compiled),
  });
  type Classified = { ids: number[]; texts: StoredWorkText[]; rows: AssignmentColumns };
  const classified: Array<Promise<Classified>> = [];
  const write = async (done: Classified) => {
    await writeBatch(done.ids, done.texts, done.rows);
    report.worksClassified += done.ids.length;
    report.assignments += done.rows.workIds.length;
    for (const t of done.rows.techIds) report.byTech[t] = (report.byTech[t] ?? 0) + 1;
    options.onProgress?.(report.worksClassified, total);
  };
  try {
    let next = fetchBatch(range.after);
    for (;;) {
      const batch = await next;
      if (batch) {
        next = fetchBatch(batch.ids[batch.ids.length - 1]!);
        next.catch(() => undefined); // awaited at the top of the next round
        const { ids, texts } = batch;
        const promise = pool.run(texts).then((rows) => ({ ids, texts, rows }));
        promise.catch(() => undefined); // awaited in order below
        classified.push(promise);
      }
      if (classified.length > pool.size || (!batch && classified.length > 0))
        await write(await classified.shift()!);
      if (!batch && classified.length === 0) break;
    }
  } finally {
    await Promise.allSettled(classified);
    await pool.close();
  }
  return report;
}
