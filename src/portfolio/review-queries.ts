/**
 * The annual review of a CET: scores (1–5) and comments in five areas by each reviewer, and the link to
 * investment: a recommended change of the CET's budget for the next year, kept with the review and shown next to
 * that year's budget line. Every submission or change is kept in the change history (before/after) and audited.
 */
import type { Kysely, Selectable } from 'kysely';
import type { CetReviewTable, Database } from '../db/schema.js';
import { CetmapError, type FieldIssue } from '../shared/errors.js';
import type { ChangeActor } from '../auth/audit-queries.js';
import { inTransaction, recordChange } from './mission-queries.js';
import { REVIEW_AREAS, type ReviewArea } from './mission-rules.js';
import { budgetRollup } from './portfolio-queries.js';

type Db = Kysely<Database>;

export interface ReviewInput {
  cetId: string;
  year: number;
  scores: Record<ReviewArea, number>;
  comments: Partial<Record<ReviewArea, string>>;
  summary?: string | null;
  /** Whole won, negative for a cut; applies to `year + 1`. */
  recommendedChangeKrw: number;
  programmeId?: string | null;
  rationale?: string | null;
  synthetic?: boolean;
}

export interface ReviewView {
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
  synthetic: boolean;
  createdAt: string;
  updatedAt: string;
}

type ReviewRow = Selectable<CetReviewTable>;

const view = (r: ReviewRow): ReviewView => {
  const scores = r.scores;
  const list = REVIEW_AREAS.map((a) => scores[a]).filter((x): x is number => typeof x === 'number');
  return {
    id: Number(r.id),
    cetId: r.cet_id,
    year: r.year,
    reviewer: r.reviewer,
    scores,
    meanScore: list.length ? Number((list.reduce((s, x) => s + x, 0) / list.length).toFixed(2)) : 0,
    comments: r.comments,
    summary: r.summary,
    recommendedChangeKrw: r.recommended_change_krw,
    recommendedYear: r.recommended_year,
    programmeId: r.programme_id,
    rationale: r.rationale,
    synthetic: r.synthetic,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
  };
};

/** The stored state kept in the history (no timestamps, so an unchanged resubmission records nothing). */
const state = (r: ReviewRow) => ({
  cetId: r.cet_id,
  year: r.year,
  reviewer: r.reviewer,
  scores: r.scores,
  comments: r.comments,
  summary: r.summary,
  recommendedChangeKrw: r.recommended_change_krw,
  recommendedYear: r.recommended_year,
  programmeId: r.programme_id,
  rationale: r.rationale,
});

