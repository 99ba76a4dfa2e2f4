/**
 * Research-security cases in the database: intake, screening, the review workflow, attachments, the rule sets
 * and the watch-list. Every state change writes a case event and an audit entry in the same transaction.
 * Intake commits the case before screening runs, so a screening failure never loses a case.
 *
 * Who sees what (checked here, not only at the route): a submitter sees their own cases (without the internal
 * screening and comments); a reviewer (security:read) sees every case of their organisation; an admin sees all.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import { appendAudit } from '../auth/audit-queries.js';
import { compileRecipes } from '../classify/classify-work.js';
import { latestRecipes, seedStarterRecipes } from '../classify/classify-queries.js';
import type { Database, SecurityCaseTable } from '../db/schema.js';
import { CetmapError, notFound } from '../shared/errors.js';
import type {
  CaseIntake,
  CaseStatus,
  CaseType,
  Decision,
  RuleSet,
  Screening,
  AttachmentInfo,
  CaseEvent,
  CaseSummary,
  CaseView,
  SecurityReport,
} from '../shared/schemas/security.js';
import { answerState, caseDeadlines } from './deadlines.js';
import type { WatchEntity } from './name-match.js';
import { DEFAULT_RULE_SET, parseRuleSet } from './rules.js';
import { screenCase, type ScreeningContext } from './screening.js';

type Db = Kysely<Database>;

/** Who is acting, as far as case access is concerned. */
export interface CaseViewer {
  userId: number;
  organisation: string | null;
  /** Holds security:read (reviewers). */
  reviewer: boolean;
  admin: boolean;
  /** The audit actor string, e.g. 'user:kim'. */
  actor: string;
  /** Extra audit context (client address, request id); never case content. */
  auditDetail?: Record<string, unknown>;
}

const today = (): string => new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------- rule sets

export interface StoredRuleSet {
  version: number;
  rules: RuleSet;
  note: string | null;
  createdAt: string;
  createdBy: string;
  active: boolean;
}

const toStored = (r: Selectable<Database['security_rule_set']>): StoredRuleSet => ({
  version: r.version,
  rules: r.rules as RuleSet,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
  createdBy: r.created_by,
  active: r.active,
});

/** The active rule set; installs the shipped example as version 1 on first use. */
export async function activeRuleSet(db: Db): Promise<StoredRuleSet> {
  const row = await db
    .selectFrom('security_rule_set')
    .selectAll()
    .where('active', '=', true)
    .executeTakeFirst();
  if (row) return toStored(row);
  await db
    .insertInto('security_rule_set')
    .values({
      version: 1,
      rules: JSON.stringify(DEFAULT_RULE_SET),
      note: 'shipped example rule set',
      created_by: 'system',
      active: true,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
  return toStored(
    await db.selectFrom('security_rule_set').selectAll().where('active', '=', true).executeTakeFirstOrThrow(),
  );
}

export async function listRuleSets(db: Db): Promise<StoredRuleSet[]> {
  await activeRuleSet(db);
  const rows = await db.selectFrom('security_rule_set').selectAll().orderBy('version', 'desc').execute();
  return rows.map(toStored);
}

/** Validates and publishes a new version, which becomes the active one (earlier versions stay for the record). */
export async function publishRuleSet(
  db: Db,
  input: unknown,
  actor: string,
  note: string | null,
  where = 'rule set',
): Promise<StoredRuleSet> {
  const rules = parseRuleSet(input, where);
  await activeRuleSet(db);
  return db.transaction().execute(async (trx) => {
    const previous = await trx
      .selectFrom('security_rule_set')
      .select((eb) => eb.fn.max('version').as('v'))
      .executeTakeFirstOrThrow();
    const version = Number(previous.v ?? 0) + 1;
    await trx.updateTable('security_rule_set').set({ active: false }).where('active', '=', true).execute();
    await trx
      .insertInto('security_rule_set')
      .values({ version, rules: JSON.stringify(rules), note, created_by: actor, active: true })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'security.rules.publish',
      objectType: 'security_rule_set',
      objectId: version,
      after: rules,
      detail: { note, rules: rules.rules.length },
    });
    return toStored(
      await trx
        .selectFrom('security_rule_set')
        .selectAll()
        .where('version', '=', version)
        .executeTakeFirstOrThrow(),
    );
  });
}

