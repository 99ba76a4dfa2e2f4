/**
 * Supply-chain analysis, pure: concentration of each input by country (methods §5, reusing core/concentration),
 * reach through the dependency graph, chokepoints, the home country's exposure to providers outside its aligned
 * group, and disruption scenarios. The rules are written here once and returned with every result.
 */
import { concentration, UNKNOWN } from '../core/concentration.js';

export interface SupplyItem {
  id: string;
  name: string;
  type: string;
  level: 'input' | 'stage' | 'mineral';
}

export interface SupplyEdge {
  source: string;
  relation: 'goes_into' | 'is_type_of';
  target: string;
}

/** A share of an item's supply: by a country (unit = alpha-2, a bloc code such as EUR, or UNKNOWN). */
export interface CountryShare {
  itemId: string;
  unit: string;
  /** Percent, 0–100; null when listed as a provider without a quantified share. */
  share: number | null;
  year: number | null;
}

/** A firm's share of an item, with the firm's home country (alpha-2) when known. */
export interface FirmShare {
  itemId: string;
  providerId: string;
  provider: string;
  country: string | null;
  share: number | null;
  year: number | null;
}

export type ConcentrationBasis = 'country shares' | 'firm shares by home country' | 'not quantified';

export interface ItemConcentration {
  itemId: string;
  basis: ConcentrationBasis;
  /** HHI on the 0–10,000 scale over known units (UNKNOWN excluded and renormalised). */
  hhi: number | null;
  cr1: number | null;
  cr3: number | null;
  topCountry: string | null;
  /** Share of supply with no known country (e.g. "Various countries", unlisted firms), 0–1. */
  unknownShare: number | null;
  /** Countries with a positive share; firms listed (with or without a share). */
  countries: number;
  firms: number;
  /** Shares per country over known units, 0–1, largest first. */
  shares: Array<{ unit: string; share: number }>;
  year: number | null;
}

export const CONCENTRATION_RULE =
  'Country shares where the data set gives them; otherwise firms’ shares summed by their home country, the ' +
  'unlisted remainder to 100 % counted as unknown. Unknown ("Various countries", unlisted firms) is excluded and ' +
  'shares renormalised over known countries (methods §5); the excluded share is reported beside the HHI.';

export const CONCENTRATION_RULE_KO =
  '자료가 국가 점유율을 주면 그대로, 아니면 기업 점유율을 본사 국가별로 합산하고 100 %까지 남은 부분은 미상으로 ' +
  '계산. 미상("여러 국가", 목록에 없는 기업)은 제외하고 알려진 국가끼리 점유율을 다시 맞춤(methods §5); 제외된 ' +
  '비율은 HHI 옆에 표시.';

/** Concentration of one item from its country rows, else its firm rows. */
export function itemConcentration(
  itemId: string,
  countryRows: readonly CountryShare[],
  firmRows: readonly FirmShare[],
): ItemConcentration {
  const quantifiedCountries = countryRows.filter((r) => r.share !== null);
  const quantifiedFirms = firmRows.filter((r) => r.share !== null);
  let basis: ConcentrationBasis = 'not quantified';
  const counts = new Map<string, number>();
  let year: number | null = null;
  if (quantifiedCountries.length > 0) {
    basis = 'country shares';
    for (const r of quantifiedCountries) counts.set(r.unit, (counts.get(r.unit) ?? 0) + r.share!);
    year = Math.max(...quantifiedCountries.map((r) => r.year ?? 0)) || null;
  } else if (quantifiedFirms.length > 0) {
    basis = 'firm shares by home country';
    let total = 0;
    for (const r of quantifiedFirms) {
      const unit = r.country ?? UNKNOWN;
      counts.set(unit, (counts.get(unit) ?? 0) + r.share!);
      total += r.share!;
    }
    if (total < 100) counts.set(UNKNOWN, (counts.get(UNKNOWN) ?? 0) + (100 - total));
    year = Math.max(...quantifiedFirms.map((r) => r.year ?? 0)) || null;
  }
  const c = counts.size > 0 ? concentration(counts) : null;
  const shares = c
    ? [...c.shares].map(([unit, share]) => ({ unit, share })).sort((a, b) => b.share - a.share)
    : [];
  return {
    itemId,
    basis: c ? basis : 'not quantified',
    hhi: c ? c.hhi10000 : null,
    cr1: c ? c.cr1 : null,
    cr3: c ? c.cr3 : null,
    topCountry: shares[0]?.unit ?? null,
    unknownShare: c ? c.unknownShare : null,
    countries: c ? c.units : new Set(countryRows.map((r) => r.unit).filter((u) => u !== UNKNOWN)).size,
    firms: new Set(firmRows.map((r) => r.providerId)).size,
    shares,
    year,
  };
}

