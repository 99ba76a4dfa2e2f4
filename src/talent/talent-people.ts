/**
 * Top researchers, returnees and at-risk signals per technology (pure; methods §10 extended, rules proposed).
 *
 * - Top researchers: authors active in the window ranked by their top-10 % papers (sum of each work's top-10 %
 *   fraction from work_impact, full counting: every author of a work gets the work's fraction), then by works.
 *   The top set is the first ceil(topShare × active authors) with at least one (fractional) top-10 % paper,
 *   extended by anyone tied with the last one. An author's country is the dominant country of the window
 *   (shares summed over the window's years); a tie or UNKNOWN leaves the author "ambiguous".
 * - Returnees: an author whose dominant country in year t is the home country, whose previous observed year
 *   (within maxGap) was abroad, and who was observed at home in some year before that. Years need minWorks works.
 * - At risk: high-impact (top set) researchers of the home country who left in the target year (home → abroad
 *   move) or who, still home-dominant, publish at least `driftShare` of the target year's affiliation share abroad
 *   (an early signal). Only aggregates leave the API in public views.
 */
import { dominantCountry, type AuthorHistory, type AuthorYear, type CountryShares } from './talent-flow.js';

export interface ImpactYear extends AuthorYear {
  /** Sum over the author's works of the work's top-10 % fraction (full counting). */
  top10: number;
}
export type ImpactHistory = Record<string, Record<number, ImpactYear>>;

export interface TopParams {
  from: number;
  to: number;
  /** Share of the active authors that forms the top set (default 0.1). */
  topShare: number;
}

export interface RankedResearcher {
  author: string;
  rank: number;
  works: number;
  top10: number;
  country: string | null;
  /** Years since the author's first observed work (any technology), at `to`. */
  careerAge: number | null;
  firstYear: number | null;
}

export interface TopResult {
  active: number;
  cutoff: number;
  top: RankedResearcher[];
  byCountry: Record<string, number>;
  ambiguous: number;
}

const round = (v: number) => Number(v.toFixed(3));

export function windowShares(years: Record<number, AuthorYear>, from: number, to: number): CountryShares {
  const shares: CountryShares = {};
  for (const [y, ay] of Object.entries(years)) {
    const year = Number(y);
    if (year < from || year > to) continue;
    for (const [c, v] of Object.entries(ay.shares)) shares[c] = (shares[c] ?? 0) + v;
  }
  return shares;
}

export function topResearchers(
  history: ImpactHistory,
  params: TopParams,
  firstYears: Record<string, number> = {},
): TopResult {
  const rows: Array<Omit<RankedResearcher, 'rank'>> = [];
  for (const [author, years] of Object.entries(history)) {
    let works = 0;
    let top10 = 0;
    for (const [y, ay] of Object.entries(years)) {
      const year = Number(y);
      if (year < params.from || year > params.to) continue;
      works += ay.works;
      top10 += ay.top10;
    }
    if (works === 0) continue;
    const first = firstYears[author] ?? null;
    rows.push({
      author,
      works,
      top10: round(top10),
      country: dominantCountry(windowShares(years, params.from, params.to)).country,
      careerAge: first === null ? null : params.to - first,
      firstYear: first,
    });
  }
  rows.sort((a, b) => b.top10 - a.top10 || b.works - a.works || a.author.localeCompare(b.author));
  const cutoff = Math.ceil(params.topShare * rows.length);
  const eligible = rows.filter((r) => r.top10 > 0);
  const top: RankedResearcher[] = [];
  for (let i = 0; i < eligible.length; i++) {
    const r = eligible[i]!;
    const last = top[top.length - 1];
    if (i >= cutoff && !(last && last.top10 === r.top10 && last.works === r.works)) break;
    const rank = last && last.top10 === r.top10 && last.works === r.works ? last.rank : i + 1;
    top.push({ ...r, rank });
  }
  const byCountry: Record<string, number> = {};
  let ambiguous = 0;
  for (const r of top) {
    if (r.country === null) ambiguous += 1;
    else byCountry[r.country] = (byCountry[r.country] ?? 0) + 1;
  }
  return { active: rows.length, cutoff, top, byCountry, ambiguous };
}