// ---------------------------------------------------------------- watch-list

export interface WatchlistRow {
  name: string;
  aliases: string[];
  country: string | null;
  source: string;
  reason: string | null;
}

export async function listWatchlist(db: Db): Promise<WatchEntity[]> {
  const rows = await db.selectFrom('security_watchlist').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    name: r.name,
    aliases: r.aliases,
    country: r.country,
    source: r.source,
    reason: r.reason,
  }));
}

/** Adds or updates entries (same name and country = same entry); all or nothing. */
export async function importWatchlist(
  db: Db,
  rows: readonly WatchlistRow[],
  actor: string,
): Promise<{ added: number; updated: number }> {
  return db.transaction().execute(async (trx) => {
    let added = 0;
    let updated = 0;
    for (const r of rows) {
      const existing = await trx
        .selectFrom('security_watchlist')
        .select('id')
        .where(sql<string>`lower(name)`, '=', r.name.toLowerCase())
        .where(sql<string>`coalesce(country, '')`, '=', r.country ?? '')
        .executeTakeFirst();
      if (existing) {
        await trx
          .updateTable('security_watchlist')
          .set({ aliases: r.aliases, source: r.source, reason: r.reason, name: r.name })
          .where('id', '=', existing.id)
          .execute();
        updated++;
      } else {
        await trx
          .insertInto('security_watchlist')
          .values({ ...r, added_by: actor })
          .execute();
        added++;
      }
    }
    await appendAudit(trx, {
      actor,
      action: 'security.watchlist.import',
      objectType: 'security_watchlist',
      after: rows,
      detail: { added, updated },
    });
    return { added, updated };
  });
}

/** Parses watch-list CSV rows (header: name, aliases, country, source, reason; aliases separated by `;`). */
export function watchlistFromCsv(rows: string[][], file: string): WatchlistRow[] {
  const [header, ...body] = rows;
  const col = (name: string) => header?.findIndex((h) => h.trim().toLowerCase() === name) ?? -1;
  const at = {
    name: col('name'),
    aliases: col('aliases'),
    country: col('country'),
    source: col('source'),
    reason: col('reason'),
  };
  if (at.name < 0 || at.source < 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${file}: the header needs at least the columns name and source.`,
      {
        issues: [{ field: 'header', message: 'needs name and source', location: `${file}:1` }],
      },
    );
  }
  const issues: Array<{ field: string; message: string; location: string }> = [];
  const out: WatchlistRow[] = [];
  body.forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const get = (k: number) => (k >= 0 ? (cells[k] ?? '').trim() : '');
    const location = `${file}:${i + 2}`;
    const country = get(at.country).toUpperCase() || null;
    if (!get(at.name)) issues.push({ field: 'name', message: 'is empty', location });
    if (!get(at.source)) issues.push({ field: 'source', message: 'is empty', location });
    if (country && !/^[A-Z]{2}$/.test(country))
      issues.push({ field: 'country', message: `"${country}" is not a two-letter code`, location });
    out.push({
      name: get(at.name),
      aliases: get(at.aliases)
        .split(';')
        .map((a) => a.trim())
        .filter(Boolean),
      country,
      source: get(at.source),
      reason: get(at.reason) || null,
    });
  });
  if (issues.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${file}: ${issues.length} problem(s), nothing imported: ${issues
        .slice(0, 5)
        .map((x) => `${x.location} ${x.field} ${x.message}`)
        .join('; ')}`,
      { issues },
    );
  }
  return out;
}

// ---------------------------------------------------------------- screening

export async function screeningContext(db: Db): Promise<ScreeningContext> {
  const techs = await db
    .selectFrom('technology')
    .select(['id', 'version_id', 'name_en', 'name_ko'])
    .execute();
  let stored = await latestRecipes(db);
  if (stored.length === 0 && techs.length > 0) {
    // The description rule needs the technologies' queries: load the shipped starter recipes once.
    await seedStarterRecipes(db);
    stored = await latestRecipes(db);
  }
  const recipes = compileRecipes(stored);
  return {
    technologies: techs.map((t) => ({
      id: t.id,
      taxonomy: t.version_id,
      name: t.name_en ?? t.name_ko ?? t.id,
      nameKo: t.name_ko ?? t.name_en ?? t.id,
    })),
    recipes: new Map(recipes.map((r) => [r.techId, r])),
    watchlist: await listWatchlist(db),
  };
}

