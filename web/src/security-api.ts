/** Research-security types and calls (the API checks every permission; the pages only hide what is not yours). */
import type { Screening } from '../../src/shared/schemas/security';
import { ApiError } from './api-client';

export type { Screening };

export const CASE_TYPES = [
  'data-request',
  'overseas-funding',
  'visiting-researcher',
  'joint-project',
  'material-export',
] as const;
export const DECISIONS = ['approve', 'approve-with-conditions', 'refuse', 'refer'] as const;

export interface AnswerState {
  state: 'none' | 'ok' | 'due-soon' | 'lapsed' | 'met';
  daysLeft: number | null;
  deemedConsentGiven: boolean;
}

export interface CaseSummary {
  id: number;
  reference: string;
  caseType: string;
  status: string;
  organisation: string;
  counterpartName: string;
  counterpartCountry: string;
  riskLevel: string | null;
  riskScore: number | null;
  submittedAt: string;
  answerDue: string | null;
  answer: AnswerState;
  assignedTo: string | null;
  decision: string | null;
}

export interface CaseView extends Omit<CaseSummary, 'answerDue' | 'answer'> {
  submitter: string;
  funder: string | null;
  amountKrw: number | null;
  technologyIds: string[];
  technologyText: string | null;
  description: string;
  undisclosed: boolean;
  receivedOn: string;
  screening: Screening | null;
  deadlines: {
    notifyDue: string | null;
    notifiedLate: boolean;
    answerDue: string | null;
    deemedConsent: boolean;
    answer: AnswerState;
    source: string;
  };
  decisionReason: string | null;
  decisionConditions: string | null;
  decidedAt: string | null;
  events: Array<{
    id: number;
    at: string;
    actor: string;
    kind: string;
    body: string | null;
    toStatus: string | null;
  }>;
  attachments: Array<{ id: number; filename: string; mediaType: string; sizeBytes: number; sha256: string }>;
}

export interface SecurityReport {
  cases: number;
  decided: number;
  medianDaysToDecision: number | null;
  byType: Record<string, number>;
  byCountry: Record<string, number>;
  byTechnology: Record<string, number>;
  byOutcome: Record<string, number>;
  byRisk: Record<string, number>;
}

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
