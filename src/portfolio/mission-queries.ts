/**
 * Missions, milestones and KPIs: import (all or nothing, each changed row kept in the change history with its
 * before and after), the mission/KPI board of a CET with milestone slippage and KPI status, and the change history.
 */
import type { Kysely, Transaction } from 'kysely';
import type { ChangeActor } from '../auth/audit-queries.js';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import type { MissionInput } from './mission-file.js';
import { kpiStatus, milestoneSlippage, type Slippage } from './mission-rules.js';
import type { TargetStatus } from './target-status.js';

type Db = Kysely<Database>;

/** Runs `fn` in the caller's transaction when there is one, else in a new transaction. */
export const inTransaction = <T>(db: Db, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db as Transaction<Database>) : db.transaction().execute(fn);

/** Who changes the data, and how the change reaches the audit log (route: auditRequest; CLI: appendAudit). */
export interface ChangeRecord {
  id: number;
  at: string;
  actor: string;
  action: string;
  objectType: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

/** JSON with sorted keys, so a row read back compares equal to the same row written. */
const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  );
const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/** Writes one history row when the object changed; returns whether it did. */
export async function recordChange(
  trx: Db,
  actor: string,
  action: string,
  objectType: string,
  objectId: string,
  before: unknown,
  after: unknown,
): Promise<boolean> {
  if (same(before ?? null, after ?? null)) return false;
  await trx
    .insertInto('portfolio_change')
    .values({
      actor,
      action,
      object_type: objectType,
      object_id: objectId,
      before: before === undefined || before === null ? null : JSON.stringify(before),
      after: after === undefined || after === null ? null : JSON.stringify(after),
    })
    .execute();
  return true;
}

export async function changeHistory(
  db: Db,
  filter: { objectType?: string; objectId?: string; cetId?: string; limit?: number } = {},
): Promise<ChangeRecord[]> {
  let q = db.selectFrom('portfolio_change').selectAll();
  if (filter.objectType) q = q.where('object_type', '=', filter.objectType);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.cetId) {
    // Everything that belongs to the CET: its missions and their milestones, its KPIs and their values, its reviews.
    const cet = filter.cetId;
    const [missions, milestones, kpis, reviews] = await Promise.all([
      db.selectFrom('mission').select('id').where('cet_id', '=', cet).execute(),
      db
        .selectFrom('milestone')
        .innerJoin('mission', 'mission.id', 'milestone.mission_id')
        .select('milestone.id')
        .where('mission.cet_id', '=', cet)
        .execute(),
      db.selectFrom('kpi').select('id').where('cet_id', '=', cet).execute(),
      db.selectFrom('cet_review').select('id').where('cet_id', '=', cet).execute(),
    ]);
    const ids = (type: string, list: string[]) => ({ type, list });
    const groups = [
      ids(
        'mission',
        missions.map((m) => m.id),
      ),
      ids(
        'milestone',
        milestones.map((m) => m.id),
      ),
      ids(
        'kpi',
        kpis.map((k) => k.id),
      ),
      ids(
        'cet_review',
        reviews.map((r) => String(r.id)),
      ),
    ].filter((g) => g.list.length > 0);
    const kpiIds = kpis.map((k) => k.id);
    q = q.where((eb) =>
      eb.or([
        ...groups.map((g) => eb.and([eb('object_type', '=', g.type), eb('object_id', 'in', g.list)])),
        ...(kpiIds.length
          ? [
              eb.and([
                eb('object_type', '=', 'kpi_value'),
                eb(eb.fn('split_part', ['object_id', eb.val('/'), eb.val(1)]), 'in', kpiIds),
              ]),
            ]
          : []),
        eb.val(false),
      ]),
    );
  }
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit ?? 200)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    objectType: r.object_type,
    objectId: r.object_id,
    before: r.before,
    after: r.after,
  }));
}

/** Known ids for validating an import against what is already stored. */
export async function missionContext(db: Db) {
  const [cets, missions, kpis] = await Promise.all([
    db.selectFrom('technology').select('id').where('parent_id', 'is', null).execute(),
    db.selectFrom('mission').select('id').execute(),
    db.selectFrom('kpi').select('id').execute(),
  ]);
  return {
    knownCetIds: new Set(cets.map((c) => c.id)),
    knownMissionIds: new Set(missions.map((m) => m.id)),
    knownKpiIds: new Set(kpis.map((k) => k.id)),
  };
}

