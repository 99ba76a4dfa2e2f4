/**
 * The analysts' method toolbox (`cetmap calc`): the pipeline's own indicator functions applied to the user's
 * CSV rows. Pure: rows come in as records of strings; every bad value is reported with its row and column.
 */
import { citationImpact, referenceStats } from '../core/citation-impact.js';
import { detectBursts } from '../core/bursts.js';
import { concentration } from '../core/concentration.js';
import { workCredit, type CreditAffiliation } from '../core/country-credit.js';
import { emergenceScore, extremeGrowth } from '../core/emergence.js';
import { cagr } from '../core/growth.js';
import { backtestHolt, holt, type HoltParams } from '../core/holt.js';
import { specialisation } from '../core/specialisation.js';
import { gapYears, kistepBand, technologyLevel } from '../core/technology-level.js';
import { CetmapError, type FieldIssue } from '../shared/errors.js';
import { associationMethod } from '../strategy/calc-association.js';

export type CsvRow = Record<string, string>;
export type ResultRow = Record<string, string | number | null>;

export interface CalcMethod {
  name: string;
  description: string;
  columns: readonly string[];
  optionalColumns?: readonly string[];
  params?: Record<string, string>;
  run(
    rows: readonly CsvRow[],
    params: Record<string, string | undefined>,
    /** Extra input files a method reads (e.g. association: totals), parsed by the caller. */
    files?: Record<string, readonly CsvRow[]>,
  ): { rows: ResultRow[]; method: string };
}

/** Reads typed values from rows, collecting every problem before failing once with all of them. */
class RowReader {
  readonly issues: FieldIssue[] = [];
  constructor(private readonly file: string) {}

  text(row: CsvRow, index: number, column: string): string {
    const v = (row[column] ?? '').trim();
    if (v === '') this.issue(index, column, 'is empty');
    return v;
  }

