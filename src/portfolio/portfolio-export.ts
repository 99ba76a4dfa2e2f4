/**
 * Every performance-management table as header + rows, for CSV and XLSX exports and the downloadable templates.
 * The import templates use the same columns as the exports, so an export edited in a spreadsheet imports back.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { KPI_COLUMNS, KPI_VALUE_COLUMNS, MILESTONE_COLUMNS, MISSION_COLUMNS } from './mission-file.js';
import { REVIEW_AREAS } from './mission-rules.js';
import { BUDGET_COLUMNS, PROGRAMME_COLUMNS } from './portfolio-file.js';
import { budgetRollup } from './portfolio-queries.js';
import { listReviews } from './review-queries.js';

export const EXPORT_TABLES = [
  'programmes',
  'budgets',
  'budget_rollup',
  'missions',
  'milestones',
  'kpis',
  'kpi_values',
  'reviews',
  'changes',
] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** The import templates: columns and one example row each. */
export const TEMPLATES = {
  programmes: {
    header: PROGRAMME_COLUMNS,
    example: [
      'prog-001',
      '예시 사업',
      'Example programme',
      'MSIT',
      'IITP',
      'cet_project',
      2024,
      2028,
      'active',
      'kr2022.quantum.computing:0.7;kr2022.quantum.sensing:0.3',
    ],
  },
  budgets: {
    header: BUDGET_COLUMNS,
    example: ['prog-001', 2024, 'false', 12000000000, 11500000000, 11000000000],
  },
  missions: {
    header: MISSION_COLUMNS,
    example: [
      'mis-q-001',
      'kr2022.quantum',
      '양자컴퓨터 실증',
      'Quantum computer demonstration',
      'MSIT',
      2024,
      2028,
      'MSIT 2024 implementation plan',
    ],
  },
  milestones: {
    header: MILESTONE_COLUMNS,
    example: [
      'mis-q-001-1',
      'mis-q-001',
      '50큐비트 시연',
      '50-qubit demonstration',
      '2025-06-30',
      '2025-09-30',
      '',
    ],
  },
  kpis: {
    header: KPI_COLUMNS,
    example: [
      'kpi-q-001',
      'kr2022.quantum',
      'mis-q-001',
      '큐비트 수',
      'Qubits',
      'count',
      'increase',
      20,
      2023,
      'MSIT',
    ],
  },
  kpi_values: { header: KPI_VALUE_COLUMNS, example: ['kpi-q-001', 2025, 50, 44] },
} as const;
export type TemplateName = keyof typeof TEMPLATES;
export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export interface TableData {
  header: string[];
  rows: unknown[][];
}

export async function exportTable(db: Kysely<Database>, table: ExportTable): Promise<TableData> {
  switch (table) {
    case 'programmes': {
      const rows = await db.selectFrom('programme').selectAll().orderBy('id').execute();
      const links = await db.selectFrom('programme_tech').selectAll().orderBy('tech_id').execute();
      return {
        header: [...PROGRAMME_COLUMNS, 'synthetic'],
        rows: rows.map((p) => [
          p.id,
          p.name_ko,
          p.name_en,
          p.ministry,
          p.agency,
          p.kind,
          p.start_year,
          p.end_year,
          p.status,
          links
            .filter((l) => l.programme_id === p.id)
            .map((l) => `${l.tech_id}:${l.share}`)
            .join(';'),
          p.synthetic,
        ]),
      };
    }
    case 'budgets': {
      const rows = await db
        .selectFrom('budget_line')
        .selectAll()
        .orderBy('programme_id')
        .orderBy('year')
        .orderBy('sme')
        .execute();
      return {
        header: [...BUDGET_COLUMNS],
        rows: rows.map((b) => [
          b.programme_id,
          b.year,
          b.sme,
          b.planned_krw,
          b.allocated_krw,
          b.executed_krw,
        ]),
      };
    }
    case 'budget_rollup': {
      const cells = await budgetRollup(db, 'allocated');
      return {
        header: ['cet', 'ministry', 'year', 'allocated_krw', 'sme_allocated_krw'],
        rows: cells.map((c) => [c.cet, c.ministry, c.year, c.krw, c.smeKrw]),
      };
    }
    case 'missions': {
      const rows = await db.selectFrom('mission').selectAll().orderBy('cet_id').orderBy('id').execute();
      return {
        header: [...MISSION_COLUMNS, 'synthetic'],
        rows: rows.map((m) => [
          m.id,
          m.cet_id,
          m.name_ko,
          m.name_en,
          m.ministry,
          m.start_year,
          m.end_year,
          m.source,
          m.synthetic,
        ]),
      };
    }
    case 'milestones': {
      const rows = await db.selectFrom('milestone').selectAll().orderBy('mission_id').orderBy('id').execute();
      return {
        header: [...MILESTONE_COLUMNS, 'synthetic'],
        rows: rows.map((m) => [
          m.id,
          m.mission_id,
          m.name_ko,
          m.name_en,
          m.planned_date,
          m.forecast_date,
          m.actual_date,
          m.synthetic,
        ]),
      };
    }
    case 'kpis': {
      const rows = await db.selectFrom('kpi').selectAll().orderBy('cet_id').orderBy('id').execute();
      return {
        header: [...KPI_COLUMNS, 'synthetic'],
        rows: rows.map((k) => [
          k.id,
          k.cet_id,
          k.mission_id,
          k.name_ko,
          k.name_en,
          k.unit,
          k.direction,
          k.baseline,
          k.baseline_year,
          k.owner_ministry,
          k.synthetic,
        ]),
      };
    }
    case 'kpi_values': {
      const rows = await db.selectFrom('kpi_value').selectAll().orderBy('kpi_id').orderBy('year').execute();
      return {
        header: [...KPI_VALUE_COLUMNS],
        rows: rows.map((v) => [v.kpi_id, v.year, v.target, v.actual]),
      };
    }
    case 'reviews': {
      const reviews = await listReviews(db);
      return {
        header: [
          'id',
          'cet',
          'year',
          'reviewer',
          ...REVIEW_AREAS.map((a) => `score_${a}`),
          'mean_score',
          ...REVIEW_AREAS.map((a) => `comment_${a}`),
          'summary',
          'recommended_change_krw',
          'recommended_year',
          'programme_id',
          'rationale',
          'synthetic',
          'updated_at',
        ],
        rows: reviews.map((r) => [
          r.id,
          r.cetId,
          r.year,
          r.reviewer,
          ...REVIEW_AREAS.map((a) => r.scores[a] ?? null),
          r.meanScore,
          ...REVIEW_AREAS.map((a) => r.comments[a] ?? null),
          r.summary,
          r.recommendedChangeKrw,
          r.recommendedYear,
          r.programmeId,
          r.rationale,
          r.synthetic,
          r.updatedAt,
        ]),
      };
    }
    case 'changes': {
      const rows = await db.selectFrom('portfolio_change').selectAll().orderBy('id').execute();
      return {
        header: ['id', 'at', 'actor', 'action', 'object_type', 'object_id', 'before', 'after'],
        rows: rows.map((c) => [
          Number(c.id),
          new Date(c.at).toISOString(),
          c.actor,
          c.action,
          c.object_type,
          c.object_id,
          c.before === null ? null : JSON.stringify(c.before),
          c.after === null ? null : JSON.stringify(c.after),
        ]),
      };
    }
    default:
      throw new CetmapError('CET_BAD_INPUT', `unknown table "${String(table)}"`);
  }
}
