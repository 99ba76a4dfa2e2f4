/** Standing data for the web app, from /api/v1/countries and /api/v1/technologies (types from src/shared). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import type {
  CountryResponse,
  CountryStandingResponse,
  TechnologySeriesResponse,
  TechnologyStandingResponse,
} from '../../src/shared/schemas/standing';
import { getJson } from './api-client';

export type {
  CountryResponse,
  CountryStandingResponse,
  TechnologySeriesResponse,
  TechnologyStandingResponse,
};
export type CountryRow = TechnologyStandingResponse['countries'][number];
export type TechnologyPosition = CountryStandingResponse['technologies'][number];

export const DEFAULT_COUNTRY = 'KR';
export const DEFAULT_VERSION = 'kr-2022';
export type Counting = 'fractional' | 'full';

/** The analysis window and counting method, held in the URL so that links can be shared. */
export interface WindowState {
  country: string;
  counting: Counting;
  from?: number;
  to?: number;
}

const year = (s: string | null): number | undefined => (s && /^\d{4}$/.test(s) ? Number(s) : undefined);

export function useWindowState(): [WindowState, (patch: Partial<WindowState>) => void] {
  const [params, setParams] = useSearchParams();
  const cc = params.get('country');
  const state: WindowState = {
    country: cc && /^[A-Za-z]{2}$/.test(cc) ? cc.toUpperCase() : DEFAULT_COUNTRY,
    counting: params.get('counting') === 'full' ? 'full' : 'fractional',
    from: year(params.get('from')),
    to: year(params.get('to')),
  };
  const update = (patch: Partial<WindowState>) => {
    const next = { ...state, ...patch };
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        const set = (k: string, v: string | undefined, fallback?: string) =>
          v === undefined || v === fallback ? p.delete(k) : p.set(k, v);
        set('country', next.country, DEFAULT_COUNTRY);
        set('counting', next.counting, 'fractional');
        set('from', next.from?.toString());
        set('to', next.to?.toString());
        return p;
      },
      { replace: true },
    );
  };
  return [state, update];
}

/** Query string of the window (counting, from, to) for the standing routes. */
export function windowQuery(w: WindowState, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams(extra);
  p.set('counting', w.counting);
  if (w.from !== undefined) p.set('from', String(w.from));
  if (w.to !== undefined) p.set('to', String(w.to));
  return p.toString();
}

export const useCountries = () =>
  useQuery({
    queryKey: ['countries'],
    queryFn: () => getJson<{ countries: CountryResponse[] }>('/api/v1/countries'),
    staleTime: Infinity,
  });

export const useCountryStanding = (w: WindowState, version = DEFAULT_VERSION) =>
  useQuery({
    queryKey: ['standing', 'country', w.country, version, w.counting, w.from, w.to],
    queryFn: () =>
      getJson<CountryStandingResponse>(
        `/api/v1/countries/${encodeURIComponent(w.country)}/standing?${windowQuery(w, { version })}`,
      ),
    placeholderData: keepPreviousData,
  });

export const technologyStandingPath = (techId: string, w: WindowState, format: 'json' | 'csv' = 'json') =>
  `/api/v1/technologies/${encodeURIComponent(techId)}/standing?${windowQuery(w, { country: w.country, format })}`;

export const useTechnologyStanding = (techId: string, w: WindowState) =>
  useQuery({
    queryKey: ['standing', 'technology', techId, w.country, w.counting, w.from, w.to],
    queryFn: () => getJson<TechnologyStandingResponse>(technologyStandingPath(techId, w)),
    placeholderData: keepPreviousData,
  });

export const useTechnologySeries = (techId: string, countries: string[], counting: Counting) =>
  useQuery({
    queryKey: ['standing', 'series', techId, countries.join(','), counting],
    queryFn: () =>
      getJson<TechnologySeriesResponse>(
        `/api/v1/technologies/${encodeURIComponent(techId)}/series?countries=${countries.join(',')}&counting=${counting}`,
      ),
    enabled: countries.length > 0,
    placeholderData: keepPreviousData,
  });

/** Country name in the current language, by ISO alpha-2 code; the code itself when unknown. */
export function useCountryName(): (code: string | null | undefined) => string {
  const countries = useCountries();
  const { i18n } = useTranslation();
  const byCode = useMemo(
    () => new Map((countries.data?.countries ?? []).map((c) => [c.alpha2, c])),
    [countries.data],
  );
  return (code) => {
    if (!code) return '';
    const c = byCode.get(code);
    if (!c) return code;
    return i18n.language === 'ko' ? c.nameKo : c.nameEn;
  };
}

/** `?country=…&counting=…` for links to other standing pages: only values that differ from the defaults. */
export function linkQuery(w: WindowState): string {
  const p = new URLSearchParams();
  if (w.country !== DEFAULT_COUNTRY) p.set('country', w.country);
  if (w.counting !== 'fractional') p.set('counting', w.counting);
  if (w.from !== undefined) p.set('from', String(w.from));
  if (w.to !== undefined) p.set('to', String(w.to));
  const s = p.toString();
  return s ? `?${s}` : '';
}
