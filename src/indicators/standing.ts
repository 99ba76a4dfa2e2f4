/**
 * Standing of countries in one technology over a window of years, from technology × country × year facts.
 * Pure: the same code runs on facts rolled up from works and on published aggregates (e.g. NSF tables), where
 * some inputs (top-10 % counts) may be missing and the output says so.
 *
 * Composite score (technology level): quantity × w_q + quality × w_i, where quantity = the country's share of
 * world output and quality = its share of the world's top-10 % most-cited works (ASPI's measure), both
 * fractional by default. Level = score ÷ best score × 100 (methods §6).
 */
import {
  concentration,
  DEFAULT_MONOPOLY_THRESHOLDS,
  monopolyRisk,
  UNKNOWN,
  type MonopolyRisk,
  type MonopolyRiskThresholds,
} from '../core/concentration.js';
import { cagr } from '../core/growth.js';
import { specialisation } from '../core/specialisation.js';
import {
  DEFAULT_STANDING_THRESHOLDS,
  gapYears,
  kistepBand,
  standingClass,
  technologyLevel,
  type GapMethod,
  type KistepBand,
  type StandingClass,
  type StandingThresholds,
} from '../core/technology-level.js';

export interface FactRow {
  country: string;
  year: number;
  worksFull: number;
  worksFrac: number;
  /** null where the source has no citation data (aggregate mode). */
  top10Frac: number | null;
  top1Frac: number | null;
  citationsFrac: number | null;
  ncsSum: number | null;
  ncsWeight: number | null;
}

/** All works per country and year, whatever the technology (RCA denominators). */
export interface CountryTotalRow {
  country: string;
  year: number;
  worksFull: number;
  worksFrac: number;
}

export interface InstitutionRow {
  institutionId: number;
  name: string | null;
  country: string | null;
  worksFrac: number;
  top10Frac: number;
}

export type Counting = 'fractional' | 'full';

export interface StandingParams {
  from: number;
  to: number;
  counting: Counting;
  home: string;
  composite: { quantity: number; quality: number };
  gapMethod: GapMethod;
  gapWindow: number;
  standing: StandingThresholds;
  monopoly: MonopolyRiskThresholds;
  /** Countries with fewer (fractional or full) works in the window are listed but not ranked. */
  minWorks: number;
}

export const DEFAULT_WINDOW_YEARS = 5;

export function defaultParams(
  latestCompleteYear: number,
  over: Partial<StandingParams> = {},
): StandingParams {
  return {
    from: latestCompleteYear - DEFAULT_WINDOW_YEARS + 1,
    to: latestCompleteYear,
    counting: 'fractional',
    home: 'KR',
    composite: { quantity: 0.5, quality: 0.5 },
    gapMethod: 'linear',
    gapWindow: 5,
    standing: DEFAULT_STANDING_THRESHOLDS,
    monopoly: DEFAULT_MONOPOLY_THRESHOLDS,
    minWorks: 1,
    ...over,
  };
}

export interface CountryStanding {
  country: string;
  /** Rank by share of the world's top-10 % works (ASPI), or by output when citations are unavailable. */
  rank: number | null;
  works: number;
  worldShare: number | null;
  top10: number | null;
  /** Share of the world's top-10 % works that are this country's (ASPI's metric). */
  top10WorldShare: number | null;
  /** Share of this country's output in the top 10 % (PP(top 10 %)). */
  top10OutputShare: number | null;
  top1: number | null;
  top1OutputShare: number | null;
  mncs: number | null;
  cagr: number | null;
  rca: number | null;
  rsi: number | null;
  score: number;
  level: number | null;
  band: KistepBand | null;
  gapYears: number | null;
  gapTrend: number | null;
  standingClass: StandingClass | null;
}

