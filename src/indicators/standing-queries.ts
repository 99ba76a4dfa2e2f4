/** Reads the rolled-up facts of a technology (or a country across technologies) and computes standing. */
import { sql, type Kysely } from 'kysely';
import type { KistepBand, StandingClass } from '../core/technology-level.js';
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
    .select(() => [
      // Summed in year order: the same figures whatever order a plan reads the rows in (floating point).
      sql<number>`sum(t.works_frac order by t.year)`.as('works_frac'),
      sql<number>`sum(t.top10_frac order by t.year)`.as('top10_frac'),
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

/** The master plan's measurable goals (1st National Strategic Technology Master Plan 2024–2028, MSIT). */
export const PLAN_GOALS = {
  sourceKo:
    '제1차 국가전략기술 육성 기본계획 (2024–2028), 과학기술정보통신부, 2024년 8월 26일: 세계 선도급 기술 3개 → 6개; ' +
    'AI 반도체·첨단바이오·양자 세계 3위 이내. 2022년 육성방안은 최고국 대비 90 % 이상을 선도 기준으로 삼았습니다.',
  source:
    '제1차 국가전략기술 육성 기본계획 (2024–2028), MSIT, 26 Aug 2024: world-leading technologies 3 → 6; ' +
    'top-3 in AI chips, advanced biotechnology and quantum. The 2022 plan measured leadership as ≥ 90 % of the leader.',
  worldLeading: { baseline: 3, target: 6, levelAtLeast: 90 },
  top3: ['kr2022.semis.ai_chip', 'kr2022.bio', 'kr2022.quantum'],
} as const;

export interface TechnologyPosition {
  techId: string;
  parentId: string | null;
  kind: string;
  nameKo: string | null;
  nameEn: string | null;
  works: number;
  worldWorks: number;
  rank: number | null;
  rankedCountries: number;
  leader: string | null;
  worldShare: number | null;
  top10WorldShare: number | null;
  level: number | null;
  band: KistepBand | null;
  gapYears: number | null;
  standingClass: StandingClass | null;
  cagr: number | null;
  rca: number | null;
}

export interface CountryStandingResult {
  country: string;
  versionId: string;
  params: StandingParams;
  method: TechnologyStanding['method'] & { worldLeading: string };
  methodKo: TechnologyStanding['method'] & { worldLeading: string };
  vintage: DataVintage;
  technologies: TechnologyPosition[];
  goals: {
    worldLeading: { count: number; baseline: number; target: number; levelAtLeast: number; fields: string[] };
    top3: Array<{ techId: string; rank: number | null; target: number; met: boolean }>;
    source: string;
    sourceKo: string;
  };
}

/** A country's position in every field and key technology of a list, and the plan-goal counters. */
export async function countryStanding(
  db: Kysely<Database>,
  country: string,
  versionId = 'kr-2022',
  over: Partial<StandingParams> = {},
): Promise<CountryStandingResult> {
  const techs = await db
    .selectFrom('technology')
    .select(['id', 'parent_id', 'kind', 'name_ko', 'name_en'])
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
  if (techs.length === 0)
    throw new CetmapError('CET_NOT_FOUND', `Technology list ${versionId} was not found.`);
  const vintage = await dataVintage(db);
  const params = defaultParams(latestCompleteYear(vintage.latestYear), { ...over, home: country });
  const [factRows, totals] = await Promise.all([
    db
      .selectFrom('tech_country_year')
      .selectAll()
      .where(
        'tech_id',
        'in',
        techs.map((t) => t.id),
      )
      .execute(),
    countryTotals(db),
  ]);
  const factsByTech = new Map<string, FactRow[]>();
  for (const r of factRows) {
    const list = factsByTech.get(r.tech_id) ?? [];
    list.push({
      country: r.country,
      year: r.year,
      worksFull: r.works_full,
      worksFrac: r.works_frac,
      top10Frac: r.top10_frac,
      top1Frac: r.top1_frac,
      citationsFrac: r.citations_frac,
      ncsSum: r.ncs_frac_sum,
      ncsWeight: r.ncs_frac_weight,
    });
    factsByTech.set(r.tech_id, list);
  }
  let method: TechnologyStanding['method'] | undefined;
  let methodKo: TechnologyStanding['method'] | undefined;
  const technologies = techs.map((t): TechnologyPosition => {
    const s = computeStanding(factsByTech.get(t.id) ?? [], totals, [], params);
    method ??= s.method;
    methodKo ??= s.methodKo;
    const home = s.home;
    return {
      techId: t.id,
      parentId: t.parent_id,
      kind: t.kind,
      nameKo: t.name_ko,
      nameEn: t.name_en,
      works: home?.works ?? 0,
      worldWorks: s.world.works,
      rank: home?.rank ?? null,
      rankedCountries: s.countries.filter((c) => c.rank !== null).length,
      leader: s.countries[0]?.country ?? null,
      worldShare: home?.worldShare ?? null,
      top10WorldShare: home?.top10WorldShare ?? null,
      level: home?.level ?? null,
      band: home?.band ?? null,
      gapYears: home?.gapYears ?? null,
      standingClass: home?.standingClass ?? null,
      cagr: home?.cagr ?? null,
      rca: home?.rca ?? null,
    };
  });
  const fields = technologies.filter((t) => t.kind === 'field');
  const leading = fields.filter(
    (t) => t.level !== null && t.level >= PLAN_GOALS.worldLeading.levelAtLeast - 1e-9,
  );
  return {
    country,
    versionId,
    params,
    method: {
      ...(method ?? computeStanding([], [], [], params).method),
      worldLeading: `fields where the country's technology level is at least ${PLAN_GOALS.worldLeading.levelAtLeast} % of the leading country`,
    },
    methodKo: {
      ...(methodKo ?? computeStanding([], [], [], params).methodKo),
      worldLeading: `최고국 대비 기술수준이 ${PLAN_GOALS.worldLeading.levelAtLeast} % 이상인 분야 수`,
    },
    vintage,
    technologies,
    goals: {
      worldLeading: {
        ...PLAN_GOALS.worldLeading,
        count: leading.length,
        fields: leading.map((t) => t.techId),
      },
      top3: PLAN_GOALS.top3.map((techId) => {
        const rank = technologies.find((t) => t.techId === techId)?.rank ?? null;
        return { techId, rank, target: 3, met: rank !== null && rank <= 3 };
      }),
      source: PLAN_GOALS.source,
      sourceKo: PLAN_GOALS.sourceKo,
    },
  };
}

export interface TechnologySeries {
  techId: string;
  counting: 'fractional' | 'full';
  years: number[];
  world: Array<{ year: number; works: number; top10: number }>;
  countries: Array<{
    country: string;
    points: Array<{ year: number; works: number; top10: number; share: number | null }>;
  }>;
  vintage: DataVintage;
}

/** Yearly output per country (the given ones, or the five largest plus KR) and the world's, for charts. */
export async function technologySeries(
  db: Kysely<Database>,
  techId: string,
  options: { counting?: 'fractional' | 'full'; countries?: readonly string[] } = {},
): Promise<TechnologySeries> {
  const tech = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  const counting = options.counting ?? 'fractional';
  const facts = await technologyFacts(db, techId);
  const value = (f: FactRow) => (counting === 'fractional' ? f.worksFrac : f.worksFull);
  const years = [...new Set(facts.map((f) => f.year))].sort((a, b) => a - b);
  const world = years.map((year) => {
    const rows = facts.filter((f) => f.year === year);
    return {
      year,
      works: rows.reduce((s, f) => s + f.worksFrac, 0),
      top10: rows.reduce((s, f) => s + (f.top10Frac ?? 0), 0),
    };
  });
  let countries = options.countries ? [...options.countries] : [];
  if (countries.length === 0) {
    const totals = new Map<string, number>();
    for (const f of facts)
      if (f.country !== 'UNKNOWN') totals.set(f.country, (totals.get(f.country) ?? 0) + f.worksFrac);
    countries = [...totals]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([c]) => c);
    if (!countries.includes('KR')) countries.push('KR');
  }
  return {
    techId,
    counting,
    years,
    world,
    countries: countries.map((country) => ({
      country,
      points: years.map((year, i) => {
        const row = facts.find((f) => f.country === country && f.year === year);
        const works = row ? value(row) : 0;
        return {
          year,
          works,
          top10: row?.top10Frac ?? 0,
          share: world[i]!.works > 0 ? (row?.worksFrac ?? 0) / world[i]!.works : null,
        };
      }),
    })),
    vintage: await dataVintage(db),
  };
}
