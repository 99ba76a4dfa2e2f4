/**
 * Global R&D Strategy Map scoring (methods §7, proposed rules). Pure: every input arrives as rows.
 *
 * For a home country h (default KR), a technology t and a candidate partner p, five components in [0, 1]:
 *   S  strength         L_p,t / 100 (technology level, % of the leading country; standing §6)
 *   C  complementarity  (1/K) Σ_k max(0, L_p,k − L_h,k) / 100 over the technology's K sub-areas (its key
 *                       technologies for a field, its largest OpenAlex topics for a key technology)
 *   T  ties             AS*_hp / (1 + AS*_hp): scaled association strength of h–p co-authorship; 0.5 = as expected
 *   G  momentum         clamp(0.5 + (CAGR_p − CAGR_world) / (2 · span), 0, 1): 0.5 = growing at the world's pace
 *   M  alignment        from the country-group table (data/country-groups.json)
 *
 *   score = (1 − a + a·M) · (w_S S + w_C C + w_T T + w_G G) / (w_S + w_C + w_T + w_G)
 *
 * Alignment multiplies (a = its weight, 1 by default) so that a partner of concern cannot be rescued by
 * strength; a = 0 ignores it. With weights 0.4/0.4/0.2/0 and a = 1 this is exactly methods §7's
 * M · (0.4 S + 0.4 C + 0.2 T). Ranked by score, ties broken by S, then C, then country code.
 */
import { collaborationStrength, tieStrength, type CollaborationStrength } from '../core/collaboration.js';
import { cagr } from '../core/growth.js';

export const COMPONENTS = ['strength', 'complementarity', 'ties', 'momentum'] as const;
export type Component = (typeof COMPONENTS)[number];
export type StrategyWeights = Record<Component, number> & { alignment: number };

/** Default weights (proposed): strength and complementarity lead, ties and momentum temper; alignment multiplies. */
export const DEFAULT_WEIGHTS: Readonly<StrategyWeights> = {
  strength: 0.35,
  complementarity: 0.3,
  ties: 0.2,
  momentum: 0.15,
  alignment: 1,
};

export type TiesSource = 'technology' | 'overall';

export interface StrategyParams {
  home: string;
  weights: StrategyWeights;
  /** Which co-authorship feeds T: works of this technology (default) or all works (country-pair aggregates). */
  tiesSource: TiesSource;
  /** Emerging technology: world output CAGR over the window at least this (proposed 0.15). */
  emergingCagr: number;
  /** Momentum: a CAGR this much above the world's gives G = 1 (and this much below, G = 0). */
  momentumSpan: number;
  /** Sub-areas for complementarity: at most this many topics, each with at least minSubareaWorks works. */
  maxSubareas: number;
  minSubareaWorks: number;
  /** Weight change for the top-5 stability check (0.2 = ±20 %). */
  sensitivityDelta: number;
}

export const DEFAULT_STRATEGY_PARAMS: Omit<StrategyParams, 'home'> = {
  weights: { ...DEFAULT_WEIGHTS },
  tiesSource: 'technology',
  emergingCagr: 0.15,
  momentumSpan: 0.2,
  maxSubareas: 8,
  minSubareaWorks: 3,
  sensitivityDelta: 0.2,
};

// ---------------------------------------------------------------------------------------------------------
// Components

export interface SubareaFactRow {
  subarea: string;
  label: string | null;
  country: string;
  works: number;
  top10: number | null;
}

export interface Subarea {
  id: string;
  label: string | null;
  worldWorks: number;
  /** Level (0–100, % of the best country in the sub-area) per country; absent = 0. */
  levels: Map<string, number>;
}

/**
 * Levels per sub-area with the standing composite (share of output and share of top-10 % works, equal weights
 * by default; output only where the sub-area has no top-10 % works). Keeps the largest sub-areas by world works.
 */
