/**
 * Mission, milestone and KPI templates (CSV, or the first sheet of an .xlsx with the same columns) validated as a
 * whole: every problem is reported with file, row and column, and nothing is written unless every row is valid.
 * Pure.
 *
 * missions.csv:   id, cet, name_ko, name_en, ministry, start_year, end_year, source
 * milestones.csv: id, mission_id, name_ko, name_en, planned_date, forecast_date, actual_date (YYYY-MM-DD)
 * kpis.csv:       id, cet, mission_id, name_ko, name_en, unit, direction, baseline, baseline_year, owner_ministry
 * kpi_values.csv: kpi_id, year, target, actual
 */
import type { FieldIssue } from '../shared/errors.js';

export const MISSION_COLUMNS = [
  'id',
  'cet',
  'name_ko',
  'name_en',
  'ministry',
  'start_year',
  'end_year',
  'source',
] as const;
export const MILESTONE_COLUMNS = [
  'id',
  'mission_id',
  'name_ko',
  'name_en',
  'planned_date',
  'forecast_date',
  'actual_date',
] as const;
export const KPI_COLUMNS = [
  'id',
  'cet',
  'mission_id',
  'name_ko',
  'name_en',
  'unit',
  'direction',
  'baseline',
  'baseline_year',
  'owner_ministry',
] as const;
export const KPI_VALUE_COLUMNS = ['kpi_id', 'year', 'target', 'actual'] as const;

/** Columns a file must have (the others may be left out). */
export const REQUIRED_COLUMNS = {
  missions: ['id', 'cet', 'ministry', 'start_year', 'end_year'],
  milestones: ['id', 'mission_id', 'planned_date'],
  kpis: ['id', 'cet', 'unit', 'baseline_year', 'owner_ministry'],
  kpiValues: ['kpi_id', 'year'],
} as const;

export interface MissionRow {
  id: string;
  cet_id: string;
  name_ko: string | null;
  name_en: string | null;
  ministry: string;
  start_year: number;
  end_year: number;
  source: string | null;
  synthetic: boolean;
}
export interface MilestoneRow {
  id: string;
  mission_id: string;
  name_ko: string | null;
  name_en: string | null;
  planned_date: string;
  forecast_date: string | null;
  actual_date: string | null;
  synthetic: boolean;
}
export interface KpiRow {
  id: string;
  cet_id: string;
  mission_id: string | null;
  name_ko: string | null;
  name_en: string | null;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: number | null;
  baseline_year: number;
  owner_ministry: string;
  synthetic: boolean;
}
export interface KpiValueRow {
  kpi_id: string;
  year: number;
  target: number | null;
  actual: number | null;
}

export interface MissionInput {
  missions: MissionRow[];
  milestones: MilestoneRow[];
  kpis: KpiRow[];
  kpiValues: KpiValueRow[];
  issues: FieldIssue[];
}

type Record_ = Record<string, string>;

export interface MissionFiles {
  missions?: readonly Record_[];
  milestones?: readonly Record_[];
  kpis?: readonly Record_[];
  kpiValues?: readonly Record_[];
}

