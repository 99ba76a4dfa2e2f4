/**
 * Policy signals, pure: indicators that have historically come before countries' policy moves in a technology,
 * combined into a transparent watch list. These are indicators, not predictions of any government's intent.
 *
 * Signals per country, each with its numbers:
 *  - output acceleration: CAGR of the country's works over the last 3 years ≥ 8 %/yr (CSET's extreme growth)
 *    and above its CAGR over the 3 years before;
 *  - policy-event burst: a Kleinberg burst (s = 2, γ = 1) of the country's policy events in the technology
 *    among all events in the register per year, reaching one of the last 2 years;
 *  - rising concentration: the technology's HHI across countries rose by ≥ 500 points (0–10,000) over 3 years
 *    and the country leads it.
 * Lead time: for each past policy event of the country in the technology, the years since the output-acceleration
 * signal (computed with data up to that year only) was first on in the 5 years before; hit rate = share of events
 * with such a signal.
 */
import { detectBursts } from '../core/bursts.js';
import { concentration } from '../core/concentration.js';
import { cagr } from '../core/growth.js';

export const INSTRUMENTS = [
  'funding',
  'export_control',
  'law',
  'strategy',
  'standard',
  'investment_screening',
  'other',
] as const;
export type Instrument = (typeof INSTRUMENTS)[number];

export const SIGNALS_DISCLAIMER =
  'These are indicators that have preceded policy moves in past data, not predictions of any government’s intent.';

/** `SIGNALS_METHOD` in Korean. */
export const SIGNALS_METHOD_KO =
  '산출 가속: 최근 3년 논문(분수) CAGR이 연 8 % 이상이고 그 전 3년 CAGR보다 높음. 정책 사건 급증: 연도별 등록부 전체 ' +
  '사건 중 해당 국가·기술 사건의 Kleinberg 급증(s = 2, γ = 1)이 최근 2년 중 한 해에 이름. 가속은 마지막 해 기술 논문의 ' +
  '1 % 이상을 낸 국가만 계산. 집중도 상승: 국가별 HHI가 3년간 500점 이상(0–10,000) 상승하고 해당 국가가 선두. 선행 ' +
  '기간: 첫 산출 가속 신호(각 연도까지의 자료만 사용)부터 해당 국가·기술의 과거 정책 사건까지의 연수, 최대 5년 소급; ' +
  '적중률 = 사전 신호가 있었던 사건 ÷ 사건.';

export const SIGNALS_METHOD =
  'Output acceleration: CAGR of works (fractional) over the last 3 years ≥ 8 %/yr and above the CAGR of the 3 years ' +
  'before. Policy-event burst: Kleinberg burst (s = 2, γ = 1) of the country’s events in the technology among all ' +
  'events in the register per year, reaching one of the last 2 years. Acceleration counts for countries with ≥ 1 % of the ' +
  'technology’s works in the last year. Rising concentration: the technology’s HHI across ' +
  'countries up ≥ 500 points (0–10,000) over 3 years, the country leading. Lead time: years from the first ' +
  'output-acceleration signal (data up to each year only) to each past policy event of the country in the ' +
  'technology, looking back up to 5 years; hit rate = events with a prior signal ÷ events.';

export interface FactPoint {
  country: string;
  year: number;
  works: number;
}

export interface PolicyEventPoint {
  country: string;
  year: number;
  techId: string | null;
}

export interface Acceleration {
  on: boolean;
  recentCagr: number | null;
  earlierCagr: number | null;
}

/** The output-acceleration signal of a yearly series at `year`, using data up to that year only. */
export function accelerationAt(series: ReadonlyMap<number, number>, year: number): Acceleration {
  const v = (y: number) => series.get(y) ?? 0;
  const recentCagr = cagr(v(year - 3), v(year), 3);
  const earlierCagr = cagr(v(year - 6), v(year - 3), 3);
  const on =
    recentCagr !== null && recentCagr >= 0.08 - 1e-12 && (earlierCagr === null || recentCagr > earlierCagr);
  return { on, recentCagr, earlierCagr };
}

export interface WatchItem {
  country: string;
  signals: string[];
  rationale: string[];
  rationaleKo: string[];
  acceleration: Acceleration;
  policyBurst: { on: boolean; bursts: Array<{ start: number; end: number; weight: number }>; events: number };
  concentrationLead: boolean;
  history: {
    events: number;
    withPriorSignal: number;
    hitRate: number | null;
    medianLeadYears: number | null;
  };
}

export interface WatchList {
  techId: string;
  lastYear: number;
  method: string;
  methodKo: string;
  disclaimer: string;
  concentration: { hhiNow: number | null; hhiBefore: number | null; rising: boolean; leader: string | null };
  items: WatchItem[];
}