/** Everything reachable from each node along edges source → target (goes_into and is_type_of). */
export function downstreamSets(
  items: readonly SupplyItem[],
  edges: readonly SupplyEdge[],
): Map<string, Set<string>> {
  const out = new Map<string, string[]>();
  for (const e of edges) out.set(e.source, [...(out.get(e.source) ?? []), e.target]);
  const memo = new Map<string, Set<string>>();
  const visit = (id: string, stack: Set<string>): Set<string> => {
    const known = memo.get(id);
    if (known) return known;
    const reach = new Set<string>();
    stack.add(id);
    for (const t of out.get(id) ?? []) {
      if (stack.has(t)) continue; // a cycle (none in the ETO data): ignore the back edge
      reach.add(t);
      for (const x of visit(t, stack)) reach.add(x);
    }
    stack.delete(id);
    memo.set(id, reach);
    return reach;
  };
  for (const i of items) visit(i.id, new Set());
  return memo;
}

export interface ChokepointThresholds {
  /** HHI (0–10,000) at or above which an input counts as highly concentrated (2010 US merger guidelines: 2,500). */
  hhi: number;
  /** Or a single country's share at or above this (0–1). */
  cr1: number;
  /** And at least this many downstream nodes depend on it. */
  minDownstream: number;
}

export const DEFAULT_CHOKEPOINT_THRESHOLDS: ChokepointThresholds = { hhi: 2500, cr1: 0.5, minDownstream: 1 };

export const CHOKEPOINT_RULE =
  'An input is a chokepoint when its country concentration is high (HHI ≥ {hhi} on 0–10,000, or one country ≥ ' +
  '{cr1} of supply) and at least {minDownstream} other node(s) depend on it (reachable along goes_into and ' +
  'is_type_of edges). Score = HHI/10,000 × number of downstream nodes (concentration weighted by reach). ' +
  'Propagation: every node lists the chokepoints upstream of it, so a finished product inherits the ' +
  'chokepoints of everything it is made from.';

export const chokepointRule = (t: ChokepointThresholds): string =>
  CHOKEPOINT_RULE.replace('{hhi}', t.hhi.toLocaleString('en'))
    .replace('{cr1}', `${Math.round(t.cr1 * 100)} %`)
    .replace('{minDownstream}', String(t.minDownstream));

export const chokepointRuleKo = (t: ChokepointThresholds): string =>
  `투입물의 국가 집중도가 높고(0–10,000 척도 HHI ≥ ${t.hhi.toLocaleString('ko')}, 또는 한 나라가 공급의 ` +
  `${Math.round(t.cr1 * 100)} % 이상) 다른 노드 ${t.minDownstream}개 이상이 그것에 의존하면(goes_into, is_type_of ` +
  '연결로 도달) 병목입니다. 점수 = HHI/10,000 × 하류 노드 수(도달 범위로 가중한 집중도). 전파: 모든 노드가 상류의 ' +
  '병목을 나열하므로 완제품은 그 재료 전부의 병목을 물려받습니다.';

export interface Chokepoint {
  item: SupplyItem;
  concentration: ItemConcentration;
  downstream: number;
  /** Names of the nodes downstream, nearest first is not guaranteed; ids sorted. */
  downstreamIds: string[];
  score: number;
  chokepoint: boolean;
  /** Chokepoints upstream of this node (propagated). */
  upstreamChokepoints: string[];
}

export function chokepoints(
  items: readonly SupplyItem[],
  edges: readonly SupplyEdge[],
  conc: ReadonlyMap<string, ItemConcentration>,
  thresholds: ChokepointThresholds = DEFAULT_CHOKEPOINT_THRESHOLDS,
): Chokepoint[] {
  const down = downstreamSets(items, edges);
  const isChoke = (id: string): boolean => {
    const c = conc.get(id);
    if (!c || c.hhi === null) return false;
    const concentrated = c.hhi >= thresholds.hhi - 1e-9 || (c.cr1 ?? 0) >= thresholds.cr1 - 1e-9;
    return concentrated && (down.get(id)?.size ?? 0) >= thresholds.minDownstream;
  };
  const chokeIds = items.filter((i) => isChoke(i.id)).map((i) => i.id);
  return items
    .map((item) => {
      const c = conc.get(item.id) ?? itemConcentration(item.id, [], []);
      const d = down.get(item.id) ?? new Set<string>();
      return {
        item,
        concentration: c,
        downstream: d.size,
        downstreamIds: [...d].sort(),
        score: c.hhi === null ? 0 : (c.hhi / 10_000) * d.size,
        chokepoint: chokeIds.includes(item.id),
        upstreamChokepoints: chokeIds.filter((u) => down.get(u)?.has(item.id)),
      };
    })
    .sort(
      (a, b) =>
        Number(b.chokepoint) - Number(a.chokepoint) ||
        b.score - a.score ||
        a.item.id.localeCompare(b.item.id),
    );
}

/** Country groups (src/strategy/data/country-groups.json): alignment of the first group listing a country. */
export interface CountryGroups {
  defaultAlignment: number;
  groups: Array<{ id: string; name_en: string; alignment: number; members: string[] }>;
}

/** ETO's pseudo-country EUR (Europe) takes the EU group's alignment. */
export function alignmentOf(unit: string, groups: CountryGroups): number | null {
  if (unit === UNKNOWN) return null;
  const code = unit === 'EUR' ? null : unit;
  for (const g of groups.groups) {
    if (code !== null && g.members.includes(code)) return g.alignment;
    if (code === null && g.id === 'eu') return g.alignment;
  }
  return groups.defaultAlignment;
}

