import { describe, expect, it } from 'vitest';
import { expectClose, workedExamples } from '../../test/helpers/worked-examples.js';
import { detectBursts } from './bursts.js';
import { emergenceScore, extremeGrowth } from './emergence.js';
import { backtestHolt, fitHolt, holt, holtStates } from './holt.js';

type Nums = number[];

describe('Kleinberg bursts against the worked examples', () => {
  for (const ex of workedExamples('emergence.kleinberg_batched')) {
    it(ex.id, () => {
      const i = ex.inputs as { r: Nums; d: Nums; s: number; gamma: number };
      const res = detectBursts(i.r, i.d, { s: i.s, gamma: i.gamma });
      const e = ex.expected as Record<string, unknown>;
      const tol = ex.tolerance.abs;
      if ('p0' in e) expectClose(res.p0, e.p0, tol, 'p0');
      if ('p1' in e) expectClose(res.p1, e.p1, tol, 'p1');
      if ('tau_up' in e) expectClose(res.tauUp, e.tau_up, tol, 'tau_up');
      expect(res.q).toEqual(e.q);
      expectClose(res.bursts, e.bursts, tol, 'bursts');
      if ('min_total_cost' in e) expectClose(res.minTotalCost, e.min_total_cost, tol, 'cost');
      if ('per_period_costs' in e) {
        // The reference table was computed with another lgamma; agree to 2e-5.
        const costs = e.per_period_costs as Array<{ t: number; sigma0: number; sigma1: number }>;
        for (const c of costs) {
          expectClose(res.costs[c.t]!.sigma0, c.sigma0, 2e-5, `sigma0[${c.t}]`);
          expectClose(res.costs[c.t]!.sigma1, c.sigma1, 2e-5, `sigma1[${c.t}]`);
        }
      }
    });
  }

  it('has no bursts without relevant items and handles empty periods', () => {
    expect(detectBursts([0, 0, 0], [5, 5, 5]).bursts).toEqual([]);
    const r = detectBursts([1, 0, 9, 9], [10, 0, 10, 10]);
    expect(r.costs[1]).toEqual({ sigma0: 0, sigma1: 0 });
    expect(() => detectBursts([3], [2])).toThrow();
  });
});

describe('emergence score and extreme growth against the worked examples', () => {
  for (const ex of workedExamples('emergence.escore')) {
    it(ex.id, () => {
      const i = ex.inputs as Record<string, Nums | number | undefined>;
      const res = emergenceScore({
        ...(i.term_counts_base
          ? { termBase: i.term_counts_base as Nums, totalBase: i.total_counts_base as Nums }
          : {}),
        termActive: i.term_counts_active as Nums,
        totalActive: i.total_counts_active as Nums,
        ...(i.distinct_author_sets !== undefined ? { authorSets: i.distinct_author_sets as number } : {}),
      });
      const e = ex.expected;
      const tol = ex.tolerance.abs;
      expectClose(res.escore, e.escore, tol, 'escore');
      if ('candidate' in e) expect(res.candidate).toBe(e.candidate);
      if ('base_share' in e) expectClose(res.baseShare, e.base_share, tol, 'base_share');
      if ('active_to_base_ratio' in e) expectClose(res.activeToBaseRatio, e.active_to_base_ratio, tol);
      if ('total_term_records' in e) expect(res.totalTermRecords).toBe(e.total_term_records);
      if ('active_trend' in e) expectClose(res.activeTrend, e.active_trend, tol, 'active_trend');
      if ('recent_trend' in e) expectClose(res.recentTrend, e.recent_trend, tol, 'recent_trend');
      if ('mid_to_last_slope' in e) expectClose(res.slope, e.mid_to_last_slope, tol, 'slope');
    });
  }

  for (const ex of workedExamples('emergence.extreme_growth')) {
    it(ex.id, () => {
      const i = ex.inputs as {
        cases: Array<{ count_t0: number; count_t3: number }>;
        threshold_annual: number;
        years: number;
      };
      const res = i.cases.map((c) =>
        extremeGrowth(c.count_t0, c.count_t3, { years: i.years, threshold: i.threshold_annual }),
      );
      expectClose(
        res.map((r) => r.annualGrowth),
        ex.expected.annual_growth,
        ex.tolerance.abs,
      );
      expect(res.map((r) => r.extreme)).toEqual(ex.expected.extreme);
    });
  }
});