const median = (xs: number[]): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function watchList(
  techId: string,
  facts: readonly FactPoint[],
  events: readonly PolicyEventPoint[],
  lastYear: number,
): WatchList {
  const byCountry = new Map<string, Map<number, number>>();
  for (const f of facts) {
    if (f.country === 'UNKNOWN') continue;
    const m = byCountry.get(f.country) ?? new Map<number, number>();
    m.set(f.year, (m.get(f.year) ?? 0) + f.works);
    byCountry.set(f.country, m);
  }
  const hhiAt = (year: number) => {
    const counts = new Map<string, number>();
    for (const [c, m] of byCountry) counts.set(c, m.get(year) ?? 0);
    return concentration(counts);
  };
  const now = hhiAt(lastYear);
  const before = hhiAt(lastYear - 3);
  const rising = now !== null && before !== null && now.hhi10000 - before.hhi10000 >= 500 - 1e-9;
  const leader = now ? [...now.shares].sort((a, b) => b[1] - a[1])[0]![0] : null;

  // Acceleration counts only for countries with at least 1 % of the technology's works in the last year.
  let worldNow = 0;
  for (const m of byCountry.values()) worldNow += m.get(lastYear) ?? 0;
  const countries = new Set([...byCountry.keys(), ...events.map((e) => e.country)]);
  const firstYear = Math.min(lastYear, ...events.map((e) => e.year), ...facts.map((f) => f.year));
  const items: WatchItem[] = [];
  for (const country of countries) {
    const series = byCountry.get(country) ?? new Map<number, number>();
    const raw = accelerationAt(series, lastYear);
    const acceleration = { ...raw, on: raw.on && (series.get(lastYear) ?? 0) >= 0.01 * worldNow };
    const inTech = events.filter((e) => e.country === country && e.techId === techId);
    const years: number[] = [];
    for (let y = firstYear; y <= lastYear; y++) years.push(y);
    const r = years.map((y) => inTech.filter((e) => e.year === y).length);
    const d = years.map((y) => events.filter((e) => e.year === y).length);
    const b = inTech.length > 0 ? detectBursts(r, d) : null;
    const bursts = b
      ? b.bursts.map((x) => ({ start: years[x.start]!, end: years[x.end]!, weight: x.weight }))
      : [];
    const policyBurst = { on: bursts.some((x) => x.end >= lastYear - 1), bursts, events: inTech.length };
    const concentrationLead = rising && leader === country;
    // History: lead time from the first acceleration signal (within 5 years before) to each past event.
    const leads: number[] = [];
    for (const e of inTech) {
      for (let k = 5; k >= 0; k--) {
        if (accelerationAt(series, e.year - k).on) {
          leads.push(k);
          break;
        }
      }
    }
    const signals: string[] = [];
    const rationale: string[] = [];
    const rationaleKo: string[] = [];
    const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)} %/yr`);
    const pctKo = (x: number | null) => (x === null ? '없음' : `연 ${(x * 100).toFixed(1)} %`);
    if (acceleration.on) {
      signals.push('output_acceleration');
      rationale.push(
        `works grew ${pct(acceleration.recentCagr)} over ${lastYear - 3}–${lastYear} (before: ${pct(acceleration.earlierCagr)})`,
      );
      rationaleKo.push(
        `${lastYear - 3}–${lastYear} 논문 ${pctKo(acceleration.recentCagr)} 증가(이전: ${pctKo(acceleration.earlierCagr)})`,
      );
    }
    if (policyBurst.on) {
      signals.push('policy_burst');
      const last = bursts.at(-1)!;
      rationale.push(
        `burst of policy events in this technology ${last.start}–${last.end} (${inTech.length} events in all)`,
      );
      rationaleKo.push(`${last.start}–${last.end} 이 기술의 정책 사건 급증(전체 ${inTech.length}건)`);
    }
    if (concentrationLead) {
      signals.push('rising_concentration');
      rationale.push(
        `leads a technology whose HHI rose from ${before!.hhi10000.toFixed(0)} to ${now!.hhi10000.toFixed(0)} since ${lastYear - 3}`,
      );
      rationaleKo.push(
        `${lastYear - 3}년 이후 HHI가 ${before!.hhi10000.toFixed(0)}에서 ${now!.hhi10000.toFixed(0)}로 오른 기술을 선도`,
      );
    }
    if (signals.length === 0) continue;
    items.push({
      country,
      signals,
      rationale,
      rationaleKo,
      acceleration,
      policyBurst,
      concentrationLead,
      history: {
        events: inTech.length,
        withPriorSignal: leads.length,
        hitRate: inTech.length > 0 ? leads.length / inTech.length : null,
        medianLeadYears: median(leads),
      },
    });
  }
  items.sort((a, b) => b.signals.length - a.signals.length || a.country.localeCompare(b.country));
  return {
    techId,
    lastYear,
    method: SIGNALS_METHOD,
    methodKo: SIGNALS_METHOD_KO,
    disclaimer: SIGNALS_DISCLAIMER,
    concentration: { hhiNow: now?.hhi10000 ?? null, hhiBefore: before?.hhi10000 ?? null, rising, leader },
    items,
  };
}