export function subareaLevels(
  rows: readonly SubareaFactRow[],
  opts: { maxSubareas: number; minWorks: number; quantity?: number; quality?: number },
): Subarea[] {
  const wq = opts.quantity ?? 0.5;
  const wi = opts.quality ?? 0.5;
  const groups = new Map<string, SubareaFactRow[]>();
  for (const r of rows) {
    if (r.country === 'UNKNOWN') continue;
    groups.set(r.subarea, [...(groups.get(r.subarea) ?? []), r]);
  }
  const out: Subarea[] = [];
  for (const [id, rs] of groups) {
    const world = rs.reduce((s, r) => s + r.works, 0);
    const worldTop = rs.reduce((s, r) => s + (r.top10 ?? 0), 0);
    if (world < opts.minWorks) continue;
    const scores = new Map<string, number>();
    for (const r of rs) {
      const q = r.works / world;
      const i = worldTop > 0 ? (r.top10 ?? 0) / worldTop : null;
      scores.set(r.country, (scores.get(r.country) ?? 0) + (i === null ? q : (wq * q + wi * i) / (wq + wi)));
    }
    const best = Math.max(...scores.values());
    const levels = new Map<string, number>();
    for (const [c, s] of scores) levels.set(c, best > 0 ? (s / best) * 100 : 0);
    out.push({ id, label: rs.find((r) => r.label)?.label ?? null, worldWorks: world, levels });
  }
  out.sort((a, b) => b.worldWorks - a.worldWorks || a.id.localeCompare(b.id));
  return out.slice(0, opts.maxSubareas);
}

export interface ComplementarityDetail {
  value: number;
  /** Per sub-area: partner and home level and the partner's lead counted (max(0, L_p − L_h)). */
  subareas: Array<{ id: string; label: string | null; partner: number; home: number; lead: number }>;
}

/** C = (1/K) Σ max(0, L_p,k − L_h,k) / 100; 0 when there are no sub-areas. */
export function complementarity(partnerLevels: readonly number[], homeLevels: readonly number[]): number {
  const k = Math.min(partnerLevels.length, homeLevels.length);
  if (k === 0) return 0;
  let s = 0;
  for (let i = 0; i < k; i++) s += Math.max(0, partnerLevels[i]! - homeLevels[i]!) / 100;
  return s / k;
}

/** G = clamp(0.5 + (CAGR_p − CAGR_world) / (2 · span)); 0.5 when either growth rate is unknown. */
export function momentum(partnerCagr: number | null, worldCagr: number | null, span: number): number {
  if (partnerCagr === null || worldCagr === null || !(span > 0)) return 0.5;
  return Math.min(1, Math.max(0, 0.5 + (partnerCagr - worldCagr) / (2 * span)));
}

export interface CountryGroup {
  id: string;
  name_en: string;
  name_ko: string;
  alignment: number;
  members: string[];
  source: string;
}

export interface AlignmentTable {
  defaultAlignment: number;
  groups: CountryGroup[];
}

/** M = the alignment of the first group that lists the country, else the default. */
export function alignmentOf(country: string, table: AlignmentTable): { value: number; group: string | null } {
  const g = table.groups.find((x) => x.members.includes(country));
  return g ? { value: g.alignment, group: g.id } : { value: table.defaultAlignment, group: null };
}

export interface ComponentValues {
  strength: number;
  complementarity: number;
  ties: number;
  momentum: number;
  alignment: number;
}

export interface ScoreBreakdown {
  score: number;
  /** score before the alignment factor */
  base: number;
  alignmentFactor: number;
  /** Each component's share of the score: factor · w · x / Σw; they add up to the score. */
  contributions: Record<Component, number>;
}

export function partnerScore(x: ComponentValues, w: StrategyWeights): ScoreBreakdown {
  const total = COMPONENTS.reduce((s, c) => s + Math.max(0, w[c]), 0);
  const a = Math.min(1, Math.max(0, w.alignment));
  const alignmentFactor = 1 - a + a * x.alignment;
  const contributions = {} as Record<Component, number>;
  let base = 0;
  for (const c of COMPONENTS) {
    const part = total > 0 ? (Math.max(0, w[c]) * x[c]) / total : 0;
    base += part;
    contributions[c] = alignmentFactor * part;
  }
  return { score: alignmentFactor * base, base, alignmentFactor, contributions };
}

