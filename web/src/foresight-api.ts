/** Foresight and supply-chain data for the web app, from /api/v1/foresight and /api/v1/supply. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type {
  ChokepointReportDto,
  EmergingReportDto,
  ForecastReportDto,
  ScenarioReportDto,
  SupplyGraphDto,
  WatchListDto,
} from '../../src/shared/schemas/foresight';
import { getJson } from './api-client';

export type {
  ChokepointReportDto,
  EmergingReportDto,
  ForecastReportDto,
  ScenarioReportDto,
  SupplyGraphDto,
  WatchListDto,
};
export type ForecastMetric = ForecastReportDto['metric'];

export const useEmerging = (techId: string, home: string) =>
  useQuery({
    queryKey: ['foresight-emerging', techId, home],
    queryFn: () =>
      getJson<EmergingReportDto>(
        `/api/v1/foresight/technologies/${encodeURIComponent(techId)}/emerging?home=${home}&limit=10`,
      ),
    placeholderData: keepPreviousData,
  });

export const useForecast = (techId: string, country: string, metric: ForecastMetric) =>
  useQuery({
    queryKey: ['foresight-forecast', techId, country, metric],
    queryFn: () =>
      getJson<ForecastReportDto>(
        `/api/v1/foresight/technologies/${encodeURIComponent(techId)}/forecast?country=${country}&metric=${metric}&h=5`,
      ),
    placeholderData: keepPreviousData,
  });

export const useWatchList = (techId: string) =>
  useQuery({
    queryKey: ['foresight-watch', techId],
    queryFn: () =>
      getJson<WatchListDto>(`/api/v1/foresight/technologies/${encodeURIComponent(techId)}/watch`),
    placeholderData: keepPreviousData,
  });

export const useChokepoints = (cet: string | null, home: string) =>
  useQuery({
    queryKey: ['supply-chokepoints', cet, home],
    queryFn: () =>
      getJson<ChokepointReportDto>(
        `/api/v1/supply/chokepoints?home=${home}${cet ? `&cet=${encodeURIComponent(cet)}` : ''}`,
      ),
    placeholderData: keepPreviousData,
  });

export const useScenario = (country: string | null, share: number) =>
  useQuery({
    queryKey: ['supply-scenario', country, share],
    queryFn: () => getJson<ScenarioReportDto>(`/api/v1/supply/scenario?remove=${country}&share=${share}`),
    enabled: country !== null,
    placeholderData: keepPreviousData,
  });

export const useSupplyGraph = (enabled: boolean) =>
  useQuery({
    queryKey: ['supply-graph'],
    queryFn: () => getJson<SupplyGraphDto>('/api/v1/supply/graph'),
    enabled,
    staleTime: Infinity,
  });
