/**
 * Top researchers, partners, returnees and at-risk aggregates per technology, and the home country's net flows
 * across technologies. Person-level results (`topResearcherList`) are for analysts only; everything else is
 * aggregated with cells under `minCell` people suppressed.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { dataVintage, type DataVintage } from '../indicators/standing-queries.js';
import { DEFAULT_FLOW_PARAMS, netFlows, type AuthorHistory } from './talent-flow.js';
import {
  atRiskSignals,
  findReturnees,
  suppress,
  topResearchers,
  type ImpactHistory,
  type RankedResearcher,
} from './talent-people.js';
import { DEFAULT_MIN_CELL } from './talent-queries.js';

export const DEFAULT_TOP_SHARE = 0.1;
export const DEFAULT_TOP_WINDOW = 5;
export const DEFAULT_DRIFT_SHARE = 0.25;
/** Returnees are counted over the last RETURNEE_WINDOW years; histories reach back RETURNEE_LOOKBACK years more. */
export const RETURNEE_WINDOW = 5;
const RETURNEE_LOOKBACK = 10;

interface TechRow {
  id: string;
  parent_id: string | null;
  kind: string;
  name_en: string | null;
  name_ko: string | null;
}

async function technology(db: Kysely<Database>, techId: string): Promise<TechRow> {
  const t = await db
    .selectFrom('technology')
    .select(['id', 'parent_id', 'kind', 'name_en', 'name_ko'])
    .where('id', '=', techId)
    .executeTakeFirst();
  if (!t) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  return t;
}

async function targetYearOf(
  db: Kysely<Database>,
  year?: number,
): Promise<{ year: number; vintage: DataVintage }> {
  const vintage = await dataVintage(db);
  return { year: year ?? vintage.latestYear ?? new Date().getUTCFullYear() - 1, vintage };
}

/** Author-year histories with top-10 % papers, within a technology's works (a field: its key technologies'). */
export async function impactHistories(
  db: Kysely<Database>,
  techId: string,
  years: { from: number; to: number },
): Promise<ImpactHistory> {
  const rows = await sql<{ author_id: number; year: number; country_codes: string[]; top10: number }>`
    select distinct a.work_id, a.author_id, w.year, a.country_codes, coalesce(i.top10, 0) as top10
    from authorship a
    join work w on w.id = a.work_id
    left join work_impact i on i.work_id = a.work_id
    where a.author_id is not null and w.year between ${years.from} and ${years.to}
      and a.work_id in (
        select wt.work_id from work_tech wt join technology t on t.id = wt.tech_id
        where t.id = ${techId} or t.parent_id = ${techId})`.execute(db);
  const history: ImpactHistory = {};
  for (const r of rows.rows) {
    const byYear = (history[String(r.author_id)] ??= {});
    const entry = (byYear[Number(r.year)] ??= { shares: {}, works: 0, top10: 0 });
    entry.works += 1;
    entry.top10 += Number(r.top10);
    const countries = r.country_codes.length > 0 ? r.country_codes : ['UNKNOWN'];
    for (const c of countries) entry.shares[c] = (entry.shares[c] ?? 0) + 1 / countries.length;
  }
  return history;
}

async function firstYears(db: Kysely<Database>, authors: readonly string[]): Promise<Record<string, number>> {
  if (authors.length === 0) return {};
  const rows = await sql<{ author_id: number; first: number }>`
    select a.author_id, min(w.year) as first from authorship a join work w on w.id = a.work_id
    where a.author_id in (${sql.join(authors.map(Number))}) group by a.author_id`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [String(r.author_id), Number(r.first)]));
}

async function authorNames(
  db: Kysely<Database>,
  authors: readonly string[],
): Promise<Record<string, string>> {
  if (authors.length === 0) return {};
  const rows = await sql<{ author_id: number; name: string | null }>`
    select author_id, max(author_name) as name from authorship
    where author_id in (${sql.join(authors.map(Number))}) group by author_id`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [String(r.author_id), r.name ?? '']));
}

export interface TopOptions {
  year?: number;
  window?: number;
  topShare?: number;
  home?: string;
  minCell?: number;
}

