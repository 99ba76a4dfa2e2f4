/**
 * Database side of patent classification and rollup: the CPC part of the recipes (versioned; the starter set
 * ships with cetmap), the classifier run that rewrites patent_tech, and the rollup to technology × country ×
 * year grant facts by inventor and by assignee country.
 *
 * Counted: utility grants that are not withdrawn (design and plant grants have no CPC technology; reissues
 * repeat an earlier grant), by grant year. Countries come from g_location_disambiguated only.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database, PatentBasis } from '../db/schema.js';
import { latestRecipes, seedStarterRecipes } from '../classify/classify-queries.js';
import { CetmapError } from '../shared/errors.js';
import {
  classifyPatent,
  compilePatentRecipes,
  type PatentRecipe,
  type PatentText,
} from './classify-patent.js';
import starter from './data/cpc-recipes-kr-2022.json' with { type: 'json' };

export const STARTER_CPC_RECIPES = starter;

/** Loads the shipped starter CPC patterns as version 1 of each technology's patent recipe, once. */
export async function seedStarterCpcRecipes(db: Kysely<Database>): Promise<number> {
  const rows = starter.recipes.map((r) => ({
    tech_id: r.tech_id,
    version: starter.version,
    patterns: r.patterns,
    candidate_patterns: r.candidate_patterns,
    query: r.query,
    query_alone: r.query_alone,
    status: starter.status,
    source: `cetmap starter CPC patterns for ${starter.taxonomy} (from WIPO IPC 2023.01 subclass titles; not validated)`,
  }));
  const inserted = await db
    .insertInto('recipe_cpc')
    .values(rows)
    .onConflict((oc) => oc.columns(['tech_id', 'version']).doNothing())
    .returning('tech_id')
    .execute();
  return inserted.length;
}

/** The latest CPC part of each technology's recipe, with the query of its latest paper recipe. */
export async function latestPatentRecipes(
  db: Kysely<Database>,
  techIds?: readonly string[],
): Promise<PatentRecipe[]> {
  await seedStarterRecipes(db);
  await seedStarterCpcRecipes(db);
  let q = db
    .selectFrom('recipe_cpc as r')
    .selectAll('r')
    .where('r.version', '=', (eb) =>
      eb
        .selectFrom('recipe_cpc as r2')
        .select((e) => e.fn.max('r2.version').as('v'))
        .whereRef('r2.tech_id', '=', 'r.tech_id'),
    )
    .orderBy('r.tech_id');
  if (techIds && techIds.length > 0) q = q.where('r.tech_id', 'in', techIds);
  const rows = await q.execute();
  if (techIds) {
    const missing = techIds.filter((t) => !rows.some((r) => r.tech_id === t));
    if (missing.length > 0)
      throw new CetmapError('CET_NOT_FOUND', `No patent (CPC) recipe for ${missing.join(', ')}.`);
  }
  const paper = new Map((await latestRecipes(db)).map((r) => [r.techId, r]));
  return rows.map((r) => {
    const p = paper.get(r.tech_id);
    return {
      techId: r.tech_id,
      cpcVersion: r.version,
      recipeVersion: r.query !== null ? 0 : (p?.version ?? 0),
      patterns: r.patterns,
      candidatePatterns: r.candidate_patterns,
      query: r.query ?? p?.query ?? null,
      queryAlone: r.query_alone,
    };
  });
}

export const patentRecipesDigest = (recipes: readonly PatentRecipe[]): string =>
  createHash('sha256')
    .update(JSON.stringify(recipes.map((r) => [r.techId, r.cpcVersion, r.recipeVersion])))
    .digest('hex')
    .slice(0, 16);

/** Title, abstract and CPC symbols of some patents. */
export async function readPatentTexts(db: Kysely<Database>, ids: readonly string[]): Promise<PatentText[]> {
  if (ids.length === 0) return [];
  const [patents, cpc] = await Promise.all([
    db.selectFrom('patent').select(['id', 'title', 'abstract']).where('id', 'in', ids).execute(),
    db
      .selectFrom('patent_cpc')
      .select(['patent_id', 'symbol'])
      .where('patent_id', 'in', ids)
      .orderBy('patent_id')
      .orderBy('sequence')
      .execute(),
  ]);
  const symbols = new Map<string, string[]>();
  for (const c of cpc) symbols.set(c.patent_id, [...(symbols.get(c.patent_id) ?? []), c.symbol]);
  const byId = new Map(patents.map((p) => [p.id, p]));
  return ids
    .map((id) => byId.get(id))
    .filter((p) => p !== undefined)
    .map((p) => ({ id: p.id, title: p.title, abstract: p.abstract, cpc: symbols.get(p.id) ?? [] }));
}

export interface PatentClassifyReport {
  recipes: number;
  recipesDigest: string;
  patentsClassified: number;
  assignments: number;
  byTech: Record<string, number>;
  byMatch: Record<string, number>;
}

