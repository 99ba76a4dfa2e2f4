/**
 * Patent standing of countries in one technology over a window of years, from technology × country × year
 * grant facts. Pure: the same code runs on facts rolled up from PatentsView grants and on published aggregates
 * (NSF SEI patents by country and technology area).
 */
import { UNKNOWN } from '../core/concentration.js';
import { rta } from '../core/commercialization.js';
import { cagr } from '../core/growth.js';
import type { PatentBasis } from '../db/schema.js';

export interface PatentFactRow {
  country: string;
  year: number;
  grantsFull: number;
  grantsFrac: number;
}

export type PatentCounting = 'fractional' | 'full';

export interface PatentParams {
  from: number;
  to: number;
  counting: PatentCounting;
  basis: PatentBasis;
  home: string;
  /** Countries with fewer grants in the window are listed but not ranked. */
  minGrants: number;
}

export interface CountryPatentStanding {
  country: string;
  rank: number | null;
  grants: number;
  worldShare: number | null;
  rta: number | null;
  rsi: number | null;
  cagr: number | null;
  /** The country's grants in all technologies in the window (RTA denominator). */
  countryGrants: number;
}

export interface PatentMethod {
  counting: string;
  basis: string;
  unit: string;
  rta: string;
  growth: string;
}

export interface PatentStanding {
  params: PatentParams;
  method: PatentMethod;
  methodKo: PatentMethod;
  world: { grants: number; unknownShare: number | null };
  countries: CountryPatentStanding[];
  home: CountryPatentStanding | null;
  notes: string[];
  notesKo: string[];
}

const sum = (xs: Iterable<number>): number => {
  let s = 0;
  for (const x of xs) s += x;
  return s;
};

export interface PatentUnit {
  en: string;
  ko: string;
}

export const USPTO_GRANTS: PatentUnit = {
  en: 'USPTO utility patent grants by grant year (PatentsView has no family ids: each US grant counts once)',
  ko: 'USPTO 등록 특허(실용특허, 등록연도 기준; PatentsView에는 패밀리 ID가 없어 미국 등록 1건을 1건으로 계산)',
};

export function computePatentStanding(
  facts: readonly PatentFactRow[],
  totals: readonly PatentFactRow[],
  params: PatentParams,
  unit: PatentUnit = USPTO_GRANTS,
): PatentStanding {
  const inWindow = (f: PatentFactRow) => f.year >= params.from && f.year <= params.to;
  const count = (f: PatentFactRow) => (params.counting === 'fractional' ? f.grantsFrac : f.grantsFull);
  const tech = facts.filter(inWindow);
  const all = totals.filter(inWindow);
  const notes: string[] = [];
  const notesKo: string[] = [];

  const worldGrants = sum(tech.map((f) => f.grantsFrac));
  const unknown = sum(tech.filter((f) => f.country === UNKNOWN).map((f) => f.grantsFrac));
  // RTA universe: the same counting mode on both sides, UNKNOWN included in the world totals.
  const worldTech = sum(tech.map(count));
  const worldAll = sum(all.map(count));
  const byCountry = new Map<string, PatentFactRow[]>();
  for (const f of tech) {
    if (f.country === UNKNOWN) continue;
    byCountry.set(f.country, [...(byCountry.get(f.country) ?? []), f]);
  }
  const countryAll = new Map<string, number>();
  for (const t of all) countryAll.set(t.country, (countryAll.get(t.country) ?? 0) + count(t));

  const rows: CountryPatentStanding[] = [...byCountry.entries()].map(([country, rs]) => {
    const grants = sum(rs.map(count));
    const spec = rta(grants, countryAll.get(country) ?? 0, worldTech, worldAll);
    const first = sum(rs.filter((f) => f.year === params.from).map(count));
    const last = sum(rs.filter((f) => f.year === params.to).map(count));
    return {
      country,
      rank: null,
      grants,
      worldShare: worldGrants > 0 ? grants / worldGrants : null,
      rta: spec.rca,
      rsi: spec.rsi,
      cagr: cagr(first, last, params.to - params.from),
      countryGrants: countryAll.get(country) ?? 0,
    };
  });
  const ranked = rows.filter((r) => r.grants >= params.minGrants && r.grants > 0);
  ranked.sort((a, b) => b.grants - a.grants || a.country.localeCompare(b.country));
  ranked.forEach((r, i) => (r.rank = i + 1));
  rows.sort(
    (a, b) =>
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      b.grants - a.grants ||
      a.country.localeCompare(b.country),
  );

  if (worldGrants === 0) {
    notes.push('No patents of this technology in the window.');
    notesKo.push('기간 중 이 기술의 특허가 없습니다.');
  } else if (unknown / worldGrants > 0.5) {
    notes.push(
      `${Math.round((unknown / worldGrants) * 100)} % of the grants have no located ${params.basis} country (UNKNOWN): ` +
        'load the location table (g_location_disambiguated) before reading country shares.',
    );
    notesKo.push(
      `특허의 ${Math.round((unknown / worldGrants) * 100)} %는 ${params.basis === 'inventor' ? '발명자' : '출원인(권리자)'} 국가를 알 수 없습니다(UNKNOWN): 국가별 점유율을 보기 전에 위치 테이블(g_location_disambiguated)을 적재하십시오.`,
    );
  }
  if (params.counting === 'full') {
    notes.push(
      'Full counting: a grant counts once for every country on it, so shares do not add up to 100 %.',
    );
    notesKo.push('전체 집계: 특허에 나온 모든 국가에 1건씩 계산되므로 점유율의 합이 100 %가 되지 않습니다.');
  }

  const basisEn =
    params.basis === 'inventor'
      ? 'by inventor country (where the invention was made)'
      : 'by assignee country (who owns the patent)';
  const basisKo =
    params.basis === 'inventor'
      ? '발명자 국가 기준 (발명이 이루어진 곳)'
      : '권리자(출원인) 국가 기준 (특허 소유자)';
  return {
    params,
    method: {
      counting:
        params.counting === 'fractional'
          ? `fractional: each grant split equally over its ${params.basis}s, each share to that ${params.basis}'s country (UNKNOWN when not located)`
          : `full: 1 to every distinct ${params.basis} country on a grant`,
      basis: basisEn,
      unit: unit.en,
      rta: 'RTA = (country grants in technology ÷ country grants in all technologies) ÷ (world grants in technology ÷ all world grants) (Soete 1987); same counting and basis on both sides',
      growth: `CAGR of grants from ${params.from} to ${params.to}`,
    },
    methodKo: {
      counting:
        params.counting === 'fractional'
          ? `분수 집계: 특허 1건을 ${params.basis === 'inventor' ? '발명자' : '권리자'}에게 균등 배분하고 각 몫을 그 국가에 (위치 불명은 UNKNOWN)`
          : `전체 집계: 특허에 나온 모든 ${params.basis === 'inventor' ? '발명자' : '권리자'} 국가에 1`,
      basis: basisKo,
      unit: unit.ko,
      rta: 'RTA(현시기술우위) = (해당 국가의 기술 특허 ÷ 그 국가의 전체 특허) ÷ (세계의 기술 특허 ÷ 세계 전체 특허) (Soete 1987); 양쪽 모두 같은 집계 방식과 기준',
      growth: `${params.from}–${params.to}년 특허 수 연평균 증가율(CAGR)`,
    },
    world: { grants: worldGrants, unknownShare: worldGrants > 0 ? unknown / worldGrants : null },
    countries: rows,
    home: rows.find((r) => r.country === params.home) ?? null,
    notes,
    notesKo,
  };
}