/** Screens a case file against the active rules without saving anything (`cetmap security rules test`). */
export async function testScreening(db: Db, intake: CaseIntake): Promise<Screening> {
  const set = await activeRuleSet(db);
  return screenCase(intake, set.rules, set.version, await screeningContext(db));
}

// ---------------------------------------------------------------- cases

export type { AttachmentInfo, CaseEvent, CaseSummary, CaseView, SecurityReport };

type CaseRow = Selectable<SecurityCaseTable>;

/** Events a submitter sees on their own case (internal comments and screening stay with reviewers). */
const SUBMITTER_EVENTS = new Set([
  'submitted',
  'information-requested',
  'information-provided',
  'decided',
  'withdrawn',
  'deemed-consent',
  'attachment-added',
]);

const isoDay = (d: Date | null): string | null => (d ? new Date(d).toISOString().slice(0, 10) : null);

async function loadCase(db: Db, ref: number | string): Promise<CaseRow> {
  const row = await db
    .selectFrom('security_case')
    .selectAll()
    .where(typeof ref === 'number' ? 'id' : 'reference', '=', ref)
    .executeTakeFirst();
  if (!row) throw notFound(`Case ${ref}`);
  return row;
}

/** The viewer's relation to a case; refuses (as not found, so existence does not leak) if they have none. */
function relation(row: CaseRow, viewer: CaseViewer): 'submitter' | 'reviewer' {
  if (viewer.admin) return 'reviewer';
  if (viewer.reviewer && viewer.organisation !== null && viewer.organisation === row.organisation)
    return 'reviewer';
  if (Number(row.submitter_id) === viewer.userId) return 'submitter';
  throw notFound(`Case ${row.reference}`);
}

async function usernames(db: Db, ids: Array<number | null>): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => x !== null).map(Number))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'username']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [Number(r.id), r.username]));
}

