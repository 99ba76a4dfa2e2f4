/**
 * Performance management routes: plan targets with status and budget roll-ups and import templates (public);
 * programmes, missions and KPIs with slippage and status, reviews, budget lines with recommended changes, the
 * change history, exports and the annual PDF report (programmes:read); imports, reviews and measurements
 * (programmes:write, audited in the write's transaction).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { FieldIssue } from '../../shared/errors.js';
import { CetmapError } from '../../shared/errors.js';
import { REQUIRED_COLUMNS, validateMissions, type MissionFiles } from '../../portfolio/mission-file.js';
import {
  changeHistory,
  importMissions,
  missionBoard,
  missionContext,
} from '../../portfolio/mission-queries.js';
import { REVIEW_AREAS } from '../../portfolio/mission-rules.js';
import { performanceReportData, performanceReportPdf } from '../../portfolio/performance-report.js';
import { EXPORT_TABLES, exportTable, TEMPLATE_NAMES, TEMPLATES } from '../../portfolio/portfolio-export.js';
import { PROGRAMME_COLUMNS, validatePortfolio } from '../../portfolio/portfolio-file.js';
import {
  budgetRollup,
  enterMeasurement,
  importPortfolio,
  measureTargets,
} from '../../portfolio/portfolio-queries.js';
import { budgetLines, listReviews, submitReview } from '../../portfolio/review-queries.js';
import { readTable, tableCsv, tableXlsx, type TableRecord } from '../../portfolio/table-io.js';
import { auditRequest, changeActor } from '../access-control.js';
import type { AppDeps } from '../app.js';

const cetParam = z.object({ cet: z.string().regex(/^[a-z0-9_.-]{2,80}$/) });
const yearQuery = z.coerce.number().int().min(2000).max(2100);
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** One uploaded file: CSV text, or an .xlsx workbook in base64. */
const upload = z
  .object({
    name: z.string().max(200).optional(),
    csv: z.string().max(5_000_000).optional(),
    xlsxBase64: z.string().max(7_000_000).optional(),
  })
  .refine((f) => (f.csv === undefined) !== (f.xlsxBase64 === undefined), 'give csv or xlsxBase64');
type Upload = z.infer<typeof upload>;

const readUpload = async (
  f: Upload | undefined,
  fallback: string,
  required: readonly string[],
): Promise<TableRecord[] | undefined> =>
  f === undefined
    ? undefined
    : readTable(
        f.csv !== undefined ? Buffer.from(f.csv, 'utf8') : Buffer.from(f.xlsxBase64!, 'base64'),
        f.name ?? fallback,
        required,
      );

const status = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);

