/**
 * Global R&D Strategy Map: reads what the pure scoring needs (standing facts, sub-area facts, co-authorship) and
 * assembles the per-technology ranking, the per-partner view, the technology × partner matrix and the partner
 * organisations. All queries are parameterised; every result names its method, parameters and data vintage.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { dataVintage, latestCompleteYear, type DataVintage } from '../indicators/standing-queries.js';
import { computeStanding, defaultParams, type FactRow, type StandingParams } from '../indicators/standing.js';
import { CetmapError } from '../shared/errors.js';
import starterRecipes from '../classify/data/recipes-kr-2022.json' with { type: 'json' };
import groupsFile from './data/country-groups.json' with { type: 'json' };
import {
  DEFAULT_STRATEGY_PARAMS,
  methodText,
  methodTextKo,
  rankPartners,
  subareaLevels,
  technologyMaturity,
  weightSensitivity,
  worldCagr,
  type AlignmentTable,
  type PartnerResult,
  type Sensitivity,
  type StrategyInput,
  type StrategyParams,
  type Subarea,
  type SubareaFactRow,
  type TieCounts,
} from './partner-score.js';

export const COUNTRY_GROUPS: AlignmentTable & { description: string; status: string } = groupsFile;

/** OpenAlex topic names known from the starter recipes (labels for the sub-areas). */
const TOPIC_NAMES: ReadonlyMap<number, string> = (() => {
  const names = new Map<number, string>();
  for (const r of starterRecipes.recipes as Array<{ topics?: number[]; topic_names?: string[] }>) {
    (r.topics ?? []).forEach((id, i) => {
      const name = r.topic_names?.[i];
      if (name) names.set(id, name);
    });
  }
  return names;
})();

export interface StrategyWindow {
  from: number;
  to: number;
}

export interface StrategyRequest extends Partial<StrategyParams> {
  from?: number;
  to?: number;
}

interface TechRow {
  id: string;
  kind: 'field' | 'technology';
  parent_id: string | null;
  version_id: string;
  name_en: string | null;
  name_ko: string | null;
}

/** Parameters with their defaults filled in, the window, and the vintage. */
async function resolve(
  db: Kysely<Database>,
  over: StrategyRequest,
): Promise<{
  params: StrategyParams;
  window: StrategyWindow;
  standing: StandingParams;
  vintage: DataVintage;
}> {
  const vintage = await dataVintage(db);
  const { from, to, ...rest } = over;
  const params: StrategyParams = {
    ...DEFAULT_STRATEGY_PARAMS,
    home: 'KR',
    ...rest,
    weights: { ...DEFAULT_STRATEGY_PARAMS.weights, ...(rest.weights ?? {}) },
  };
  const standing = defaultParams(latestCompleteYear(vintage.latestYear), {
    home: params.home,
    ...(to !== undefined ? { to } : {}),
    ...(from !== undefined ? { from } : to !== undefined ? { from: to - 4 } : {}),
  });
  if (standing.from > standing.to)
    throw new CetmapError('CET_BAD_INPUT', `--from ${standing.from} is after --to ${standing.to}.`);
  return { params, window: { from: standing.from, to: standing.to }, standing, vintage };
}

async function techRows(db: Kysely<Database>, ids: readonly string[]): Promise<TechRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('technology')
    .select(['id', 'kind', 'parent_id', 'version_id', 'name_en', 'name_ko'])
    .where('id', 'in', [...ids])
    .execute();
}

