/**
 * Emergence indicators (methods §8): the Porter/Carley emergence score (candidate criteria and EScore, as in
 * the pyGrams implementation's defaults) and CSET's "extreme growth" label (≥ 8 %/yr over 3 years). Pure.
 */

export interface EmergenceThresholds {
  /** Novelty: term share of base-period records must be below this (default 0.15). */
  maxBaseShare: number;
  /** Persistence: at least this many term records in all periods (default 7). */
  minRecords: number;
  /** Persistence (proposed): present in at least this many periods (default 3). */
  minPeriods: number;
  /** Community: at least this many distinct author sets (default 2). */
  minAuthorSets: number;
  /** Growth: active records / base records must exceed this (default 2). */
  minActiveToBase: number;
}

export const DEFAULT_EMERGENCE_THRESHOLDS: EmergenceThresholds = {
  maxBaseShare: 0.15,
  minRecords: 7,
  minPeriods: 3,
  minAuthorSets: 2,
  minActiveToBase: 2,
};

export interface EmergenceInput {
  /** Term records and all records in the 3 base periods (may be omitted: then no candidate test). */
  termBase?: readonly number[];
  totalBase?: readonly number[];
  /** Term records and all records in the 7 active periods. */
  termActive: readonly number[];
  totalActive: readonly number[];
  /** Distinct author sets (teams) among the term records, when known. */
  authorSets?: number;
}

export interface EmergenceResult {
  /** null when the base periods were not given. */
  candidate: boolean | null;
  /** Which candidate criteria failed (empty for a candidate). */
  failed: string[];
  baseShare: number | null;
  activeToBaseRatio: number | null;
  totalTermRecords: number;
  activeTrend: number;
  recentTrend: number;
  slope: number;
  escore: number;
}

const ratio = (a: readonly number[], t: readonly number[], idx: readonly number[]): number => {
  const num = idx.reduce((s, i) => s + a[i]!, 0);
  const den = idx.reduce((s, i) => s + Math.sqrt(t[i]!), 0);
  return den > 0 ? num / den : 0;
};

export function emergenceScore(
  input: EmergenceInput,
  thresholds: EmergenceThresholds = DEFAULT_EMERGENCE_THRESHOLDS,
): EmergenceResult {
  const a = input.termActive;
  const T = input.totalActive;
  if (a.length !== 7 || T.length !== 7) throw new RangeError('the emergence score needs 7 active periods');
  const activeTrend = ratio(a, T, [4, 5, 6]) - ratio(a, T, [0, 1, 2]);
  const recentTrend = 10 * (ratio(a, T, [5, 6]) - ratio(a, T, [3, 4]));
  const per = (i: number) => (T[i]! > 0 ? a[i]! / Math.sqrt(T[i]!) : 0);
  const slope = (10 * (per(6) - per(3))) / 3;
  const escore = 2 * activeTrend + recentTrend + slope;
  const activeRecords = a.reduce((s, x) => s + x, 0);
  let candidate: boolean | null = null;
  let baseShare: number | null = null;
  let activeToBaseRatio: number | null = null;
  const failed: string[] = [];
  let totalTermRecords = activeRecords;
  if (input.termBase && input.totalBase) {
    if (input.termBase.length !== 3 || input.totalBase.length !== 3)
      throw new RangeError('the emergence score needs 3 base periods');
    const baseRecords = input.termBase.reduce((s, x) => s + x, 0);
    const baseTotal = input.totalBase.reduce((s, x) => s + x, 0);
    totalTermRecords += baseRecords;
    baseShare = baseTotal > 0 ? baseRecords / baseTotal : null;
    activeToBaseRatio = baseRecords > 0 ? activeRecords / baseRecords : null;
    const periodsPresent = [...input.termBase, ...a].filter((x) => x > 0).length;
    if (!(baseShare !== null && baseShare < thresholds.maxBaseShare)) failed.push('novelty');
    if (totalTermRecords < thresholds.minRecords || periodsPresent < thresholds.minPeriods)
      failed.push('persistence');
    if (input.authorSets !== undefined && input.authorSets < thresholds.minAuthorSets)
      failed.push('community');
    if (!(activeToBaseRatio !== null && activeToBaseRatio > thresholds.minActiveToBase))
      failed.push('growth');
    candidate = failed.length === 0;
  }
  return {
    candidate,
    failed,
    baseShare,
    activeToBaseRatio,
    totalTermRecords,
    activeTrend,
    recentTrend,
    slope,
    escore,
  };
}

/** CSET's extreme growth: (C_{t+years}/C_t)^{1/years} − 1 ≥ threshold (defaults 3 years, 8 %/yr). */
export function extremeGrowth(
  countStart: number,
  countEnd: number,
  options: { years?: number; threshold?: number } = {},
): { annualGrowth: number | null; extreme: boolean } {
  const years = options.years ?? 3;
  const threshold = options.threshold ?? 0.08;
  if (!(countStart > 0) || countEnd < 0) return { annualGrowth: null, extreme: false };
  const annualGrowth = Math.pow(countEnd / countStart, 1 / years) - 1;
  return { annualGrowth, extreme: annualGrowth >= threshold - 1e-12 };
}
