/** Technology registry data for the web app, from /api/v1/taxonomies. */
import { useQuery } from '@tanstack/react-query';
import type {
  DraftChangesDto,
  TaxonomyDiffDto,
  TechnologyDetailDto,
  VersionSummaryDto,
  VersionTreeDto,
} from '../../src/shared/schemas/taxonomy';
import { getJson } from './api-client';

export const useVersions = () =>
  useQuery({
    queryKey: ['taxonomies'],
    queryFn: () => getJson<{ versions: VersionSummaryDto[] }>('/api/v1/taxonomies'),
  });

export const useVersionTree = (versionId: string | undefined) =>
  useQuery({
    queryKey: ['taxonomies', versionId],
    queryFn: () => getJson<VersionTreeDto>(`/api/v1/taxonomies/${encodeURIComponent(versionId!)}`),
    enabled: Boolean(versionId),
  });

export const useTechnology = (versionId: string, techId: string) =>
  useQuery({
    queryKey: ['taxonomies', versionId, 'technologies', techId],
    queryFn: () =>
      getJson<TechnologyDetailDto>(
        `/api/v1/taxonomies/${encodeURIComponent(versionId)}/technologies/${encodeURIComponent(techId)}`,
      ),
  });

export const useDiff = (from: string | undefined, to: string | undefined) =>
  useQuery({
    queryKey: ['taxonomies', 'diff', from, to],
    queryFn: () =>
      getJson<TaxonomyDiffDto>(
        `/api/v1/taxonomies/diff?from=${encodeURIComponent(from!)}&to=${encodeURIComponent(to!)}`,
      ),
    enabled: Boolean(from && to),
    retry: false,
  });

export const useChanges = (versionId: string | undefined) =>
  useQuery({
    queryKey: ['taxonomies', versionId, 'changes'],
    queryFn: () => getJson<DraftChangesDto>(`/api/v1/taxonomies/${encodeURIComponent(versionId!)}/changes`),
    enabled: Boolean(versionId),
  });

/** The name in the current language, falling back to the other one (many lists have English names only). */
export function localName(item: { nameKo: string | null; nameEn: string | null }, lang: string): string {
  return (lang === 'ko' ? (item.nameKo ?? item.nameEn) : (item.nameEn ?? item.nameKo)) ?? '';
}

/** The name in the other language, when it exists and differs. */
export function otherName(
  item: { nameKo: string | null; nameEn: string | null },
  lang: string,
): string | null {
  const other = lang === 'ko' ? item.nameEn : item.nameKo;
  return other && other !== localName(item, lang) ? other : null;
}

export const versionTitle = (v: { titleEn: string; titleKo: string | null }, lang: string): string =>
  lang === 'ko' ? (v.titleKo ?? v.titleEn) : v.titleEn;