async function factsFor(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, FactRow[]>> {
  const out = new Map<string, FactRow[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('tech_country_year')
    .selectAll()
    .where('tech_id', 'in', [...ids])
    .execute();
  for (const r of rows) {
    const list = out.get(r.tech_id) ?? [];
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
    out.set(r.tech_id, list);
  }
  return out;
}

/** Works of a technology: its own assignments, plus its key technologies' for a field (as in the rollup). */
const assignments = (ids: readonly string[]) => sql`(
  select work_id, tech_id from work_tech where tech_id in (${sql.join([...ids])})
  union
  select wt.work_id, t.parent_id as tech_id from work_tech wt join technology t on t.id = wt.tech_id
  where t.parent_id in (${sql.join([...ids])})
)`;

/** Per key technology, OpenAlex primary topic and country: fractional works and top-10 % works in the window. */
async function topicFacts(
  db: Kysely<Database>,
  ids: readonly string[],
  window: StrategyWindow,
): Promise<Map<string, SubareaFactRow[]>> {
  const out = new Map<string, SubareaFactRow[]>();
  if (ids.length === 0) return out;
  const rows = await sql<{ tech_id: string; topic: number; country: string; works: number; top10: number }>`
    select wt.tech_id, w.primary_topic_id as topic, wc.country,
      sum(wc.frac)::float8 as works, coalesce(sum(wc.frac * wi.top10), 0)::float8 as top10
    from work_tech wt
    join work w on w.id = wt.work_id
    join work_country wc on wc.work_id = w.id
    left join work_impact wi on wi.work_id = w.id
    where wt.tech_id in (${sql.join([...ids])}) and w.year between ${window.from} and ${window.to}
      and w.primary_topic_id is not null
    group by wt.tech_id, w.primary_topic_id, wc.country`.execute(db);
  for (const r of rows.rows) {
    const list = out.get(r.tech_id) ?? [];
    list.push({
      subarea: `T${r.topic}`,
      label: TOPIC_NAMES.get(Number(r.topic)) ?? `OpenAlex topic T${r.topic}`,
      country: r.country,
      works: Number(r.works),
      top10: Number(r.top10),
    });
    out.set(r.tech_id, list);
  }
  return out;
}

/** Co-authorship with the home country among a technology's works in the window (countries from authorships). */
async function technologyTies(
  db: Kysely<Database>,
  ids: readonly string[],
  home: string,
  window: StrategyWindow,
): Promise<Map<string, TieCounts>> {
  const out = new Map<string, TieCounts>();
  if (ids.length === 0) return out;
  const tw = sql`tw as (
    select distinct a.tech_id, a.work_id from ${assignments(ids)} a join work w on w.id = a.work_id
    where w.year between ${window.from} and ${window.to}
  )`;
  const [pairs, totals] = await Promise.all([
    sql<{ tech_id: string; country: string; s: number; c: number }>`
      with ${tw}, hw as (select work_id from work_country where country = ${home})
      select tw.tech_id, wc.country, count(*)::int as s, count(hw.work_id)::int as c
      from tw join work_country wc on wc.work_id = tw.work_id left join hw on hw.work_id = tw.work_id
      where wc.country <> 'UNKNOWN'
      group by tw.tech_id, wc.country`.execute(db),
    sql<{ tech_id: string; n: number }>`
      with ${tw}
      select tw.tech_id, count(distinct tw.work_id)::int as n
      from tw join work_country wc on wc.work_id = tw.work_id
      where wc.country <> 'UNKNOWN'
      group by tw.tech_id`.execute(db),
  ]);
  for (const id of ids) {
    const rows = pairs.rows.filter((r) => r.tech_id === id);
    out.set(id, {
      source: 'technology',
      description: `works of ${id} published ${window.from}–${window.to}, countries from authorships (full counting)`,
      n: Number(totals.rows.find((r) => r.tech_id === id)?.n ?? 0),
      homeWorks: Number(rows.find((r) => r.country === home)?.s ?? 0),
      sizes: new Map(rows.map((r) => [r.country, Number(r.s)])),
      withHome: new Map(rows.filter((r) => r.country !== home).map((r) => [r.country, Number(r.c)])),
    });
  }
  return out;
}

/**
 * Co-authorship with the home country over all fields, from the country-pair aggregates (internationally
 * co-authored works). N is estimated as half the sum of the countries' internationally co-authored works (every
 * such work has at least two countries), so AS* is a lower bound of observed ÷ expected; the ranking is unaffected.
 */
export async function overallTies(
  db: Kysely<Database>,
  home: string,
  window: StrategyWindow,
): Promise<TieCounts | null> {
  const span = await db
    .selectFrom('coauthor_country_year')
    .select((eb) => [eb.fn.min('year').as('min'), eb.fn.max('year').as('max')])
    .executeTakeFirst();
  if (!span || span.max === null || span.min === null) return null;
  const to = Math.min(window.to, Number(span.max));
  const from = Math.max(Number(span.min), Math.min(window.from, to - (window.to - window.from)));
  const [pairs, totals] = await Promise.all([
    sql<{ partner: string; works: number }>`
      select case when country_a = ${home} then country_b else country_a end as partner, sum(works)::float8 as works
      from coauthor_pair
      where year between ${from} and ${to} and (country_a = ${home} or country_b = ${home})
      group by 1`.execute(db),
    sql<{ country: string; works: number }>`
      select country, sum(works)::float8 as works from coauthor_country_year
      where year between ${from} and ${to} group by country`.execute(db),
  ]);
  const sizes = new Map(totals.rows.map((r) => [r.country.trim(), Number(r.works)]));
  const all = [...sizes.values()].reduce((s, x) => s + x, 0);
  return {
    source: 'overall',
    description: `all internationally co-authored works ${from}–${to} (country-pair aggregates, OpenAlex via bavla/OpenAlex); N estimated as half the sum of the countries' totals`,
    n: all > 0 ? all / 2 : null,
    homeWorks: sizes.get(home) ?? 0,
    sizes,
    withHome: new Map(pairs.rows.map((r) => [r.partner.trim(), Number(r.works)])),
  };
}

interface TechnologyInputs {
  tech: TechRow;
  input: StrategyInput;
  worldWorks: number;
  homeRank: number | null;
}

/** Everything the scoring needs for several technologies at once (a handful of queries in all). */
async function strategyInputs(
  db: Kysely<Database>,
  techs: readonly TechRow[],
  params: StrategyParams,
  standing: StandingParams,
  window: StrategyWindow,
): Promise<TechnologyInputs[]> {
  const ids = techs.map((t) => t.id);
  const fieldIds = techs.filter((t) => t.kind === 'field').map((t) => t.id);
  const children =
    fieldIds.length > 0
      ? await db
          .selectFrom('technology')
          .select(['id', 'parent_id', 'name_en'])
          .where('parent_id', 'in', fieldIds)
          .orderBy('position')
          .execute()
      : [];
  const keyIds = techs.filter((t) => t.kind === 'technology').map((t) => t.id);
  const [facts, topics, ties, overall] = await Promise.all([
    factsFor(db, [...ids, ...children.map((c) => c.id)]),
    topicFacts(db, keyIds, window),
    technologyTies(db, ids, params.home, window),
    overallTies(db, params.home, window),
  ]);
  return techs.map((tech) => {
    const f = facts.get(tech.id) ?? [];
    const s = computeStanding(f, [], [], standing);
    const worldByYear = new Map<number, number>();
    for (const r of f) worldByYear.set(r.year, (worldByYear.get(r.year) ?? 0) + r.worksFrac);
    let subareas: Subarea[];
    let subareaKind: StrategyInput['subareaKind'];
    if (tech.kind === 'field') {
      subareaKind = 'key_technologies';
      subareas = children
        .filter((c) => c.parent_id === tech.id)
        .map((c) => {
          const cs = computeStanding(facts.get(c.id) ?? [], [], [], standing);
          return {
            id: c.id,
            label: c.name_en,
            worldWorks: cs.world.works,
            levels: new Map(cs.countries.filter((x) => x.level !== null).map((x) => [x.country, x.level!])),
          };
        })
        .filter((x) => x.worldWorks > 0);
    } else {
      subareaKind = 'topics';
      subareas = subareaLevels(topics.get(tech.id) ?? [], {
        maxSubareas: params.maxSubareas,
        minWorks: params.minSubareaWorks,
        quantity: standing.composite.quantity,
        quality: standing.composite.quality,
      });
    }
    if (subareas.length === 0) subareaKind = 'none';
    return {
      tech,
      worldWorks: s.world.works,
      homeRank: s.home?.rank ?? null,
      input: {
        techId: tech.id,
        home: params.home,
        homeLevel: s.home?.level ?? null,
        candidates: s.countries.map((c) => ({
          country: c.country,
          level: c.level,
          works: c.works,
          top10WorldShare: c.top10WorldShare,
          cagr: c.cagr,
        })),
        subareas,
        subareaKind,
        ties: { technology: ties.get(tech.id)!, overall },
        worldCagr: worldCagr(worldByYear, window.from, window.to),
        alignment: COUNTRY_GROUPS,
      },
    };
  });
}

export interface InstitutionLink {
  institutionId: number;
  name: string | null;
  coWorks: number;
}

export interface PartnerOrganisation {
  institutionId: number;
  name: string | null;
  country: string | null;
  worksFrac: number;
  top10Frac: number;
  /** Works of the technology in the window shared with any home-country institution. */
  coWorksWithHome: number;
  homePartners: InstitutionLink[];
}

export interface PartnerOrganisations {
  techId: string;
  partner: string;
  home: string;
  window: StrategyWindow;
  /** The partner's top institutions in the technology (fractional top-10 % output, then fractional output). */
  partnerInstitutions: PartnerOrganisation[];
  /**
   * Home institutions best placed to partner: ranked by co-authored works with the partner country's institutions in
   * the technology, then by their own fractional top-10 % output.
   */
  homeInstitutions: Array<{
    institutionId: number;
    name: string | null;
    worksFrac: number;
    top10Frac: number;
    coWorksWithPartner: number;
  }>;
  method: string;
  methodKo: string;
}

async function topInstitutions(
  db: Kysely<Database>,
  techId: string,
  country: string,
  window: StrategyWindow,
  limit: number,
) {
  const rows = await db
    .selectFrom('tech_institution_year as t')
    .leftJoin('institution as i', 'i.id', 't.institution_id')
    .select(['t.institution_id', 'i.name'])
    .select(() => [
      // Summed in year order: the same figures whatever order a plan reads the rows in (floating point).
      sql<number>`sum(t.works_frac order by t.year)`.as('works_frac'),
      sql<number>`sum(t.top10_frac order by t.year)`.as('top10_frac'),
    ])
    .where('t.tech_id', '=', techId)
    .where('t.country', '=', country)
    .where('t.year', '>=', window.from)
    .where('t.year', '<=', window.to)
    .groupBy(['t.institution_id', 'i.name'])
    .orderBy('top10_frac', 'desc')
    .orderBy('works_frac', 'desc')
    .orderBy('t.institution_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    institutionId: Number(r.institution_id),
    name: r.name,
    worksFrac: Number(r.works_frac),
    top10Frac: Number(r.top10_frac),
  }));
}

