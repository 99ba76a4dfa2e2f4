/** Performance-management data for the web app, from /api/v1/portfolio. */
import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { getJson } from '../../api-client';

export type Status = 'on_track' | 'at_risk' | 'off_track' | 'no_data';
export const REVIEW_AREAS = ['technology', 'projects', 'talent', 'international', 'institutional'] as const;
export type ReviewArea = (typeof REVIEW_AREAS)[number];

export interface RollupCell {
  cet: string;
  ministry: string;
  year: number;
  krw: number;
  smeKrw: number;
}
export interface BudgetLine {
  cet: string;
  year: number;
  plannedKrw: number | null;
  allocatedKrw: number | null;
  executedKrw: number | null;
  recommendedChangeKrw: number;
  recommendations: Array<{
    reviewId: number;
    reviewer: string;
    reviewYear: number;
    changeKrw: number;
    programmeId: string | null;
    rationale: string | null;
  }>;
}
export interface Slippage {
  state: 'done' | 'done_late' | 'on_schedule' | 'slipping' | 'overdue';
  daysLate: number;
  measuredTo: string;
}
export interface Board {
  cet: { id: string; nameKo: string | null; nameEn: string | null };
  year: number;
  today: string;
  synthetic: boolean;
  missions: Array<{
    id: string;
    nameKo: string | null;
    nameEn: string | null;
    ministry: string;
    startYear: number;
    endYear: number;
    source: string | null;
    milestones: Array<{
      id: string;
      nameKo: string | null;
      nameEn: string | null;
      plannedDate: string;
      forecastDate: string | null;
      actualDate: string | null;
      slippage: Slippage;
    }>;
  }>;
  kpis: Array<{
    id: string;
    nameKo: string | null;
    nameEn: string | null;
    unit: string;
    baseline: number | null;
    baselineYear: number;
    ownerMinistry: string;
    year: number;
    target: number | null;
    actual: number | null;
    status: Status;
    progress: number | null;
    values: Array<{ year: number; target: number | null; actual: number | null }>;
  }>;
  summary: { milestones: number; late: number; maxDaysLate: number; kpiStatus: Record<Status, number> };
  rules: { slippage: string; kpiStatus: string };
}
export interface Review {
  id: number;
  cetId: string;
  year: number;
  reviewer: string;
  scores: Record<string, number>;
  meanScore: number;
  comments: Record<string, string>;
  summary: string | null;
  recommendedChangeKrw: number;
  recommendedYear: number;
  programmeId: string | null;
  rationale: string | null;
  updatedAt: string;
}
export interface ProgrammeDto {
  id: string;
  name_ko: string | null;
  name_en: string | null;
  ministry: string;
  technologies: Array<{ tech_id: string; share: number }>;
}

export const useRollup = (basis: string) =>
  useQuery({
    queryKey: ['portfolio', 'budgets', basis],
    queryFn: () =>
      getJson<{ basis: string; unit: 'KRW'; cells: RollupCell[] }>(
        `/api/v1/portfolio/budgets?basis=${basis}`,
      ),
  });

export const useBudgetLines = (cet: string | undefined, enabled = true) =>
  useQuery({
    queryKey: ['portfolio', 'budget-lines', cet ?? 'all'],
    queryFn: () =>
      getJson<{ unit: 'KRW'; lines: BudgetLine[] }>(
        `/api/v1/portfolio/budget-lines${cet ? `?cet=${encodeURIComponent(cet)}` : ''}`,
      ),
    enabled,
  });

export const useBoard = (cet: string, year: number) =>
  useQuery({
    queryKey: ['portfolio', 'board', cet, year],
    queryFn: () => getJson<Board>(`/api/v1/portfolio/cets/${encodeURIComponent(cet)}/board?year=${year}`),
  });

export const useReviews = (cet: string) =>
  useQuery({
    queryKey: ['portfolio', 'reviews', cet],
    queryFn: () => getJson<{ reviews: Review[] }>(`/api/v1/portfolio/reviews?cet=${encodeURIComponent(cet)}`),
  });

export const useProgrammes = () =>
  useQuery({
    queryKey: ['portfolio', 'programmes'],
    queryFn: () => getJson<{ programmes: ProgrammeDto[] }>('/api/v1/portfolio/programmes'),
  });

export interface Change {
  id: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const useHistory = (cet: string) =>
  useQuery({
    queryKey: ['portfolio', 'history', cet],
    queryFn: () =>
      getJson<{ changes: Change[] }>(`/api/v1/portfolio/history?cet=${encodeURIComponent(cet)}&limit=30`),
  });

/** The fields a change touched, each with its value before and after. */
export function changedFields(c: Change): Array<{ field: string; before: string; after: string }> {
  const show = (v: unknown) =>
    v === undefined || v === null ? '–' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const keys = [...new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})])];
  return keys
    .filter((k) => JSON.stringify(c.before?.[k] ?? null) !== JSON.stringify(c.after?.[k] ?? null))
    .map((k) => ({ field: k, before: show(c.before?.[k]), after: show(c.after?.[k]) }));
}

/** Money with its unit: billions of won in English, 억원 (10⁸ won) in Korean. */
export function useMoney() {
  const { t, i18n } = useTranslation();
  const ko = i18n.language === 'ko';
  return useCallback(
    (krw: number | null, signed = false): string => {
      if (krw === null) return '–';
      const value = new Intl.NumberFormat(ko ? 'ko-KR' : 'en-GB', {
        maximumFractionDigits: ko ? 0 : 1,
        signDisplay: signed ? 'exceptZero' : 'auto',
      }).format(ko ? krw / 1e8 : krw / 1e9);
      return t('portfolio.money', { value });
    },
    [ko, t],
  );
}

export const YEAR_NOW = new Date().getUTCFullYear();