export interface Exposure {
  itemId: string;
  home: string;
  homeShare: number;
  /** Share of supply (known countries, 0–1) from countries whose alignment is below the threshold. */
  outsideShare: number;
  outside: Array<{ unit: string; share: number; alignment: number }>;
}

export const exposureRule = (threshold: number, home: string): string =>
  `Exposure of ${home} = share of an input’s known supply from countries whose alignment is below ${threshold} ` +
  '(alignment of the first group listing the country in the editable country-groups file; EUR = the EU group; ' +
  `unlisted countries take the default); ${home}’s own share is not exposure.`;

export const exposureRuleKo = (threshold: number, home: string): string =>
  `${home}의 노출도 = 투입물의 알려진 공급 중 정렬도가 ${threshold} 미만인 국가에서 오는 비율(수정 가능한 국가 그룹 ` +
  `파일에서 그 국가를 처음 포함하는 그룹의 정렬도; EUR = EU 그룹; 목록에 없는 국가는 기본값); ${home} 자국 점유분은 ` +
  '노출로 보지 않습니다.';

export function exposure(
  conc: ItemConcentration,
  home: string,
  groups: CountryGroups,
  threshold = 0.8,
): Exposure {
  const outside = conc.shares
    .filter((s) => s.unit !== home)
    .map((s) => ({ ...s, alignment: alignmentOf(s.unit, groups) ?? groups.defaultAlignment }))
    .filter((s) => s.alignment < threshold);
  return {
    itemId: conc.itemId,
    home,
    homeShare: conc.shares.find((s) => s.unit === home)?.share ?? 0,
    outsideShare: outside.reduce((s, x) => s + x.share, 0),
    outside,
  };
}

export interface ScenarioImpact {
  item: SupplyItem;
  /** Share of this item's known supply lost directly (0–1). */
  directLoss: number;
  /** Supply at risk after propagation (0–1): max of the direct loss and of the upstream nodes' risk. */
  atRisk: number;
  /** The upstream node the propagated risk comes from (itself when direct). */
  via: string;
  basis: ConcentrationBasis;
}

export const SCENARIO_RULE =
  'Direct loss = the country’s share of the input × the cut (over known countries). Propagation (weakest link, ' +
  'no substitution, no stocks): a node’s supply at risk = max(its direct loss, the risk of every node feeding ' +
  'it along goes_into or is_type_of edges). An upper bound for planning, not an estimate of output lost.';

export const SCENARIO_RULE_KO =
  '직접 손실 = 해당 국가의 투입물 점유율 × 감축률(알려진 국가 기준). 전파(가장 약한 고리, 대체·재고 없음): 노드의 ' +
  '공급 위험 = max(직접 손실, goes_into 또는 is_type_of 연결로 그 노드에 들어오는 모든 노드의 위험). 계획용 상한이며 ' +
  '생산 손실 추정치가 아닙니다.';

/** Removes a country (cut = 1) or cuts its share by `cut` (0–1) and follows the loss downstream. */
export function disruptionScenario(
  items: readonly SupplyItem[],
  edges: readonly SupplyEdge[],
  conc: ReadonlyMap<string, ItemConcentration>,
  country: string,
  cut = 1,
): ScenarioImpact[] {
  const byId = new Map(items.map((i) => [i.id, i]));
  const upstream = new Map<string, string[]>();
  for (const e of edges) upstream.set(e.target, [...(upstream.get(e.target) ?? []), e.source]);
  const direct = new Map<string, number>();
  for (const [id, c] of conc) {
    const s = c.shares.find((x) => x.unit === country)?.share ?? 0;
    if (s > 0) direct.set(id, s * cut);
  }
  const memo = new Map<string, { atRisk: number; via: string }>();
  const risk = (id: string, stack: Set<string>): { atRisk: number; via: string } => {
    const known = memo.get(id);
    if (known) return known;
    let best = { atRisk: direct.get(id) ?? 0, via: id };
    stack.add(id);
    for (const u of upstream.get(id) ?? []) {
      if (stack.has(u)) continue;
      const r = risk(u, stack);
      if (r.atRisk > best.atRisk + 1e-12) best = { atRisk: r.atRisk, via: r.via };
    }
    stack.delete(id);
    memo.set(id, best);
    return best;
  };
  const impacts: ScenarioImpact[] = [];
  for (const item of items) {
    const r = risk(item.id, new Set());
    if (r.atRisk <= 0) continue;
    impacts.push({
      item: byId.get(item.id)!,
      directLoss: direct.get(item.id) ?? 0,
      atRisk: r.atRisk,
      via: r.via,
      basis: conc.get(item.id)?.basis ?? 'not quantified',
    });
  }
  return impacts.sort(
    (a, b) => b.atRisk - a.atRisk || b.directLoss - a.directLoss || a.item.id.localeCompare(b.item.id),
  );
}
