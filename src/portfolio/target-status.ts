/**
 * Status of a plan target against the straight path from its baseline to its target value (documented rule):
 * expected(t) = baseline + (target − baseline) × (t − baseline date) ÷ (target date − baseline date).
 * progress = (actual − baseline) ÷ (expected − baseline), in the target's direction.
 *   on track  progress ≥ 0.95 (or the target is already met)
 *   at risk   0.75 ≤ progress < 0.95
 *   off track progress < 0.75
 * Before any progress is due (t at or before the baseline date) a target is on track if not worse than baseline.
 * Without a baseline there is no path: a target is on track once met, at risk before its date, off track after.
 */
export type TargetStatus = 'on_track' | 'at_risk' | 'off_track' | 'no_data';

export const STATUS_THRESHOLDS = { onTrack: 0.95, atRisk: 0.75 } as const;

export interface TargetPath {
  baseline: number | null;
  baselineYear: number;
  target: number;
  targetYear: number;
  /** increase: higher is better (budgets, counts); decrease: lower is better (ranks). */
  direction: 'increase' | 'decrease';
}

export interface StatusResult {
  status: TargetStatus;
  expected: number | null;
  progress: number | null;
  met: boolean;
}

export function targetStatus(path: TargetPath, actual: number | null, year: number): StatusResult {
  if (actual === null || !Number.isFinite(actual))
    return { status: 'no_data', expected: null, progress: null, met: false };
  const sign = path.direction === 'increase' ? 1 : -1;
  const met = sign * (actual - path.target) >= 0;
  if (path.baseline === null) {
    return {
      status: met ? 'on_track' : year < path.targetYear ? 'at_risk' : 'off_track',
      expected: null,
      progress: null,
      met,
    };
  }
  const baseline = path.baseline;
  const span = path.targetYear - path.baselineYear;
  const fraction = span > 0 ? Math.min(1, Math.max(0, (year - path.baselineYear) / span)) : 1;
  const expected = baseline + (path.target - baseline) * fraction;
  if (met) return { status: 'on_track', expected, progress: 1, met };
  const due = sign * (expected - baseline);
  if (due <= 0) {
    return {
      status: sign * (actual - baseline) >= 0 ? 'on_track' : 'at_risk',
      expected,
      progress: null,
      met,
    };
  }
  const progress = (sign * (actual - baseline)) / due;
  const status =
    progress >= STATUS_THRESHOLDS.onTrack
      ? 'on_track'
      : progress >= STATUS_THRESHOLDS.atRisk
        ? 'at_risk'
        : 'off_track';
  return { status, expected, progress, met };
}