export interface MissionImportResult {
  missions: number;
  milestones: number;
  kpis: number;
  kpiValues: number;
  changed: number;
}

/** Writes missions, milestones, KPIs and KPI values in one transaction; rejects the whole input on any issue. */
export async function importMissions(
  db: Db,
  input: MissionInput,
  who: ChangeActor,
): Promise<MissionImportResult> {
  if (input.issues.length > 0) {
    const first = input.issues[0]!;
    throw new CetmapError(
      'CET_BAD_INPUT',
      `import rejected, nothing written: ${first.location} ${first.field}: ${first.message}` +
        (input.issues.length > 1 ? ` (and ${input.issues.length - 1} more)` : ''),
      { issues: input.issues },
    );
  }
  const action = 'portfolio.missions.import';
  let changed = 0;
  await inTransaction(db, async (trx) => {
    for (const m of input.missions) {
      const before = await trx.selectFrom('mission').selectAll().where('id', '=', m.id).executeTakeFirst();
      const { id, ...rest } = m;
      await trx
        .insertInto('mission')
        .values(m)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
      if (await recordChange(trx, who.actor, action, 'mission', id, before ?? null, m)) changed++;
    }
    for (const m of input.milestones) {
      const before = await trx.selectFrom('milestone').selectAll().where('id', '=', m.id).executeTakeFirst();
      const { id, ...rest } = m;
      await trx
        .insertInto('milestone')
        .values(m)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
      if (await recordChange(trx, who.actor, action, 'milestone', id, before ?? null, m)) changed++;
    }
    for (const k of input.kpis) {
      const before = await trx.selectFrom('kpi').selectAll().where('id', '=', k.id).executeTakeFirst();
      const { id, ...rest } = k;
      await trx
        .insertInto('kpi')
        .values(k)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
      if (await recordChange(trx, who.actor, action, 'kpi', id, before ?? null, k)) changed++;
    }
    for (const v of input.kpiValues) {
      const before = await trx
        .selectFrom('kpi_value')
        .selectAll()
        .where('kpi_id', '=', v.kpi_id)
        .where('year', '=', v.year)
        .executeTakeFirst();
      await trx
        .insertInto('kpi_value')
        .values(v)
        .onConflict((oc) =>
          oc.columns(['kpi_id', 'year']).doUpdateSet({ target: v.target, actual: v.actual }),
        )
        .execute();
      if (await recordChange(trx, who.actor, action, 'kpi_value', `${v.kpi_id}/${v.year}`, before ?? null, v))
        changed++;
    }
    await who.audit?.(trx, {
      action,
      objectType: 'portfolio',
      objectId: 'missions',
      after: input,
      detail: {
        missions: input.missions.length,
        milestones: input.milestones.length,
        kpis: input.kpis.length,
        kpiValues: input.kpiValues.length,
        changed,
      },
    });
  });
  return {
    missions: input.missions.length,
    milestones: input.milestones.length,
    kpis: input.kpis.length,
    kpiValues: input.kpiValues.length,
    changed,
  };
}

export interface MilestoneView {
  id: string;
  nameKo: string | null;
  nameEn: string | null;
  plannedDate: string;
  forecastDate: string | null;
  actualDate: string | null;
  slippage: Slippage;
}

export interface MissionView {
  id: string;
  nameKo: string | null;
  nameEn: string | null;
  ministry: string;
  startYear: number;
  endYear: number;
  source: string | null;
  synthetic: boolean;
  milestones: MilestoneView[];
}

export interface KpiView {
  id: string;
  missionId: string | null;
  nameKo: string | null;
  nameEn: string | null;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: number | null;
  baselineYear: number;
  ownerMinistry: string;
  synthetic: boolean;
  values: Array<{ year: number; target: number | null; actual: number | null }>;
  /** The year's target, actual and status (the latest year with an actual when `year` has none). */
  year: number;
  target: number | null;
  actual: number | null;
  status: TargetStatus;
  progress: number | null;
}

export interface MissionBoard {
  cet: { id: string; nameKo: string | null; nameEn: string | null };
  year: number;
  today: string;
  synthetic: boolean;
  missions: MissionView[];
  kpis: KpiView[];
  summary: {
    milestones: number;
    late: number;
    maxDaysLate: number;
    kpiStatus: Record<TargetStatus, number>;
  };
  rules: { slippage: string; kpiStatus: string };
}

export const SLIPPAGE_RULE =
  'days late = actual − planned date when reached; otherwise (forecast, else planned) − planned, or today − planned once that date has passed (overdue)';