export interface TechnologyStanding {
  params: StandingParams;
  method: {
    counting: string;
    ranking: string;
    composite: string;
    level: string;
    gap: string;
    standingClass: string;
    monopolyRisk: string;
  };
  /** The same method texts in Korean, for Korean screens. */
  methodKo: TechnologyStanding['method'];
  world: { works: number; top10: number | null; unknownShare: number | null };
  countries: CountryStanding[];
  concentration: { hhi: number; hhi10000: number; cr1: number; cr3: number; leader: string } | null;
  monopoly: { leader: string; leadRatio: number; risk: MonopolyRisk; topInstitutionsInLeader: number } | null;
  topInstitutions: InstitutionRow[];
  home: CountryStanding | null;
  notes: string[];
  notesKo: string[];
}

const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

export function computeStanding(
  facts: readonly FactRow[],
  countryTotals: readonly CountryTotalRow[],
  institutions: readonly InstitutionRow[],
  params: StandingParams,
): TechnologyStanding {
  const inWindow = facts.filter((f) => f.year >= params.from && f.year <= params.to);
  const count = (f: { worksFull: number; worksFrac: number }) =>
    params.counting === 'fractional' ? f.worksFrac : f.worksFull;
  const hasCitations = inWindow.length > 0 && inWindow.every((f) => f.top10Frac !== null);
  const notes: string[] = [];
  const notesKo: string[] = [];
  if (!hasCitations) {
    notes.push('No citation data: ranking, level and quality use output only.');
    notesKo.push('피인용 자료 없음: 순위, 기술수준, 질적 지표는 논문 수만으로 계산합니다.');
  }
  if (params.counting === 'full') {
    notes.push(
      'Full counting: a work counts once for every country on it, so shares do not add up to 100 %.',
    );
    notesKo.push(
      '전체 집계: 한 논문이 참여한 모든 국가에 1편씩 계산되므로 점유율의 합이 100 %가 되지 않습니다.',
    );
  }

  // World totals: works, not a sum of full counts (methods §1): with fractional counting they coincide.
  const worldWorks = sum(inWindow.map((f) => f.worksFrac));
  const worldTop10 = hasCitations ? sum(inWindow.map((f) => f.top10Frac ?? 0)) : null;
  const unknownWorks = sum(inWindow.filter((f) => f.country === UNKNOWN).map((f) => f.worksFrac));

  const byCountry = new Map<string, FactRow[]>();
  for (const f of inWindow) {
    if (f.country === UNKNOWN) continue;
    byCountry.set(f.country, [...(byCountry.get(f.country) ?? []), f]);
  }
  const totalsInWindow = countryTotals.filter((t) => t.year >= params.from && t.year <= params.to);
  const allWorksWorld = sum(totalsInWindow.map((t) => t.worksFrac));
  const allWorksByCountry = new Map<string, number>();
  for (const t of totalsInWindow)
    allWorksByCountry.set(t.country, (allWorksByCountry.get(t.country) ?? 0) + count(t));
  const techWorldForRca =
    params.counting === 'fractional' ? worldWorks : sum(inWindow.map((f) => f.worksFull));
  const allWorldForRca =
    params.counting === 'fractional' ? allWorksWorld : sum(totalsInWindow.map((t) => t.worksFull));

  const yearlyScore = (rows: readonly FactRow[], year: number): number => {
    const yearRows = facts.filter((f) => f.year === year);
    const world = sum(yearRows.map((f) => f.worksFrac));
    const worldTop = sum(yearRows.map((f) => f.top10Frac ?? 0));
    const mine = rows.filter((f) => f.year === year);
    const q = world > 0 ? sum(mine.map(count)) / world : 0;
    const i = hasCitations && worldTop > 0 ? sum(mine.map((f) => f.top10Frac ?? 0)) / worldTop : 0;
    return compositeOf(q, i);
  };
  const compositeOf = (quantity: number, quality: number): number =>
    hasCitations
      ? (params.composite.quantity * quantity + params.composite.quality * quality) /
        (params.composite.quantity + params.composite.quality)
      : quantity;

  const rows: CountryStanding[] = [...byCountry.entries()].map(([country, rows]) => {
    const works = sum(rows.map(count));
    const top10 = hasCitations ? sum(rows.map((f) => f.top10Frac ?? 0)) : null;
    const top1 = hasCitations ? sum(rows.map((f) => f.top1Frac ?? 0)) : null;
    const frac = sum(rows.map((f) => f.worksFrac));
    const ncsWeight = sum(rows.map((f) => f.ncsWeight ?? 0));
    const first = sum(rows.filter((f) => f.year === params.from).map(count));
    const last = sum(rows.filter((f) => f.year === params.to).map(count));
    const spec = specialisation(works, allWorksByCountry.get(country) ?? 0, techWorldForRca, allWorldForRca);
    const quantity = worldWorks > 0 ? sum(rows.map(count)) / worldWorks : 0;
    const quality = top10 !== null && worldTop10 ? top10 / worldTop10 : 0;
    return {
      country,
      rank: null,
      works,
      worldShare: worldWorks > 0 ? works / worldWorks : null,
      top10,
      top10WorldShare: top10 !== null && worldTop10 ? top10 / worldTop10 : null,
      top10OutputShare: top10 !== null && frac > 0 ? top10 / frac : null,
      top1,
      top1OutputShare: top1 !== null && frac > 0 ? top1 / frac : null,
      mncs: ncsWeight > 0 ? sum(rows.map((f) => f.ncsSum ?? 0)) / ncsWeight : null,
      cagr: cagr(first, last, params.to - params.from),
      rca: spec.rca,
      rsi: spec.rsi,
      score: compositeOf(quantity, quality),
      level: null,
      band: null,
      gapYears: null,
      gapTrend: null,
      standingClass: null,
    };
  });

  const ranked = rows.filter((r) => r.works >= params.minWorks);
  ranked.sort(
    (a, b) =>
      (hasCitations ? (b.top10 ?? 0) - (a.top10 ?? 0) : 0) ||
      b.works - a.works ||
      a.country.localeCompare(b.country),
  );
  ranked.forEach((r, i) => (r.rank = i + 1));
  // The leader and the levels come from ranked countries only: a country with a handful of works in the
  // window would otherwise set the bar for everyone. Unranked countries get no level.
  const best = Math.max(0, ...ranked.map((r) => r.score));
  const leader = ranked.find((r) => r.score === best && best > 0);
  for (const r of ranked) {
    r.level = technologyLevel(r.score, best);
    r.band = r.level === null ? null : kistepBand(r.level);
    const years = Array.from({ length: params.gapWindow }, (_, k) => params.to - params.gapWindow + 1 + k);
    const series = years.map((year) => ({ year, score: yearlyScore(byCountry.get(r.country)!, year) }));
    const gap =
      r === leader
        ? { gapYears: 0, trend: null }
        : // Distance between the window levels (so gap 0 only for the leader), closed at the yearly trend.
          gapYears(series, leader!.score, {
            method: params.gapMethod,
            window: params.gapWindow,
            current: r.score,
          });
    r.gapYears = gap.gapYears;
    r.gapTrend = gap.trend;
    r.standingClass = r.level === null ? null : standingClass(r.level, r.gapYears, params.standing);
  }
  rows.sort(
    (a, b) =>
      (a.rank ?? Infinity) - (b.rank ?? Infinity) || b.works - a.works || a.country.localeCompare(b.country),
  );

  // Concentration always on fractional counts, so that shares add up (methods §5).
  const conc = concentration(
    Object.fromEntries([
      ...[...byCountry].map(([c, rs]) => [c, sum(rs.map((f) => f.worksFrac))] as const),
      [UNKNOWN, unknownWorks],
    ]),
  );
  const topInstitutions = [...institutions]
    .sort((a, b) => b.top10Frac - a.top10Frac || b.worksFrac - a.worksFrac)
    .slice(0, 10);
  const first = ranked[0];
  const second = ranked[1];
  const metric = (r: CountryStanding | undefined) =>
    r ? (hasCitations ? (r.top10WorldShare ?? 0) : (r.worldShare ?? 0)) : null;
  const monopoly = first
    ? {
        leader: first.country,
        ...monopolyRisk(
          metric(first)!,
          metric(second),
          topInstitutions.filter((i) => i.country === first.country).length,
          params.monopoly,
        ),
        topInstitutionsInLeader: topInstitutions.filter((i) => i.country === first.country).length,
      }
    : null;

  return {
    params,
    method: {
      counting:
        params.counting === 'fractional'
          ? 'fractional, author level (each author 1/n, split over the author’s institutions; CWTS)'
          : 'full (1 to every country on a work)',
      ranking: hasCitations
        ? "share of the world's top-10 % most-cited works (ASPI)"
        : 'share of world output',
      composite: hasCitations
        ? `${params.composite.quantity} × share of world output + ${params.composite.quality} × share of world top-10 % works`
        : 'share of world output (no citation data)',
      level:
        'composite ÷ best composite × 100; KISTEP bands 최고 100, 선도 >80, 추격 >60, 후발 >40, 낙후 ≤40',
      gap: `years to close the distance between the country's and the leader's composite over the window, at the ${params.gapMethod} trend of the country's yearly composite over the last ${params.gapWindow} years; null = not closing`,
      standingClass: `leading if level > ${params.standing.leadingAbove}; catch-up & competitive if level > ${params.standing.catchUpAbove} and gap ≤ ${params.standing.maxGapYears} years; otherwise pioneering (future challenge). Proposed thresholds.`,
      monopolyRisk: `lead ratio of the top country's metric over the second's, and top-10 institutions in the top country: high ≥ ${params.monopoly.high.ratio}× and ≥ ${params.monopoly.high.institutions}; medium ≥ ${params.monopoly.medium.ratio}× and ≥ ${params.monopoly.medium.institutions}. Proposed, unverified against ASPI.`,
    },
    methodKo: standingMethodKo(params, hasCitations),
    world: {
      works: worldWorks,
      top10: worldTop10,
      unknownShare: worldWorks > 0 ? unknownWorks / worldWorks : null,
    },
    countries: rows,
    concentration: conc
      ? {
          hhi: conc.hhi,
          hhi10000: conc.hhi10000,
          cr1: conc.cr1,
          cr3: conc.cr3,
          leader: rows[0]?.country ?? '',
        }
      : null,
    monopoly,
    topInstitutions,
    home: rows.find((r) => r.country === params.home) ?? null,
    notes,
    notesKo,
  };
}