function topMethod(from: number, to: number, topShare: number): string {
  return (
    `authors with a work in the technology ${from}–${to}, ranked by top-10 % papers (sum of each work's top-10 % ` +
    `fraction, full counting per author), then by works; top set = first ceil(${topShare} × active authors) with a ` +
    `top-10 % paper, ties at the cut included; country = dominant country over the window (ties/UNKNOWN ambiguous); ` +
    `career age = years since the author's first work in the database (proposed rule)`
  );
}

async function rankTop(db: Kysely<Database>, techId: string, options: TopOptions) {
  const t = await technology(db, techId);
  const { year, vintage } = await targetYearOf(db, options.year);
  const window = options.window ?? DEFAULT_TOP_WINDOW;
  const topShare = options.topShare ?? DEFAULT_TOP_SHARE;
  const from = year - window + 1;
  const history = await impactHistories(db, techId, { from, to: year });
  const result = topResearchers(history, { from, to: year, topShare });
  const firsts = await firstYears(
    db,
    result.top.map((r) => r.author),
  );
  for (const r of result.top) {
    r.firstYear = firsts[r.author] ?? null;
    r.careerAge = r.firstYear === null ? null : year - r.firstYear;
  }
  return { t, year, from, window, topShare, vintage, result, method: topMethod(from, year, topShare) };
}