export const KPI_STATUS_RULE =
  "the plan target rule on the path from the KPI's baseline to the year's target: on track ≥ 95 % of the progress due, at risk ≥ 75 %, off track below";

/** The missions (with milestones and slippage) and KPIs (with yearly values and status) of one CET field. */
export async function missionBoard(
  db: Db,
  cetId: string,
  year: number,
  today = new Date().toISOString().slice(0, 10),
): Promise<MissionBoard> {
  const cet = await db
    .selectFrom('technology')
    .select(['id', 'name_ko', 'name_en'])
    .where('id', '=', cetId)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
  if (!cet) throw new CetmapError('CET_NOT_FOUND', `CET field ${cetId} was not found.`);
  const missions = await db
    .selectFrom('mission')
    .selectAll()
    .where('cet_id', '=', cetId)
    .orderBy('start_year')
    .orderBy('id')
    .execute();
  const milestones = missions.length
    ? await db
        .selectFrom('milestone')
        .selectAll()
        .where(
          'mission_id',
          'in',
          missions.map((m) => m.id),
        )
        .orderBy('planned_date')
        .orderBy('id')
        .execute()
    : [];
  const kpis = await db.selectFrom('kpi').selectAll().where('cet_id', '=', cetId).orderBy('id').execute();
  const values = kpis.length
    ? await db
        .selectFrom('kpi_value')
        .selectAll()
        .where(
          'kpi_id',
          'in',
          kpis.map((k) => k.id),
        )
        .orderBy('year')
        .execute()
    : [];

  const missionViews: MissionView[] = missions.map((m) => ({
    id: m.id,
    nameKo: m.name_ko,
    nameEn: m.name_en,
    ministry: m.ministry,
    startYear: m.start_year,
    endYear: m.end_year,
    source: m.source,
    synthetic: m.synthetic,
    milestones: milestones
      .filter((s) => s.mission_id === m.id)
      .map((s) => ({
        id: s.id,
        nameKo: s.name_ko,
        nameEn: s.name_en,
        plannedDate: s.planned_date,
        forecastDate: s.forecast_date,
        actualDate: s.actual_date,
        slippage: milestoneSlippage(
          { planned: s.planned_date, forecast: s.forecast_date, actual: s.actual_date },
          today,
        ),
      })),
  }));
  const kpiViews: KpiView[] = kpis.map((k) => {
    const own = values
      .filter((v) => v.kpi_id === k.id)
      .map((v) => ({ year: v.year, target: v.target, actual: v.actual }));
    const measured = own.filter((v) => v.year <= year && v.actual !== null).at(-1);
    const at = own.find((v) => v.year === year && v.actual !== null) ?? measured;
    const shownYear = at?.year ?? year;
    const target = own.find((v) => v.year === shownYear)?.target ?? null;
    const actual = at?.actual ?? null;
    const s = kpiStatus(
      { baseline: k.baseline, baselineYear: k.baseline_year, direction: k.direction },
      shownYear,
      target,
      actual,
    );
    return {
      id: k.id,
      missionId: k.mission_id,
      nameKo: k.name_ko,
      nameEn: k.name_en,
      unit: k.unit,
      direction: k.direction,
      baseline: k.baseline,
      baselineYear: k.baseline_year,
      ownerMinistry: k.owner_ministry,
      synthetic: k.synthetic,
      values: own,
      year: shownYear,
      target,
      actual,
      status: s.status,
      progress: s.progress,
    };
  });
  const all = missionViews.flatMap((m) => m.milestones);
  const late = all.filter((m) => m.slippage.daysLate > 0);
  const kpiCounts: Record<TargetStatus, number> = { on_track: 0, at_risk: 0, off_track: 0, no_data: 0 };
  for (const k of kpiViews) kpiCounts[k.status]++;
  return {
    cet: { id: cet.id, nameKo: cet.name_ko, nameEn: cet.name_en },
    year,
    today,
    synthetic: missions.some((m) => m.synthetic) || kpis.some((k) => k.synthetic),
    missions: missionViews,
    kpis: kpiViews,
    summary: {
      milestones: all.length,
      late: late.length,
      maxDaysLate: Math.max(0, ...all.map((m) => m.slippage.daysLate)),
      kpiStatus: kpiCounts,
    },
    rules: { slippage: SLIPPAGE_RULE, kpiStatus: KPI_STATUS_RULE },
  };
}
