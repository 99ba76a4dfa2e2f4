/** Research-security shapes shared by the API, the CLI and the web app. */
import { z } from 'zod';

export const CASE_TYPES = [
  'data-request',
  'overseas-funding',
  'visiting-researcher',
  'joint-project',
  'material-export',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_STATUSES = [
  'submitted',
  'in-review',
  'awaiting-information',
  'decided',
  'withdrawn',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const DECISIONS = ['approve', 'approve-with-conditions', 'refuse', 'refer'] as const;
export type Decision = (typeof DECISIONS)[number];

const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as CN or US');

/** What a submitter sends. Text is kept as typed; it is escaped wherever it is shown. */
export const caseIntakeSchema = z.object({
  caseType: z.enum(CASE_TYPES),
  counterpartName: z.string().trim().min(2).max(300),
  counterpartCountry: countryCode,
  funder: z.string().trim().max(300).optional(),
  amountKrw: z.number().nonnegative().max(1e15).optional(),
  technologyIds: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
  technologyText: z.string().trim().max(2000).optional(),
  description: z.string().trim().min(10).max(20000),
  undisclosed: z.boolean().default(false),
  receivedOn: z.iso.date(),
});
export type CaseIntake = z.infer<typeof caseIntakeSchema>;

const label = { label: z.string().min(1), labelKo: z.string().min(1) };
const ruleBase = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  points: z.number().min(0).max(100),
  ...label,
};

export const screeningRuleSchema = z.discriminatedUnion('type', [
  z.object({
    ...ruleBase,
    type: z.literal('strategic-technology'),
    /** A taxonomy version id (every technology of it) or a list of technology ids. */
    technologies: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    /** Also run the technologies' classification queries over the description and free-text technologies. */
    classifyDescription: z.boolean(),
  }),
  z.object({ ...ruleBase, type: z.literal('country-group'), group: z.string().min(1) }),
  z.object({ ...ruleBase, type: z.literal('watchlist'), minScore: z.number().min(0.5).max(1) }),
  z.object({
    ...ruleBase,
    type: z.literal('funding-threshold'),
    minAmountKrw: z.number().nonnegative(),
    caseTypes: z.array(z.enum(CASE_TYPES)).optional(),
  }),
  z.object({
    ...ruleBase,
    type: z.literal('undisclosed-information'),
    requiresStrategicTechnology: z.boolean(),
  }),
  z.object({ ...ruleBase, type: z.literal('case-type'), caseTypes: z.array(z.enum(CASE_TYPES)).min(1) }),
]);
export type ScreeningRule = z.infer<typeof screeningRuleSchema>;

export const ruleSetSchema = z
  .object({
    name: z.string().min(1),
    status: z.string().optional(),
    thresholds: z.object({ medium: z.number().min(0), high: z.number().min(0) }),
    deadlines: z.object({
      notifyWithinDays: z.number().int().min(1).max(365),
      answerWithinDays: z.number().int().min(1).max(365),
      deemedConsent: z.boolean(),
      warnDaysBefore: z.number().int().min(0).max(60),
      dayCount: z.enum(['calendar', 'business']),
      appliesTo: z.array(z.enum(CASE_TYPES)),
      source: z.string().min(1),
    }),
    countryGroups: z.array(
      z.object({
        id: z.string().min(1),
        name: z.string().min(1),
        nameKo: z.string().min(1),
        countries: z.array(countryCode),
        source: z.string().min(1),
      }),
    ),
    rules: z.array(screeningRuleSchema).min(1),
  })
  .superRefine((set, ctx) => {
    if (set.thresholds.high < set.thresholds.medium)
      ctx.addIssue({
        code: 'custom',
        path: ['thresholds', 'high'],
        message: 'must be at least the medium threshold',
      });
    const ids = new Set<string>();
    set.rules.forEach((rule, i) => {
      if (ids.has(rule.id))
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `duplicate id ${rule.id}` });
      ids.add(rule.id);
      if (rule.type === 'country-group' && !set.countryGroups.some((g) => g.id === rule.group))
        ctx.addIssue({
          code: 'custom',
          path: ['rules', i, 'group'],
          message: `no country group ${rule.group}`,
        });
    });
  });
export type RuleSet = z.infer<typeof ruleSetSchema>;

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** One rule that fired, with what it saw. */
export interface Contribution {
  ruleId: string;
  type: ScreeningRule['type'];
  label: string;
  labelKo: string;
  points: number;
  evidence: string;
  evidenceKo: string;
}

export interface Screening {
  ruleSetVersion: number;
  score: number;
  level: RiskLevel;
  thresholds: { medium: number; high: number };
  contributions: Contribution[];
  /** Rules that were checked and did not fire, so a low score is explained too. */
  notFired: Array<{ ruleId: string; label: string; labelKo: string }>;
}

/** Shapes of the API's case responses (shared with the web app). */
export type DeadlineState = 'none' | 'ok' | 'due-soon' | 'lapsed' | 'met';

export interface AnswerState {
  state: DeadlineState;
  /** Days left until the answer is due (negative once lapsed); null without a deadline. */
  daysLeft: number | null;
  /** The deadline lapsed without a decision and the rules deem consent given. */
  deemedConsentGiven: boolean;
}

export interface CaseEvent {
  id: number;
  at: string;
  actor: string;
  kind: string;
  body: string | null;
  fromStatus: string | null;
  toStatus: string | null;
}

export interface AttachmentInfo {
  id: number;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: string;
}

export interface CaseView {
  id: number;
  reference: string;
  caseType: CaseType;
  status: CaseStatus;
  organisation: string;
  submitter: string;
  counterpartName: string;
  counterpartCountry: string;
  funder: string | null;
  amountKrw: number | null;
  technologyIds: string[];
  technologyText: string | null;
  description: string;
  undisclosed: boolean;
  receivedOn: string;
  submittedAt: string;
  assignedTo: string | null;
  riskLevel: string | null;
  riskScore: number | null;
  /** Null for the submitter's view: the explanation names watch-list entries. */
  screening: Screening | null;
  deadlines: {
    notifyDue: string | null;
    notifiedLate: boolean;
    answerDue: string | null;
    deemedConsent: boolean;
    answer: AnswerState;
    source: string;
  };
  decision: string | null;
  decisionReason: string | null;
  decisionConditions: string | null;
  decidedAt: string | null;
  events: CaseEvent[];
  attachments: AttachmentInfo[];
}

export interface CaseSummary {
  id: number;
  reference: string;
  caseType: CaseType;
  status: CaseStatus;
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

export interface SecurityReport {
  cases: number;
  byType: Record<string, number>;
  byCountry: Record<string, number>;
  byTechnology: Record<string, number>;
  byOutcome: Record<string, number>;
  byRisk: Record<string, number>;
  /** Median calendar days from submission to decision, over decided cases (null when none). */
  medianDaysToDecision: number | null;
  decided: number;
}
