/**
 * Kleinberg's batched two-state burst detection (methods §8): exact Viterbi over the states "normal" (rate p0)
 * and "burst" (rate p1 = s·p0), with fit cost −ln Binomial(r_t; d_t, p_j) and a cost γ·ln n for entering the
 * burst state. Pure; periods are indices 0..n−1 (callers map them to years).
 */

export interface BurstParams {
  /** Rate multiplier of the burst state (default 2). */
  s: number;
  /** Weight of the transition cost (default 1). */
  gamma: number;
}

export const DEFAULT_BURST_PARAMS: BurstParams = { s: 2, gamma: 1 };

export interface Burst {
  /** First and last period index of the burst (both inclusive). */
  start: number;
  end: number;
  /** Σ over the burst of σ(0,t) − σ(1,t): how much better the burst state explains the counts. */
  weight: number;
}

export interface BurstResult {
  p0: number;
  p1: number;
  /** Cost of entering the burst state: γ · ln n. */
  tauUp: number;
  /** Optimal state per period (0 normal, 1 burst). */
  q: number[];
  bursts: Burst[];
  minTotalCost: number;
  costs: Array<{ sigma0: number; sigma1: number }>;
  params: BurstParams;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error below 1e-13). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const lnChoose = (n: number, k: number): number => lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);

/** Kleinberg batched bursts for relevant counts r out of totals d (same length, r_t ≤ d_t). */
export function detectBursts(
  r: readonly number[],
  d: readonly number[],
  params: Partial<BurstParams> = {},
): BurstResult {
  const p: BurstParams = { ...DEFAULT_BURST_PARAMS, ...params };
  if (r.length !== d.length) throw new RangeError('relevant and total counts differ in length');
  if (!(p.s > 1)) throw new RangeError('s must be greater than 1');
  if (!(p.gamma >= 0)) throw new RangeError('gamma must not be negative');
  r.forEach((x, t) => {
    if (!(x >= 0) || !(d[t]! >= x)) throw new RangeError(`period ${t}: need 0 ≤ relevant ≤ total`);
  });
  const n = r.length;
  const R = r.reduce((a, b) => a + b, 0);
  const D = d.reduce((a, b) => a + b, 0);
  const tauUp = n > 0 ? p.gamma * Math.log(n) : 0;
  if (n === 0 || R === 0 || D === 0) {
    return {
      p0: 0,
      p1: 0,
      tauUp,
      q: new Array<number>(n).fill(0),
      bursts: [],
      minTotalCost: 0,
      costs: r.map(() => ({ sigma0: 0, sigma1: 0 })),
      params: p,
    };
  }
  const p0 = R / D;
  const p1 = Math.min(p.s * p0, 0.99999);
  const sigma = (pj: number, t: number): number => {
    const dt = d[t]!;
    const rt = r[t]!;
    if (dt === 0) return 0;
    const logLik =
      lnChoose(dt, rt) + (rt > 0 ? rt * Math.log(pj) : 0) + (dt - rt > 0 ? (dt - rt) * Math.log(1 - pj) : 0);
    return -logLik;
  };
  const costs = r.map((_, t) => ({ sigma0: sigma(p0, t), sigma1: sigma(p1, t) }));
  // Viterbi with back-pointers; q_{-1} = 0; ties prefer state 0.
  let cost0 = costs[0]!.sigma0;
  let cost1 = tauUp + costs[0]!.sigma1;
  const back: Array<[number, number]> = [[0, 0]];
  for (let t = 1; t < n; t++) {
    const to0From0 = cost0;
    const to0From1 = cost1; // going down is free
    const to1From0 = cost0 + tauUp;
    const to1From1 = cost1;
    const b0 = to0From1 < to0From0 ? 1 : 0;
    const b1 = to1From1 < to1From0 ? 1 : 0;
    const next0 = Math.min(to0From0, to0From1) + costs[t]!.sigma0;
    const next1 = Math.min(to1From0, to1From1) + costs[t]!.sigma1;
    back.push([b0, b1]);
    cost0 = next0;
    cost1 = next1;
  }
  const q = new Array<number>(n).fill(0);
  let state = cost1 < cost0 ? 1 : 0;
  const minTotalCost = Math.min(cost0, cost1);
  for (let t = n - 1; t >= 0; t--) {
    q[t] = state;
    state = back[t]![state as 0 | 1];
  }
  const bursts: Burst[] = [];
  for (let t = 0; t < n; t++) {
    if (q[t] !== 1) continue;
    let end = t;
    while (end + 1 < n && q[end + 1] === 1) end++;
    let weight = 0;
    for (let k = t; k <= end; k++) weight += costs[k]!.sigma0 - costs[k]!.sigma1;
    bursts.push({ start: t, end, weight });
    t = end;
  }
  return { p0, p1, tauUp, q, bursts, minTotalCost, costs, params: p };
}
