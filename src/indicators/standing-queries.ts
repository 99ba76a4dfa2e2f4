/** Reads the rolled-up facts of a technology (or a country across technologies) and computes standing. */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import {
  computeStanding,
  defaultParams,
  type CountryTotalRow,
  type FactRow,
  type InstitutionRow,
  type StandingParams,
  type TechnologyStanding,
} from './standing.js';

export interface DataVintage {
  /** Latest ingested work year and the time of the rollup the facts come from. */
  latestYear: number | null;
  rolledUpAt: string | null;
  referenceField: string | null;
  synthetic: boolean;
}

export async function dataVintage(db: Kysely<Database>): Promise<DataVintage> {
  const [years, run, synthetic] = await Promise.all([
    db
      .selectFrom('tech_country_year')
      .select((eb) => eb.fn.max('year').as('y'))
      .executeTakeFirst(),
    db
      .selectFrom('rollup_run')
      .select(['finished_at', 'reference_set'])
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    db.selectFrom('dataset').select('id').where('synthetic', '=', true).limit(1).executeTakeFirst(),
  ]);
  return {
    latestYear: years?.y ?? null,
    rolledUpAt: run?.finished_at ? new Date(run.finished_at).toISOString() : null,
    referenceField: run?.reference_set ?? null,
    synthetic: synthetic !== undefined,
  };
}

/** The last complete year: the latest data year, but never the current calendar year (still being indexed). */
export function latestCompleteYear(latestDataYear: number | null, now = new Date()): number {
  const lastFull = now.getUTCFullYear() - 1;
  return latestDataYear === null ? lastFull : Math.min(latestDataYear, lastFull);
}

export async function technologyFacts(db: Kysely<Database>, techId: string): Promise<FactRow[]> {
  const rows = await db.selectFrom('tech_country_year').selectAll().where('tech_id', '=', techId).execute();
  return rows.map((r) => ({
    country: r.country,
    year: r.year,
    worksFull: r.works_full,
    worksFrac: r.works_frac,
    top10Frac: r.top10_frac,
    top1Frac: r.top1_frac,
    citationsFrac: r.citations_frac,
    ncsSum: r.ncs_frac_sum,
    ncsWeight: r.ncs_frac_weight,
  }));
}

export async function countryTotals(db: Kysely<Database>): Promise<CountryTotalRow[]> {
  const rows = await db.selectFrom('country_year').selectAll().execute();
  return rows.map((r) => ({
    country: r.country,
    year: r.year,
    worksFull: r.works_full,
    worksFrac: r.works_frac,
  }));
}

export async function technologyInstitutions(
  db: Kysely<Database>,
  techId: string,
  from: number,
  to: number,
  limit = 10,
): Promise<InstitutionRow[]> {
  const rows = await db
    .selectFrom('tech_institution_year as t')
    .leftJoin('institution as i', 'i.id', 't.institution_id')
    .select(['t.institution_id', 'i.name', sql<string | null>`max(t.country)`.as('country')])
    .select((eb) => [
      eb.fn.sum<number>('t.works_frac').as('works_frac'),
      eb.fn.sum<number>('t.top10_frac').as('top10_frac'),
    ])
    .where('t.tech_id', '=', techId)
    .where('t.year', '>=', from)
    .where('t.year', '<=', to)
    .groupBy(['t.institution_id', 'i.name'])
    .orderBy('top10_frac', 'desc')
    .orderBy('works_frac', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    institutionId: Number(r.institution_id),
    name: r.name,
    country: r.country,
    worksFrac: Number(r.works_frac),
    top10Frac: Number(r.top10_frac),
  }));
}

export interface StandingResult extends TechnologyStanding {
  techId: string;
  vintage: DataVintage;
}

/** Standing of one technology; parameters not given take their documented defaults. */
export async function technologyStanding(
  db: Kysely<Database>,
  techId: string,
  over: Partial<StandingParams> = {},
): Promise<StandingResult> {
  const tech = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  const vintage = await dataVintage(db);
  const params = defaultParams(latestCompleteYear(vintage.latestYear), over);
  if (params.from > params.to)
    throw new CetmapError('CET_BAD_INPUT', `--from ${params.from} is after --to ${params.to}.`);
  const [facts, totals, institutions] = await Promise.all([
    technologyFacts(db, techId),
    countryTotals(db),
    technologyInstitutions(db, techId, params.from, params.to),
  ]);
  return { techId, vintage, ...computeStanding(facts, totals, institutions, params) };
}
