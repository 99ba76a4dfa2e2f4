/** Strategy-map data for the web app, from /api/v1/strategy (types from src/shared). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  PartnerViewResponse,
  StrategyMatrixResponse,
  TechnologyStrategyResponse,
} from '../../src/shared/schemas/strategy';
import { getJson } from './api-client';

export type { PartnerViewResponse, StrategyMatrixResponse, TechnologyStrategyResponse };
export type PartnerRow = TechnologyStrategyResponse['partners'][number];

export const WEIGHT_KEYS = ['strength', 'complementarity', 'ties', 'momentum', 'alignment'] as const;
export type WeightKey = (typeof WEIGHT_KEYS)[number];
export type Weights = Record<WeightKey, number>;

/** The documented defaults (src/strategy/partner-score.ts DEFAULT_WEIGHTS). */
export const DEFAULT_WEIGHTS: Weights = {
  strength: 0.35,
  complementarity: 0.3,
  ties: 0.2,
  momentum: 0.15,
  alignment: 1,
};

export interface StrategyState {
  home: string;
  weights: Weights;
  tiesSource: 'technology' | 'overall';
}

export function strategyQuery(s: StrategyState, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams({ home: s.home, tiesSource: s.tiesSource, ...extra });
  for (const k of WEIGHT_KEYS) p.set(k, String(s.weights[k]));
  return p.toString();
}

export const strategyPath = (
  techId: string,
  s: StrategyState,
  suffix = '',
  extra: Record<string, string> = {},
) => `/api/v1/strategy/technologies/${encodeURIComponent(techId)}${suffix}?${strategyQuery(s, extra)}`;

export const useTechnologyStrategy = (techId: string | undefined, s: StrategyState) =>
  useQuery({
    queryKey: ['strategy', techId, strategyQuery(s)],
    queryFn: () => getJson<TechnologyStrategyResponse>(strategyPath(techId!, s)),
    enabled: Boolean(techId),
    placeholderData: keepPreviousData,
  });

export const usePartnerView = (partner: string | undefined, s: StrategyState) =>
  useQuery({
    queryKey: ['strategy-partner', partner, strategyQuery(s)],
    queryFn: () =>
      getJson<PartnerViewResponse>(
        `/api/v1/strategy/partners/${encodeURIComponent(partner!)}?${strategyQuery(s)}`,
      ),
    enabled: Boolean(partner),
    placeholderData: keepPreviousData,
  });

export const useStrategyMatrix = (enabled: boolean, s: StrategyState) =>
  useQuery({
    queryKey: ['strategy-matrix', strategyQuery(s)],
    queryFn: () => getJson<StrategyMatrixResponse>(`/api/v1/strategy/matrix?${strategyQuery(s)}`),
    enabled,
    placeholderData: keepPreviousData,
  });