/** The method texts in Korean (the English ones are in computeStanding's result). */
export function standingMethodKo(
  params: StandingParams,
  hasCitations: boolean,
): TechnologyStanding['method'] {
  const { quantity, quality } = params.composite;
  const m = params.monopoly;
  return {
    counting:
      params.counting === 'fractional'
        ? '분수 집계, 저자 단위 (저자마다 1/n을 소속 기관에 균등 배분; CWTS)'
        : '전체 집계 (논문에 참여한 모든 국가에 1)',
    ranking: hasCitations ? '세계 상위 10 % 피인용 논문 중 점유율 (ASPI)' : '세계 논문 점유율',
    composite: hasCitations
      ? `${quantity} × 세계 논문 점유율 + ${quality} × 세계 상위 10 % 논문 점유율`
      : '세계 논문 점유율 (피인용 자료 없음)',
    level: '종합점수 ÷ 최고국 종합점수 × 100; KISTEP 등급 최고 100, 선도 >80, 추격 >60, 후발 >40, 낙후 ≤40',
    gap: `기간 중 최고국과의 종합점수 차이를, 최근 ${params.gapWindow}년 연도별 종합점수의 ${params.gapMethod === 'linear' ? '선형' : '로그선형'} 추세로 따라잡는 데 걸리는 연수; 없음 = 격차가 좁혀지지 않음`,
    standingClass: `선도: 기술수준 > ${params.standing.leadingAbove}; 추격·경쟁: 기술수준 > ${params.standing.catchUpAbove} 이고 격차 ≤ ${params.standing.maxGapYears}년; 그 외 미래도전. 제안 기준.`,
    monopolyRisk: `1위국 지표의 2위국 대비 배율과 세계 상위 10개 기관 중 1위국 기관 수: 높음 ≥ ${m.high.ratio}배 및 ≥ ${m.high.institutions}개, 중간 ≥ ${m.medium.ratio}배 및 ≥ ${m.medium.institutions}개. ASPI 기준과 대조되지 않은 제안값.`,
  };
}
