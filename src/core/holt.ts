/**
 * Holt's linear trend (methods §9): additive level and trend, initial states ℓ0 = y1, b0 = y2 − y1, one-step
 * errors over all observations; fitted α, β* minimise the SSE (grid of starts, then Nelder–Mead with clipping
 * to [0, 1]); prediction intervals from the ETS(A,A,N) variance σ_h² = σ̂²[1 + (h−1){α² + αβh + β²h(2h−1)/6}],
 * β = αβ*, σ̂² = SSE/(n − 4); and a rolling-origin backtest with MAPE and MASE (Hyndman & Koehler 2006). Pure.
 */

export interface HoltParams {
  alpha: number;
  betaStar: number;
}

export interface HoltForecast {
  h: number;
  forecast: number;
  variance: number | null;
  sd: number | null;
  lo80: number | null;
  hi80: number | null;
  lo95: number | null;
  hi95: number | null;
}

export interface HoltResult extends HoltParams {
  fitted: boolean;
  n: number;
  level: number[];
  trend: number[];
  oneStepFitted: number[];
  sse: number;
  /** SSE/(n − 4); null with fewer than 5 observations (no intervals then). */
  sigma2: number | null;
  forecasts: HoltForecast[];
}

export const Z80 = 1.2815515655446004;
export const Z95 = 1.959963984540054;

/** Runs the recursion for given parameters; needs n ≥ 2 (the fit needs n ≥ 3). */
export function holtStates(
  y: readonly number[],
  p: HoltParams,
): { level: number[]; trend: number[]; oneStepFitted: number[]; sse: number } {
  if (y.length < 2) throw new RangeError('Holt needs at least 2 observations');
  let l = y[0]!;
  let b = y[1]! - y[0]!;
  const level: number[] = [];
  const trend: number[] = [];
  const oneStepFitted: number[] = [];
  let sse = 0;
  for (const yt of y) {
    const f = l + b;
    oneStepFitted.push(f);
    sse += (yt - f) ** 2;
    const lNew = p.alpha * yt + (1 - p.alpha) * (l + b);
    b = p.betaStar * (lNew - l) + (1 - p.betaStar) * b;
    l = lNew;
    level.push(l);
    trend.push(b);
  }
  return { level, trend, oneStepFitted, sse };
}

const clip = (x: number): number => Math.min(1, Math.max(0, x));

/** α, β* ∈ [0, 1] minimising the SSE: best of a 11 × 11 grid, refined by Nelder–Mead with clipping. */
export function fitHolt(y: readonly number[]): HoltParams & { sse: number } {
  if (y.length < 3) throw new RangeError('fitting Holt needs at least 3 observations');
  const f = (v: readonly [number, number]): number =>
    holtStates(y, { alpha: clip(v[0]), betaStar: clip(v[1]) }).sse;
  let best: [number, number] = [0.5, 0.5];
  let bestF = f(best);
  for (let i = 0; i <= 10; i++)
    for (let j = 0; j <= 10; j++) {
      const v: [number, number] = [i / 10, j / 10];
      const fv = f(v);
      if (fv < bestF) [best, bestF] = [v, fv];
    }
  // Nelder–Mead from the best grid point, twice (a restart shakes off a collapsed simplex).
  for (let round = 0; round < 2; round++) {
    const step = (x: number): number => (x + 0.05 <= 1 ? x + 0.05 : x - 0.05);
    let simplex: Array<{ v: [number, number]; f: number }> = [
      best,
      [step(best[0]), best[1]] as [number, number],
      [best[0], step(best[1])] as [number, number],
    ].map((v) => ({ v, f: f(v) }));
    for (let iter = 0; iter < 400; iter++) {
      simplex.sort((a, b) => a.f - b.f);
      const [lo, mid, hi] = simplex as [(typeof simplex)[0], (typeof simplex)[0], (typeof simplex)[0]];
      if (Math.abs(hi.f - lo.f) < 1e-12 && iter > 20) break;
      const c: [number, number] = [(lo.v[0] + mid.v[0]) / 2, (lo.v[1] + mid.v[1]) / 2];
      const at = (t: number): { v: [number, number]; f: number } => {
        const v: [number, number] = [clip(c[0] + t * (hi.v[0] - c[0])), clip(c[1] + t * (hi.v[1] - c[1]))];
        return { v, f: f(v) };
      };
      const r = at(-1);
      if (r.f < lo.f) {
        const e = at(-2);
        simplex = [lo, mid, e.f < r.f ? e : r];
      } else if (r.f < mid.f) {
        simplex = [lo, mid, r];
      } else {
        const k = at(r.f < hi.f ? -0.5 : 0.5);
        if (k.f < Math.min(r.f, hi.f)) simplex = [lo, mid, k];
        else {
          const shrink = (p: { v: [number, number] }) => {
            const v: [number, number] = [(p.v[0] + lo.v[0]) / 2, (p.v[1] + lo.v[1]) / 2];
            return { v, f: f(v) };
          };
          simplex = [lo, shrink(mid), shrink(hi)];
        }
      }
    }
    simplex.sort((a, b) => a.f - b.f);
    if (simplex[0]!.f <= bestF) [best, bestF] = [simplex[0]!.v, simplex[0]!.f];
  }
  return { alpha: clip(best[0]), betaStar: clip(best[1]), sse: bestF };
}