  number(row: CsvRow, index: number, column: string, opts: { min?: number; integer?: boolean } = {}): number {
    const raw = (row[column] ?? '').trim();
    const n = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(n)) this.issue(index, column, `"${raw}" is not a number`);
    else if (opts.integer && !Number.isInteger(n))
      this.issue(index, column, `"${raw}" is not a whole number`);
    else if (opts.min !== undefined && n < opts.min) this.issue(index, column, `${raw} is below ${opts.min}`);
    return n;
  }

  issue(index: number, column: string, message: string): void {
    // Row numbers as a spreadsheet shows them: the header is row 1.
    this.issues.push({ field: column, message, location: `${this.file}:row ${index + 2}` });
  }

  done(): void {
    if (this.issues.length === 0) return;
    const first = this.issues[0]!;
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${first.location}, column ${first.field}: ${first.message}` +
        (this.issues.length > 1 ? ` (and ${this.issues.length - 1} more problem(s))` : ''),
      { issues: this.issues },
    );
  }
}

const round = (x: number | null, digits = 6): number | null =>
  x === null ? null : Number(x.toFixed(digits));

function numberParam(params: Record<string, string | undefined>, name: string, fallback?: number): number {
  const raw = params[name];
  if (raw === undefined) {
    if (fallback === undefined) throw new CetmapError('CET_BAD_INPUT', `--${name} is required`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new CetmapError('CET_BAD_INPUT', `--${name} must be a number, got "${raw}"`);
  return n;
}

/** Rows with a whole-number period and numeric columns, sorted by period; each period once. */
function readPeriods(
  rows: readonly CsvRow[],
  columns: readonly string[],
  nonNegative = true,
): Array<{ period: number; values: Record<string, number> }> {
  const r = new RowReader('input');
  const seen = new Set<number>();
  const out = rows.map((row, i) => {
    const period = r.number(row, i, 'period', { integer: true });
    if (seen.has(period)) r.issue(i, 'period', `period ${period} appears twice`);
    seen.add(period);
    const values: Record<string, number> = {};
    for (const c of columns) values[c] = r.number(row, i, c, nonNegative ? { min: 0 } : {});
    return { period, values };
  });
  r.done();
  return out.sort((a, b) => a.period - b.period);
}

export const CALC_METHODS: readonly CalcMethod[] = [
  {
    name: 'fractional',
    description:
      'full and fractional counts per country (author level: each author 1/n, split over their countries)',
    columns: ['work_id', 'author_position', 'country'],
    run(rows) {
      const r = new RowReader('input');
      const works = new Map<string, Map<string, CreditAffiliation[]>>();
      rows.forEach((row, i) => {
        const work = r.text(row, i, 'work_id');
        const author = r.text(row, i, 'author_position');
        const country = (row.country ?? '').trim().toUpperCase();
        const authors = works.get(work) ?? new Map<string, CreditAffiliation[]>();
        const affs = authors.get(author) ?? [];
        if (country !== '') affs.push({ institution: `country:${country}`, country });
        authors.set(author, affs);
        works.set(work, authors);
      });
      r.done();
      const full = new Map<string, number>();
      const frac = new Map<string, number>();
      for (const authors of works.values()) {
        const credit = workCredit([...authors.values()]);
        for (const [c, v] of credit.fullCountry) full.set(c, (full.get(c) ?? 0) + v);
        for (const [c, v] of credit.fractionalCountry) frac.set(c, (frac.get(c) ?? 0) + v);
      }
      return {
        method: `counting per methods §1 over ${works.size} works; fractional counts sum to the number of works`,
        rows: [...full.keys()]
          .sort((a, b) => (frac.get(b) ?? 0) - (frac.get(a) ?? 0) || a.localeCompare(b))
          .map((country) => ({
            country,
            full: full.get(country)!,
            fractional: round(frac.get(country) ?? 0),
          })),
      };
    },
  },
  {
    name: 'top-share',
    description: 'share of each country’s works in the top p % of their field and year (ties split) and MNCS',
    columns: ['work_id', 'field', 'year', 'citations', 'country', 'weight'],
    params: { pct: 'top percentage (default 10)' },
    run(rows, params) {
      const pct = numberParam(params, 'pct', 10);
      if (!(pct > 0 && pct <= 100)) throw new CetmapError('CET_BAD_INPUT', '--pct must be in (0, 100]');
      const r = new RowReader('input');
      const citationsByWork = new Map<string, { set: string; citations: number }>();
      const parsed = rows.map((row, i) => {
        const work = r.text(row, i, 'work_id');
        const set = `${r.text(row, i, 'field')}/${r.number(row, i, 'year', { integer: true })}`;
        const citations = r.number(row, i, 'citations', { min: 0, integer: true });
        const prior = citationsByWork.get(work);
        if (prior && (prior.set !== set || prior.citations !== citations)) {
          r.issue(
            i,
            'citations',
            `work ${work} appears with a different field, year or citation count on another row`,
          );
        }
        citationsByWork.set(work, { set, citations });
        return {
          country: r.text(row, i, 'country').toUpperCase(),
          set,
          citations,
          weight: r.number(row, i, 'weight', { min: 0 }),
        };
      });
      r.done();
      const bySet = new Map<string, number[]>();
      for (const w of citationsByWork.values()) bySet.set(w.set, [...(bySet.get(w.set) ?? []), w.citations]);
      const refs = new Map([...bySet].map(([k, c]) => [k, referenceStats(c, pct / 100)]));
      const byCountry = new Map<string, typeof parsed>();
      for (const p of parsed) byCountry.set(p.country, [...(byCountry.get(p.country) ?? []), p]);
      return {
        method: `top ${pct} % within reference sets of field × year (${refs.size} sets, ${citationsByWork.size} works), ties split (Waltman & Schreiber 2013); weights as given`,
        rows: [...byCountry].map(([country, works]) => {
          const res = citationImpact(
            works.map((w) => ({ citations: w.citations, weight: w.weight, referenceSet: w.set })),
            refs,
          );
          return {
            country,
            weight: round(res.weightTotal),
            top_count: round(res.topCount),
            top_share: round(res.topShare),
            mncs: round(res.mncs),
          };
        }),
      };
    },
  },
  {
    name: 'rca',
    description: 'revealed comparative advantage and RSI per country and technology',
    columns: ['country', 'tech', 'value'],
    run(rows) {
      const r = new RowReader('input');
      const cells = rows.map((row, i) => ({
        c: r.text(row, i, 'country'),
        t: r.text(row, i, 'tech'),
        v: r.number(row, i, 'value', { min: 0 }),
      }));
      r.done();
      const by = (key: (x: (typeof cells)[number]) => string) => {
        const m = new Map<string, number>();
        for (const x of cells) m.set(key(x), (m.get(key(x)) ?? 0) + x.v);
        return m;
      };
      const xc = by((x) => x.c);
      const xt = by((x) => x.t);
      const xct = by((x) => `${x.c}\u0000${x.t}`);
      const total = cells.reduce((s, x) => s + x.v, 0);
      return {
        method:
          'RCA = (x_ct / x_c) / (x_t / x); RSI = (RCA − 1) / (RCA + 1) (methods §3); totals are the sums of the input',
        rows: [...xct].map(([key, v]) => {
          const [country, tech] = key.split('\u0000') as [string, string];
          const s = specialisation(v, xc.get(country)!, xt.get(tech)!, total);
          return { country, tech, value: v, rca: round(s.rca), rsi: round(s.rsi) };
        }),
      };
    },
  },
  {
    name: 'cagr',
    description: 'compound annual growth between two periods',
    columns: ['period', 'value'],
    params: { from: 'first period (default: the earliest)', to: 'last period (default: the latest)' },
    run(rows, params) {
      const r = new RowReader('input');
      const series = new Map<number, number>();
      rows.forEach((row, i) => {
        const period = r.number(row, i, 'period', { integer: true });
        if (series.has(period)) r.issue(i, 'period', `period ${period} appears twice`);
        series.set(period, r.number(row, i, 'value'));
      });
      r.done();
      const periods = [...series.keys()].sort((a, b) => a - b);
      const from = numberParam(params, 'from', periods[0]);
      const to = numberParam(params, 'to', periods.at(-1));
      for (const p of [from, to])
        if (!series.has(p)) throw new CetmapError('CET_BAD_INPUT', `period ${p} is not in the input`);
      return {
        method: 'CAGR = (V_to / V_from)^(1 / (to − from)) − 1 (methods §4); null when undefined',
        rows: [
          {
            from,
            to,
            value_from: series.get(from)!,
            value_to: series.get(to)!,
            cagr: round(cagr(series.get(from)!, series.get(to)!, to - from)),
          },
        ],
      };
    },
  },
  {
    name: 'hhi',
    description:
      'Herfindahl–Hirschman index (0–10,000), CR1, CR3 and the leader; UNKNOWN excluded and reported',
    columns: ['entity', 'value'],
    run(rows) {
      const r = new RowReader('input');
      const counts: Record<string, number> = {};
      rows.forEach((row, i) => {
        const e = r.text(row, i, 'entity');
        counts[e] = (counts[e] ?? 0) + r.number(row, i, 'value', { min: 0 });
      });
      r.done();
      const c = concentration(counts);
      const leader = c ? [...c.shares].sort((a, b) => b[1] - a[1])[0]![0] : null;
      return {
        method: 'HHI = Σ s² over known entities (methods §5), shares renormalised without UNKNOWN',
        rows: [
          {
            hhi: c ? round(c.hhi10000, 4) : null,
            hhi_unit: c ? round(c.hhi) : null,
            hhi_normalised: c ? round(c.hhiNormalised) : null,
            cr1: c ? round(c.cr1) : null,
            cr3: c ? round(c.cr3) : null,
            leader,
            entities: c?.units ?? 0,
            unknown_share: c ? round(c.unknownShare) : null,
          },
        ],
      };
    },
  },
  {
    name: 'level',
    description: 'technology level (% of the leader), KISTEP band and, with a year column, gap years',
    columns: ['country', 'score'],
    optionalColumns: ['year'],
    params: { method: 'gap method: linear (default) or loglinear', window: 'years of trend (default 5)' },
    run(rows, params) {
      const r = new RowReader('input');
      const withYear = rows.length > 0 && 'year' in rows[0]!;
      const points = rows.map((row, i) => ({
        country: r.text(row, i, 'country'),
        score: r.number(row, i, 'score', { min: 0 }),
        year: withYear ? r.number(row, i, 'year', { integer: true }) : 0,
      }));
      r.done();
      const latestYear = Math.max(...points.map((p) => p.year));
      const latest = points.filter((p) => p.year === latestYear);
      const best = Math.max(0, ...latest.map((p) => p.score));
      const method = (params.method ?? 'linear') as 'linear' | 'loglinear';
      if (method !== 'linear' && method !== 'loglinear')
        throw new CetmapError('CET_BAD_INPUT', '--method must be linear or loglinear');
      const window = numberParam(params, 'window', 5);
      return {
        method:
          `level = score ÷ best score${withYear ? ` in ${latestYear}` : ''} × 100; KISTEP bands (methods §6)` +
          (withYear
            ? `; gap = ${method} trend over the last ${window} years to the leader's ${latestYear} score`
            : ''),
        rows: latest
          .sort((a, b) => b.score - a.score)
          .map((p) => {
            const level = technologyLevel(p.score, best);
            const gap = withYear
              ? gapYears(
                  points.filter((q) => q.country === p.country),
                  best,
                  { method, window },
                ).gapYears
              : null;
            return {
              country: p.country,
              score: p.score,
              level: round(level),
              band: level === null ? null : kistepBand(level),
              gap_years: round(gap),
            };
          }),
      };
    },
  },
  {
    name: 'burst',
    description:
      'Kleinberg batched two-state bursts (exact Viterbi) of relevant items among all items per period',
    columns: ['period', 'relevant', 'total'],
    params: { s: 'burst rate multiplier (default 2)', gamma: 'transition cost weight (default 1)' },
    run(rows, params) {
      const series = readPeriods(rows, ['relevant', 'total']);
      const s = numberParam(params, 's', 2);
      const gamma = numberParam(params, 'gamma', 1);
      if (!(s > 1)) throw new CetmapError('CET_BAD_INPUT', '--s must be greater than 1');
      if (!(gamma >= 0)) throw new CetmapError('CET_BAD_INPUT', '--gamma must not be negative');
      const bad = series.findIndex((p) => p.values.relevant! > p.values.total!);
      if (bad >= 0)
        throw new CetmapError('CET_BAD_INPUT', `period ${series[bad]!.period}: relevant exceeds total`);
      const res = detectBursts(
        series.map((p) => p.values.relevant!),
        series.map((p) => p.values.total!),
        { s, gamma },
      );
      return {
        method:
          `Kleinberg (2003) batched two-state model, exact Viterbi (methods §8); s = ${s}, γ = ${gamma}; ` +
          `p0 = ${round(res.p0)}, p1 = ${round(res.p1)}, τ = γ·ln n = ${round(res.tauUp)}, ` +
          `minimum cost ${round(res.minTotalCost)}; ${res.bursts.length} burst(s) over ${series.length} periods`,
        rows: res.bursts.map((b) => ({
          start: series[b.start]!.period,
          end: series[b.end]!.period,
          periods: b.end - b.start + 1,
          weight: round(b.weight),
        })),
      };
    },
  },
  {
    name: 'holt',
    description:
      "Holt's linear trend: fitted (or given) α, β*, point forecasts with 80/95 % intervals and a rolling-origin backtest",
    columns: ['period', 'value'],
    params: {
      h: 'horizon in periods (default 5)',
      alpha: 'fixed α (with --beta; default: fitted)',
      beta: 'fixed β* (with --alpha)',
    },
    run(rows, params) {
      const series = readPeriods(rows, ['value'], false);
      const h = numberParam(params, 'h', 5);
      if (!(Number.isInteger(h) && h >= 1 && h <= 50))
        throw new CetmapError('CET_BAD_INPUT', '--h must be a whole number from 1 to 50');
      if ((params.alpha === undefined) !== (params.beta === undefined))
        throw new CetmapError('CET_BAD_INPUT', '--alpha and --beta go together (or neither, to fit both)');
      let fixed: HoltParams | undefined;
      if (params.alpha !== undefined) {
        fixed = { alpha: numberParam(params, 'alpha'), betaStar: numberParam(params, 'beta') };
        if (![fixed.alpha, fixed.betaStar].every((x) => x >= 0 && x <= 1))
          throw new CetmapError('CET_BAD_INPUT', '--alpha and --beta must be in [0, 1]');
      }
      if (series.length < 5)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `Holt with prediction intervals needs at least 5 periods; the input has ${series.length}`,
        );
      const y = series.map((p) => p.values.value!);
      const res = holt(y, h, fixed);
      const bt = backtestHolt(y, { h: 1, ...(fixed ? { params: fixed } : {}) });
      const last = series.at(-1)!.period;
      return {
        method:
          `Holt's linear trend (methods §9), ℓ0 = y1, b0 = y2 − y1; α = ${round(res.alpha)}, β* = ${round(res.betaStar)} ` +
          `(${res.fitted ? 'fitted: minimum SSE' : 'fixed'}); SSE = ${round(res.sse)}, σ̂² = SSE/(n − 4) = ${round(res.sigma2)}; ` +
          `intervals ŷ ± z·σ_h (z 1.281552 / 1.959964). Backtest (rolling origin, h = 1, origins ${bt.rows.map((r) => r.trainN).join(', ') || 'none'}): ` +
          `MAPE ${round(bt.mapePercent, 2) ?? '–'} %, MASE ${round(bt.mase, 3) ?? '–'}; naive: MAPE ${round(bt.naiveMapePercent, 2) ?? '–'} %, MASE ${round(bt.naiveMase, 3) ?? '–'}`,
        rows: res.forecasts.map((f) => ({
          h: f.h,
          period: last + f.h,
          forecast: round(f.forecast),
          lo80: round(f.lo80),
          hi80: round(f.hi80),
          lo95: round(f.lo95),
          hi95: round(f.hi95),
        })),
      };
    },
  },
  {
    name: 'emergence',
    description:
      'Porter/Carley emergence score over 3 base + 7 active periods (the last 10; or 7 active only) and extreme growth',
    columns: ['period', 'term', 'total'],
    params: { authors: 'distinct author sets among the term records (community criterion; optional)' },
    run(rows, params) {
      const series = readPeriods(rows, ['term', 'total']);
      if (series.length < 7)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `the emergence score needs at least 7 periods; got ${series.length}`,
        );
      const last = series.slice(-10);
      const withBase = last.length === 10;
      const active = last.slice(withBase ? 3 : 0);
      const base = withBase ? last.slice(0, 3) : [];
      const authors = params.authors === undefined ? undefined : numberParam(params, 'authors');
      const res = emergenceScore({
        ...(withBase
          ? { termBase: base.map((p) => p.values.term!), totalBase: base.map((p) => p.values.total!) }
          : {}),
        termActive: active.map((p) => p.values.term!),
        totalActive: active.map((p) => p.values.total!),
        ...(authors !== undefined ? { authorSets: authors } : {}),
      });
      const g = extremeGrowth(active[3]!.values.term!, active[6]!.values.term!);
      return {
        method:
          `EScore = 2·ActiveTrend + RecentTrend + Slope (Carley et al. 2018; methods §8) over active periods ` +
          `${active[0]!.period}–${active.at(-1)!.period}` +
          (withBase
            ? `, base ${base[0]!.period}–${base.at(-1)!.period}`
            : ', no base periods (no candidate test)') +
          `; candidate thresholds: base share < 0.15, ≥ 7 records in ≥ 3 periods, ≥ 2 author sets, active/base > 2; ` +
          `extreme growth: ≥ 8 %/yr over the last 3 periods (CSET)`,
        rows: [
          {
            candidate:
              res.candidate === null ? null : res.candidate ? 'yes' : `no (${res.failed.join(', ')})`,
            base_share: round(res.baseShare),
            active_to_base: round(res.activeToBaseRatio),
            records: res.totalTermRecords,
            active_trend: round(res.activeTrend),
            recent_trend: round(res.recentTrend),
            slope: round(res.slope),
            escore: round(res.escore),
            growth_3y: round(g.annualGrowth),
            extreme_growth: g.extreme ? 'yes' : 'no',
          },
        ],
      };
    },
  },
  associationMethod,
];

export const findCalcMethod = (name: string): CalcMethod | undefined =>
  CALC_METHODS.find((m) => m.name === name);