/** Classifies every patent again under the latest recipes (patents are few next to works). */
export async function classifyPatents(
  db: Kysely<Database>,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<PatentClassifyReport> {
  const recipes = await latestPatentRecipes(db);
  const compiled = compilePatentRecipes(recipes);
  const report: PatentClassifyReport = {
    recipes: recipes.length,
    recipesDigest: patentRecipesDigest(recipes),
    patentsClassified: 0,
    assignments: 0,
    byTech: {},
    byMatch: {},
  };
  const batchSize = options.batchSize ?? 2000;
  let last = '';
  let first = true;
  for (;;) {
    const batch = await db
      .selectFrom('patent')
      .select('id')
      .where('id', '>', last)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    const ids = batch.map((b) => b.id);
    const texts = await readPatentTexts(db, ids);
    const rows = texts.flatMap((p) =>
      classifyPatent(p, compiled).map((c) => ({
        patent_id: p.id,
        tech_id: c.techId,
        recipe_version: c.recipeVersion,
        cpc_version: c.cpcVersion,
        matched_by: c.matchedBy,
      })),
    );
    await db.transaction().execute(async (trx) => {
      if (first) await trx.deleteFrom('patent_tech').execute();
      for (let i = 0; i < rows.length; i += 5000)
        await trx
          .insertInto('patent_tech')
          .values(rows.slice(i, i + 5000))
          .execute();
    });
    first = false;
    if (batch.length === 0) break;
    last = ids[ids.length - 1]!;
    report.patentsClassified += ids.length;
    report.assignments += rows.length;
    for (const r of rows) {
      report.byTech[r.tech_id] = (report.byTech[r.tech_id] ?? 0) + 1;
      report.byMatch[r.matched_by] = (report.byMatch[r.matched_by] ?? 0) + 1;
    }
    options.onProgress?.(report.patentsClassified);
  }
  return report;
}

export interface PatentRollupReport {
  patents: number;
  facts: number;
  /** Share of grant credit placed in a country (not UNKNOWN), per basis. */
  located: Record<PatentBasis, number | null>;
}

const PARTIES: Record<PatentBasis, 'patent_inventor' | 'patent_assignee'> = {
  inventor: 'patent_inventor',
  assignee: 'patent_assignee',
};

/** Rebuilds tech_country_year_patent and country_year_patent from patents, patent_tech and locations. */
export async function rollupPatents(db: Kysely<Database>): Promise<PatentRollupReport> {
  return db.transaction().execute(async (trx) => {
    const run = await trx
      .insertInto('patent_rollup_run')
      .values({
        finished_at: null,
        patents: null,
        located_inventor_share: null,
        located_assignee_share: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.deleteFrom('tech_country_year_patent').execute();
    await trx.deleteFrom('country_year_patent').execute();
    const located: Record<PatentBasis, number | null> = { inventor: null, assignee: null };
    for (const basis of ['inventor', 'assignee'] as const) {
      const parties = sql.id(PARTIES[basis]);
      // One row per (grant, country) with the grant's fractional credit there; a grant without any party row
      // puts its whole credit on UNKNOWN.
      const credit = sql`
        with counted as (
          select id, year from patent
          where type = 'utility' and coalesce(withdrawn, false) = false and year is not null
        ),
        party as (
          select p.patent_id, coalesce(l.country, 'UNKNOWN') as country,
                 1.0 / count(*) over (partition by p.patent_id) as share
          from ${parties} p join counted c on c.id = p.patent_id
          left join patent_location l on l.id = p.location_id
        ),
        per_country as (
          select patent_id, country, sum(share) as frac from party group by patent_id, country
        ),
        credit as (
          select c.id as patent_id, c.year, coalesce(pc.country, 'UNKNOWN') as country,
                 coalesce(pc.frac, 1.0) as frac
          from counted c left join per_country pc on pc.patent_id = c.id
        )`;
      await sql`${credit}
        insert into country_year_patent (basis, country, year, grants_full, grants_frac)
        select ${basis}, country, year, count(*), sum(frac) from credit group by country, year`.execute(trx);
      await sql`${credit}
        insert into tech_country_year_patent (tech_id, basis, country, year, grants_full, grants_frac)
        select t.tech_id, ${basis}, cr.country, cr.year, count(*), sum(cr.frac)
        from credit cr join patent_tech t on t.patent_id = cr.patent_id
        group by t.tech_id, cr.country, cr.year`.execute(trx);
      const share = await sql<{ located: number | null }>`
        select sum(case when country <> 'UNKNOWN' then grants_frac else 0 end) / nullif(sum(grants_frac), 0)
          as located
        from country_year_patent where basis = ${basis}`.execute(trx);
      const v = share.rows[0]?.located;
      located[basis] = v === null || v === undefined ? null : Number(v);
    }
    const patents = await sql<{ n: number }>`
      select count(*)::int as n from patent
      where type = 'utility' and coalesce(withdrawn, false) = false and year is not null`.execute(trx);
    const facts = await trx
      .selectFrom('tech_country_year_patent')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('patent_rollup_run')
      .set({
        finished_at: sql<Date>`now()`,
        patents: Number(patents.rows[0]!.n),
        located_inventor_share: located.inventor,
        located_assignee_share: located.assignee,
      })
      .where('id', '=', run.id)
      .execute();
    return { patents: Number(patents.rows[0]!.n), facts: Number(facts.n), located };
  });
}