/** Holt forecasts for horizons 1..h with 80 % and 95 % intervals; fitted parameters unless given. */
export function holt(y: readonly number[], h: number, params?: HoltParams): HoltResult {
  if (y.length < 3) throw new RangeError('Holt needs at least 3 observations');
  if (!(Number.isInteger(h) && h >= 1)) throw new RangeError('the horizon must be a whole number ≥ 1');
  const p = params ?? fitHolt(y);
  const s = holtStates(y, p);
  const n = y.length;
  const sigma2 = n >= 5 ? s.sse / (n - 4) : null;
  const beta = p.alpha * p.betaStar;
  const l = s.level[n - 1]!;
  const b = s.trend[n - 1]!;
  const forecasts: HoltForecast[] = [];
  for (let k = 1; k <= h; k++) {
    const forecast = l + k * b;
    const variance =
      sigma2 === null
        ? null
        : sigma2 * (1 + (k - 1) * (p.alpha ** 2 + p.alpha * beta * k + (beta ** 2 * k * (2 * k - 1)) / 6));
    const sd = variance === null ? null : Math.sqrt(variance);
    forecasts.push({
      h: k,
      forecast,
      variance,
      sd,
      lo80: sd === null ? null : forecast - Z80 * sd,
      hi80: sd === null ? null : forecast + Z80 * sd,
      lo95: sd === null ? null : forecast - Z95 * sd,
      hi95: sd === null ? null : forecast + Z95 * sd,
    });
  }
  return {
    alpha: p.alpha,
    betaStar: p.betaStar,
    fitted: params === undefined,
    n,
    ...s,
    sigma2,
    forecasts,
  };
}

export interface BacktestRow {
  /** Training length k (observations y_1..y_k). */
  trainN: number;
  forecast: number;
  /** The naive forecast y_k, for comparison. */
  naive: number;
  actual: number;
  /** |y − ŷ| / |y|; null when y = 0. */
  ape: number | null;
  /** (1/(k−1)) Σ |y_t − y_{t−1}| over the training window; null when 0. */
  maseScale: number | null;
  scaledAbsError: number | null;
}

export interface BacktestResult {
  h: number;
  model: 'fixed' | 'fitted';
  params: HoltParams | null;
  rows: BacktestRow[];
  /** 100 · mean APE (rows with y = 0 skipped); null when no row counts. */
  mapePercent: number | null;
  /** Mean scaled absolute error (rows with a flat training window skipped); null when none. */
  mase: number | null;
  /** The same measures for the naive forecast (last value carried forward h periods). */
  naiveMapePercent: number | null;
  naiveMase: number | null;
}

/** Default origins: the last up to 5 training lengths k ≥ 5 that leave y_{k+h} to check. */
export function defaultOrigins(n: number, h: number): number[] {
  const last = n - h;
  const first = Math.max(5, last - 4);
  const origins: number[] = [];
  for (let k = first; k <= last; k++) origins.push(k);
  return origins;
}

const mean = (xs: readonly (number | null)[]): number | null => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length > 0 ? v.reduce((s, x) => s + x, 0) / v.length : null;
};

/** Rolling-origin backtest of Holt (states re-initialised per window; parameters refitted unless fixed). */
export function backtestHolt(
  y: readonly number[],
  options: { h: number; origins?: readonly number[]; params?: HoltParams },
): BacktestResult {
  const { h } = options;
  const origins = options.origins ?? defaultOrigins(y.length, h);
  const rows: BacktestRow[] = [];
  for (const k of origins) {
    if (k < 3 || k + h > y.length) continue;
    const train = y.slice(0, k);
    const res = holt(train, h, options.params);
    const forecast = res.forecasts[h - 1]!.forecast;
    const actual = y[k + h - 1]!;
    let diffs = 0;
    for (let t = 1; t < k; t++) diffs += Math.abs(train[t]! - train[t - 1]!);
    const scale = diffs / (k - 1);
    const maseScale = scale > 0 ? scale : null;
    rows.push({
      trainN: k,
      forecast,
      naive: train[k - 1]!,
      actual,
      ape: actual !== 0 ? Math.abs(actual - forecast) / Math.abs(actual) : null,
      maseScale,
      scaledAbsError: maseScale === null ? null : Math.abs(actual - forecast) / maseScale,
    });
  }
  const mape = mean(rows.map((r) => r.ape));
  const naiveMape = mean(
    rows.map((r) => (r.actual !== 0 ? Math.abs(r.actual - r.naive) / Math.abs(r.actual) : null)),
  );
  return {
    h,
    model: options.params ? 'fixed' : 'fitted',
    params: options.params ?? null,
    rows,
    mapePercent: mape === null ? null : 100 * mape,
    mase: mean(rows.map((r) => r.scaledAbsError)),
    naiveMapePercent: naiveMape === null ? null : 100 * naiveMape,
    naiveMase: mean(
      rows.map((r) => (r.maseScale === null ? null : Math.abs(r.actual - r.naive) / r.maseScale)),
    ),
  };
}
