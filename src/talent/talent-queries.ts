/**
 * Researchers and their moves per technology, from authorships of the technology's works (a field's works are
 * those of its key technologies). An author's shares in a work are split equally over the countries listed for
 * the author on that work (the author-country variant of methods §1; no countries → UNKNOWN).
 * Public outputs aggregate and suppress cells under `minCell` people.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { dataVintage, type DataVintage } from '../indicators/standing-queries.js';
import {
  DEFAULT_FLOW_PARAMS,
  movesMatrix,
  netFlows,
  type AuthorHistory,
  type FlowParams,
} from './talent-flow.js';

export const DEFAULT_MIN_CELL = 5;

async function assertTechnology(db: Kysely<Database>, techId: string): Promise<void> {
  const t = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!t) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
}

/** Each author's yearly country shares and number of works, within the technology's works. */
export async function authorHistories(
  db: Kysely<Database>,
  techId: string,
  years: { from: number; to: number },
): Promise<AuthorHistory> {
  const rows = await sql<{ author_id: number; year: number; country_codes: string[] }>`
    select distinct a.work_id, a.author_id, w.year, a.country_codes
    from authorship a
    join work w on w.id = a.work_id
    where a.author_id is not null and w.year between ${years.from} and ${years.to}
      and a.work_id in (
        select wt.work_id from work_tech wt join technology t on t.id = wt.tech_id
        where t.id = ${techId} or t.parent_id = ${techId})`.execute(db);
  const history: AuthorHistory = {};
  for (const r of rows.rows) {
    const author = String(r.author_id);
    const year = Number(r.year);
    const byYear = (history[author] ??= {});
    const entry = (byYear[year] ??= { shares: {}, works: 0 });
    entry.works += 1;
    const countries = r.country_codes.length > 0 ? r.country_codes : ['UNKNOWN'];
    for (const c of countries) entry.shares[c] = (entry.shares[c] ?? 0) + 1 / countries.length;
  }
  return history;
}

export interface TalentFlowsResult {
  techId: string;
  params: FlowParams & { minCell: number };
  method: string;
  authorsObserved: number;
  moves: number;
  byCountry: Array<{ country: string; inflow: number | null; outflow: number | null; net: number | null }>;
  matrix: Array<{ from: string; to: string; moves: number | null }>;
  vintage: DataVintage;
}

/** Inflow, outflow and net moves per country in a technology and year; cells under minCell suppressed. */
export async function technologyFlows(
  db: Kysely<Database>,
  techId: string,
  options: Partial<FlowParams> & { minCell?: number } = {},
): Promise<TalentFlowsResult> {
  await assertTechnology(db, techId);
  const vintage = await dataVintage(db);
  const targetYear = options.targetYear ?? vintage.latestYear ?? new Date().getUTCFullYear() - 1;
  const params = {
    targetYear,
    maxGap: options.maxGap ?? DEFAULT_FLOW_PARAMS.maxGap,
    minWorks: options.minWorks ?? DEFAULT_FLOW_PARAMS.minWorks,
  };
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  const history = await authorHistories(db, techId, { from: targetYear - params.maxGap, to: targetYear });
  const flows = netFlows(history, params);
  const hide = (n: number | undefined) => (n === undefined ? 0 : n >= minCell ? n : null);
  const countries = [...new Set([...Object.keys(flows.inflow), ...Object.keys(flows.outflow)])];
  return {
    techId,
    params: { ...params, minCell },
    method:
      `dominant country per author-year (author-country shares), moves between the latest earlier year within ` +
      `${params.maxGap} years and ${targetYear}; author-years need at least ${params.minWorks} works; ties and UNKNOWN skipped; ` +
      `cells under ${minCell} people suppressed (methods §10)`,
    authorsObserved: Object.values(history).filter((y) => y[targetYear]).length,
    moves: flows.moves.length,
    byCountry: countries
      .map((country) => {
        const inflow = hide(flows.inflow[country]);
        const outflow = hide(flows.outflow[country]);
        return {
          country,
          inflow,
          outflow,
          net: inflow === null || outflow === null ? null : flows.net[country]!,
        };
      })
      .sort((a, b) => (b.net ?? 0) - (a.net ?? 0) || a.country.localeCompare(b.country)),
    matrix: movesMatrix(flows.moves, minCell),
    vintage,
  };
}

export interface ResearchersResult {
  techId: string;
  year: number;
  minCell: number;
  method: string;
  countries: Array<{ country: string; full: number | null; fractional: number | null }>;
  world: number;
  vintage: DataVintage;
}

/** Active authors per country in a technology and year: full (distinct authors) and fractional (each author 1). */
export async function technologyResearchers(
  db: Kysely<Database>,
  techId: string,
  options: { year?: number; minCell?: number } = {},
): Promise<ResearchersResult> {
  await assertTechnology(db, techId);
  const vintage = await dataVintage(db);
  const year = options.year ?? vintage.latestYear ?? new Date().getUTCFullYear() - 1;
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  const history = await authorHistories(db, techId, { from: year, to: year });
  const full = new Map<string, number>();
  const frac = new Map<string, number>();
  let world = 0;
  for (const years of Object.values(history)) {
    const y = years[year];
    if (!y) continue;
    world += 1;
    const total = Object.values(y.shares).reduce((s, v) => s + v, 0);
    for (const [c, v] of Object.entries(y.shares)) {
      full.set(c, (full.get(c) ?? 0) + 1);
      frac.set(c, (frac.get(c) ?? 0) + v / total);
    }
  }
  return {
    techId,
    year,
    minCell,
    method: `authors with a work in the technology in ${year}; full = distinct authors per country, fractional = each author counts 1 split over their countries; cells under ${minCell} suppressed`,
    countries: [...full.keys()]
      .map((country) => {
        const n = full.get(country)!;
        return {
          country,
          full: n >= minCell ? n : null,
          fractional: n >= minCell ? Number(frac.get(country)!.toFixed(3)) : null,
        };
      })
      .sort((a, b) => (b.fractional ?? 0) - (a.fractional ?? 0) || a.country.localeCompare(b.country)),
    world,
    vintage,
  };
}