export interface MissionContext {
  /** CET field ids (e.g. kr2022.quantum). */
  knownCetIds: ReadonlySet<string>;
  knownMissionIds: ReadonlySet<string>;
  knownKpiIds: ReadonlySet<string>;
  files?: Partial<Record<keyof MissionFiles, string>>;
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function validateMissions(input: MissionFiles, context: MissionContext): MissionInput {
  const issues: FieldIssue[] = [];
  const file = (k: keyof MissionFiles) =>
    context.files?.[k] ??
    { missions: 'missions.csv', milestones: 'milestones.csv', kpis: 'kpis.csv', kpiValues: 'kpi_values.csv' }[
      k
    ];
  const issue = (f: string, i: number, field: string, message: string) =>
    issues.push({ field, message, location: `${f}:row ${i + 2}` }); // the header is row 1
  const text = (r: Record_, k: string) => (r[k] ?? '').trim();
  const year = (f: string, i: number, r: Record_, k: string): number => {
    const v = text(r, k);
    if (!/^\d{4}$/.test(v)) issue(f, i, k, `"${v}" is not a year`);
    return Number(v);
  };
  const date = (f: string, i: number, r: Record_, k: string, required: boolean): string | null => {
    const v = text(r, k);
    if (v === '') {
      if (required) issue(f, i, k, 'is empty');
      return null;
    }
    const ok = /^\d{4}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
    if (!ok) issue(f, i, k, `"${v}" is not a date (YYYY-MM-DD)`);
    return ok ? v : null;
  };
  const number = (f: string, i: number, r: Record_, k: string): number | null => {
    const v = text(r, k).replace(/,/g, '');
    if (v === '') return null;
    const n = Number(v);
    if (!Number.isFinite(n)) {
      issue(f, i, k, `"${text(r, k)}" is not a number`);
      return null;
    }
    return n;
  };
  const names = (f: string, i: number, r: Record_) => {
    const ko = text(r, 'name_ko') || null;
    const en = text(r, 'name_en') || null;
    if (!ko && !en) issue(f, i, 'name_ko', 'needs a Korean or English name');
    return { name_ko: ko, name_en: en };
  };
  const idOf = (f: string, i: number, r: Record_, k: string, seen: Map<string, number>): string => {
    const id = text(r, k);
    if (!ID.test(id)) issue(f, i, k, `"${id}" is not a valid id`);
    else if (seen.has(id)) issue(f, i, k, `duplicate of row ${seen.get(id)! + 2}`);
    seen.set(id, i);
    return id;
  };
  const cet = (f: string, i: number, r: Record_): string => {
    const v = text(r, 'cet');
    if (!context.knownCetIds.has(v))
      issue(f, i, 'cet', `unknown CET "${v}" (a field id such as kr2022.quantum)`);
    return v;
  };

  const missions: MissionRow[] = [];
  const missionIds = new Map<string, number>();
  const fm = file('missions');
  (input.missions ?? []).forEach((r, i) => {
    const id = idOf(fm, i, r, 'id', missionIds);
    const cetId = cet(fm, i, r);
    const ministry = text(r, 'ministry');
    if (!ministry) issue(fm, i, 'ministry', 'is empty');
    const start = year(fm, i, r, 'start_year');
    const end = year(fm, i, r, 'end_year');
    if (end < start) issue(fm, i, 'end_year', `ends (${end}) before it starts (${start})`);
    missions.push({
      id,
      cet_id: cetId,
      ...names(fm, i, r),
      ministry,
      start_year: start,
      end_year: end,
      source: text(r, 'source') || null,
      synthetic: false,
    });
  });
  const missionKnown = (id: string) => missionIds.has(id) || context.knownMissionIds.has(id);

  const milestones: MilestoneRow[] = [];
  const milestoneIds = new Map<string, number>();
  const fs = file('milestones');
  (input.milestones ?? []).forEach((r, i) => {
    const id = idOf(fs, i, r, 'id', milestoneIds);
    const missionId = text(r, 'mission_id');
    if (!missionKnown(missionId)) issue(fs, i, 'mission_id', `unknown mission "${missionId}"`);
    milestones.push({
      id,
      mission_id: missionId,
      ...names(fs, i, r),
      planned_date: date(fs, i, r, 'planned_date', true) ?? '',
      forecast_date: date(fs, i, r, 'forecast_date', false),
      actual_date: date(fs, i, r, 'actual_date', false),
      synthetic: false,
    });
  });

  const kpis: KpiRow[] = [];
  const kpiIds = new Map<string, number>();
  const fk = file('kpis');
  (input.kpis ?? []).forEach((r, i) => {
    const id = idOf(fk, i, r, 'id', kpiIds);
    const cetId = cet(fk, i, r);
    const missionId = text(r, 'mission_id') || null;
    if (missionId !== null && !missionKnown(missionId))
      issue(fk, i, 'mission_id', `unknown mission "${missionId}"`);
    const unit = text(r, 'unit');
    if (!unit) issue(fk, i, 'unit', 'is empty (e.g. KRW, count, %, rank)');
    const direction = text(r, 'direction') || 'increase';
    if (direction !== 'increase' && direction !== 'decrease')
      issue(fk, i, 'direction', `"${direction}" is not increase or decrease`);
    const owner = text(r, 'owner_ministry');
    if (!owner) issue(fk, i, 'owner_ministry', 'is empty');
    kpis.push({
      id,
      cet_id: cetId,
      mission_id: missionId,
      ...names(fk, i, r),
      unit,
      direction: direction as KpiRow['direction'],
      baseline: number(fk, i, r, 'baseline'),
      baseline_year: year(fk, i, r, 'baseline_year'),
      owner_ministry: owner,
      synthetic: false,
    });
  });

  const kpiValues: KpiValueRow[] = [];
  const valueKeys = new Map<string, number>();
  const fv = file('kpiValues');
  (input.kpiValues ?? []).forEach((r, i) => {
    const kpiId = text(r, 'kpi_id');
    if (!kpiIds.has(kpiId) && !context.knownKpiIds.has(kpiId))
      issue(fv, i, 'kpi_id', `unknown KPI "${kpiId}"`);
    const y = year(fv, i, r, 'year');
    const key = `${kpiId}|${y}`;
    if (valueKeys.has(key)) issue(fv, i, 'year', `duplicate of row ${valueKeys.get(key)! + 2}`);
    valueKeys.set(key, i);
    const target = number(fv, i, r, 'target');
    const actual = number(fv, i, r, 'actual');
    if (target === null && actual === null && text(r, 'target') === '' && text(r, 'actual') === '')
      issue(fv, i, 'target', 'a row needs a target or an actual value');
    kpiValues.push({ kpi_id: kpiId, year: y, target, actual });
  });
  return { missions, milestones, kpis, kpiValues, issues };
}
