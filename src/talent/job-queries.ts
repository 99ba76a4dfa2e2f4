/**
 * Job postings in the database: all-or-nothing import (a file with any malformed row is rejected with every
 * problem located, and nothing is written), classification with the latest recipes, and demand by technology ×
 * region × month against researcher supply (active authors in the home country; authorships carry no region).
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { latestRecipes } from '../classify/classify-queries.js';
import { parseQuery } from '../classify/query-language.js';
import { CetmapError } from '../shared/errors.js';
import { classifyPosting, parsePostingsCsv, type PostingRecipe } from './job-postings.js';

export interface ImportPostingsResult {
  datasetId: string;
  rows: number;
  classified: number;
  links: number;
  synthetic: boolean;
}

async function postingRecipes(db: Kysely<Database>): Promise<PostingRecipe[]> {
  return (await latestRecipes(db)).flatMap((r) =>
    r.query ? [{ techId: r.techId, version: r.version, query: parseQuery(r.query) }] : [],
  );
}

/**
 * Imports a postings CSV as data set `datasetId` (replacing an earlier import with the same id). Validation runs
 * over the whole file first: any issue → CET_BAD_INPUT listing every issue with its row and column, nothing written.
 */
export async function importPostings(
  db: Kysely<Database>,
  input: {
    text: string;
    file: string;
    datasetId: string;
    title?: string;
    synthetic?: boolean;
    source?: string;
  },
): Promise<ImportPostingsResult> {
  const techs = await db.selectFrom('technology').select('id').execute();
  const parsed = parsePostingsCsv(input.text, input.file, new Set(techs.map((t) => t.id)));
  if (parsed.issues.length > 0) {
    const first = parsed.issues[0]!;
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${input.file}: ${parsed.issues.length} problem(s), nothing imported; first at ${first.location} (${first.field}): ${first.message}`,
      { issues: parsed.issues },
    );
  }
  if (parsed.rows.length === 0) throw new CetmapError('CET_BAD_INPUT', `${input.file}: no postings found.`);
  const recipes = await postingRecipes(db);
  const synthetic = input.synthetic ?? false;
  let classified = 0;
  let links = 0;
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('job_posting_tech')
      .where('posting_id', 'in', (eb) =>
        eb.selectFrom('job_posting').select('id').where('dataset_id', '=', input.datasetId),
      )
      .execute();
    await trx.deleteFrom('job_posting').where('dataset_id', '=', input.datasetId).execute();
    for (let i = 0; i < parsed.rows.length; i += 500) {
      const batch = parsed.rows.slice(i, i + 500);
      const ids = await trx
        .insertInto('job_posting')
        .values(
          batch.map((r) => ({
            dataset_id: input.datasetId,
            source_row: r.sourceRow,
            posted_on: r.postedOn,
            employer: r.employer,
            region: r.region,
            occupation: r.occupation,
            skills: r.skills,
            tech_tags: r.techTags,
            synthetic,
          })),
        )
        .returning(['id', 'source_row'])
        .execute();
      const idOf = new Map(ids.map((x) => [Number(x.source_row), Number(x.id)]));
      const techRows = batch.flatMap((r) => {
        const found = classifyPosting(r, recipes);
        if (found.length > 0) classified += 1;
        return found.map((f) => ({
          posting_id: idOf.get(r.sourceRow)!,
          tech_id: f.techId,
          matched_by: f.matchedBy,
          recipe_version: f.recipeVersion,
        }));
      });
      links += techRows.length;
      if (techRows.length > 0) await trx.insertInto('job_posting_tech').values(techRows).execute();
    }
    const values = {
      id: input.datasetId,
      kind: 'job-postings',
      title: input.title ?? `Job postings from ${input.file}`,
      synthetic,
      source: input.source ?? input.file,
      licence: null,
      row_count: parsed.rows.length,
    };
    await trx
      .insertInto('dataset')
      .values(values)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({
          title: values.title,
          synthetic,
          source: values.source,
          row_count: values.row_count,
          loaded_at: sql<Date>`now()`,
        }),
      )
      .execute();
  });
  return { datasetId: input.datasetId, rows: parsed.rows.length, classified, links, synthetic };
}

export interface DemandResult {
  params: { from: string; to: string; home: string; supplyYear: number | null };
  method: { demand: string; supply: string };
  synthetic: boolean;
  postings: number;
  unclassified: number;
  /** Postings per technology (a field counts a posting once even when it is in several of its key technologies). */
  byTechnology: Array<{
    techId: string;
    kind: string;
    nameEn: string | null;
    nameKo: string | null;
    postings: number;
    researchers: number | null;
    postingsPerResearcher: number | null;
  }>;
  byRegion: Array<{ region: string; postings: number }>;
  byMonth: Array<{ month: string; postings: number }>;
  cells: Array<{ techId: string; region: string; month: string; postings: number }>;
}

/** Demand (classified postings) by technology × region × month, with researcher supply where it exists. */
export async function postingDemand(
  db: Kysely<Database>,
  options: { techId?: string; from?: string; to?: string; home?: string; versionId?: string } = {},
): Promise<DemandResult> {
  const home = options.home ?? 'KR';
  const versionId = options.versionId ?? 'kr-2022';
  const from = options.from ?? '1900-01-01';
  const to = options.to ?? '2999-12-31';
  const techs = await db
    .selectFrom('technology')
    .select(['id', 'parent_id', 'kind', 'name_en', 'name_ko', 'position'])
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
  const tally = await sql<{
    posting_id: number;
    tech_id: string;
    parent_id: string | null;
    region: string;
    month: string;
  }>`
    select p.id as posting_id, jt.tech_id, t.parent_id, p.region, to_char(p.posted_on, 'YYYY-MM') as month
    from job_posting p
    join job_posting_tech jt on jt.posting_id = p.id
    join technology t on t.id = jt.tech_id and t.version_id = ${versionId}
    where p.posted_on between ${from}::date and ${to}::date`.execute(db);
  const totals = await sql<{ n: number; synthetic: boolean | null }>`
    select count(*)::int as n, bool_or(synthetic) as synthetic from job_posting
    where posted_on between ${from}::date and ${to}::date`.execute(db);
  const seen = new Set<string>();
  const cellCount = new Map<string, number>();
  const techCount = new Map<string, number>();
  const classifiedIds = new Set<number>();
  const regionIds = new Map<string, Set<number>>();
  const monthIds = new Map<string, Set<number>>();
  for (const r of tally.rows) {
    classifiedIds.add(Number(r.posting_id));
    for (const techId of [r.tech_id, r.parent_id]) {
      if (!techId) continue;
      if (options.techId && techId !== options.techId) continue;
      const key = `${techId}|${r.posting_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      techCount.set(techId, (techCount.get(techId) ?? 0) + 1);
      const ck = `${techId}|${r.region}|${r.month}`;
      cellCount.set(ck, (cellCount.get(ck) ?? 0) + 1);
      if (!options.techId || techId === options.techId) {
        (regionIds.get(r.region) ?? regionIds.set(r.region, new Set()).get(r.region)!).add(
          Number(r.posting_id),
        );
        (monthIds.get(r.month) ?? monthIds.set(r.month, new Set()).get(r.month)!).add(Number(r.posting_id));
      }
    }
  }
  // Supply: distinct authors with a home-country affiliation on a work of the technology in the latest data year.
  const latest = await db
    .selectFrom('tech_country_year')
    .select((eb) => eb.fn.max('year').as('y'))
    .executeTakeFirst();
  const supplyYear = latest?.y ?? null;
  const supply = new Map<string, number>();
  if (supplyYear !== null) {
    const rows = await sql<{ tech_id: string; parent_id: string | null; author_id: number }>`
      select distinct wt.tech_id, t.parent_id, a.author_id
      from work_tech wt
      join technology t on t.id = wt.tech_id and t.version_id = ${versionId}
      join work w on w.id = wt.work_id
      join authorship a on a.work_id = wt.work_id
      where w.year = ${supplyYear} and a.author_id is not null and ${home} = any(a.country_codes)`.execute(
      db,
    );
    const authorsBy = new Map<string, Set<number>>();
    for (const r of rows.rows)
      for (const techId of [r.tech_id, r.parent_id])
        if (techId)
          (authorsBy.get(techId) ?? authorsBy.set(techId, new Set()).get(techId)!).add(Number(r.author_id));
    for (const [k, v] of authorsBy) supply.set(k, v.size);
  }
  const postings = Number(totals.rows[0]?.n ?? 0);
  return {
    params: { from, to, home, supplyYear },
    method: {
      demand:
        'postings classified into a technology by their technology tags or by the recipe query on occupation (as title) and skills text (as abstract); a field counts a posting once; months by posting date',
      supply: `distinct authors with a ${home} affiliation on a work of the technology in ${supplyYear ?? '–'} (national: authorships carry no region, so supply is not split by region)`,
    },
    synthetic: totals.rows[0]?.synthetic === true,
    postings,
    unclassified: postings - classifiedIds.size,
    byTechnology: techs
      .filter((t) => !options.techId || t.id === options.techId)
      .map((t) => {
        const n = techCount.get(t.id) ?? 0;
        const researchers = supplyYear === null ? null : (supply.get(t.id) ?? 0);
        return {
          techId: t.id,
          kind: t.kind,
          nameEn: t.name_en,
          nameKo: t.name_ko,
          postings: n,
          researchers,
          postingsPerResearcher: researchers ? Number((n / researchers).toFixed(3)) : null,
        };
      }),
    byRegion: [...regionIds]
      .map(([region, ids]) => ({ region, postings: ids.size }))
      .sort((a, b) => b.postings - a.postings || a.region.localeCompare(b.region)),
    byMonth: [...monthIds]
      .map(([month, ids]) => ({ month, postings: ids.size }))
      .sort((a, b) => a.month.localeCompare(b.month)),
    cells: [...cellCount]
      .map(([k, postings]) => {
        const [techId, region, month] = k.split('|') as [string, string, string];
        return { techId, region, month, postings };
      })
      .sort(
        (a, b) =>
          a.techId.localeCompare(b.techId) ||
          a.region.localeCompare(b.region) ||
          a.month.localeCompare(b.month),
      ),
  };
}
