/**
 * `cetmap portfolio …`: programmes, budgets, missions, milestones and KPIs (import from CSV/XLSX, templates,
 * exports), the mission/KPI board of a CET, annual reviews, the master plan's targets and the annual PDF report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Command } from 'commander';
import { appendAudit } from '../../auth/audit-queries.js';
import {
  KPI_COLUMNS,
  KPI_VALUE_COLUMNS,
  MILESTONE_COLUMNS,
  MISSION_COLUMNS,
  REQUIRED_COLUMNS,
  validateMissions,
  type MissionFiles,
} from '../../portfolio/mission-file.js';
import { importMissions, missionBoard, missionContext } from '../../portfolio/mission-queries.js';
import { REVIEW_AREAS } from '../../portfolio/mission-rules.js';
import { performanceReportData, performanceReportPdf } from '../../portfolio/performance-report.js';
import {
  EXPORT_TABLES,
  exportTable,
  TEMPLATE_NAMES,
  TEMPLATES,
  type ExportTable,
} from '../../portfolio/portfolio-export.js';
import { BUDGET_COLUMNS, PROGRAMME_COLUMNS, validatePortfolio } from '../../portfolio/portfolio-file.js';
import {
  budgetRollup,
  enterMeasurement,
  importPortfolio,
  measureTargets,
  type BudgetBasis,
} from '../../portfolio/portfolio-queries.js';
import { listReviews } from '../../portfolio/review-queries.js';
import { readTable, tableCsv, tableXlsx } from '../../portfolio/table-io.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { cliActor, cliChangeActor } from './users.js';

const readBytes = (file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `cannot read ${file}: ${(error as Error).message}`);
  }
};

const yearOption = (text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  const year = Number(text);
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    throw new CetmapError('CET_BAD_INPUT', `--year must be a year, got ${text}`);
  return year;
};

const trillion = (krw: number | null): string => (krw === null ? '–' : `${(krw / 1e12).toFixed(2)}조원`);

export function registerPortfolioCommands(program: Command, ctx: CliContext): void {
  const portfolio = program
    .command('portfolio')
    .description('programmes, budgets (KRW), missions, KPIs, reviews and the master plan targets');

  portfolio
    .command('import')
    .description(
      'import programmes, budgets, missions, milestones, KPIs and KPI values from CSV or XLSX templates ' +
        '(all rows valid, or nothing is written)',
    )
    .option('--programmes <file>', `CSV/XLSX with ${PROGRAMME_COLUMNS.join(', ')}`)
    .option('--budgets <file>', `CSV/XLSX with ${BUDGET_COLUMNS.join(', ')}`)
    .option('--missions <file>', `CSV/XLSX with ${MISSION_COLUMNS.join(', ')}`)
    .option('--milestones <file>', `CSV/XLSX with ${MILESTONE_COLUMNS.join(', ')}`)
    .option('--kpis <file>', `CSV/XLSX with ${KPI_COLUMNS.join(', ')}`)
    .option('--kpi-values <file>', `CSV/XLSX with ${KPI_VALUE_COLUMNS.join(', ')}`)
    .action(
      (opts: {
        programmes?: string;
        budgets?: string;
        missions?: string;
        milestones?: string;
        kpis?: string;
        kpiValues?: string;
      }) =>
        withReference(ctx, async (handle) => {
          const read = async (file: string | undefined, required: readonly string[]) =>
            file === undefined ? undefined : readTable(readBytes(file), basename(file), required);
          const files = {
            programmes: await read(
              opts.programmes,
              PROGRAMME_COLUMNS.filter((c) => c !== 'agency' && c !== 'status'),
            ),
            budgets: await read(opts.budgets, ['programme_id', 'year']),
            missions: await read(opts.missions, REQUIRED_COLUMNS.missions),
            milestones: await read(opts.milestones, REQUIRED_COLUMNS.milestones),
            kpis: await read(opts.kpis, REQUIRED_COLUMNS.kpis),
            kpiValues: await read(opts.kpiValues, REQUIRED_COLUMNS.kpiValues),
          };
          if (Object.values(files).every((f) => f === undefined))
            throw new CetmapError(
              'CET_BAD_INPUT',
              'give at least one of --programmes, --budgets, --missions, --milestones, --kpis, --kpi-values',
            );
          const techs = await handle.db.selectFrom('technology').select('id').execute();
          const known = await handle.db.selectFrom('programme').select('id').execute();
          const portfolioInput = validatePortfolio(files.programmes ?? [], files.budgets ?? [], {
            knownTechIds: new Set(techs.map((t) => t.id)),
            knownProgrammeIds: new Set(known.map((p) => p.id)),
            programmesFile: opts.programmes ? basename(opts.programmes) : 'programmes.csv',
            budgetsFile: opts.budgets ? basename(opts.budgets) : 'budgets.csv',
          });
          const missionFiles: MissionFiles = {};
          const names: Partial<Record<keyof MissionFiles, string>> = {};
          for (const k of ['missions', 'milestones', 'kpis', 'kpiValues'] as const) {
            if (files[k]) missionFiles[k] = files[k];
            if (opts[k]) names[k] = basename(opts[k]);
          }
          const missionInput = validateMissions(missionFiles, {
            ...(await missionContext(handle.db)),
            files: names,
          });
          const issues = [...portfolioInput.issues, ...missionInput.issues];
          if (issues.length > 0) {
            for (const i of issues) ctx.err(`${i.location} ${i.field}: ${i.message}`);
            throw new CetmapError(
              'CET_BAD_INPUT',
              `import rejected, nothing written: ${issues.length} problem${issues.length > 1 ? 's' : ''} (listed above)`,
              { issues },
            );
          }
          const actor = cliActor();
          const r = await handle.db.transaction().execute(async (trx) => {
            const p = await importPortfolio(trx, portfolioInput);
            if (p.programmes + p.budgets > 0)
              await appendAudit(trx, {
                actor,
                action: 'portfolio.programmes.import',
                objectType: 'portfolio',
                objectId: 'programmes',
                after: portfolioInput,
                detail: { programmes: p.programmes, budgets: p.budgets },
              });
            const m = await importMissions(trx, missionInput, cliChangeActor());
            return { ...p, ...m };
          });
          ctx.out(
            `imported ${r.programmes} programmes, ${r.budgets} budget lines, ${r.missions} missions, ` +
              `${r.milestones} milestones, ${r.kpis} KPIs and ${r.kpiValues} KPI values (${r.changed} changed)`,
          );
        }),
    );

  portfolio
    .command('template')
    .description(`write the import templates (${TEMPLATE_NAMES.join(', ')}) as CSV or XLSX to a folder`)
    .requiredOption('--out <dir>', 'folder')
    .option('--xlsx', 'write .xlsx workbooks instead of .csv files')
    .action(async (opts: { out: string; xlsx?: boolean }) => {
      mkdirSync(opts.out, { recursive: true });
      for (const name of TEMPLATE_NAMES) {
        const t = TEMPLATES[name];
        const file = join(opts.out, `${name}.${opts.xlsx ? 'xlsx' : 'csv'}`);
        if (opts.xlsx) writeFileSync(file, await tableXlsx(t.header, [t.example]));
        else writeFileSync(file, tableCsv(t.header, [t.example]));
      }
      ctx.out(
        `wrote ${TEMPLATE_NAMES.map((n) => `${n}.${opts.xlsx ? 'xlsx' : 'csv'}`).join(', ')} to ${opts.out}`,
      );
    });

  portfolio
    .command('export')
    .description(`export tables (${EXPORT_TABLES.join(', ')}) as CSV or XLSX`)
    .option('--table <name>', 'one table (default: all, into --out as a folder)')
    .option('--format <format>', 'csv or xlsx', 'csv')
    .requiredOption('--out <path>', 'file for one table, folder for all')
    .action((opts: { table?: string; format: string; out: string }) =>
      withReference(ctx, async (handle) => {
        const f = opts.format;
        if (f !== 'csv' && f !== 'xlsx')
          throw new CetmapError('CET_BAD_INPUT', `--format must be csv or xlsx, got ${opts.format}`);
        if (opts.table && !(EXPORT_TABLES as readonly string[]).includes(opts.table))
          throw new CetmapError(
            'CET_BAD_INPUT',
            `--table must be one of ${EXPORT_TABLES.join(', ')}, got ${opts.table}`,
          );
        const tables = opts.table ? [opts.table as ExportTable] : [...EXPORT_TABLES];
        if (!opts.table) mkdirSync(opts.out, { recursive: true });
        for (const table of tables) {
          const data = await exportTable(handle.db, table);
          const file = opts.table ? opts.out : join(opts.out, `${table}.${f}`);
          if (f === 'xlsx') writeFileSync(file, await tableXlsx(data.header, data.rows));
          else writeFileSync(file, tableCsv(data.header, data.rows));
          ctx.out(`${table}: ${data.rows.length} rows -> ${file}`);
        }
      }),
    );

  portfolio
    .command('board')
    .description('missions with milestone slippage and KPIs with status, for one CET field')
    .requiredOption('--cet <id>', 'CET field id, e.g. kr2022.quantum')
    .option('--year <year>', 'year of the KPI status (default: the current year)')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { cet: string; year?: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const year = yearOption(opts.year, new Date().getUTCFullYear());
        const b = await missionBoard(handle.db, opts.cet, year);
        if (f === 'json') return ctx.out(JSON.stringify(b, null, 2));
        ctx.out(
          `${b.cet.id} ${b.cet.nameEn ?? ''} / ${b.cet.nameKo ?? ''}${b.synthetic ? ' (SYNTHETIC)' : ''}`,
        );
        for (const line of table(
          ['mission', 'milestone', 'planned', 'forecast', 'actual', 'days late', 'state'],
          b.missions.flatMap((m) =>
            m.milestones.map((s) => [
              m.id,
              s.nameEn ?? s.nameKo ?? s.id,
              s.plannedDate,
              s.forecastDate ?? '–',
              s.actualDate ?? '–',
              s.slippage.daysLate,
              s.slippage.state,
            ]),
          ),
        ))
          ctx.out(line);
        for (const line of table(
          ['KPI', 'owner', 'unit', 'baseline', 'year', 'target', 'actual', 'status'],
          b.kpis.map((k) => [
            k.nameEn ?? k.nameKo ?? k.id,
            k.ownerMinistry,
            k.unit,
            k.baseline ?? '–',
            k.year,
            k.target ?? '–',
            k.actual ?? '–',
            k.status,
          ]),
        ))
          ctx.out(line);
        ctx.out(`slippage: ${b.rules.slippage}`);
        ctx.out(`KPI status: ${b.rules.kpiStatus}`);
      }),
    );

  portfolio
    .command('reviews')
    .description('annual reviews with scores, mean and the recommended budget change for the next year (KRW)')
    .option('--cet <id>', 'CET field id')
    .option('--year <year>', 'review year')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { cet?: string; year?: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const reviews = await listReviews(handle.db, {
          ...(opts.cet ? { cetId: opts.cet } : {}),
          ...(opts.year ? { year: yearOption(opts.year, 0) } : {}),
        });
        if (f === 'json') return ctx.out(JSON.stringify(reviews, null, 2));
        const header = ['cet', 'year', 'reviewer', ...REVIEW_AREAS, 'mean', 'change_krw', 'for_year'];
        const rows = reviews.map((r) => [
          r.cetId,
          r.year,
          r.reviewer,
          ...REVIEW_AREAS.map((a) => r.scores[a] ?? ''),
          r.meanScore,
          r.recommendedChangeKrw,
          r.recommendedYear,
        ]);
        if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
        for (const line of table(
          header,
          rows.map((r) => r.map((v, i) => (i === header.length - 2 ? trillion(Number(v)) : v))),
        ))
          ctx.out(line);
      }),
    );

  portfolio
    .command('report')
    .description(
      'printable annual performance report of a CET field (PDF): budgets, KPIs, milestones, reviews',
    )
    .requiredOption('--cet <id>', 'CET field id, e.g. kr2022.quantum')
    .option('--year <year>', 'report year (default: last year)')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--english-only', 'leave out Korean text even when a Korean font is installed')
    .action((opts: { cet: string; year?: string; out: string; englishOnly?: boolean }) =>
      withReference(ctx, async (handle) => {
        const year = yearOption(opts.year, new Date().getUTCFullYear() - 1);
        const data = await performanceReportData(handle.db, opts.cet, year);
        const r = await performanceReportPdf(data, { englishOnly: opts.englishOnly ?? false });
        writeFileSync(opts.out, r.pdf);
        ctx.out(
          `wrote ${opts.out} (${Math.round(r.pdf.length / 1024)} KB, ${r.pages} page${r.pages > 1 ? 's' : ''}): ` +
            `${data.board.kpis.length} KPIs, ${data.board.summary.milestones} milestones, ${data.reviews.length} reviews` +
            `${r.korean ? ', Korean labels' : ', English only (no Korean font found)'}` +
            `${data.synthetic ? ', SYNTHETIC data' : ''}`,
        );
      }),
    );

  portfolio
    .command('budgets')
    .description('budgets by CET field × ministry × year (KRW)')
    .option('--basis <basis>', 'planned, allocated or executed', 'allocated')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { basis: string; format: string }) =>
      withReference(ctx, async (handle) => {
        if (!['planned', 'allocated', 'executed'].includes(opts.basis))
          throw new CetmapError('CET_BAD_INPUT', '--basis must be planned, allocated or executed');
        const f = format(opts.format, ['table', 'json', 'csv']);
        const cells = await budgetRollup(handle.db, opts.basis as BudgetBasis);
        if (f === 'json') return ctx.out(JSON.stringify({ basis: opts.basis, unit: 'KRW', cells }, null, 2));
        const header = ['cet', 'ministry', 'year', 'krw', 'sme_krw'];
        const rows = cells.map((c) => [c.cet, c.ministry, c.year, c.krw, c.smeKrw]);
        if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
        for (const line of table(
          ['cet', 'ministry', 'year', `${opts.basis}`, 'of which SME'],
          cells.map((c) => [c.cet, c.ministry, c.year, trillion(c.krw), trillion(c.smeKrw)]),
        ))
          ctx.out(line);
      }),
    );

  portfolio
    .command('targets')
    .description('the master plan targets with their measurement and status')
    .option('--year <year>', 'year of measurement (default: the current year)')
    .option('--country <code>', 'home country', 'KR')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { year?: string; country: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const year = opts.year ? Number(opts.year) : new Date().getUTCFullYear();
        if (!Number.isInteger(year))
          throw new CetmapError('CET_BAD_INPUT', `--year must be a year, got ${opts.year}`);
        const r = await measureTargets(handle.db, year, opts.country.toUpperCase());
        if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
        const show = (unit: string, v: number | null) =>
          v === null
            ? '–'
            : unit === 'KRW'
              ? trillion(v)
              : unit === 'share'
                ? `${(v * 100).toFixed(0)}%`
                : String(Number(v.toFixed(2)));
        const rows = r.targets.map((t) => [
          t.id,
          show(t.unit, t.baseline),
          `${show(t.unit, t.target)} (${t.target_year})`,
          show(t.unit, t.actual),
          show(t.unit, t.expected),
          t.status,
        ]);
        for (const line of table(
          ['target', 'baseline', 'target', `measured ${year}`, 'expected', 'status'],
          rows,
        ))
          ctx.out(line);
        ctx.out(`rule: ${r.rule}`);
      }),
    );

  portfolio
    .command('measure <target>')
    .description('enter a measurement, with its evidence, for a target cetmap cannot compute')
    .requiredOption('--year <year>', 'year')
    .requiredOption('--value <n>', 'value')
    .requiredOption('--evidence <text>', 'source or document reference')
    .action((targetId: string, opts: { year: string; value: string; evidence: string }) =>
      withReference(ctx, async (handle) => {
        const year = Number(opts.year);
        const value = Number(opts.value);
        if (!Number.isInteger(year) || !Number.isFinite(value))
          throw new CetmapError('CET_BAD_INPUT', '--year and --value must be numbers');
        await enterMeasurement(handle.db, {
          targetId,
          year,
          value,
          evidence: opts.evidence,
          enteredBy: `cli:${process.env.USER ?? 'unknown'}`,
        });
        ctx.out(`recorded ${targetId} ${year} = ${value}`);
      }),
    );
}
