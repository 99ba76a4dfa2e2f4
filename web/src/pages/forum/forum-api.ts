/** Forum data for the web app, from /api/v1/forum. Types come from the API's zod schemas. */
import { useQuery } from '@tanstack/react-query';
import type {
  DemandDto,
  ProposalDetailDto,
  ProposalKind,
  ProposalListDto,
  QueueItemDto,
} from '../../../../src/forum/forum-schemas';
import { getJson } from '../../api-client';

export type { DemandDto, ProposalDetailDto, ProposalKind, ProposalListDto, QueueItemDto };

export interface ForumMeta {
  kinds: ProposalKind[];
  limits: { title: { max: number }; body: { max: number }; comment: { max: number }; links: number };
  currentVersion: string | null;
}

export const useForumMeta = () =>
  useQuery({ queryKey: ['forum', 'meta'], queryFn: () => getJson<ForumMeta>('/api/v1/forum/meta') });

export const useProposals = (params: URLSearchParams) =>
  useQuery({
    queryKey: ['forum', 'proposals', params.toString()],
    queryFn: () => getJson<ProposalListDto>(`/api/v1/forum/proposals?${params.toString()}`),
  });

export const useProposal = (id: string | undefined) =>
  useQuery({
    queryKey: ['forum', 'proposal', id],
    queryFn: () => getJson<ProposalDetailDto>(`/api/v1/forum/proposals/${encodeURIComponent(id!)}`),
    enabled: Boolean(id),
    retry: false,
  });

export const useQueue = () =>
  useQuery({
    queryKey: ['forum', 'queue'],
    queryFn: () => getJson<{ items: QueueItemDto[] }>('/api/v1/forum/moderation/queue'),
  });

export const useDemand = (version: string | undefined) =>
  useQuery({
    queryKey: ['forum', 'demand', version],
    queryFn: () => getJson<DemandDto>(`/api/v1/forum/demand?version=${encodeURIComponent(version!)}`),
    enabled: Boolean(version),
  });

/** The technology's name in the current language (falling back to the other, then the id). */
export const techName = (
  p: { techId: string | null; techNameKo: string | null; techNameEn: string | null },
  lang: string,
): string =>
  (lang === 'ko' ? (p.techNameKo ?? p.techNameEn) : (p.techNameEn ?? p.techNameKo)) ?? p.techId ?? '';