/** Observed (≥ minWorks works, unambiguous) dominant country per year, in year order. */
export function observedCountries(
  years: Record<number, AuthorYear>,
  minWorks: number,
): Array<{ year: number; country: string }> {
  return Object.keys(years)
    .map(Number)
    .sort((a, b) => a - b)
    .filter((y) => years[y]!.works >= minWorks)
    .flatMap((year) => {
      const d = dominantCountry(years[year]!.shares).country;
      return d ? [{ year, country: d }] : [];
    });
}

export interface ReturneeParams {
  home: string;
  from: number;
  to: number;
  minWorks: number;
  maxGap: number;
}

export interface Returnees {
  returnees: string[];
  /** Country each returnee came back from. */
  from: Record<string, number>;
  byYear: Record<number, number>;
}

export function findReturnees(history: AuthorHistory, p: ReturneeParams): Returnees {
  const out: Returnees = { returnees: [], from: {}, byYear: {} };
  for (const [author, years] of Object.entries(history)) {
    const seq = observedCountries(years, p.minWorks);
    for (let i = 2; i < seq.length; i++) {
      const now = seq[i]!;
      const prev = seq[i - 1]!;
      if (now.year < p.from || now.year > p.to) continue;
      if (now.country !== p.home || prev.country === p.home) continue;
      if (now.year - prev.year > p.maxGap) continue;
      if (!seq.slice(0, i - 1).some((s) => s.country === p.home)) continue;
      out.returnees.push(author);
      out.from[prev.country] = (out.from[prev.country] ?? 0) + 1;
      out.byYear[now.year] = (out.byYear[now.year] ?? 0) + 1;
      break; // an author counts once in the window (the first return)
    }
  }
  return out;
}

export interface AtRiskParams {
  home: string;
  targetYear: number;
  minWorks: number;
  maxGap: number;
  /** Foreign share of the target year's affiliation shares that signals drift (default 0.25). */
  driftShare: number;
}

export interface AtRisk {
  /** High-impact researchers whose dominant country was home in their latest observed year before the target year. */
  highImpactHome: number;
  left: number;
  leftTo: Record<string, number>;
  drifting: number;
}

export function atRiskSignals(
  history: AuthorHistory,
  highImpact: ReadonlySet<string>,
  p: AtRiskParams,
): AtRisk {
  const out: AtRisk = { highImpactHome: 0, left: 0, leftTo: {}, drifting: 0 };
  for (const author of highImpact) {
    const years = history[author];
    if (!years) continue;
    const seq = observedCountries(years, p.minWorks);
    const before = seq.filter((s) => s.year < p.targetYear).pop();
    if (!before || before.country !== p.home || p.targetYear - before.year > p.maxGap) continue;
    out.highImpactHome += 1;
    const now = seq.find((s) => s.year === p.targetYear);
    if (!now) continue;
    if (now.country !== p.home) {
      out.left += 1;
      out.leftTo[now.country] = (out.leftTo[now.country] ?? 0) + 1;
      continue;
    }
    const shares = years[p.targetYear]!.shares;
    const total = Object.values(shares).reduce((s, v) => s + v, 0);
    const abroad = Object.entries(shares)
      .filter(([c]) => c !== p.home && c !== 'UNKNOWN')
      .reduce((s, [, v]) => s + v, 0);
    if (total > 0 && abroad / total >= p.driftShare) out.drifting += 1;
  }
  return out;
}

/** A count for a public view: null (suppressed) under minCell, 0 stays 0. */
export const suppress = (n: number | undefined, minCell: number): number | null =>
  n === undefined || n === 0 ? 0 : n >= minCell ? n : null;