/** Partner organisations for a (technology, partner country) and the home institutions best placed to work with them. */
export async function partnerOrganisations(
  db: Kysely<Database>,
  techId: string,
  partner: string,
  home: string,
  window: StrategyWindow,
  limit = 5,
): Promise<PartnerOrganisations> {
  const [partnerTop, homeTop] = await Promise.all([
    topInstitutions(db, techId, partner, window, limit),
    topInstitutions(db, techId, home, window, 50),
  ]);
  // Institution pairs (partner country × home country) on the same works of the technology in the window.
  const links = await sql<{
    p: number;
    p_name: string | null;
    h: number;
    h_name: string | null;
    works: number;
  }>`
    with tw as (
      select distinct a.work_id from ${assignments([techId])} a join work w on w.id = a.work_id
      where w.year between ${window.from} and ${window.to}
    ),
    wi as (
      select distinct au.work_id, u.inst
      from authorship au join tw on tw.work_id = au.work_id
      cross join lateral unnest(au.institution_ids) as u(inst)
    )
    select p.inst as p, pi.name as p_name, h.inst as h, hi.name as h_name, count(distinct p.work_id)::int as works
    from wi p join institution pi on pi.id = p.inst and pi.country = ${partner}
    join wi h on h.work_id = p.work_id join institution hi on hi.id = h.inst and hi.country = ${home}
    group by p.inst, pi.name, h.inst, hi.name`.execute(db);
  const coWorksByPartnerInst = await sql<{ p: number; works: number }>`
    with tw as (
      select distinct a.work_id from ${assignments([techId])} a join work w on w.id = a.work_id
      where w.year between ${window.from} and ${window.to}
    ),
    wi as (
      select distinct au.work_id, u.inst
      from authorship au join tw on tw.work_id = au.work_id
      cross join lateral unnest(au.institution_ids) as u(inst)
    ),
    hw as (
      select distinct wi.work_id from wi join institution i on i.id = wi.inst and i.country = ${home}
    ),
    pw as (
      select distinct wi.work_id, wi.inst from wi join institution i on i.id = wi.inst and i.country = ${partner}
    )
    select pw.inst as p, count(*)::int as works from pw join hw on hw.work_id = pw.work_id group by pw.inst`.execute(
    db,
  );
  const hwByHomeInst = new Map<number, number>();
  const homeNames = new Map<number, string | null>();
  // Works each home institution shares with any institution of the partner country (each work counted once).
  const homeWorks = await sql<{ h: number; works: number }>`
    with tw as (
      select distinct a.work_id from ${assignments([techId])} a join work w on w.id = a.work_id
      where w.year between ${window.from} and ${window.to}
    ),
    wi as (
      select distinct au.work_id, u.inst
      from authorship au join tw on tw.work_id = au.work_id
      cross join lateral unnest(au.institution_ids) as u(inst)
    ),
    pw as (
      select distinct wi.work_id from wi join institution i on i.id = wi.inst and i.country = ${partner}
    )
    select wi.inst as h, count(distinct wi.work_id)::int as works
    from wi join institution i on i.id = wi.inst and i.country = ${home} join pw on pw.work_id = wi.work_id
    group by wi.inst`.execute(db);
  for (const r of homeWorks.rows) hwByHomeInst.set(Number(r.h), Number(r.works));
  for (const l of links.rows) homeNames.set(Number(l.h), l.h_name);
  const partnerInstitutions = partnerTop.map((p) => ({
    ...p,
    country: partner,
    coWorksWithHome: Number(
      coWorksByPartnerInst.rows.find((r) => Number(r.p) === p.institutionId)?.works ?? 0,
    ),
    homePartners: links.rows
      .filter((l) => Number(l.p) === p.institutionId)
      .map((l) => ({ institutionId: Number(l.h), name: l.h_name, coWorks: Number(l.works) }))
      .sort((a, b) => b.coWorks - a.coWorks || a.institutionId - b.institutionId)
      .slice(0, 3),
  }));
  const homeById = new Map(homeTop.map((h) => [h.institutionId, h]));
  const homeIds = new Set([...homeTop.map((h) => h.institutionId), ...hwByHomeInst.keys()]);
  const homeInstitutions = [...homeIds]
    .map((id) => ({
      institutionId: id,
      name: homeById.get(id)?.name ?? homeNames.get(id) ?? null,
      worksFrac: homeById.get(id)?.worksFrac ?? 0,
      top10Frac: homeById.get(id)?.top10Frac ?? 0,
      coWorksWithPartner: hwByHomeInst.get(id) ?? 0,
    }))
    .sort(
      (a, b) =>
        b.coWorksWithPartner - a.coWorksWithPartner ||
        b.top10Frac - a.top10Frac ||
        b.worksFrac - a.worksFrac ||
        a.institutionId - b.institutionId,
    )
    .slice(0, limit);
  return {
    techId,
    partner,
    home,
    window,
    partnerInstitutions,
    homeInstitutions,
    method:
      `partner institutions: top ${limit} of ${partner} in ${techId} by fractional top-10 % works, then fractional works (author-level credit), ${window.from}–${window.to}; ` +
      `co-authored works: works of the technology with an author at the institution and one at a ${home} institution; ` +
      `home institutions: ranked by co-authored works with ${partner} institutions, then by their own fractional top-10 % works`,
    methodKo:
      `상대 기관: ${techId}에서 ${partner} 기관 중 분수 상위 10 % 논문, 이어서 분수 논문 수(저자 단위 배분) 상위 ${limit}곳, ${window.from}–${window.to}; ` +
      `공저 논문: 해당 기관 저자와 ${home} 기관 저자가 함께 쓴 이 기술의 논문; ` +
      `자국 기관: ${partner} 기관과의 공저 논문 수, 이어서 자체 분수 상위 10 % 논문 순`,
  };
}