export const portfolioRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/portfolio/targets',
      {
        config: { access: 'public' },
        schema: {
          tags: ['portfolio'],
          summary:
            "The master plan's targets, each measured (from cetmap's data where possible) with its status",
          querystring: z.object({
            year: z.coerce.number().int().min(2000).max(2100).optional(),
            country: z
              .string()
              .regex(/^[A-Za-z]{2}$/)
              .default('KR'),
          }),
          response: {
            200: z.object({
              plan: z.string(),
              sources: z.array(z.string()),
              rule: z.string(),
              ruleKo: z.string(),
              targets: z.array(
                z.object({
                  id: z.string(),
                  name_en: z.string(),
                  name_ko: z.string(),
                  unit: z.string(),
                  direction: z.enum(['increase', 'decrease']),
                  baseline: z.number().nullable(),
                  baseline_year: z.number(),
                  target: z.number(),
                  target_year: z.number(),
                  measure: z.string(),
                  year: z.number(),
                  actual: z.number().nullable(),
                  source: z.string(),
                  sourceKo: z.string(),
                  status,
                  expected: z.number().nullable(),
                  progress: z.number().nullable(),
                  met: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      async (request) =>
        measureTargets(
          db(),
          request.query.year ?? new Date().getUTCFullYear(),
          request.query.country.toUpperCase(),
        ),
    );

    app.get(
      '/portfolio/budgets',
      {
        config: { access: 'public' },
        schema: {
          tags: ['portfolio'],
          summary:
            'Budgets by CET field × ministry × year in KRW (programme budgets split by technology share)',
          querystring: z.object({ basis: z.enum(['planned', 'allocated', 'executed']).default('allocated') }),
          response: {
            200: z.object({
              basis: z.string(),
              unit: z.literal('KRW'),
              cells: z.array(
                z.object({
                  cet: z.string(),
                  ministry: z.string(),
                  year: z.number(),
                  krw: z.number(),
                  smeKrw: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        basis: request.query.basis,
        unit: 'KRW' as const,
        cells: await budgetRollup(db(), request.query.basis),
      }),
    );

    app.get(
      '/portfolio/programmes',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary: 'Programmes with their ministry, kind, years and technologies',
        },
      },
      async () => {
        const rows = await db().selectFrom('programme').selectAll().orderBy('id').execute();
        const links = await db().selectFrom('programme_tech').selectAll().execute();
        return {
          programmes: rows.map((p) => ({ ...p, technologies: links.filter((l) => l.programme_id === p.id) })),
        };
      },
    );

    app.post(
      '/portfolio/measurements',
      {
        config: { access: { permission: 'programmes:write' } },
        schema: {
          tags: ['portfolio'],
          summary: 'Enter a measurement, with evidence, for a target cetmap cannot compute (audited)',
          body: z.object({
            targetId: z.string().max(64),
            year: z.number().int().min(2000).max(2100),
            value: z.number(),
            evidence: z.string().min(3).max(2000),
          }),
        },
      },
      async (request, reply) => {
        const b = request.body;
        await db()
          .transaction()
          .execute(async (trx) => {
            await enterMeasurement(trx, { ...b, enteredBy: request.user?.username ?? 'unknown' });
            await auditRequest(trx, request, {
              action: 'portfolio.measurement.enter',
              objectType: 'plan_target',
              objectId: `${b.targetId}/${b.year}`,
              after: b,
            });
          });
        return reply.code(201).send({ ok: true });
      },
    );

    app.get(
      '/portfolio/cets/:cet/board',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary:
            'Mission/KPI board of a CET field: missions with milestone slippage (days late) and KPIs with status',
          params: cetParam,
          querystring: z.object({ year: yearQuery.optional() }),
        },
      },
      async (request) =>
        missionBoard(db(), request.params.cet, request.query.year ?? new Date().getUTCFullYear()),
    );

    app.get(
      '/portfolio/budget-lines',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary:
            "Budget lines by CET field × year (KRW) with the annual reviews' recommended changes next to them",
          querystring: z.object({ cet: z.string().max(80).optional() }),
        },
      },
      async (request) => ({ unit: 'KRW', lines: await budgetLines(db(), request.query.cet) }),
    );

    app.get(
      '/portfolio/reviews',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary:
            'Annual reviews of the CETs: scores (1–5) and comments per area, recommended budget change',
          querystring: z.object({ cet: z.string().max(80).optional(), year: yearQuery.optional() }),
        },
      },
      async (request) => ({
        areas: REVIEW_AREAS,
        reviews: await listReviews(db(), {
          ...(request.query.cet ? { cetId: request.query.cet } : {}),
          ...(request.query.year ? { year: request.query.year } : {}),
        }),
      }),
    );

    const score = z.number().int().min(1).max(5);
    app.post(
      '/portfolio/reviews',
      {
        config: { access: { permission: 'programmes:write' } },
        schema: {
          tags: ['portfolio'],
          summary:
            "Submit (or change) one's annual review of a CET with a recommended budget change for the next year (audited, kept in the history)",
          body: z.object({
            cetId: z.string().max(80),
            year: yearQuery,
            scores: z.object({
              technology: score,
              projects: score,
              talent: score,
              international: score,
              institutional: score,
            }),
            comments: z
              .object({
                technology: z.string().max(4000),
                projects: z.string().max(4000),
                talent: z.string().max(4000),
                international: z.string().max(4000),
                institutional: z.string().max(4000),
              })
              .partial()
              .default({}),
            summary: z.string().max(4000).nullish(),
            recommendedChangeKrw: z.number().int().min(-1e15).max(1e15),
            programmeId: z.string().max(64).nullish(),
            rationale: z.string().max(4000).nullish(),
          }),
        },
      },
      async (request, reply) => {
        const review = await submitReview(db(), request.body, changeActor(request));
        return reply.code(201).send(review);
      },
    );

    app.get(
      '/portfolio/history',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary: 'Change history of missions, milestones, KPIs and reviews: who, when, before and after',
          querystring: z.object({
            objectType: z.enum(['mission', 'milestone', 'kpi', 'kpi_value', 'cet_review']).optional(),
            objectId: z.string().max(200).optional(),
            cet: z.string().max(80).optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(200),
          }),
        },
      },
      async (request) => {
        const { cet, ...rest } = request.query;
        return { changes: await changeHistory(db(), { ...rest, ...(cet ? { cetId: cet } : {}) }) };
      },
    );

    app.post(
      '/portfolio/import',
      {
        config: { access: { permission: 'programmes:write' } },
        bodyLimit: 20_000_000,
        schema: {
          tags: ['portfolio'],
          summary:
            'Import programmes, budgets, missions, milestones, KPIs and KPI values (CSV or XLSX); any bad row rejects the whole import with its location',
          body: z.object({
            programmes: upload.optional(),
            budgets: upload.optional(),
            missions: upload.optional(),
            milestones: upload.optional(),
            kpis: upload.optional(),
            kpiValues: upload.optional(),
          }),
        },
      },
      async (request) => {
        const b = request.body;
        const read = {
          programmes: await readUpload(
            b.programmes,
            'programmes.csv',
            PROGRAMME_COLUMNS.filter((c) => c !== 'agency' && c !== 'status'),
          ),
          budgets: await readUpload(b.budgets, 'budgets.csv', ['programme_id', 'year']),
          missions: await readUpload(b.missions, 'missions.csv', REQUIRED_COLUMNS.missions),
          milestones: await readUpload(b.milestones, 'milestones.csv', REQUIRED_COLUMNS.milestones),
          kpis: await readUpload(b.kpis, 'kpis.csv', REQUIRED_COLUMNS.kpis),
          kpiValues: await readUpload(b.kpiValues, 'kpi_values.csv', REQUIRED_COLUMNS.kpiValues),
        };
        if (Object.values(read).every((v) => v === undefined))
          throw new CetmapError('CET_BAD_INPUT', 'send at least one file');
        const techs = await db().selectFrom('technology').select('id').execute();
        const known = await db().selectFrom('programme').select('id').execute();
        const portfolio = validatePortfolio(read.programmes ?? [], read.budgets ?? [], {
          knownTechIds: new Set(techs.map((t) => t.id)),
          knownProgrammeIds: new Set(known.map((p) => p.id)),
          programmesFile: b.programmes?.name ?? 'programmes.csv',
          budgetsFile: b.budgets?.name ?? 'budgets.csv',
        });
        const files: MissionFiles = {};
        if (read.missions) files.missions = read.missions;
        if (read.milestones) files.milestones = read.milestones;
        if (read.kpis) files.kpis = read.kpis;
        if (read.kpiValues) files.kpiValues = read.kpiValues;
        const names: Record<string, string> = {};
        if (b.missions?.name) names.missions = b.missions.name;
        if (b.milestones?.name) names.milestones = b.milestones.name;
        if (b.kpis?.name) names.kpis = b.kpis.name;
        if (b.kpiValues?.name) names.kpiValues = b.kpiValues.name;
        const missions = validateMissions(files, { ...(await missionContext(db())), files: names });
        const issues: FieldIssue[] = [...portfolio.issues, ...missions.issues];
        if (issues.length > 0) {
          throw new CetmapError(
            'CET_BAD_INPUT',
            `import rejected, nothing written: ${issues[0]!.location} ${issues[0]!.field}: ${issues[0]!.message}` +
              (issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''),
            { issues },
          );
        }
        // Both parts in one transaction: a failure in the second leaves the first unwritten too.
        return db()
          .transaction()
          .execute(async (trx) => {
            const p = await importPortfolio(trx, portfolio);
            const m = await importMissions(trx, missions, changeActor(request));
            if (p.programmes + p.budgets > 0)
              await auditRequest(trx, request, {
                action: 'portfolio.programmes.import',
                objectType: 'portfolio',
                objectId: 'programmes',
                after: portfolio,
                detail: { programmes: p.programmes, budgets: p.budgets },
              });
            return { ...p, ...m };
          });
      },
    );

    app.get(
      '/portfolio/templates/:name',
      {
        config: { access: 'public' },
        schema: {
          tags: ['portfolio'],
          summary: 'Import template with its columns and an example row, as CSV or XLSX',
          params: z.object({ name: z.enum(TEMPLATE_NAMES as [string, ...string[]]) }),
          querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
        },
      },
      async (request, reply) => {
        const t = TEMPLATES[request.params.name as keyof typeof TEMPLATES];
        const file = `${request.params.name}-template.${request.query.format}`;
        reply.header('content-disposition', `attachment; filename="${file}"`);
        if (request.query.format === 'xlsx')
          return reply.type(XLSX_TYPE).send(await tableXlsx(t.header, [t.example]));
        return reply.type('text/csv; charset=utf-8').send(tableCsv(t.header, [t.example]));
      },
    );

    app.get(
      '/portfolio/export/:table',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary:
            'Export a performance-management table (programmes, budgets, KPIs, reviews, history …) as CSV or XLSX',
          params: z.object({ table: z.enum(EXPORT_TABLES) }),
          querystring: z.object({ format: z.enum(['csv', 'xlsx']).default('csv') }),
        },
      },
      async (request, reply) => {
        const data = await exportTable(db(), request.params.table);
        reply.header(
          'content-disposition',
          `attachment; filename="cetmap-${request.params.table}.${request.query.format}"`,
        );
        if (request.query.format === 'xlsx')
          return reply.type(XLSX_TYPE).send(await tableXlsx(data.header, data.rows));
        return reply.type('text/csv; charset=utf-8').send(tableCsv(data.header, data.rows));
      },
    );

    app.get(
      '/portfolio/cets/:cet/report.pdf',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary:
            'Printable annual performance report of a CET field (PDF): budgets, KPIs, milestones, reviews',
          params: cetParam,
          querystring: z.object({ year: yearQuery.optional() }),
        },
      },
      async (request, reply) => {
        const year = request.query.year ?? new Date().getUTCFullYear() - 1;
        const data = await performanceReportData(db(), request.params.cet, year);
        const report = await performanceReportPdf(data);
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="${request.params.cet}-performance-${year}.pdf"`,
          )
          .send(report.pdf);
      },
    );
  };
