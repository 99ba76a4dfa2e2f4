/**
 * Growth and share of world output (methods §4). CAGR over yearly intervals; null where it is undefined
 * (non-positive start, negative values, no interval), −1 when output stops.
 */
export function cagr(start: number, end: number, years: number): number | null {
  if (!(years > 0) || start <= 0 || end < 0 || !Number.isFinite(start) || !Number.isFinite(end)) return null;
  return end === 0 ? -1 : Math.pow(end / start, 1 / years) - 1;
}

/** A country's share of world output; null when the world total is not positive. */
export function worldShare(countryValue: number, worldValue: number): number | null {
  return worldValue > 0 ? countryValue / worldValue : null;
}

/** Ordinary least squares fit y = a + b·x. Returns null with fewer than two distinct x. */
export function olsFit(
  xs: readonly number[],
  ys: readonly number[],
): { intercept: number; slope: number } | null {
  const n = Math.min(xs.length, ys.length);
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2;
    sxy += (xs[i]! - mx) * (ys[i]! - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

/** Log-linear annual growth exp(b) − 1 from OLS of ln(value) on year; null unless every value is positive. */
export function logLinearGrowth(years: readonly number[], values: readonly number[]): number | null {
  if (values.some((v) => !(v > 0))) return null;
  const fit = olsFit(
    years,
    values.map((v) => Math.log(v)),
  );
  return fit ? Math.exp(fit.slope) - 1 : null;
}