export interface TechnologyStrategy {
  techId: string;
  kind: 'field' | 'technology';
  versionId: string;
  nameEn: string | null;
  nameKo: string | null;
  home: string;
  homeLevel: number | null;
  homeRank: number | null;
  worldWorks: number;
  maturity: { emerging: boolean; worldCagr: number | null; threshold: number };
  subareas: {
    kind: StrategyInput['subareaKind'];
    items: Array<{ id: string; label: string | null; worldWorks: number; homeLevel: number }>;
  };
  ties: { used: 'technology' | 'overall'; technology: string; overall: string | null };
  partners: PartnerResult[];
  organisations: PartnerOrganisations[];
  sensitivity: Sensitivity;
  params: StrategyParams & StrategyWindow;
  method: Record<string, string>;
  methodKo: Record<string, string>;
  vintage: DataVintage;
  notes: string[];
  notesKo: string[];
}

/** The ranked partners of one technology with decomposed scores, types, sensitivity and organisations. */
export async function technologyStrategy(
  db: Kysely<Database>,
  techId: string,
  over: StrategyRequest = {},
  options: { limit?: number; organisationsFor?: number } = {},
): Promise<TechnologyStrategy> {
  const [tech] = await techRows(db, [techId]);
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  const { params, window, standing, vintage } = await resolve(db, over);
  const [t] = await strategyInputs(db, [tech], params, standing, window);
  const input = t!.input;
  const partners = rankPartners(input, params);
  const orgCount = options.organisationsFor ?? 5;
  const organisations = await Promise.all(
    partners.slice(0, orgCount).map((p) => partnerOrganisations(db, techId, p.country, params.home, window)),
  );
  const notes: string[] = [];
  const notesKo: string[] = [];
  const note = (en: string, ko: string) => {
    notes.push(en);
    notesKo.push(ko);
  };
  if (vintage.synthetic)
    note(
      'SYNTHETIC DEMO DATA: the works are generated; numbers illustrate the method only.',
      '합성 시연 데이터: 논문은 생성된 것이며 수치는 방법을 보여 줄 뿐입니다.',
    );
  if (input.homeLevel === null)
    note(
      `${params.home} has no ranked output in this technology: its level counts as 0.`,
      `${params.home}은(는) 이 기술에서 순위에 든 성과가 없어 수준을 0으로 봅니다.`,
    );
  if (input.subareaKind === 'none')
    note(
      'No sub-areas with enough works: complementarity is 0 for every partner.',
      '논문이 충분한 세부 분야가 없어 모든 상대국의 보완성이 0입니다.',
    );
  if (params.tiesSource === 'overall' && !input.ties.overall)
    note(
      'No country-pair aggregates loaded (`cetmap import coauthorship`): ties from this technology instead.',
      '국가쌍 공저 집계가 없어(`cetmap import coauthorship`) 이 기술의 공저로 협력 관계를 계산합니다.',
    );
  if (input.ties.technology.homeWorks === 0)
    note(
      `${params.home} has no works in this technology in the window: within-technology ties are 0.`,
      `${params.home}은(는) 기간 내 이 기술 논문이 없어 기술 내 협력 관계가 0입니다.`,
    );
  note(
    'Emerging/established uses world output growth only; burst detection is not yet part of the rule.',
    '신흥/성숙 구분은 세계 논문 증가율만 사용하며, 급증 탐지는 아직 규칙에 포함되지 않았습니다.',
  );
  return {
    techId,
    kind: tech.kind,
    versionId: tech.version_id,
    nameEn: tech.name_en,
    nameKo: tech.name_ko,
    home: params.home,
    homeLevel: input.homeLevel,
    homeRank: t!.homeRank,
    worldWorks: t!.worldWorks,
    maturity: technologyMaturity(input.worldCagr, params.emergingCagr),
    subareas: {
      kind: input.subareaKind,
      items: input.subareas.map((s) => ({
        id: s.id,
        label: s.label,
        worldWorks: s.worldWorks,
        homeLevel: s.levels.get(params.home) ?? 0,
      })),
    },
    ties: {
      used: params.tiesSource === 'overall' && input.ties.overall ? 'overall' : 'technology',
      technology: input.ties.technology.description,
      overall: input.ties.overall?.description ?? null,
    },
    partners: partners.slice(0, options.limit ?? partners.length),
    organisations,
    sensitivity: weightSensitivity(input, params),
    params: { ...params, ...window },
    method: methodText(params),
    methodKo: methodTextKo(params),
    vintage,
    notes,
    notesKo,
  };
}

