/**
 * Standing from published aggregates instead of works: NSF Science & Engineering Indicators articles by
 * country × field × year (fractional and whole counts), run through the same computeStanding as the
 * work-level pipeline. Citation-based indicators are absent there, and the result says so.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { UNKNOWN } from '../core/concentration.js';
import { dataVintage, latestCompleteYear, type StandingResult } from './standing-queries.js';
import {
  computeStanding,
  defaultParams,
  type CountryTotalRow,
  type FactRow,
  type StandingParams,
} from './standing.js';

export const NSF_DATASET = 'nsf-sei-2024';
const NSF_ARTICLES = 'articles_by_country_year.csv';
export const NSF_ALL_FIELDS = 'All S&E fields';

interface Cell {
  country: string | null;
  entity: string;
  year: number;
  method: string;
  value: number;
}

async function nsfArticles(db: Kysely<Database>, field: string): Promise<Cell[]> {
  const rows = await db
    .selectFrom('statistic')
    .select(['country', 'entity', 'year', 'value', sql<string>`dims->>'count_method'`.as('method')])
    .where('dataset', '=', NSF_DATASET)
    .where('source_file', '=', NSF_ARTICLES)
    .where(sql<string>`dims->>'field'`, '=', field)
    .where((eb) => eb.or([eb('country', 'is not', null), eb('entity', '=', 'World')]))
    .execute();
  return rows
    .filter((r) => r.year !== null && r.value !== null)
    .map((r) => ({ country: r.country, entity: r.entity, year: r.year!, method: r.method, value: r.value! }));
}

/** Country facts from NSF cells; the world's output not assigned to a listed economy becomes UNKNOWN. */
function toFacts(cells: Cell[]): FactRow[] {
  const key = (c: string, y: number) => `${c}|${y}`;
  const frac = new Map<string, number>();
  const whole = new Map<string, number>();
  for (const c of cells) {
    const country = c.country ?? (c.entity === 'World' ? 'WORLD' : null);
    if (!country) continue;
    const target = c.method === 'fractional' ? frac : whole;
    target.set(key(country, c.year), (target.get(key(country, c.year)) ?? 0) + c.value);
  }
  const facts: FactRow[] = [];
  const years = new Set(cells.map((c) => c.year));
  for (const k of frac.keys()) {
    const [country, y] = k.split('|') as [string, string];
    if (country === 'WORLD') continue;
    facts.push({
      country,
      year: Number(y),
      worksFrac: frac.get(k)!,
      worksFull: whole.get(k) ?? frac.get(k)!,
      top10Frac: null,
      top1Frac: null,
      citationsFrac: null,
      ncsSum: null,
      ncsWeight: null,
    });
  }
  for (const year of years) {
    const world = frac.get(key('WORLD', year));
    if (world === undefined) continue;
    const listed = facts.filter((f) => f.year === year).reduce((s, f) => s + f.worksFrac, 0);
    if (world > listed) {
      facts.push({
        country: UNKNOWN,
        year,
        worksFrac: world - listed,
        worksFull: 0,
        top10Frac: null,
        top1Frac: null,
        citationsFrac: null,
        ncsSum: null,
        ncsWeight: null,
      });
    }
  }
  return facts;
}

export interface AggregateStandingResult extends Omit<StandingResult, 'techId'> {
  source: { dataset: string; table: string; field: string; citation: string };
}

export async function nsfFieldStanding(
  db: Kysely<Database>,
  field: string,
  over: Partial<StandingParams> = {},
): Promise<AggregateStandingResult> {
  const cells = await nsfArticles(db, field);
  if (cells.length === 0) {
    const loaded = await db
      .selectFrom('statistic')
      .select('id')
      .where('dataset', '=', NSF_DATASET)
      .limit(1)
      .executeTakeFirst();
    throw new CetmapError(
      loaded ? 'CET_NOT_FOUND' : 'CET_BAD_INPUT',
      loaded
        ? `NSF has no article counts for the field "${field}".`
        : 'The NSF Science & Engineering Indicators tables are not loaded: run `cetmap import nsf-sei <folder>`.',
    );
  }
  const facts = toFacts(cells);
  const totals: CountryTotalRow[] = toFacts(await nsfArticles(db, NSF_ALL_FIELDS))
    .filter((f) => f.country !== UNKNOWN)
    .map((f) => ({ country: f.country, year: f.year, worksFrac: f.worksFrac, worksFull: f.worksFull }));
  const latest = Math.max(...facts.map((f) => f.year));
  const params = defaultParams(latestCompleteYear(latest), over);
  const vintage = await dataVintage(db);
  return {
    ...computeStanding(facts, totals, [], params),
    vintage: { ...vintage, latestYear: latest, rolledUpAt: null, referenceField: null },
    source: {
      dataset: NSF_DATASET,
      table: NSF_ARTICLES,
      field,
      citation: 'National Science Board, Science and Engineering Indicators 2024 (Scopus, Science-Metrix)',
    },
  };
}
