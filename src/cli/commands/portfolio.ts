/** `cetmap portfolio …`: programmes, budgets and the master plan's targets. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { BUDGET_COLUMNS, PROGRAMME_COLUMNS, validatePortfolio } from '../../portfolio/portfolio-file.js';
import {
  budgetRollup,
  enterMeasurement,
  importPortfolio,
  measureTargets,
  type BudgetBasis,
} from '../../portfolio/portfolio-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { readCalcCsv } from './calc.js';

const trillion = (krw: number | null): string => (krw === null ? '–' : `${(krw / 1e12).toFixed(2)}조원`);

export function registerPortfolioCommands(program: Command, ctx: CliContext): void {
  const portfolio = program
    .command('portfolio')
    .description('programmes, budgets (KRW) and the master plan targets');

  portfolio
    .command('import')
    .description('import programmes and budgets from CSV templates (all rows valid, or nothing is written)')
    .option('--programmes <file>', `CSV with ${PROGRAMME_COLUMNS.join(', ')}`)
    .option('--budgets <file>', `CSV with ${BUDGET_COLUMNS.join(', ')}`)
    .action((opts: { programmes?: string; budgets?: string }) =>
      withReference(ctx, async (handle) => {
        if (!opts.programmes && !opts.budgets)
          throw new CetmapError('CET_BAD_INPUT', 'give --programmes and/or --budgets');
        const programmes = opts.programmes
          ? readCalcCsv(
              opts.programmes,
              PROGRAMME_COLUMNS.filter((c) => c !== 'agency' && c !== 'status'),
            )
          : [];
        const budgets = opts.budgets ? readCalcCsv(opts.budgets, ['programme_id', 'year']) : [];
        const techs = await handle.db.selectFrom('technology').select('id').execute();
        const known = await handle.db.selectFrom('programme').select('id').execute();
        const input = validatePortfolio(programmes, budgets, {
          knownTechIds: new Set(techs.map((t) => t.id)),
          knownProgrammeIds: new Set(known.map((p) => p.id)),
          programmesFile: opts.programmes ?? 'programmes.csv',
          budgetsFile: opts.budgets ?? 'budgets.csv',
        });
        const r = await importPortfolio(handle.db, input);
        ctx.out(`imported ${r.programmes} programmes and ${r.budgets} budget lines`);
      }),
    );

  portfolio
    .command('template')
    .description('write empty CSV templates (programmes.csv, budgets.csv) to a folder')
    .requiredOption('--out <dir>', 'folder')
    .action((opts: { out: string }) => {
      mkdirSync(opts.out, { recursive: true });
      writeFileSync(
        join(opts.out, 'programmes.csv'),
        toCsv(
          [...PROGRAMME_COLUMNS],
          [
            [
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
          ],
        ),
      );
      writeFileSync(
        join(opts.out, 'budgets.csv'),
        toCsv([...BUDGET_COLUMNS], [['prog-001', 2024, 'false', 12000000000, 11500000000, 11000000000]]),
      );
      ctx.out(`wrote programmes.csv and budgets.csv templates to ${opts.out}`);
    });

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