async function view(db: Db, row: CaseRow, as: 'submitter' | 'reviewer'): Promise<CaseView> {
  const set = await activeRuleSet(db);
  const names = await usernames(db, [row.submitter_id, row.assigned_to]);
  const events = await db
    .selectFrom('security_case_event')
    .selectAll()
    .where('case_id', '=', row.id)
    .orderBy('id')
    .execute();
  const attachments = await db
    .selectFrom('security_attachment')
    .select(['id', 'filename', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
    .where('case_id', '=', row.id)
    .orderBy('id')
    .execute();
  const d = caseDeadlines(
    row.case_type as CaseType,
    row.received_on,
    isoDay(row.submitted_at)!,
    set.rules.deadlines,
  );
  return {
    id: Number(row.id),
    reference: row.reference,
    caseType: row.case_type as CaseType,
    status: row.status as CaseStatus,
    organisation: row.organisation,
    submitter: names.get(Number(row.submitter_id)) ?? '?',
    counterpartName: row.counterpart_name,
    counterpartCountry: row.counterpart_country,
    funder: row.funder,
    amountKrw: row.amount_krw === null ? null : Number(row.amount_krw),
    technologyIds: row.technology_ids,
    technologyText: row.technology_text,
    description: row.description,
    undisclosed: row.undisclosed,
    receivedOn: row.received_on,
    submittedAt: new Date(row.submitted_at).toISOString(),
    assignedTo: row.assigned_to === null ? null : (names.get(Number(row.assigned_to)) ?? null),
    riskLevel: as === 'reviewer' ? row.risk_level : null,
    riskScore: as === 'reviewer' && row.risk_score !== null ? Number(row.risk_score) : null,
    screening: as === 'reviewer' ? ((row.screening as Screening | null) ?? null) : null,
    deadlines: {
      notifyDue: row.notify_due,
      notifiedLate: d.notifiedLate,
      answerDue: row.answer_due,
      deemedConsent: row.deemed_consent,
      answer: answerState(
        row.answer_due,
        row.deemed_consent,
        today(),
        set.rules.deadlines.warnDaysBefore,
        row.status === 'decided' ? isoDay(row.decided_at) : null,
      ),
      source: d.source,
    },
    decision: row.decision,
    decisionReason: row.decision_reason,
    decisionConditions: row.decision_conditions,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    events: events
      .filter((e) => as === 'reviewer' || SUBMITTER_EVENTS.has(e.kind))
      .map((e) => ({
        id: Number(e.id),
        at: new Date(e.at).toISOString(),
        actor: e.actor,
        kind: e.kind,
        body: e.body,
        fromStatus: e.from_status,
        toStatus: e.to_status,
      })),
    attachments: attachments.map((a) => ({
      id: Number(a.id),
      filename: a.filename,
      mediaType: a.media_type,
      sizeBytes: a.size_bytes,
      sha256: a.sha256,
      uploadedAt: new Date(a.uploaded_at).toISOString(),
    })),
  };
}

async function recordEvent(
  trx: Db,
  row: CaseRow,
  viewer: CaseViewer,
  kind: string,
  body: string | null,
  toStatus: string | null,
): Promise<void> {
  await trx
    .insertInto('security_case_event')
    .values({
      case_id: row.id,
      actor: viewer.actor,
      kind,
      body,
      from_status: toStatus ? row.status : null,
      to_status: toStatus,
    })
    .execute();
  // The audit entry names the case and the step; case content is stored only as a digest.
  await appendAudit(trx, {
    actor: viewer.actor,
    action: `security.case.${kind}`,
    objectType: 'security_case',
    objectId: row.reference,
    before: { status: row.status },
    after: { status: toStatus ?? row.status, body },
    detail: { ...viewer.auditDetail, ...(toStatus ? { from: row.status, to: toStatus } : {}) },
  });
}

/**
 * Saves a new case (committed first), then screens it against the active rules and computes its deadlines.
 * Returns the case as the submitter sees it, with its reference number.
 */
export async function submitCase(db: Db, viewer: CaseViewer, intake: CaseIntake): Promise<CaseView> {
  const organisation = viewer.organisation ?? 'unaffiliated';
  const saved = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('security_case')
      .values({
        reference: `pending-${crypto.randomUUID()}`,
        case_type: intake.caseType,
        status: 'submitted',
        submitter_id: viewer.userId,
        organisation,
        counterpart_name: intake.counterpartName,
        counterpart_country: intake.counterpartCountry,
        funder: intake.funder ?? null,
        amount_krw: intake.amountKrw ?? null,
        technology_ids: intake.technologyIds,
        technology_text: intake.technologyText ?? null,
        description: intake.description,
        undisclosed: intake.undisclosed,
        received_on: intake.receivedOn,
      })
      .returning(['id', 'submitted_at'])
      .executeTakeFirstOrThrow();
    const year = new Date(inserted.submitted_at).getUTCFullYear();
    const reference = `RS-${year}-${String(inserted.id).padStart(6, '0')}`;
    await trx.updateTable('security_case').set({ reference }).where('id', '=', inserted.id).execute();
    const row = await loadCase(trx, Number(inserted.id));
    await recordEvent(trx, row, viewer, 'submitted', null, 'submitted');
    return row;
  });
  try {
    await screenStored(db, saved, { ...viewer, actor: 'system:screening' });
  } catch (error) {
    // The case is safe; the failure is recorded on it and screening can be run again.
    await db
      .transaction()
      .execute((trx) =>
        recordEvent(
          trx,
          saved,
          { ...viewer, actor: 'system:screening' },
          'screening-failed',
          String(error),
          null,
        ),
      );
  }
  return view(db, await loadCase(db, Number(saved.id)), 'submitter');
}

const intakeOf = (row: CaseRow): CaseIntake => ({
  caseType: row.case_type as CaseType,
  counterpartName: row.counterpart_name,
  counterpartCountry: row.counterpart_country,
  funder: row.funder ?? undefined,
  amountKrw: row.amount_krw === null ? undefined : Number(row.amount_krw),
  technologyIds: row.technology_ids,
  technologyText: row.technology_text ?? undefined,
  description: row.description,
  undisclosed: row.undisclosed,
  receivedOn: row.received_on,
});

