/** Research-security types and calls (the API checks every permission; the pages only hide what is not yours). */
import type {
  AnswerState,
  CaseSummary,
  CaseView,
  Screening,
  SecurityReport,
} from '../../src/shared/schemas/security';
import { ApiError } from './api-client';

export type { AnswerState, CaseSummary, CaseView, Screening, SecurityReport };

export const CASE_TYPES = [
  'data-request',
  'overseas-funding',
  'visiting-researcher',
  'joint-project',
  'material-export',
] as const;
export const DECISIONS = ['approve', 'approve-with-conditions', 'refuse', 'refer'] as const;

/** Uploads a file as the raw request body with its own content type. */
export async function uploadAttachment(reference: string, file: File, csrf: string | null): Promise<void> {
  const headers: Record<string, string> = { 'content-type': file.type || 'application/octet-stream' };
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(
    `/api/v1/security/cases/${reference}/attachments?filename=${encodeURIComponent(file.name)}`,
    { method: 'POST', headers, body: file },
  );
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; code?: string };
    throw new ApiError(res.status, problem.code, problem.detail ?? `${res.status} ${res.statusText}`);
  }
}