export interface PartnerView {
  partner: string;
  home: string;
  versionId: string;
  alignment: { value: number; group: string | null };
  technologies: Array<{
    techId: string;
    parentId: string | null;
    nameEn: string | null;
    nameKo: string | null;
    rank: number | null;
    candidates: number;
    score: number | null;
    partnerLevel: number | null;
    homeLevel: number | null;
    complementarity: number | null;
    ties: number | null;
    cooperation: PartnerResult['cooperation'] | null;
  }>;
  params: StrategyParams & StrategyWindow;
  method: Record<string, string>;
  methodKo: Record<string, string>;
  vintage: DataVintage;
}

async function listTechnologies(db: Kysely<Database>, versionId: string, kind: 'field' | 'technology') {
  const techs = await db
    .selectFrom('technology')
    .select(['id', 'kind', 'parent_id', 'version_id', 'name_en', 'name_ko'])
    .where('version_id', '=', versionId)
    .where('kind', '=', kind)
    .orderBy('position')
    .execute();
  if (techs.length === 0)
    throw new CetmapError('CET_NOT_FOUND', `Technology list ${versionId} was not found.`);
  return techs;
}

/** In which key technologies of a list a partner complements the home country (sorted by complementarity). */
export async function partnerStrategy(
  db: Kysely<Database>,
  partner: string,
  over: StrategyRequest = {},
  versionId = 'kr-2022',
): Promise<PartnerView> {
  const { params, window, standing, vintage } = await resolve(db, over);
  if (partner === params.home)
    throw new CetmapError('CET_BAD_INPUT', `The partner ${partner} is the home country.`);
  const techs = await listTechnologies(db, versionId, 'technology');
  const inputs = await strategyInputs(db, techs, params, standing, window);
  const technologies = inputs.map(({ tech, input }) => {
    const ranked = rankPartners(input, params);
    const me = ranked.find((r) => r.country === partner);
    return {
      techId: tech.id,
      parentId: tech.parent_id,
      nameEn: tech.name_en,
      nameKo: tech.name_ko,
      rank: me?.rank ?? null,
      candidates: ranked.length,
      score: me?.score ?? null,
      partnerLevel: me?.level ?? null,
      homeLevel: input.homeLevel,
      complementarity: me?.components.complementarity.value ?? null,
      ties: me?.components.ties.value ?? null,
      cooperation: me?.cooperation ?? null,
    };
  });
  technologies.sort(
    (a, b) =>
      (b.complementarity ?? -1) - (a.complementarity ?? -1) ||
      (b.score ?? -1) - (a.score ?? -1) ||
      a.techId.localeCompare(b.techId),
  );
  const a = COUNTRY_GROUPS.groups.find((g) => g.members.includes(partner));
  return {
    partner,
    home: params.home,
    versionId,
    alignment: a
      ? { value: a.alignment, group: a.id }
      : { value: COUNTRY_GROUPS.defaultAlignment, group: null },
    technologies,
    params: { ...params, ...window },
    method: methodText(params),
    methodKo: methodTextKo(params),
    vintage,
  };
}

