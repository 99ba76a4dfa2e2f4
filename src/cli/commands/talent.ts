/** `cetmap talent researchers|flows`: researchers and their moves per technology (aggregated, small cells hidden). */
import type { Command } from 'commander';
import { CetmapError } from '../../shared/errors.js';
import { technologyFlows, technologyResearchers } from '../../talent/talent-queries.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';

function int(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0)
    throw new CetmapError('CET_BAD_INPUT', `${name} must be a whole number, got "${value}"`);
  return n;
}

const cell = (v: number | null): string | number => (v === null ? `<min` : v);

export function registerTalentCommands(program: Command, ctx: CliContext): void {
  const talent = program.command('talent').description('researchers and mobility per technology');

  talent
    .command('researchers')
    .description('active authors per country in a technology and year')
    .requiredOption('--tech <id>', 'technology id')
    .option('--year <year>', 'year (default: the latest data year)')
    .option('--min-cell <n>', 'hide counts under this many people', '5')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { tech: string; year?: string; minCell: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const year = int(opts.year, '--year');
        const r = await technologyResearchers(handle.db, opts.tech, {
          ...(year !== undefined ? { year } : {}),
          minCell: int(opts.minCell, '--min-cell')!,
        });
        if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
        const header = ['country', 'authors (full)', 'authors (fractional)'];
        const rows = r.countries.map((c) => [c.country, cell(c.full), cell(c.fractional)]);
        if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
        ctx.out(
          `${r.techId} ${r.year}: ${r.world} active authors${r.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
        );
        for (const line of table(header, rows)) ctx.out(line);
        ctx.out(`method: ${r.method}`);
      }),
    );

  talent
    .command('flows')
    .description('researcher moves between countries in a technology: inflow, outflow, net')
    .requiredOption('--tech <id>', 'technology id')
    .option('--year <year>', 'year of arrival (default: the latest data year)')
    .option('--max-gap <years>', 'longest gap between observations', '2')
    .option('--min-works <n>', 'works an author-year needs to count (filters one-off affiliations)', '2')
    .option('--min-cell <n>', 'hide counts under this many people', '5')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(
      (opts: {
        tech: string;
        year?: string;
        maxGap: string;
        minWorks: string;
        minCell: string;
        format: string;
      }) =>
        withReference(ctx, async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          const year = int(opts.year, '--year');
          const r = await technologyFlows(handle.db, opts.tech, {
            ...(year !== undefined ? { targetYear: year } : {}),
            maxGap: int(opts.maxGap, '--max-gap')!,
            minWorks: int(opts.minWorks, '--min-works')!,
            minCell: int(opts.minCell, '--min-cell')!,
          });
          if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
          const header = ['country', 'inflow', 'outflow', 'net'];
          const rows = r.byCountry.map((c) => [c.country, cell(c.inflow), cell(c.outflow), cell(c.net)]);
          if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
          ctx.out(
            `${r.techId} ${r.params.targetYear}: ${r.moves} moves among ${r.authorsObserved} authors${r.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
          );
          for (const line of table(header, rows)) ctx.out(line);
          ctx.out(`method: ${r.method}`);
        }),
    );
}
