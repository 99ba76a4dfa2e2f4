/** `cetmap calc <method> --input FILE.csv`: the pipeline's indicator methods on the analyst's own data. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import { CALC_METHODS, findCalcMethod, type CsvRow } from '../../calc/calc-methods.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import type { CliContext } from '../context.js';
import { format, table } from '../output.js';

export function readCalcCsv(path: string, required: readonly string[]): CsvRow[] {
  let text: Buffer;
  try {
    text = readFileSync(path);
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
  let rows: CsvRow[];
  try {
    rows = parse(text, {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim()),
      skip_empty_lines: true,
      trim: true,
    });
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `${basename(path)}: not valid CSV: ${(error as Error).message}`);
  }
  const header =
    rows.length > 0
      ? Object.keys(rows[0]!)
      : ((parse(text, { bom: true, to_line: 1 })[0] as string[] | undefined) ?? []);
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${basename(path)}: missing column(s) ${missing.join(', ')} (has: ${header.join(', ') || 'none'})`,
      {
        issues: missing.map((c) => ({
          field: c,
          message: 'column is missing',
          location: `${basename(path)}:row 1`,
        })),
      },
    );
  }
  return rows;
}

export function registerCalcCommand(program: Command, ctx: CliContext): void {
  program
    .command('calc')
    .description(`indicator methods on your own CSV: ${CALC_METHODS.map((m) => m.name).join(', ')}`)
    .argument('<method>', 'the method to apply')
    .requiredOption('--input <file>', 'CSV file with a header row')
    .option('--pct <n>', 'top-share: top percentage (default 10)')
    .option('--from <period>', 'cagr: first period')
    .option('--to <period>', 'cagr: last period')
    .option('--method <name>', 'level: gap method, linear or loglinear')
    .option('--window <years>', 'level: years of trend for the gap')
    .option('--s <n>', 'burst: rate multiplier of the burst state (default 2)')
    .option('--gamma <n>', 'burst: transition cost weight (default 1)')
    .option('--h <n>', 'holt: horizon in periods (default 5)')
    .option('--alpha <a>', 'holt: fixed level smoothing α in [0, 1] (with --beta; default fitted)')
    .option('--beta <b>', 'holt: fixed trend smoothing β* in [0, 1] (with --alpha)')
    .option('--authors <n>', 'emergence: distinct author sets among the term records')
    .option('--totals <file>', 'association: CSV with country, works (works with each country)')
    .option('--total-works <n>', 'association: N, works in the set (for the scaled association strength)')
    .option('--format <format>', 'table, json or csv', 'table')
    .addHelpText(
      'after',
      '\nMethods and their columns:\n' +
        CALC_METHODS.map(
          (m) =>
            `  ${m.name.padEnd(11)} ${[...m.columns, ...(m.optionalColumns ?? []).map((c) => `[${c}]`)].join(', ')}\n              ${m.description}`,
        ).join('\n'),
    )
    .action((name: string, opts: Record<string, string | undefined>) => {
      const method = findCalcMethod(name);
      if (!method)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `unknown method "${name}"; one of: ${CALC_METHODS.map((m) => m.name).join(', ')}`,
        );
      const f = format(opts.format, ['table', 'json', 'csv']);
      const input = readCalcCsv(opts.input!, method.columns);
      const result = method.run(
        input,
        opts,
        opts.totals ? { totals: readCalcCsv(opts.totals, ['country', 'works']) } : {},
      );
      if (f === 'json')
        return ctx.out(
          JSON.stringify({ method: method.name, description: result.method, rows: result.rows }, null, 2),
        );
      const header = Object.keys(result.rows[0] ?? {});
      const body = result.rows.map((r) => header.map((h) => r[h] ?? null));
      if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
      for (const line of table(header, body)) ctx.out(line);
      ctx.out(`method: ${result.method}`);
    });
}