// ---------------------------------------------------------------------------------------------------------
// Cooperation type (methods §7, proposed 2×2)

export type CooperationType =
  'new_tech_acquisition' | 'new_tech_diffusion' | 'market_catch_up' | 'market_leading';

export const COOPERATION_LABELS: Record<CooperationType, { en: string; ko: string }> = {
  new_tech_acquisition: { en: 'new-technology acquisition', ko: '신기술 획득형' },
  new_tech_diffusion: { en: 'new-technology diffusion', ko: '신기술 확산형' },
  market_catch_up: { en: 'market catch-up', ko: '시장 추격형' },
  market_leading: { en: 'market-leading', ko: '시장 선도형' },
};

export interface Maturity {
  emerging: boolean;
  worldCagr: number | null;
  threshold: number;
}

/** Emerging when the world's output grew at least `threshold` a year over the window (bursts not used yet). */
export function technologyMaturity(worldCagr: number | null, threshold: number): Maturity {
  return { emerging: worldCagr !== null && worldCagr >= threshold, worldCagr, threshold };
}

const fmtPct = (x: number | null) => (x === null ? 'unknown' : `${(x * 100).toFixed(1)} %`);
const fmtLevel = (x: number) => x.toFixed(1);

export function cooperationType(
  maturity: Maturity,
  partnerLevel: number | null,
  homeLevel: number | null,
  names: { home: string; partner: string } = { home: 'home', partner: 'partner' },
): { type: CooperationType; partnerAhead: boolean; reason: string; reasonKo: string } {
  const lp = partnerLevel ?? 0;
  const lh = homeLevel ?? 0;
  const partnerAhead = lp > lh;
  const type: CooperationType = maturity.emerging
    ? partnerAhead
      ? 'new_tech_acquisition'
      : 'new_tech_diffusion'
    : partnerAhead
      ? 'market_catch_up'
      : 'market_leading';
  const stage = maturity.emerging
    ? `emerging technology (world output grew ${fmtPct(maturity.worldCagr)} a year, ≥ ${fmtPct(maturity.threshold)})`
    : `established technology (world output grew ${fmtPct(maturity.worldCagr)} a year, < ${fmtPct(maturity.threshold)})`;
  const stageKo = maturity.emerging
    ? `신흥 기술 (세계 논문 연평균 증가율 ${fmtPct(maturity.worldCagr)} ≥ ${fmtPct(maturity.threshold)})`
    : `성숙 기술 (세계 논문 연평균 증가율 ${fmtPct(maturity.worldCagr)} < ${fmtPct(maturity.threshold)})`;
  const levels = partnerAhead
    ? `${names.partner} is ahead (level ${fmtLevel(lp)} > ${names.home} ${fmtLevel(lh)})`
    : `${names.home} is ahead or equal (level ${fmtLevel(lh)} ≥ ${names.partner} ${fmtLevel(lp)})`;
  const levelsKo = partnerAhead
    ? `상대국 수준 ${fmtLevel(lp)} > 자국 ${fmtLevel(lh)}`
    : `자국 수준 ${fmtLevel(lh)} ≥ 상대국 ${fmtLevel(lp)}`;
  const label = COOPERATION_LABELS[type];
  return {
    type,
    partnerAhead,
    reason: `${label.en}: ${stage}; ${levels}.`,
    reasonKo: `${label.ko}: ${stageKo}; ${levelsKo}.`,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ranking

export interface CandidateInput {
  country: string;
  /** Technology level L_p,t (0–100) from standing; null = not ranked. */
  level: number | null;
  works: number;
  top10WorldShare: number | null;
  cagr: number | null;
}

/** Co-authorship counts with the home country over one set of works. */
export interface TieCounts {
  source: TiesSource;
  description: string;
  /** Works in the set (N); null when not known. */
  n: number | null;
  homeWorks: number;
  /** s_p and c_hp per country. */
  sizes: ReadonlyMap<string, number>;
  withHome: ReadonlyMap<string, number>;
}

export interface StrategyInput {
  techId: string;
  home: string;
  homeLevel: number | null;
  candidates: readonly CandidateInput[];
  subareas: readonly Subarea[];
  subareaKind: 'key_technologies' | 'topics' | 'none';
  ties: { technology: TieCounts; overall: TieCounts | null };
  worldCagr: number | null;
  alignment: AlignmentTable;
}

export interface TieDetail extends CollaborationStrength {
  source: TiesSource;
  coWorks: number;
  partnerWorks: number;
  homeWorks: number;
  n: number | null;
}

export interface PartnerResult {
  rank: number;
  country: string;
  score: number;
  level: number | null;
  top10WorldShare: number | null;
  works: number;
  cagr: number | null;
  components: Record<Component, { value: number; weight: number; contribution: number }>;
  alignment: { value: number; weight: number; factor: number; group: string | null };
  complementarity: ComplementarityDetail;
  ties: { technology: TieDetail; overall: TieDetail | null };
  cooperation: { type: CooperationType; partnerAhead: boolean; reason: string; reasonKo: string };
}

function tieDetail(t: TieCounts, partner: string): TieDetail {
  const coWorks = t.withHome.get(partner) ?? 0;
  const partnerWorks = t.sizes.get(partner) ?? 0;
  return {
    source: t.source,
    coWorks,
    partnerWorks,
    homeWorks: t.homeWorks,
    n: t.n,
    ...collaborationStrength({ cij: coWorks, si: t.homeWorks, sj: partnerWorks, n: t.n }),
  };
}

/** Every candidate (ranked country other than home) scored, decomposed and ranked. */
export function rankPartners(input: StrategyInput, params: StrategyParams): PartnerResult[] {
  const maturity = technologyMaturity(input.worldCagr, params.emergingCagr);
  const homeSub = input.subareas.map((s) => s.levels.get(input.home) ?? 0);
  const results = input.candidates
    .filter((c) => c.country !== input.home && c.country !== 'UNKNOWN' && c.level !== null)
    .map((c): PartnerResult => {
      const partnerSub = input.subareas.map((s) => s.levels.get(c.country) ?? 0);
      const compl: ComplementarityDetail = {
        value: complementarity(partnerSub, homeSub),
        subareas: input.subareas.map((s, k) => ({
          id: s.id,
          label: s.label,
          partner: partnerSub[k]!,
          home: homeSub[k]!,
          lead: Math.max(0, partnerSub[k]! - homeSub[k]!),
        })),
      };
      const ties = {
        technology: tieDetail(input.ties.technology, c.country),
        overall: input.ties.overall ? tieDetail(input.ties.overall, c.country) : null,
      };
      const usedTies = params.tiesSource === 'overall' && ties.overall ? ties.overall : ties.technology;
      const align = alignmentOf(c.country, input.alignment);
      const values: ComponentValues = {
        strength: (c.level ?? 0) / 100,
        complementarity: compl.value,
        ties: tieStrength(usedTies.associationScaled),
        momentum: momentum(c.cagr, input.worldCagr, params.momentumSpan),
        alignment: align.value,
      };
      const b = partnerScore(values, params.weights);
      const components = {} as PartnerResult['components'];
      for (const k of COMPONENTS)
        components[k] = { value: values[k], weight: params.weights[k], contribution: b.contributions[k] };
      return {
        rank: 0,
        country: c.country,
        score: b.score,
        level: c.level,
        top10WorldShare: c.top10WorldShare,
        works: c.works,
        cagr: c.cagr,
        components,
        alignment: {
          value: align.value,
          weight: params.weights.alignment,
          factor: b.alignmentFactor,
          group: align.group,
        },
        complementarity: compl,
        ties,
        cooperation: cooperationType(maturity, c.level, input.homeLevel, {
          home: input.home,
          partner: c.country,
        }),
      };
    });
  results.sort(
    (a, b) =>
      b.score - a.score ||
      b.components.strength.value - a.components.strength.value ||
      b.components.complementarity.value - a.components.complementarity.value ||
      a.country.localeCompare(b.country),
  );
  results.forEach((r, i) => (r.rank = i + 1));
  return results;
}

// ---------------------------------------------------------------------------------------------------------
// Sensitivity of the top 5 to the weights

export interface SensitivityCase {
  weight: keyof StrategyWeights;
  factor: number;
  top: string[];
  sameSet: boolean;
  sameOrder: boolean;
}

export interface Sensitivity {
  delta: number;
  top: number;
  baseline: string[];
  cases: SensitivityCase[];
  /** Share of cases whose top set equals the baseline's (order ignored). */
  setStability: number;
  orderStability: number;
  /** Per country ever in a top set: share of cases (baseline excluded) it is in. */
  membership: Array<{ country: string; share: number }>;
}

/** Each weight in turn × (1 − δ) and × (1 + δ), the others unchanged (alignment capped at 1). */
export function weightSensitivity(input: StrategyInput, params: StrategyParams, top = 5): Sensitivity {
  const baseline = rankPartners(input, params)
    .slice(0, top)
    .map((r) => r.country);
  const cases: SensitivityCase[] = [];
  for (const weight of [...COMPONENTS, 'alignment'] as const) {
    for (const factor of [1 - params.sensitivityDelta, 1 + params.sensitivityDelta]) {
      const w = { ...params.weights, [weight]: params.weights[weight] * factor };
      if (weight === 'alignment') w.alignment = Math.min(1, w.alignment);
      const t = rankPartners(input, { ...params, weights: w })
        .slice(0, top)
        .map((r) => r.country);
      cases.push({
        weight,
        factor,
        top: t,
        sameSet: t.length === baseline.length && t.every((c) => baseline.includes(c)),
        sameOrder: t.join() === baseline.join(),
      });
    }
  }
  const counts = new Map<string, number>();
  for (const c of cases) for (const country of c.top) counts.set(country, (counts.get(country) ?? 0) + 1);
  return {
    delta: params.sensitivityDelta,
    top,
    baseline,
    cases,
    setStability: cases.length ? cases.filter((c) => c.sameSet).length / cases.length : 1,
    orderStability: cases.length ? cases.filter((c) => c.sameOrder).length / cases.length : 1,
    membership: [...counts]
      .map(([country, n]) => ({ country, share: n / cases.length }))
      .sort((a, b) => b.share - a.share || a.country.localeCompare(b.country)),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Parameters

/** World output CAGR from yearly world totals (first and last year of the window). */
export function worldCagr(worldByYear: ReadonlyMap<number, number>, from: number, to: number): number | null {
  return cagr(worldByYear.get(from) ?? 0, worldByYear.get(to) ?? 0, to - from);
}

/** Parses "strength=0.5,ties=0.1"; unknown names or bad numbers are errors listed together. */
export function parseWeights(
  text: string | undefined,
  base: StrategyWeights = DEFAULT_WEIGHTS,
): { weights: StrategyWeights; problems: string[] } {
  const weights = { ...base };
  const problems: string[] = [];
  if (!text) return { weights, problems };
  for (const part of text.split(',')) {
    if (part.trim() === '') continue;
    const [name, raw] = part.split('=').map((s) => s.trim());
    const n = Number(raw);
    if (!name || !(name in weights))
      problems.push(`unknown weight "${name}" (one of ${[...COMPONENTS, 'alignment'].join(', ')})`);
    else if (raw === undefined || raw === '' || !Number.isFinite(n) || n < 0)
      problems.push(`weight ${name} must be a number ≥ 0, got "${raw ?? ''}"`);
    else if (name === 'alignment' && n > 1)
      problems.push(`weight alignment must be between 0 and 1, got ${n}`);
    else weights[name as keyof StrategyWeights] = n;
  }
  if (COMPONENTS.every((c) => weights[c] === 0))
    problems.push('at least one component weight must be above 0');
  return { weights, problems };
}

export function methodText(params: StrategyParams): Record<string, string> {
  const w = params.weights;
  return {
    score: `(1 − a + a·M) × (${w.strength}·S + ${w.complementarity}·C + ${w.ties}·T + ${w.momentum}·G) ÷ ${Number(
      (w.strength + w.complementarity + w.ties + w.momentum).toFixed(6),
    )}, a = ${w.alignment}; ranked by score, then S, then C. Proposed (methods §7).`,
    strength:
      'S = technology level of the partner ÷ 100 (composite of output share and top-10 % share, % of leader)',
    complementarity:
      'C = mean over the sub-areas of max(0, partner level − home level) ÷ 100; sub-areas are the key technologies of a field or the largest OpenAlex primary topics of a key technology',
    ties: `T = AS* ÷ (1 + AS*), AS* = N·c_hp ÷ (s_h·s_p) (van Eck & Waltman association strength, scaled); 0.5 = as often as expected. Source used: ${
      params.tiesSource === 'technology'
        ? 'co-authored works of this technology in the window (countries from authorships)'
        : 'all co-authored works (country-pair aggregates, OpenAlex via bavla/OpenAlex)'
    }`,
    momentum: `G = clamp(0.5 + (CAGR partner − CAGR world) ÷ ${2 * params.momentumSpan}, 0, 1); 0.5 = world pace or unknown`,
    alignment:
      'M = alignment of the first country group that lists the partner (src/strategy/data/country-groups.json; values proposed, editable)',
    cooperationType: `2×2 (methods §7, proposed): emerging if world output CAGR ≥ ${params.emergingCagr * 100} % over the window; partner ahead if its level > home level. Emerging: acquisition (partner ahead) or diffusion; established: market catch-up (partner ahead) or market-leading.`,
    sensitivity: `each weight × (1 ± ${params.sensitivityDelta}) in turn; stability = share of cases with the same top 5`,
  };
}

/** The same method texts in Korean (keys as in `methodText`). */
export function methodTextKo(params: StrategyParams): Record<string, string> {
  const w = params.weights;
  return {
    score: `(1 − a + a·M) × (${w.strength}·S + ${w.complementarity}·C + ${w.ties}·T + ${w.momentum}·G) ÷ ${Number(
      (w.strength + w.complementarity + w.ties + w.momentum).toFixed(6),
    )}, a = ${w.alignment}; 점수, S, C 순으로 정렬. 제안 방법(methods §7).`,
    strength: 'S = 상대국 기술수준 ÷ 100 (논문 점유율과 상위 10 % 논문 점유율의 합성, 최고국 대비 %)',
    complementarity:
      'C = 세부 분야별 max(0, 상대국 수준 − 자국 수준) ÷ 100의 평균; 세부 분야는 분야의 핵심기술 또는 핵심기술의 주요 OpenAlex 주제',
    ties: `T = AS* ÷ (1 + AS*), AS* = N·c_hp ÷ (s_h·s_p) (van Eck & Waltman 연관 강도, 척도 조정); 0.5 = 기대만큼 협력. 사용 자료: ${
      params.tiesSource === 'technology'
        ? '기간 내 이 기술의 공저 논문(저자 소속 국가 기준)'
        : '전체 공저 논문(국가쌍 집계, OpenAlex, bavla/OpenAlex)'
    }`,
    momentum: `G = clamp(0.5 + (상대국 CAGR − 세계 CAGR) ÷ ${2 * params.momentumSpan}, 0, 1); 0.5 = 세계 평균 속도 또는 미상`,
    alignment:
      'M = 상대국이 속한 첫 국가 그룹의 정렬도(src/strategy/data/country-groups.json; 제안 값, 수정 가능)',
    cooperationType: `2×2 분류(methods §7, 제안): 기간 내 세계 논문 CAGR ≥ ${params.emergingCagr * 100} %이면 신흥 기술; 상대국 수준 > 자국 수준이면 상대국 우위. 신흥: 기술 획득(상대국 우위) 또는 확산; 성숙: 시장 추격(상대국 우위) 또는 시장 선도.`,
    sensitivity: `가중치를 하나씩 × (1 ± ${params.sensitivityDelta}); 안정도 = 상위 5개국이 같은 경우의 비율`,
  };
}
