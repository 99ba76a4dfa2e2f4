/**
 * `cetmap foresight emerging` and `cetmap foresight forecast`: emerging topics with their bursts, emergence
 * score and early movers; Holt forecasts with intervals and their backtest, and the catch-up year.
 */
import type { Command } from 'commander';
import type { ForecastMetric } from '../../foresight/forecast.js';
import { emergingTopics, technologyForecast } from '../../foresight/foresight-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { REFERENCE_SEEDERS, withDatabase, type CliContext } from '../context.js';
import { format, table } from '../output.js';

const r = (x: number | null | undefined, digits = 3): number | null =>
  x === null || x === undefined ? null : Number(x.toFixed(digits));
const pct = (x: number | null | undefined): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`;

function positive(value: string | undefined, name: string, fallback: number, integer = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(Number.isFinite(n) && n > 0) || (integer && !Number.isInteger(n)))
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${name} must be a positive ${integer ? 'whole ' : ''}number, got "${value}"`,
    );
  return n;
}

function country(value: string, name: string): string {
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${name} must be an ISO 3166-1 alpha-2 code such as KR, got "${value}"`,
    );
  return value.toUpperCase();
}

export function registerForesightCommands(program: Command, ctx: CliContext): void {
  const foresight = program
    .command('foresight')
    .description('emerging topics and forecasts with backtests (supply chains: `cetmap supply`)');

  foresight
    .command('emerging')
    .description('topics (or keywords) bursting within a technology, with emergence score and early movers')
    .requiredOption(
      '--tech <id>',
      'technology id (e.g. kr2022.ai.advanced_modeling), or "all" for every work',
    )
    .option('--by <term>', 'topic (primary OpenAlex topic) or keyword', 'topic')
    .option('--home <cc>', 'home country: is it among the early movers?', 'KR')
    .option('--limit <n>', 'how many terms', '10')
    .option('--s <n>', 'burst rate multiplier (default 2)')
    .option('--gamma <n>', 'burst transition cost weight (default 1)')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(
      (opts: {
        tech: string;
        by: string;
        home: string;
        limit: string;
        s?: string;
        gamma?: string;
        format: string;
      }) =>
        withDatabase(
          ctx,
          async (handle) => {
            const f = format(opts.format, ['table', 'json', 'csv']);
            if (opts.by !== 'topic' && opts.by !== 'keyword')
              throw new CetmapError('CET_BAD_INPUT', '--by must be topic or keyword');
            const s = positive(opts.s, '--s', 2);
            if (!(s > 1)) throw new CetmapError('CET_BAD_INPUT', '--s must be greater than 1');
            const report = await emergingTopics(handle.db, opts.tech === 'all' ? null : opts.tech, {
              by: opts.by,
              home: country(opts.home, '--home'),
              limit: positive(opts.limit, '--limit', 10, true),
              s,
              gamma: opts.gamma === undefined ? 1 : Number(opts.gamma),
            });
            if (f === 'json') return ctx.out(JSON.stringify(report, null, 2));
            const header = [
              'rank',
              'term',
              'label',
              'records',
              'bursts',
              'recent_burst',
              'escore',
              'candidate',
              'growth_3y',
              'extreme_growth',
              'leading_countries',
              `${report.home}_rank`,
              `${report.home}_share`,
            ];
            const body = report.topics.map((t, i) => [
              i + 1,
              t.term,
              t.label,
              t.records,
              t.bursts.map((b) => `${b.start}–${b.end} (${b.weight.toFixed(1)})`).join('; '),
              t.recentBurst ? 'yes' : 'no',
              r(t.emergence?.escore),
              t.emergence?.candidate === null || !t.emergence
                ? null
                : t.emergence.candidate
                  ? 'yes'
                  : `no (${t.emergence.failed.join(', ')})`,
              r(t.growth3y),
              t.extremeGrowth ? 'yes' : 'no',
              t.countries.map((c) => `${c.unit} ${pct(c.share)}`).join(', '),
              t.homeRank,
              r(t.homeShare),
            ]);
            if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
            for (const line of table(
              ['#', 'term', 'bursts', 'escore', 'early movers', `${report.home}`],
              body.map((b) => [
                b[0]!,
                `${b[1]} ${b[2]}`,
                b[4] || '–',
                b[6] ?? '–',
                b[10]!,
                b[11] === null ? '–' : `#${b[11]}`,
              ]),
              48,
            ))
              ctx.out(line);
            ctx.out(
              `${report.techId ?? 'all works'}, ${report.years[0]}–${report.years.at(-1)}; s = ${report.params.s}, γ = ${report.params.gamma}` +
                (report.vintage.synthetic ? '; SYNTHETIC demo data' : ''),
            );
            ctx.out(`method: ${report.method}`);
          },
          { seed: REFERENCE_SEEDERS },
        ),
    );

  foresight
    .command('forecast')
    .description('Holt forecast of a technology × country series with intervals, backtest and catch-up year')
    .requiredOption('--tech <id>', 'technology id')
    .requiredOption('--country <cc>', 'country (alpha-2)')
    .option('--metric <m>', 'works, share or top10_share', 'works')
    .option('--h <years>', 'horizon in years', '5')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { tech: string; country: string; metric: string; h: string; format: string }) =>
      withDatabase(
        ctx,
        async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          if (!['works', 'share', 'top10_share'].includes(opts.metric))
            throw new CetmapError('CET_BAD_INPUT', '--metric must be works, share or top10_share');
          const h = positive(opts.h, '--h', 5, true);
          if (h > 20) throw new CetmapError('CET_BAD_INPUT', '--h must be at most 20');
          const report = await technologyForecast(handle.db, opts.tech, country(opts.country, '--country'), {
            metric: opts.metric as ForecastMetric,
            horizon: h,
          });
          if (f === 'json') return ctx.out(JSON.stringify(report, null, 2));
          const fc = report.forecast;
          const header = ['year', 'kind', 'value', 'lo80', 'hi80', 'lo95', 'hi95'];
          const body: Array<Array<string | number | null>> = fc
            ? [
                ...fc.years.map((y, i) => [y, 'observed', r(fc.values[i], 4), null, null, null, null]),
                ...fc.model.forecasts.map((x, i) => [
                  fc.forecastYears[i]!,
                  'forecast',
                  r(x.forecast, 4),
                  r(x.lo80, 4),
                  r(x.hi80, 4),
                  r(x.lo95, 4),
                  r(x.hi95, 4),
                ]),
              ]
            : [];
          if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
          ctx.out(
            `${report.techId} · ${report.country} · ${report.metricLabel}${report.vintage.synthetic ? ' · SYNTHETIC demo data' : ''}`,
          );
          for (const line of table(header, body)) ctx.out(line);
          if (fc) {
            const bt = fc.backtest;
            ctx.out(
              `model: α = ${r(fc.model.alpha)}, β* = ${r(fc.model.betaStar)} (fitted), SSE = ${r(fc.model.sse, 4)}, σ̂² = ${r(fc.model.sigma2, 4)}`,
            );
            ctx.out('backtest (rolling origin, h = 1):');
            for (const line of table(
              ['train to', 'forecast', 'naive', 'actual', 'APE', '|e|/scale'],
              bt.rows.map((row) => [
                fc.years[row.trainN - 1]!,
                r(row.forecast, 4),
                r(row.naive, 4),
                r(row.actual, 4),
                r(row.ape),
                r(row.scaledAbsError),
              ]),
            ))
              ctx.out(`  ${line}`);
            ctx.out(
              `  MAPE ${r(bt.mapePercent, 2) ?? '–'} %, MASE ${r(bt.mase) ?? '–'} (naive: MAPE ${r(bt.naiveMapePercent, 2) ?? '–'} %, MASE ${r(bt.naiveMase) ?? '–'})`,
            );
          }
          const c = report.catchUp;
          if (c && report.leader)
            ctx.out(
              c.alreadyThere
                ? `${report.country} is at or above the leader’s ${report.leader.year} level (${report.leader.country} ${r(c.target, 4)}).`
                : `reaches ${report.leader.country}’s ${report.leader.year} level ${r(c.target, 4)}: ` +
                    `${c.year ?? `not within ${c.horizon} years`} (95 % interval: ${c.earliest ?? 'not within horizon'} – ${c.latest ?? `beyond ${c.horizon} years`})`,
            );
          for (const n of report.notes) ctx.out(`note: ${n}`);
          ctx.out(`method: ${report.method}`);
        },
        { seed: REFERENCE_SEEDERS },
      ),
    );
}