describe('Holt and the rolling-origin backtest against the worked examples', () => {
  for (const ex of workedExamples('forecast.holt')) {
    it(ex.id, () => {
      const i = ex.inputs as { y: Nums; alpha: number; beta_star: number; h: Nums };
      const e = ex.expected as Record<string, unknown>;
      const tol = ex.tolerance.abs;
      const res = holt(i.y, i.h.length, { alpha: i.alpha, betaStar: i.beta_star });
      expectClose(res.level, e.level, tol, 'level');
      expectClose(res.trend, e.trend, tol, 'trend');
      expectClose(res.oneStepFitted, e.one_step_fitted, tol, 'fitted');
      expectClose(res.sse, e.SSE, tol, 'SSE');
      expectClose(res.sigma2, e.sigma2, tol, 'sigma2');
      expectClose(
        res.forecasts.map((f) => ({
          h: f.h,
          forecast: f.forecast,
          var: f.variance,
          sd: f.sd,
          lo80: f.lo80,
          hi80: f.hi80,
          lo95: f.lo95,
          hi95: f.hi95,
        })),
        e.forecasts,
        tol,
        'forecasts',
      );
    });
  }

  for (const ex of workedExamples('forecast.holt_fit')) {
    it(ex.id, () => {
      const i = ex.inputs as { y: Nums; h: Nums };
      const e = ex.expected as {
        alpha: number;
        beta_star: number;
        SSE: number;
        sigma2: number;
        forecasts: Array<Record<string, number>>;
      };
      const t = ex.tolerance;
      const fit = fitHolt(i.y);
      expect(fit.sse).toBeLessThanOrEqual(e.SSE + 1e-6 + t.SSE_abs!);
      expect(Math.abs(fit.alpha - e.alpha)).toBeLessThanOrEqual(t.alpha_abs!);
      expect(Math.abs(fit.betaStar - e.beta_star)).toBeLessThanOrEqual(t.beta_star_abs!);
      expect(holtStates(i.y, fit).sse).toBeCloseTo(fit.sse, 10);
      const res = holt(i.y, i.h.length);
      expect(res.fitted).toBe(true);
      e.forecasts.forEach((f, k) => {
        const r = res.forecasts[k]!;
        expect(Math.abs(r.forecast - f.forecast!)).toBeLessThanOrEqual(t.forecast_abs!);
        for (const key of ['lo80', 'hi80', 'lo95', 'hi95'] as const)
          expect(Math.abs(r[key]! - f[key]!)).toBeLessThanOrEqual(t.interval_abs!);
      });
    });
  }

  for (const ex of workedExamples('forecast.backtest')) {
    it(ex.id, () => {
      const i = ex.inputs as { y: Nums; origins: Nums; h: number };
      const e = ex.expected as { rows: Array<Record<string, number>>; MAPE_percent: number; MASE: number };
      const tol = ex.tolerance.abs;
      const res = backtestHolt(i.y, { h: i.h, origins: i.origins, params: { alpha: 0.5, betaStar: 0.3 } });
      expectClose(
        res.rows.map((r) => ({
          train_n: r.trainN,
          forecast: r.forecast,
          actual: r.actual,
          ape: r.ape,
          mase_scale: r.maseScale,
          scaled_abs_error: r.scaledAbsError,
        })),
        e.rows,
        tol,
        'rows',
      );
      expectClose(res.mapePercent, e.MAPE_percent, tol, 'MAPE');
      expectClose(res.mase, e.MASE, tol, 'MASE');
      expect(res.naiveMase).not.toBeNull();
    });
  }

  it('gives no intervals with fewer than 5 observations and MASE null on a flat window', () => {
    expect(holt([1, 2, 3, 4], 2, { alpha: 0.5, betaStar: 0.3 }).forecasts[0]!.lo95).toBeNull();
    const flat = backtestHolt([5, 5, 5, 5, 5, 5, 6], { h: 1, params: { alpha: 0.5, betaStar: 0.3 } });
    expect(flat.mase).toBeNull();
  });
});