export interface StrategyMatrix {
  home: string;
  versionId: string;
  kind: 'field' | 'technology';
  partners: string[];
  technologies: Array<{ techId: string; nameEn: string | null; nameKo: string | null }>;
  /** cells[i][j]: technology i, partner j. */
  cells: Array<Array<{ score: number | null; rank: number | null; type: string | null }>>;
  params: StrategyParams & StrategyWindow;
  method: Record<string, string>;
  methodKo: Record<string, string>;
  vintage: DataVintage;
}

/** Technology × partner matrix of scores (heatmap): the partners most often in the top 5, up to `partners`. */
export async function strategyMatrix(
  db: Kysely<Database>,
  over: StrategyRequest = {},
  options: { versionId?: string; kind?: 'field' | 'technology'; partners?: number } = {},
): Promise<StrategyMatrix> {
  const versionId = options.versionId ?? 'kr-2022';
  const kind = options.kind ?? 'technology';
  const { params, window, standing, vintage } = await resolve(db, over);
  const techs = await listTechnologies(db, versionId, kind);
  const inputs = await strategyInputs(db, techs, params, standing, window);
  const ranked = inputs.map((t) => rankPartners(t.input, params));
  const appearances = new Map<string, number>();
  for (const list of ranked)
    for (const r of list.slice(0, 5)) appearances.set(r.country, (appearances.get(r.country) ?? 0) + 1);
  const partners = [...appearances]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, options.partners ?? 12)
    .map(([c]) => c);
  return {
    home: params.home,
    versionId,
    kind,
    partners,
    technologies: techs.map((t) => ({ techId: t.id, nameEn: t.name_en, nameKo: t.name_ko })),
    cells: ranked.map((list) =>
      partners.map((p) => {
        const r = list.find((x) => x.country === p);
        return { score: r?.score ?? null, rank: r?.rank ?? null, type: r?.cooperation.type ?? null };
      }),
    ),
    params: { ...params, ...window },
    method: methodText(params),
    methodKo: methodTextKo(params),
    vintage,
  };
}