export interface TopShareResult {
  techId: string;
  params: { from: number; to: number; topShare: number; minCell: number; home: string };
  method: string;
  activeAuthors: number;
  topResearchers: number;
  ambiguous: number;
  home: { count: number | null; share: number | null };
  byCountry: Array<{ country: string; count: number | null }>;
  /** Median career age of the top set, in years (null when the set is under minCell). */
  medianCareerAge: number | null;
  vintage: DataVintage;
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Public: how many of a technology's top researchers each country has, and the home country's share. */
export async function topResearcherShare(
  db: Kysely<Database>,
  techId: string,
  options: TopOptions = {},
): Promise<TopShareResult> {
  const r = await rankTop(db, techId, options);
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  const home = options.home ?? 'KR';
  const n = r.result.top.length;
  const homeCount = r.result.byCountry[home] ?? 0;
  return {
    techId,
    params: { from: r.from, to: r.year, topShare: r.topShare, minCell, home },
    method:
      r.method +
      `; share = home-country top researchers / all top researchers; cells under ${minCell} suppressed`,
    activeAuthors: r.result.active,
    topResearchers: n,
    ambiguous: r.result.ambiguous,
    home: {
      count: suppress(homeCount, minCell),
      share:
        n === 0 ? null : homeCount === 0 || homeCount >= minCell ? Number((homeCount / n).toFixed(4)) : null,
    },
    byCountry: Object.entries(r.result.byCountry)
      .map(([country, count]) => ({ country, count: suppress(count, minCell) }))
      .sort((a, b) => (b.count ?? 0) - (a.count ?? 0) || a.country.localeCompare(b.country)),
    medianCareerAge:
      n >= minCell ? median(r.result.top.flatMap((x) => (x.careerAge === null ? [] : [x.careerAge]))) : null,
    vintage: r.vintage,
  };
}

export interface TopListResult {
  techId: string;
  params: { from: number; to: number; topShare: number };
  method: string;
  activeAuthors: number;
  researchers: Array<RankedResearcher & { name: string }>;
  vintage: DataVintage;
}

/** Person-level: the top researchers of a technology (analysts only: `talent:people`). */
export async function topResearcherList(
  db: Kysely<Database>,
  techId: string,
  options: TopOptions & { country?: string; limit?: number } = {},
): Promise<TopListResult> {
  const r = await rankTop(db, techId, options);
  const list = r.result.top.filter((x) => !options.country || x.country === options.country);
  const shown = list.slice(0, options.limit ?? 100);
  const names = await authorNames(
    db,
    shown.map((x) => x.author),
  );
  return {
    techId,
    params: { from: r.from, to: r.year, topShare: r.topShare },
    method: r.method,
    activeAuthors: r.result.active,
    researchers: shown.map((x) => ({ ...x, name: names[x.author] ?? '' })),
    vintage: r.vintage,
  };
}

export interface MobilityResult {
  techId: string;
  home: string;
  params: { targetYear: number; maxGap: number; minWorks: number; minCell: number; returneeFrom: number };
  method: { flows: string; returnees: string; atRisk: string };
  net: { inflow: number | null; outflow: number | null; net: number | null };
  /** Where the home country's researchers went (outflow) and where its arrivals came from (inflow). */
  destinations: Array<{ country: string; moves: number | null }>;
  origins: Array<{ country: string; moves: number | null }>;
  returnees: { count: number | null; from: Array<{ country: string; count: number | null }> };
  atRisk: { highImpactHome: number | null; left: number | null; drifting: number | null };
  vintage: DataVintage;
}

const counted = (m: Record<string, number>, minCell: number) =>
  Object.entries(m)
    .map(([country, n]) => ({ country, n: suppress(n, minCell) }))
    .sort((a, b) => (b.n ?? 0) - (a.n ?? 0) || a.country.localeCompare(b.country));

/** Public: the home country's partners, returnees and at-risk signals in a technology (aggregates only). */
export async function technologyMobility(
  db: Kysely<Database>,
  techId: string,
  options: { home?: string; year?: number; maxGap?: number; minWorks?: number; minCell?: number } = {},
): Promise<MobilityResult> {
  await technology(db, techId);
  const { year, vintage } = await targetYearOf(db, options.year);
  const home = options.home ?? 'KR';
  const maxGap = options.maxGap ?? DEFAULT_FLOW_PARAMS.maxGap;
  const minWorks = options.minWorks ?? DEFAULT_FLOW_PARAMS.minWorks;
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  const returneeFrom = year - RETURNEE_WINDOW + 1;
  const history = await impactHistories(db, techId, { from: returneeFrom - RETURNEE_LOOKBACK, to: year });
  const flows = netFlows(history, { targetYear: year, maxGap, minWorks });
  const dest: Record<string, number> = {};
  const orig: Record<string, number> = {};
  for (const m of flows.moves) {
    if (m.from === home) dest[m.to] = (dest[m.to] ?? 0) + 1;
    if (m.to === home) orig[m.from] = (orig[m.from] ?? 0) + 1;
  }
  const ret = findReturnees(history, { home, from: returneeFrom, to: year, minWorks, maxGap });
  const top = topResearchers(history, {
    from: year - DEFAULT_TOP_WINDOW,
    to: year - 1,
    topShare: DEFAULT_TOP_SHARE,
  });
  const risk = atRiskSignals(history, new Set(top.top.map((x) => x.author)), {
    home,
    targetYear: year,
    minWorks,
    maxGap,
    driftShare: DEFAULT_DRIFT_SHARE,
  });
  const inflow = suppress(flows.inflow[home], minCell);
  const outflow = suppress(flows.outflow[home], minCell);
  return {
    techId,
    home,
    params: { targetYear: year, maxGap, minWorks, minCell, returneeFrom },
    method: {
      flows: `moves into/out of ${home} in ${year} (methods §10: dominant country per author-year, author-years with ≥ ${minWorks} works, gap ≤ ${maxGap}); cells under ${minCell} people suppressed`,
      returnees: `authors whose dominant country became ${home} in ${returneeFrom}–${year} after an observed year abroad (within ${maxGap} years) and who were observed in ${home} before that; counted once`,
      atRisk: `high-impact = top ${DEFAULT_TOP_SHARE * 100} % by top-10 % papers in ${year - DEFAULT_TOP_WINDOW}–${year - 1}, ${home}-dominant in their latest observed year before ${year}; left = moved abroad in ${year}; drifting = still ${home}-dominant in ${year} with ≥ ${DEFAULT_DRIFT_SHARE * 100} % of the year's affiliation share abroad (aggregate signals only, proposed rule)`,
    },
    net: {
      inflow,
      outflow,
      net: inflow === null || outflow === null ? null : (flows.net[home] ?? 0),
    },
    destinations: counted(dest, minCell).map((x) => ({ country: x.country, moves: x.n })),
    origins: counted(orig, minCell).map((x) => ({ country: x.country, moves: x.n })),
    returnees: {
      count: suppress(ret.returnees.length, minCell),
      from: counted(ret.from, minCell).map((x) => ({ country: x.country, count: x.n })),
    },
    atRisk: {
      highImpactHome: suppress(risk.highImpactHome, minCell),
      left: suppress(risk.left, minCell),
      drifting: suppress(risk.drifting, minCell),
    },
    vintage,
  };
}

export interface HomeFlowsResult {
  home: string;
  params: { targetYear: number; maxGap: number; minWorks: number; minCell: number };
  method: string;
  technologies: Array<{
    techId: string;
    kind: string;
    parentId: string | null;
    nameEn: string | null;
    nameKo: string | null;
    authorsObserved: number;
    inflow: number | null;
    outflow: number | null;
    net: number | null;
  }>;
  vintage: DataVintage;
}

/** Public: the home country's inflow, outflow and net moves in every technology of a taxonomy version (one query). */
export async function homeFlowsByTechnology(
  db: Kysely<Database>,
  options: {
    home?: string;
    year?: number;
    maxGap?: number;
    minWorks?: number;
    minCell?: number;
    versionId?: string;
  } = {},
): Promise<HomeFlowsResult> {
  const { year, vintage } = await targetYearOf(db, options.year);
  const home = options.home ?? 'KR';
  const maxGap = options.maxGap ?? DEFAULT_FLOW_PARAMS.maxGap;
  const minWorks = options.minWorks ?? DEFAULT_FLOW_PARAMS.minWorks;
  const minCell = options.minCell ?? DEFAULT_MIN_CELL;
  const versionId = options.versionId ?? 'kr-2022';
  const techs = await db
    .selectFrom('technology')
    .select(['id', 'parent_id', 'kind', 'name_en', 'name_ko', 'position'])
    .where('version_id', '=', versionId)
    .orderBy('position')
    .execute();
  const rows = await sql<{
    tech_id: string;
    parent_id: string | null;
    author_id: number;
    work_id: number;
    year: number;
    country_codes: string[];
  }>`
    select distinct wt.tech_id, t.parent_id, a.work_id, a.author_id, w.year, a.country_codes
    from work_tech wt
    join technology t on t.id = wt.tech_id and t.version_id = ${versionId}
    join work w on w.id = wt.work_id
    join authorship a on a.work_id = wt.work_id
    where a.author_id is not null and w.year between ${year - maxGap} and ${year}`.execute(db);
  // A field's histories hold each work once, even when it is in several of the field's key technologies.
  const histories = new Map<string, AuthorHistory>();
  const seen = new Set<string>();
  const addTo = (techId: string, r: (typeof rows.rows)[number]) => {
    const key = `${techId}|${r.work_id}|${r.author_id}`;
    if (seen.has(key)) return;
    seen.add(key);
    const h = histories.get(techId) ?? (histories.set(techId, {}), histories.get(techId)!);
    const entry = ((h[String(r.author_id)] ??= {})[Number(r.year)] ??= { shares: {}, works: 0 });
    entry.works += 1;
    const countries = r.country_codes.length > 0 ? r.country_codes : ['UNKNOWN'];
    for (const c of countries) entry.shares[c] = (entry.shares[c] ?? 0) + 1 / countries.length;
  };
  for (const r of rows.rows) {
    addTo(r.tech_id, r);
    if (r.parent_id) addTo(r.parent_id, r);
  }
  return {
    home,
    params: { targetYear: year, maxGap, minWorks, minCell },
    method: `moves into and out of ${home} in ${year} per technology (methods §10: dominant country per author-year, author-years with ≥ ${minWorks} works, gap ≤ ${maxGap}; a field counts the works of its key technologies once); cells under ${minCell} people suppressed`,
    technologies: techs.map((t) => {
      const history = histories.get(t.id) ?? {};
      const flows = netFlows(history, { targetYear: year, maxGap, minWorks });
      const inflow = suppress(flows.inflow[home], minCell);
      const outflow = suppress(flows.outflow[home], minCell);
      return {
        techId: t.id,
        kind: t.kind,
        parentId: t.parent_id,
        nameEn: t.name_en,
        nameKo: t.name_ko,
        authorsObserved: Object.values(history).filter((y) => y[year]).length,
        inflow,
        outflow,
        net: inflow === null || outflow === null ? null : (flows.net[home] ?? 0),
      };
    }),
    vintage,
  };
}
