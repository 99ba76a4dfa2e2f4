/**
 * Technology level relative to the leader, KISTEP bands, gap years by trend extrapolation, and the master plan's
 * standing classes (methods §6). Level and gap are bibliometric proxies for KISTEP's expert-judged figures.
 */
import { logLinearGrowth, olsFit } from './growth.js';

/** score / best score × 100; null when no country has a positive score. */
export function technologyLevel(score: number, leaderScore: number): number | null {
  return leaderScore > 0 ? (score / leaderScore) * 100 : null;
}

export type KistepBand = '최고' | '선도' | '추격' | '후발' | '낙후';

export const KISTEP_BAND_EN: Record<KistepBand, string> = {
  최고: 'top',
  선도: 'leading',
  추격: 'catch-up',
  후발: 'follower',
  낙후: 'lagging',
};

/** KISTEP bands: 최고 100, 선도 (80,100), 추격 (60,80], 후발 (40,60], 낙후 ≤ 40 (levels in % of the leader). */
export function kistepBand(level: number): KistepBand {
  if (level >= 100 - 1e-9) return '최고';
  if (level > 80) return '선도';
  if (level > 60) return '추격';
  if (level > 40) return '후발';
  return '낙후';
}

export type GapMethod = 'linear' | 'loglinear';

export interface GapYears {
  /** Years to reach the leader's current score at the country's own recent trend; 0 for the leader; null if not converging. */
  gapYears: number | null;
  method: GapMethod;
  /** Linear: OLS slope per year; log-linear: annual growth rate. */
  trend: number | null;
  yearsUsed: number[];
}

/**
 * Gap in years: how long the country needs, at its own trend over the last `window` years, to reach the
 * leader's score in the last year. Linear (default) or log-linear.
 */
export function gapYears(
  series: ReadonlyArray<{ year: number; score: number }>,
  leaderScore: number,
  options: { method?: GapMethod; window?: number; current?: number } = {},
): GapYears {
  const method = options.method ?? 'linear';
  const window = options.window ?? 5;
  const recent = [...series].sort((a, b) => a.year - b.year).slice(-window);
  const yearsUsed = recent.map((p) => p.year);
  // Where the country stands now: its latest score, or a steadier figure the caller gives (a window average).
  const current = options.current ?? recent.at(-1)?.score;
  if (current === undefined || recent.length === 0) return { gapYears: null, method, trend: null, yearsUsed };
  if (current >= leaderScore) return { gapYears: 0, method, trend: null, yearsUsed };
  if (method === 'linear') {
    const fit = olsFit(
      yearsUsed,
      recent.map((p) => p.score),
    );
    const slope = fit?.slope ?? null;
    return {
      gapYears: slope !== null && slope > 0 ? (leaderScore - current) / slope : null,
      method,
      trend: slope,
      yearsUsed,
    };
  }
  const growth = logLinearGrowth(
    yearsUsed,
    recent.map((p) => p.score),
  );
  const gap =
    growth !== null && growth > 0 && current > 0
      ? Math.log(leaderScore / current) / Math.log(1 + growth)
      : null;
  return { gapYears: gap, method, trend: growth, yearsUsed };
}

export type StandingClass = 'leading' | 'catch_up_competitive' | 'future_challenge';

export const STANDING_CLASS_KO: Record<StandingClass, string> = {
  leading: '선도',
  catch_up_competitive: '추격·경쟁',
  future_challenge: '미래도전',
};

export interface StandingThresholds {
  leadingAbove: number;
  catchUpAbove: number;
  maxGapYears: number;
}

/** cetmap's proposal; the master plan names the groups but gives no thresholds. */
export const DEFAULT_STANDING_THRESHOLDS: StandingThresholds = {
  leadingAbove: 80,
  catchUpAbove: 40,
  maxGapYears: 10,
};

export function standingClass(
  level: number,
  gap: number | null,
  thresholds: StandingThresholds = DEFAULT_STANDING_THRESHOLDS,
): StandingClass {
  if (level > thresholds.leadingAbove) return 'leading';
  if (
    level > thresholds.catchUpAbove &&
    gap !== null &&
    Number.isFinite(gap) &&
    gap <= thresholds.maxGapYears
  ) {
    return 'catch_up_competitive';
  }
  return 'future_challenge';
}
