/**
 * Reads the imported supply-chain graph (ETO) and mineral production (USGS) and hands them to the pure analysis
 * in supply-chain.ts. The only file of the supply domain that talks to the database.
 */
import { readFileSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { UNKNOWN } from '../core/concentration.js';
import type { Database } from '../db/schema.js';
import { projectPath } from '../shared/paths.js';
import {
  chokepointRule,
  chokepointRuleKo,
  chokepoints,
  CONCENTRATION_RULE,
  CONCENTRATION_RULE_KO,
  DEFAULT_CHOKEPOINT_THRESHOLDS,
  disruptionScenario,
  exposure,
  exposureRule,
  exposureRuleKo,
  itemConcentration,
  SCENARIO_RULE,
  SCENARIO_RULE_KO,
  type Chokepoint,
  type ChokepointThresholds,
  type CountryGroups,
  type CountryShare,
  type Exposure,
  type FirmShare,
  type ItemConcentration,
  type ScenarioImpact,
  type SupplyEdge,
  type SupplyItem,
} from './supply-chain.js';

export const ETO_DATASET = 'eto-chip-supply-chain';
export const USGS_DATASET = 'usgs-mcs-2025';
export const ETO_ATTRIBUTION =
  'Emerging Technology Observatory, Center for Security and Emerging Technology (Georgetown University), ' +
  'ETO Supply Chain Explorer / Advanced Semiconductor Supply Chain Dataset, CC BY-NC 4.0 (non-commercial use only)';
export const USGS_ATTRIBUTION =
  'U.S. Geological Survey, 2025, Mineral Commodity Summaries 2025 Data Release, https://doi.org/10.5066/P13XCP3R (public domain)';

export interface CetLinks {
  minerals: Array<{ mineral: string; techIds: string[]; role: string; source: string }>;
  supplyChains: Array<{ dataset: string; techIds: string[]; note: string; source: string }>;
}

export const CET_LINKS_FILE = projectPath('src', 'supply', 'data', 'cet-links.json');
/** Shared with the Global R&D Strategy Map (alignment of countries). */
export const COUNTRY_GROUPS_FILE = projectPath('src', 'strategy', 'data', 'country-groups.json');

export const readCetLinks = (): CetLinks => JSON.parse(readFileSync(CET_LINKS_FILE, 'utf8')) as CetLinks;
export const readCountryGroups = (): CountryGroups =>
  JSON.parse(readFileSync(COUNTRY_GROUPS_FILE, 'utf8')) as CountryGroups;

export interface SupplyGraph {
  items: SupplyItem[];
  edges: SupplyEdge[];
  concentration: Map<string, ItemConcentration>;
  loaded: boolean;
}

const unitOf = (country: string | null, code: string): string =>
  country ?? (/^various/i.test(code) ? UNKNOWN : code.toUpperCase());

/** The ETO graph with each node's concentration. `loaded` is false when the data set was not imported. */
export async function loadSupplyGraph(db: Kysely<Database>): Promise<SupplyGraph> {
  const [inputs, stages, edges, countryRows, firmRows] = await Promise.all([
    db.selectFrom('supply_input').select(['id', 'name', 'type']).execute(),
    db.selectFrom('supply_stage').select(['id', 'name']).execute(),
    db.selectFrom('supply_edge').selectAll().execute(),
    db.selectFrom('supply_country_share').selectAll().execute(),
    db
      .selectFrom('supply_provision as p')
      .innerJoin('supply_provider as v', 'v.id', 'p.provider_id')
      .select(['p.input_id', 'p.provider_id', 'v.name', 'v.country', 'p.share', 'p.year'])
      .where('v.type', '=', 'organization')
      .execute(),
  ]);
  const items: SupplyItem[] = [
    ...stages.map((s) => ({ id: s.id, name: s.name, type: 'stage', level: 'stage' as const })),
    ...inputs.map((i) => ({ id: i.id, name: i.name, type: i.type, level: 'input' as const })),
  ];
  const byItemCountry = new Map<string, CountryShare[]>();
  for (const r of countryRows) {
    const list = byItemCountry.get(r.item_id) ?? [];
    list.push({ itemId: r.item_id, unit: unitOf(r.country, r.country_code), share: r.share, year: r.year });
    byItemCountry.set(r.item_id, list);
  }
  const byItemFirm = new Map<string, FirmShare[]>();
  for (const r of firmRows) {
    const list = byItemFirm.get(r.input_id) ?? [];
    list.push({
      itemId: r.input_id,
      providerId: r.provider_id,
      provider: r.name,
      country: r.country,
      share: r.share,
      year: r.year,
    });
    byItemFirm.set(r.input_id, list);
  }
  const concentration = new Map(
    items.map((i) => [
      i.id,
      itemConcentration(i.id, byItemCountry.get(i.id) ?? [], byItemFirm.get(i.id) ?? []),
    ]),
  );
  return {
    items,
    edges: edges.map((e) => ({
      source: e.source_id,
      relation: e.relation as SupplyEdge['relation'],
      target: e.target_id,
    })),
    concentration,
    loaded: items.length > 0,
  };
}

export interface MineralConcentration {
  mineral: string;
  measure: string;
  year: number;
  unit: string | null;
  concentration: ItemConcentration;
  techIds: string[];
  role: string | null;
  linkSource: string | null;
}

/** Production concentration per mineral (latest year; the measure with the most reporting countries). */
export async function mineralConcentrations(
  db: Kysely<Database>,
  links = readCetLinks(),
): Promise<MineralConcentration[]> {
  const rows = await db
    .selectFrom('statistic')
    .select([
      'country',
      'entity',
      'year',
      'value',
      'unit',
      sql<string>`dims->>'mineral'`.as('mineral'),
      sql<string>`coalesce(dims->>'measure', '')`.as('measure'),
      sql<string>`dims->>'row_kind'`.as('row_kind'),
    ])
    .where('dataset', '=', USGS_DATASET)
    .where('series', '=', 'production')
    .where('value', 'is not', null)
    .execute();
  const groups = new Map<string, typeof rows>();
  for (const r of rows) {
    if (r.row_kind !== 'country' && r.row_kind !== 'other_countries') continue;
    const key = `${r.mineral}\u0000${r.measure}\u0000${r.year}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const best = new Map<string, { key: string; rows: typeof rows }>();
  for (const [key, list] of groups) {
    const [mineral, , year] = key.split('\u0000') as [string, string, string];
    const current = best.get(mineral);
    const [, , curYear] = current ? (current.key.split('\u0000') as [string, string, string]) : ['', '', '0'];
    if (
      !current ||
      Number(year) > Number(curYear) ||
      (Number(year) === Number(curYear) && list.length > current.rows.length)
    )
      best.set(mineral, { key, rows: list });
  }
  const linkOf = new Map(links.minerals.map((m) => [m.mineral.toLowerCase(), m]));
  return [...best.values()]
    .map(({ key, rows: list }) => {
      const [mineral, measure, year] = key.split('\u0000') as [string, string, string];
      const shares: CountryShare[] = list.map((r) => ({
        itemId: mineral,
        unit: r.row_kind === 'country' && r.country ? r.country : UNKNOWN,
        share: r.value,
        year: r.year,
      }));
      const link = linkOf.get(mineral.toLowerCase());
      return {
        mineral,
        measure,
        year: Number(year),
        unit: list[0]?.unit ?? null,
        concentration: itemConcentration(mineral, shares, []),
        techIds: link?.techIds ?? [],
        role: link?.role ?? null,
        linkSource: link?.source ?? null,
      };
    })
    .sort((a, b) => (b.concentration.hhi ?? 0) - (a.concentration.hhi ?? 0));
}

export interface ChokepointReport {
  method: { concentration: string; chokepoint: string; exposure: string; thresholds: ChokepointThresholds };
  methodKo: { concentration: string; chokepoint: string; exposure: string };
  home: string;
  cet: string | null;
  inputs: Array<Chokepoint & { exposure: Exposure }>;
  minerals: Array<MineralConcentration & { chokepoint: boolean; exposure: Exposure }>;
  sources: string[];
  notes: string[];
  notesKo: string[];
}

/** Technologies a supply chain or mineral matters for: the id itself, its parent list node, or any child. */
const matchesCet = (techIds: readonly string[], cet: string): boolean =>
  techIds.some((t) => t === cet || t.startsWith(`${cet}.`) || cet.startsWith(`${t}.`));

export async function chokepointReport(
  db: Kysely<Database>,
  options: { cet?: string; home?: string; thresholds?: ChokepointThresholds; alignment?: number } = {},
): Promise<ChokepointReport> {
  const home = options.home ?? 'KR';
  const thresholds = options.thresholds ?? DEFAULT_CHOKEPOINT_THRESHOLDS;
  const alignment = options.alignment ?? 0.8;
  const links = readCetLinks();
  const groups = readCountryGroups();
  const cet = options.cet ?? null;
  const etoLinked =
    cet === null || links.supplyChains.some((s) => s.dataset === ETO_DATASET && matchesCet(s.techIds, cet));
  const graph = etoLinked ? await loadSupplyGraph(db) : null;
  const inputs = graph
    ? chokepoints(graph.items, graph.edges, graph.concentration, thresholds).map((c) => ({
        ...c,
        exposure: exposure(c.concentration, home, groups, alignment),
      }))
    : [];
  const minerals = (await mineralConcentrations(db, links))
    .filter((m) => (cet === null ? true : matchesCet(m.techIds, cet)))
    .map((m) => {
      const c = m.concentration;
      const concentrated =
        c.hhi !== null && (c.hhi >= thresholds.hhi - 1e-9 || (c.cr1 ?? 0) >= thresholds.cr1 - 1e-9);
      return {
        ...m,
        chokepoint: concentrated && m.techIds.length > 0,
        exposure: exposure(c, home, groups, alignment),
      };
    });
  const notes: string[] = [];
  const notesKo: string[] = [];
  if (graph && !graph.loaded) {
    notes.push('The ETO supply-chain data set is not imported: run `cetmap import eto-supply-chain <dir>`.');
    notesKo.push('ETO 공급망 자료가 없습니다: `cetmap import eto-supply-chain <dir>`를 실행하세요.');
  }
  if (minerals.length === 0 && (cet === null || links.minerals.some((m) => matchesCet(m.techIds, cet)))) {
    notes.push('No USGS mineral production loaded: run `cetmap import usgs-minerals <dir>`.');
    notesKo.push('USGS 광물 생산 자료가 없습니다: `cetmap import usgs-minerals <dir>`를 실행하세요.');
  }
  notes.push(
    'Minerals: latest year, the production measure with the most reporting countries; values USGS withholds (W) are not counted.',
  );
  notesKo.push(
    '광물: 최신 연도, 보고 국가가 가장 많은 생산 지표; USGS가 공개하지 않은 값(W)은 세지 않습니다.',
  );
  return {
    method: {
      concentration: CONCENTRATION_RULE,
      chokepoint: `${chokepointRule(thresholds)} Minerals: concentrated and linked to at least one technology (src/supply/data/cet-links.json).`,
      exposure: exposureRule(alignment, home),
      thresholds,
    },
    methodKo: {
      concentration: CONCENTRATION_RULE_KO,
      chokepoint: `${chokepointRuleKo(thresholds)} 광물: 집중도가 높고 기술 하나 이상에 연결된 경우(src/supply/data/cet-links.json).`,
      exposure: exposureRuleKo(alignment, home),
    },
    home,
    cet,
    inputs,
    minerals,
    sources: [
      ...(graph ? [ETO_ATTRIBUTION] : []),
      USGS_ATTRIBUTION,
      'Country groups: src/strategy/data/country-groups.json',
    ],
    notes,
    notesKo,
  };
}

export interface ScenarioReport {
  method: string;
  methodKo: string;
  country: string;
  cut: number;
  impacts: ScenarioImpact[];
  minerals: Array<{ mineral: string; loss: number; techIds: string[] }>;
  sources: string[];
}

export async function scenarioReport(
  db: Kysely<Database>,
  country: string,
  cut = 1,
): Promise<ScenarioReport> {
  const graph = await loadSupplyGraph(db);
  const minerals = await mineralConcentrations(db);
  return {
    method: SCENARIO_RULE,
    methodKo: SCENARIO_RULE_KO,
    country,
    cut,
    impacts: disruptionScenario(graph.items, graph.edges, graph.concentration, country, cut),
    minerals: minerals
      .map((m) => ({
        mineral: m.mineral,
        loss: (m.concentration.shares.find((s) => s.unit === country)?.share ?? 0) * cut,
        techIds: m.techIds,
      }))
      .filter((m) => m.loss > 0)
      .sort((a, b) => b.loss - a.loss),
    sources: [ETO_ATTRIBUTION, USGS_ATTRIBUTION],
  };
}

export interface SupplyGraphReport {
  nodes: Array<{
    id: string;
    name: string;
    type: string;
    level: string;
    hhi: number | null;
    topCountry: string | null;
    cr1: number | null;
  }>;
  edges: SupplyEdge[];
  method: string;
  methodKo: string;
  sources: string[];
}

/** The dependency graph with each node's concentration, for drawing (colour = HHI). */
export async function supplyGraphReport(db: Kysely<Database>): Promise<SupplyGraphReport> {
  const g = await loadSupplyGraph(db);
  return {
    nodes: g.items.map((i) => {
      const c = g.concentration.get(i.id)!;
      return { ...i, hhi: c.hhi, topCountry: c.topCountry, cr1: c.cr1 };
    }),
    edges: g.edges,
    method: CONCENTRATION_RULE,
    methodKo: CONCENTRATION_RULE_KO,
    sources: [ETO_ATTRIBUTION],
  };
}
