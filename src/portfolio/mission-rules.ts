/**
 * Rules for missions, KPIs and reviews (documented in docs/methods.md, "Performance management"). Pure.
 *
 * Milestone slippage, in days, against the planned date:
 *   reached (actual date known)      slip = actual − planned            state done (done_late when slip > 0)
 *   not reached, due date not passed slip = (forecast ?? planned) − planned   state on_schedule or slipping
 *   not reached, due date passed     slip = today − planned             state overdue
 *   (the due date is the forecast when one is given, else the planned date)
 *
 * KPI status in a year: the plan target status rule (target-status.ts) on the path from the KPI's baseline to
 * that year's target, evaluated in that year, so progress = (actual − baseline) ÷ (target − baseline).
 */
import { targetStatus, type StatusResult } from './target-status.js';

export type MilestoneState = 'done' | 'done_late' | 'on_schedule' | 'slipping' | 'overdue';

export interface Slippage {
  state: MilestoneState;
  /** Days behind the planned date (negative = ahead). */
  daysLate: number;
  /** The date the slip is measured to: actual, forecast, planned or today. */
  measuredTo: string;
}

const DAY_MS = 86_400_000;
const days = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export function milestoneSlippage(
  m: { planned: string; forecast: string | null; actual: string | null },
  today: string,
): Slippage {
  if (m.actual) {
    const d = days(m.planned, m.actual);
    return { state: d > 0 ? 'done_late' : 'done', daysLate: d, measuredTo: m.actual };
  }
  const due = m.forecast ?? m.planned;
  if (today > due) return { state: 'overdue', daysLate: days(m.planned, today), measuredTo: today };
  const d = days(m.planned, due);
  return { state: d > 0 ? 'slipping' : 'on_schedule', daysLate: d, measuredTo: due };
}

export interface KpiPath {
  baseline: number | null;
  baselineYear: number;
  direction: 'increase' | 'decrease';
}

/** Status of a KPI in `year` from that year's target and actual; no_data when either is missing. */
export function kpiStatus(
  kpi: KpiPath,
  year: number,
  target: number | null,
  actual: number | null,
): StatusResult {
  if (target === null) return { status: 'no_data', expected: null, progress: null, met: false };
  return targetStatus(
    {
      baseline: kpi.baseline,
      baselineYear: kpi.baselineYear,
      target,
      targetYear: Math.max(year, kpi.baselineYear),
      direction: kpi.direction,
    },
    actual,
    year,
  );
}

/** The five areas of the annual review of a CET, each scored 1–5. */
export const REVIEW_AREAS = ['technology', 'projects', 'talent', 'international', 'institutional'] as const;
export type ReviewArea = (typeof REVIEW_AREAS)[number];

export const REVIEW_AREA_LABELS: Record<ReviewArea, { en: string; ko: string }> = {
  technology: { en: 'Technology development', ko: '기술개발' },
  projects: { en: 'Key projects', ko: '핵심 사업' },
  talent: { en: 'Talent', ko: '인재' },
  international: { en: 'International collaboration', ko: '국제협력' },
  institutional: { en: 'Institutional improvements', ko: '제도개선' },
};