async function screenStored(db: Db, row: CaseRow, viewer: CaseViewer): Promise<void> {
  const set = await activeRuleSet(db);
  const screening = screenCase(intakeOf(row), set.rules, set.version, await screeningContext(db));
  const d = caseDeadlines(
    row.case_type as CaseType,
    row.received_on,
    isoDay(row.submitted_at)!,
    set.rules.deadlines,
  );
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('security_case')
      .set({
        rule_set_version: set.version,
        risk_level: screening.level,
        risk_score: screening.score,
        screening: JSON.stringify(screening),
        notify_due: d.notifyDue,
        answer_due: d.answerDue,
        deemed_consent: d.deemedConsent,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(
      trx,
      row,
      viewer,
      'screened',
      `${screening.level} (${screening.score} points, rules v${set.version})`,
      null,
    );
  });
}

/** Screens a case again under the active rules (after a rule change or a failed screening). */
export async function rescreenCase(db: Db, viewer: CaseViewer, ref: number | string): Promise<CaseView> {
  const row = await loadCase(db, ref);
  if (relation(row, viewer) !== 'reviewer')
    throw new CetmapError('CET_FORBIDDEN', 'Only reviewers screen cases.');
  await screenStored(db, row, viewer);
  return view(db, await loadCase(db, ref), 'reviewer');
}

export async function getCase(db: Db, viewer: CaseViewer, ref: number | string): Promise<CaseView> {
  const row = await loadCase(db, ref);
  return view(db, row, relation(row, viewer));
}

const RISK_ORDER: Record<string, number> = { high: 0, medium: 1, low: 2 };

async function summaries(db: Db, rows: CaseRow[], as: 'submitter' | 'reviewer'): Promise<CaseSummary[]> {
  const set = await activeRuleSet(db);
  const names = await usernames(
    db,
    rows.map((r) => r.assigned_to),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    reference: r.reference,
    caseType: r.case_type as CaseType,
    status: r.status as CaseStatus,
    organisation: r.organisation,
    counterpartName: r.counterpart_name,
    counterpartCountry: r.counterpart_country,
    riskLevel: as === 'reviewer' ? r.risk_level : null,
    riskScore: as === 'reviewer' && r.risk_score !== null ? Number(r.risk_score) : null,
    submittedAt: new Date(r.submitted_at).toISOString(),
    answerDue: r.answer_due,
    answer: answerState(
      r.answer_due,
      r.deemed_consent,
      today(),
      set.rules.deadlines.warnDaysBefore,
      r.status === 'decided' ? isoDay(r.decided_at) : null,
    ),
    assignedTo: r.assigned_to === null ? null : (names.get(Number(r.assigned_to)) ?? null),
    decision: r.decision,
  }));
}

/** The submitter's own cases, newest first. */
export async function listOwnCases(db: Db, viewer: CaseViewer): Promise<CaseSummary[]> {
  const rows = await db
    .selectFrom('security_case')
    .selectAll()
    .where('submitter_id', '=', viewer.userId)
    .orderBy('id', 'desc')
    .execute();
  return summaries(db, rows, 'submitter');
}

/**
 * The reviewer queue: open cases of the reviewer's organisation (all organisations for an admin), highest risk
 * first, then the nearest answer deadline. `status: 'all'` includes decided and withdrawn cases.
 */
export async function reviewQueue(
  db: Db,
  viewer: CaseViewer,
  options: { status?: 'open' | 'all' } = {},
): Promise<CaseSummary[]> {
  if (!viewer.reviewer && !viewer.admin)
    throw new CetmapError('CET_FORBIDDEN', 'The queue is for security reviewers.');
  let q = db.selectFrom('security_case').selectAll();
  if (!viewer.admin) q = q.where('organisation', '=', viewer.organisation ?? '\u0000none');
  if ((options.status ?? 'open') === 'open')
    q = q.where('status', 'in', ['submitted', 'in-review', 'awaiting-information']);
  const rows = await q.execute();
  rows.sort(
    (a, b) =>
      (RISK_ORDER[a.risk_level ?? 'low'] ?? 3) - (RISK_ORDER[b.risk_level ?? 'low'] ?? 3) ||
      (a.answer_due ?? '9999').localeCompare(b.answer_due ?? '9999') ||
      Number(a.id) - Number(b.id),
  );
  return summaries(db, rows, 'reviewer');
}

const OPEN: readonly string[] = ['submitted', 'in-review', 'awaiting-information'];

