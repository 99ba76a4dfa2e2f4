/**
 * Emerging topics within a technology, pure: for each term (an OpenAlex topic or a keyword) its yearly counts
 * among the technology's works are tested for Kleinberg bursts against the technology's yearly totals, scored
 * with the Porter/Carley emergence score over the last 10 years (3 base + 7 active) and labelled for CSET's
 * extreme growth. Ranking: terms in a recent burst first, then by emergence score.
 */
import { detectBursts, type BurstParams, DEFAULT_BURST_PARAMS } from '../core/bursts.js';
import { emergenceScore, extremeGrowth, type EmergenceResult } from '../core/emergence.js';

export interface TermSeries {
  term: string;
  label: string;
  /** Counts per year, aligned with `years`. */
  counts: number[];
}

export interface EmergingOptions {
  burst?: Partial<BurstParams>;
  /** A burst that ends within this many years of the last year counts as recent (default 3). */
  recentYears?: number;
  /** Terms with fewer records in all years are skipped (default 7, the persistence criterion). */
  minRecords?: number;
}

export interface EmergingTerm {
  term: string;
  label: string;
  counts: Array<{ year: number; count: number; total: number }>;
  records: number;
  bursts: Array<{ start: number; end: number; weight: number }>;
  recentBurst: boolean;
  /** Null with fewer than 10 years. */
  emergence: EmergenceResult | null;
  growth3y: number | null;
  extremeGrowth: boolean;
}

export const EMERGING_METHOD =
  'Kleinberg batched two-state bursts of the term’s works among the technology’s works per year (exact Viterbi; ' +
  'methods §8), Porter/Carley emergence score over the last 10 years (3 base + 7 active; candidate criteria: ' +
  'base share < 0.15, ≥ 7 records in ≥ 3 years, ≥ 2 institutions as the community proxy, active/base > 2) and ' +
  'CSET extreme growth (≥ 8 %/yr over the last 3 years). Ranked: terms in a burst that reaches the last ' +
  '{recent} years first, then by emergence score.';

/** `EMERGING_METHOD` in Korean. */
export const EMERGING_METHOD_KO =
  '연도별로 기술 전체 논문 중 해당 용어 논문의 Kleinberg 2상태 급증(정확한 Viterbi; methods §8), 최근 10년(기준 3년 + ' +
  '활동 7년)의 Porter/Carley 출현 점수(후보 조건: 기준 비중 < 0.15, 3개 연도 이상에서 7건 이상, 공동체 대용으로 2개 이상 ' +
  '기관, 활동/기준 > 2), CSET 급성장(최근 3년 연 8 % 이상). 정렬: 최근 {recent}년에 이르는 급증 중인 용어 먼저, 이어서 ' +
  '출현 점수 순.';

export function emergingTerms(
  years: readonly number[],
  totals: readonly number[],
  series: readonly TermSeries[],
  options: EmergingOptions = {},
): EmergingTerm[] {
  const burst = { ...DEFAULT_BURST_PARAMS, ...options.burst };
  const recentYears = options.recentYears ?? 3;
  const minRecords = options.minRecords ?? 7;
  const lastYear = years.at(-1);
  const out: EmergingTerm[] = [];
  for (const s of series) {
    const records = s.counts.reduce((a, b) => a + b, 0);
    if (records < minRecords || lastYear === undefined) continue;
    const counts = s.counts.map((c, i) => Math.min(c, totals[i]!));
    const b = detectBursts(counts, totals, burst);
    const bursts = b.bursts.map((x) => ({ start: years[x.start]!, end: years[x.end]!, weight: x.weight }));
    let emergence: EmergenceResult | null = null;
    if (years.length >= 10) {
      const t = counts.slice(-10);
      const d = totals.slice(-10);
      emergence = emergenceScore({
        termBase: t.slice(0, 3),
        totalBase: d.slice(0, 3),
        termActive: t.slice(3),
        totalActive: d.slice(3),
      });
    }
    const g =
      years.length >= 4
        ? extremeGrowth(counts.at(-4)!, counts.at(-1)!)
        : { annualGrowth: null, extreme: false };
    out.push({
      term: s.term,
      label: s.label,
      counts: years.map((year, i) => ({ year, count: counts[i]!, total: totals[i]! })),
      records,
      bursts,
      recentBurst: bursts.some((x) => x.end >= lastYear - recentYears + 1),
      emergence,
      growth3y: g.annualGrowth,
      extremeGrowth: g.extreme,
    });
  }
  return out.sort(
    (a, b) =>
      Number(b.recentBurst) - Number(a.recentBurst) ||
      (b.emergence?.escore ?? -Infinity) - (a.emergence?.escore ?? -Infinity) ||
      b.records - a.records ||
      a.term.localeCompare(b.term),
  );
}

/** Re-tests the candidate criteria once the community size (distinct institutions) is known. */
export function withCommunity(term: EmergingTerm, institutions: number): EmergingTerm {
  if (!term.emergence) return term;
  const c = term.counts.slice(-10);
  return {
    ...term,
    emergence: emergenceScore({
      termBase: c.slice(0, 3).map((x) => x.count),
      totalBase: c.slice(0, 3).map((x) => x.total),
      termActive: c.slice(3).map((x) => x.count),
      totalActive: c.slice(3).map((x) => x.total),
      authorSets: institutions,
    }),
  };
}

export interface Mover {
  unit: string;
  name: string | null;
  works: number;
  share: number;
}

/** The leading units (countries or institutions) by works on the term, with their share of the term's works. */
export function earlyMovers(
  rows: ReadonlyArray<{ unit: string; name?: string | null; works: number }>,
  top = 5,
): Mover[] {
  const total = rows.reduce((s, r) => s + r.works, 0);
  return [...rows]
    .filter((r) => r.unit !== 'UNKNOWN' && r.works > 0)
    .sort((a, b) => b.works - a.works || a.unit.localeCompare(b.unit))
    .slice(0, top)
    .map((r) => ({
      unit: r.unit,
      name: r.name ?? null,
      works: r.works,
      share: total > 0 ? r.works / total : 0,
    }));
}