/** Creates or updates the reviewer's review of a CET for a year; every problem is reported by field. */
export async function submitReview(db: Db, input: ReviewInput, who: ChangeActor): Promise<ReviewView> {
  const issues: FieldIssue[] = [];
  const cet = await db
    .selectFrom('technology')
    .select('id')
    .where('id', '=', input.cetId)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
  if (!cet) issues.push({ field: 'cetId', message: `unknown CET field "${input.cetId}"` });
  for (const area of REVIEW_AREAS) {
    const s = input.scores[area];
    if (!Number.isInteger(s) || s < 1 || s > 5)
      issues.push({
        field: `scores.${area}`,
        message: `must be a whole number from 1 to 5, got ${String(s)}`,
      });
  }
  if (!Number.isSafeInteger(input.recommendedChangeKrw))
    issues.push({ field: 'recommendedChangeKrw', message: 'must be a whole number of won' });
  if (input.programmeId) {
    const funds = await db
      .selectFrom('programme_tech as pt')
      .innerJoin('technology as t', 't.id', 'pt.tech_id')
      .select('pt.programme_id')
      .where('pt.programme_id', '=', input.programmeId)
      .where((eb) => eb.or([eb('t.id', '=', input.cetId), eb('t.parent_id', '=', input.cetId)]))
      .executeTakeFirst();
    if (!funds)
      issues.push({
        field: 'programmeId',
        message: `programme "${input.programmeId}" does not fund ${input.cetId}`,
      });
  }
  if (issues.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `review not saved: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  const scores = Object.fromEntries(REVIEW_AREAS.map((a) => [a, input.scores[a]]));
  const comments = Object.fromEntries(
    REVIEW_AREAS.filter((a) => input.comments[a]?.trim()).map((a) => [a, input.comments[a]!.trim()]),
  );
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('cet_review')
      .selectAll()
      .where('cet_id', '=', input.cetId)
      .where('year', '=', input.year)
      .where('reviewer', '=', who.actor)
      .executeTakeFirst();
    const values = {
      scores: JSON.stringify(scores),
      comments: JSON.stringify(comments),
      summary: input.summary?.trim() || null,
      recommended_change_krw: input.recommendedChangeKrw,
      recommended_year: input.year + 1,
      programme_id: input.programmeId || null,
      rationale: input.rationale?.trim() || null,
    };
    const saved = await trx
      .insertInto('cet_review')
      .values({
        cet_id: input.cetId,
        year: input.year,
        reviewer: who.actor,
        synthetic: input.synthetic ?? false,
        ...values,
      })
      .onConflict((oc) =>
        oc.columns(['cet_id', 'year', 'reviewer']).doUpdateSet({ ...values, updated_at: new Date() }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
    const action = before ? 'portfolio.review.update' : 'portfolio.review.submit';
    const changed = await recordChange(
      trx,
      who.actor,
      action,
      'cet_review',
      String(saved.id),
      before ? state(before) : null,
      state(saved),
    );
    if (changed)
      await who.audit?.(trx, {
        action,
        objectType: 'cet_review',
        objectId: String(saved.id),
        before: before ? state(before) : null,
        after: state(saved),
        detail: { cet: input.cetId, year: input.year, recommendedChangeKrw: input.recommendedChangeKrw },
      });
    return view(saved);
  });
}

export async function listReviews(
  db: Db,
  filter: { cetId?: string; year?: number } = {},
): Promise<ReviewView[]> {
  let q = db.selectFrom('cet_review').selectAll();
  if (filter.cetId) q = q.where('cet_id', '=', filter.cetId);
  if (filter.year) q = q.where('year', '=', filter.year);
  const rows = await q.orderBy('cet_id').orderBy('year', 'desc').orderBy('id').execute();
  return rows.map(view);
}

export interface BudgetLine {
  cet: string;
  year: number;
  plannedKrw: number | null;
  allocatedKrw: number | null;
  executedKrw: number | null;
  /** Sum of the reviews' recommended changes for this year (KRW), and the reviews behind it. */
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

/**
 * Budget lines by CET field × year (sums over ministries of the roll-up, KRW) with the reviews' recommended
 * changes for that year next to them. A recommendation for a year without budgets gets a line of its own.
 */
export async function budgetLines(db: Db, cetId?: string): Promise<BudgetLine[]> {
  const [planned, allocated, executed] = await Promise.all(
    (['planned', 'allocated', 'executed'] as const).map((b) => budgetRollup(db, b)),
  );
  const lines = new Map<string, BudgetLine>();
  const line = (cet: string, year: number): BudgetLine => {
    const key = `${cet}|${year}`;
    let l = lines.get(key);
    if (!l) {
      l = {
        cet,
        year,
        plannedKrw: null,
        allocatedKrw: null,
        executedKrw: null,
        recommendedChangeKrw: 0,
        recommendations: [],
      };
      lines.set(key, l);
    }
    return l;
  };
  const add = (
    cells: Awaited<ReturnType<typeof budgetRollup>>,
    k: 'plannedKrw' | 'allocatedKrw' | 'executedKrw',
  ) => {
    for (const c of cells) {
      if (cetId && c.cet !== cetId) continue;
      const l = line(c.cet, c.year);
      l[k] = (l[k] ?? 0) + c.krw;
    }
  };
  add(planned!, 'plannedKrw');
  add(allocated!, 'allocatedKrw');
  add(executed!, 'executedKrw');
  for (const r of await listReviews(db, cetId ? { cetId } : {})) {
    const l = line(r.cetId, r.recommendedYear);
    l.recommendedChangeKrw += r.recommendedChangeKrw;
    l.recommendations.push({
      reviewId: r.id,
      reviewer: r.reviewer,
      reviewYear: r.year,
      changeKrw: r.recommendedChangeKrw,
      programmeId: r.programmeId,
      rationale: r.rationale,
    });
  }
  return [...lines.values()].sort((a, b) => a.cet.localeCompare(b.cet) || a.year - b.year);
}