async function reviewerStep(
  db: Db,
  viewer: CaseViewer,
  ref: number | string,
  step: (trx: Db, row: CaseRow) => Promise<void>,
): Promise<CaseView> {
  await db.transaction().execute(async (trx) => {
    const row = await loadCase(trx, ref);
    if (relation(row, viewer) !== 'reviewer')
      throw new CetmapError('CET_FORBIDDEN', 'Only reviewers do this.');
    await step(trx, row);
  });
  return view(db, await loadCase(db, ref), 'reviewer');
}

function requireOpen(row: CaseRow): void {
  if (!OPEN.includes(row.status))
    throw new CetmapError(
      'CET_CONFLICT',
      `Case ${row.reference} is ${row.status}; it cannot change any more.`,
    );
}

export const assignCase = (db: Db, viewer: CaseViewer, ref: number | string, assignee: string) =>
  reviewerStep(db, viewer, ref, async (trx, row) => {
    requireOpen(row);
    const user = await trx
      .selectFrom('app_user')
      .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
      .select(['app_user.id', 'app_user.username', 'app_user.organisation'])
      .where('app_user.username', '=', assignee.trim().toLowerCase())
      .where('user_role.role', 'in', ['security_reviewer', 'admin'])
      .executeTakeFirst();
    if (!user) throw new CetmapError('CET_BAD_INPUT', `${assignee} is not a security reviewer.`);
    await trx
      .updateTable('security_case')
      .set({ assigned_to: user.id, status: 'in-review', updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(
      trx,
      row,
      viewer,
      'assigned',
      user.username,
      row.status === 'submitted' ? 'in-review' : null,
    );
  });

export const commentOnCase = (db: Db, viewer: CaseViewer, ref: number | string, body: string) =>
  reviewerStep(db, viewer, ref, (trx, row) => recordEvent(trx, row, viewer, 'comment', body, null));

export const requestInformation = (db: Db, viewer: CaseViewer, ref: number | string, question: string) =>
  reviewerStep(db, viewer, ref, async (trx, row) => {
    requireOpen(row);
    await trx
      .updateTable('security_case')
      .set({ status: 'awaiting-information', updated_at: new Date() })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, row, viewer, 'information-requested', question, 'awaiting-information');
  });

export async function decideCase(
  db: Db,
  viewer: CaseViewer,
  ref: number | string,
  input: { decision: Decision; reason: string; conditions?: string },
): Promise<CaseView> {
  if (input.decision === 'approve-with-conditions' && !input.conditions?.trim())
    throw new CetmapError('CET_BAD_INPUT', 'An approval with conditions needs the conditions.', {
      issues: [{ field: 'conditions', message: 'required for approve-with-conditions' }],
    });
  return reviewerStep(db, viewer, ref, async (trx, row) => {
    requireOpen(row);
    await trx
      .updateTable('security_case')
      .set({
        status: 'decided',
        decision: input.decision,
        decision_reason: input.reason,
        decision_conditions: input.conditions?.trim() || null,
        decided_at: new Date(),
        decided_by: viewer.userId,
        updated_at: new Date(),
      })
      .where('id', '=', row.id)
      .execute();
    await recordEvent(trx, row, viewer, 'decided', `${input.decision}: ${input.reason}`, 'decided');
  });
}

/** The submitter answers a request for information, or withdraws the case. */
export async function submitterStep(
  db: Db,
  viewer: CaseViewer,
  ref: number | string,
  step: { kind: 'respond'; answer: string } | { kind: 'withdraw'; reason: string },
): Promise<CaseView> {
  await db.transaction().execute(async (trx) => {
    const row = await loadCase(trx, ref);
    if (Number(row.submitter_id) !== viewer.userId) {
      relation(row, viewer); // a reviewer gets a clear refusal below; anyone else "not found"
      throw new CetmapError('CET_FORBIDDEN', 'Only the submitter answers or withdraws a case.');
    }
    if (step.kind === 'respond') {
      if (row.status !== 'awaiting-information')
        throw new CetmapError('CET_CONFLICT', `Case ${row.reference} is not awaiting information.`);
      await trx
        .updateTable('security_case')
        .set({ status: 'in-review', updated_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      await recordEvent(trx, row, viewer, 'information-provided', step.answer, 'in-review');
    } else {
      requireOpen(row);
      await trx
        .updateTable('security_case')
        .set({ status: 'withdrawn', updated_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      await recordEvent(trx, row, viewer, 'withdrawn', step.reason, 'withdrawn');
    }
  });
  return view(db, await loadCase(db, ref), 'submitter');
}

/**
 * Records deemed consent on every open case whose answer deadline lapsed (before `asOf`) under rules that deem
 * consent. Idempotent: a case is decided once. Returns the references recorded.
 */
export async function recordDeemedConsent(db: Db, actor: string, asOf = today()): Promise<string[]> {
  const rows = await db
    .selectFrom('security_case')
    .selectAll()
    .where('status', 'in', ['submitted', 'in-review', 'awaiting-information'])
    .where('deemed_consent', '=', true)
    .where('answer_due', '<', asOf)
    .orderBy('id')
    .execute();
  const viewer: CaseViewer = { userId: 0, organisation: null, reviewer: true, admin: true, actor };
  for (const row of rows) {
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('security_case')
        .set({
          status: 'decided',
          decision: 'deemed-consent',
          decision_reason: `No answer by ${row.answer_due}: consent is deemed given under the active rules.`,
          decided_at: new Date(),
          updated_at: new Date(),
        })
        .where('id', '=', row.id)
        .where('status', 'in', ['submitted', 'in-review', 'awaiting-information'])
        .execute();
      await recordEvent(trx, row, viewer, 'deemed-consent', `answer due ${row.answer_due} lapsed`, 'decided');
    });
  }
  return rows.map((r) => r.reference);
}

// ---------------------------------------------------------------- attachments

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Accepted types, each with the bytes its files start with (checked, so a renamed file is refused). */
export const ATTACHMENT_TYPES: Readonly<Record<string, { ext: string[]; magic?: number[] }>> = {
  'application/pdf': { ext: ['pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  'image/png': { ext: ['png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  'image/jpeg': { ext: ['jpg', 'jpeg'], magic: [0xff, 0xd8, 0xff] },
  'text/plain': { ext: ['txt'] },
  'text/csv': { ext: ['csv'] },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    ext: ['docx'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    ext: ['xlsx'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
};

export function checkAttachment(filename: string, mediaType: string, content: Uint8Array): void {
  const type = ATTACHMENT_TYPES[mediaType];
  const fail = (message: string, field: string) => {
    throw new CetmapError('CET_BAD_INPUT', message, { issues: [{ field, message }] });
  };
  if (!type)
    fail(
      `Files of type ${mediaType} are not accepted; accepted: ${Object.keys(ATTACHMENT_TYPES).join(', ')}.`,
      'mediaType',
    );
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const badName = [...filename].some((ch) => ch === '/' || ch === '\\' || ch.charCodeAt(0) < 0x20);
  if (badName || filename.length === 0 || filename.length > 200)
    fail('The file name is empty, too long or contains / \\ or control characters.', 'filename');
  if (!type!.ext.includes(ext))
    fail(`A ${mediaType} file should end in .${type!.ext.join(' or .')}.`, 'filename');
  if (content.length === 0) fail('The file is empty.', 'content');
  if (content.length > MAX_ATTACHMENT_BYTES)
    fail(
      `The file is ${content.length} bytes; the limit is ${MAX_ATTACHMENT_BYTES} bytes (10 MiB).`,
      'content',
    );
  if (type!.magic && !type!.magic.every((b, i) => content[i] === b))
    fail(`The file's content is not a ${mediaType} file.`, 'content');
  if (!type!.magic && content.includes(0)) fail('A text file must not contain NUL bytes.', 'content');
}

export async function addAttachment(
  db: Db,
  viewer: CaseViewer,
  ref: number | string,
  file: { filename: string; mediaType: string; content: Uint8Array },
): Promise<AttachmentInfo> {
  checkAttachment(file.filename, file.mediaType, file.content);
  return db.transaction().execute(async (trx) => {
    const row = await loadCase(trx, ref);
    relation(row, viewer);
    const digest = createHash('sha256').update(file.content).digest('hex');
    const saved = await trx
      .insertInto('security_attachment')
      .values({
        case_id: row.id,
        filename: file.filename,
        media_type: file.mediaType,
        size_bytes: file.content.length,
        sha256: digest,
        content: file.content,
        uploaded_by: viewer.actor,
      })
      .returning(['id', 'uploaded_at'])
      .executeTakeFirstOrThrow();
    await recordEvent(
      trx,
      row,
      viewer,
      'attachment-added',
      `${file.filename} (${file.content.length} bytes, sha256 ${digest})`,
      null,
    );
    return {
      id: Number(saved.id),
      filename: file.filename,
      mediaType: file.mediaType,
      sizeBytes: file.content.length,
      sha256: digest,
      uploadedAt: new Date(saved.uploaded_at).toISOString(),
    };
  });
}

export async function getAttachment(
  db: Db,
  viewer: CaseViewer,
  ref: number | string,
  attachmentId: number,
): Promise<{ filename: string; mediaType: string; content: Uint8Array; sha256: string }> {
  const row = await loadCase(db, ref);
  relation(row, viewer);
  const a = await db
    .selectFrom('security_attachment')
    .selectAll()
    .where('case_id', '=', row.id)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
  if (!a) throw notFound(`Attachment ${attachmentId}`);
  return { filename: a.filename, mediaType: a.media_type, content: a.content, sha256: a.sha256 };
}

// ---------------------------------------------------------------- reporting

/** Rows for the ministry: no names of people, no descriptions, no attachments (personal data minimised). */
export interface ReportRow {
  reference: string;
  caseType: string;
  organisation: string;
  counterpartCountry: string;
  technologyIds: string;
  riskLevel: string;
  status: string;
  decision: string;
  submittedOn: string;
  decidedOn: string;
  daysToDecision: number | null;
}

async function scopedCases(db: Db, viewer: CaseViewer): Promise<CaseRow[]> {
  if (!viewer.reviewer && !viewer.admin)
    throw new CetmapError('CET_FORBIDDEN', 'Reports are for security reviewers.');
  let q = db.selectFrom('security_case').selectAll().orderBy('id');
  if (!viewer.admin) q = q.where('organisation', '=', viewer.organisation ?? '\u0000none');
  return q.execute();
}

const count = (into: Record<string, number>, key: string) => {
  into[key] = (into[key] ?? 0) + 1;
};

function daysToDecision(r: CaseRow): number | null {
  if (!r.decided_at) return null;
  return Math.round((new Date(r.decided_at).getTime() - new Date(r.submitted_at).getTime()) / 86_400_000);
}

export async function securityReport(
  db: Db,
  viewer: CaseViewer,
): Promise<{ report: SecurityReport; rows: ReportRow[] }> {
  const cases = await scopedCases(db, viewer);
  const report: SecurityReport = {
    cases: cases.length,
    byType: {},
    byCountry: {},
    byTechnology: {},
    byOutcome: {},
    byRisk: {},
    medianDaysToDecision: null,
    decided: 0,
  };
  const days: number[] = [];
  for (const r of cases) {
    count(report.byType, r.case_type);
    count(report.byCountry, r.counterpart_country);
    for (const t of r.technology_ids) count(report.byTechnology, t);
    count(report.byOutcome, r.decision ?? r.status);
    count(report.byRisk, r.risk_level ?? 'unscreened');
    const d = daysToDecision(r);
    if (d !== null) days.push(d);
  }
  days.sort((a, b) => a - b);
  report.decided = days.length;
  if (days.length > 0) {
    const mid = Math.floor(days.length / 2);
    report.medianDaysToDecision = days.length % 2 ? days[mid]! : (days[mid - 1]! + days[mid]!) / 2;
  }
  const rows = cases.map((r) => ({
    reference: r.reference,
    caseType: r.case_type,
    organisation: r.organisation,
    counterpartCountry: r.counterpart_country,
    technologyIds: r.technology_ids.join(';'),
    riskLevel: r.risk_level ?? '',
    status: r.status,
    decision: r.decision ?? '',
    submittedOn: isoDay(r.submitted_at) ?? '',
    decidedOn: isoDay(r.decided_at) ?? '',
    daysToDecision: daysToDecision(r),
  }));
  return { report, rows };
}

export const REPORT_COLUMNS: ReadonlyArray<keyof ReportRow> = [
  'reference',
  'caseType',
  'organisation',
  'counterpartCountry',
  'technologyIds',
  'riskLevel',
  'status',
  'decision',
  'submittedOn',
  'decidedOn',
  'daysToDecision',
];
