/**
 * `cetmap supply chokepoints` and `cetmap supply scenario`: concentration, chokepoints, exposure and disruption
 * scenarios on the imported ETO semiconductor supply chain and USGS mineral production.
 */
import type { Command } from 'commander';
import { CetmapError } from '../../shared/errors.js';
import { chokepointReport, scenarioReport } from '../../supply/supply-queries.js';
import { toCsv } from '../../taxonomy/csv.js';
import { REFERENCE_SEEDERS, withDatabase, type CliContext } from '../context.js';
import { format, table } from '../output.js';

const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`;
const round = (x: number | null, digits = 4): number | null =>
  x === null ? null : Number(x.toFixed(digits));

function countryOption(value: string, name: string): string {
  if (!/^[A-Za-z]{2}$/.test(value))
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${name} must be an ISO 3166-1 alpha-2 code such as CN, got "${value}"`,
    );
  return value.toUpperCase();
}

export function registerSupplyCommands(program: Command, ctx: CliContext): void {
  const supply = program
    .command('supply')
    .description(
      'supply chains: concentration, chokepoints, exposure, disruption scenarios (ETO chips, USGS minerals)',
    );

  supply
    .command('chokepoints')
    .description(
      'inputs and minerals by concentration (HHI, top country, providers) and reach through the graph',
    )
    .option('--cet <id>', 'only what matters for this technology (e.g. kr2022.semis, kr2022.battery)')
    .option('--home <cc>', 'home country for exposure', 'KR')
    .option('--all', 'list every input, not only chokepoints')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { cet?: string; home: string; all?: boolean; format: string }) =>
      withDatabase(
        ctx,
        async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          const report = await chokepointReport(handle.db, {
            ...(opts.cet ? { cet: opts.cet } : {}),
            home: countryOption(opts.home, '--home'),
          });
          if (f === 'json') return ctx.out(JSON.stringify(report, null, 2));
          const header = [
            'kind',
            'id',
            'name',
            'chokepoint',
            'hhi',
            'top_country',
            'top_share',
            'countries',
            'firms',
            'downstream',
            'score',
            'unknown_share',
            `outside_aligned_share_${report.home}`,
            'basis',
          ];
          const inputs = report.inputs.filter((c) => opts.all || c.chokepoint);
          const body = [
            ...inputs.map((c) => [
              c.item.level,
              c.item.id,
              c.item.name,
              c.chokepoint ? 'yes' : 'no',
              round(c.concentration.hhi, 1),
              c.concentration.topCountry,
              round(c.concentration.cr1),
              c.concentration.countries,
              c.concentration.firms,
              c.downstream,
              round(c.score, 3),
              round(c.concentration.unknownShare),
              round(c.exposure.outsideShare),
              c.concentration.basis,
            ]),
            ...report.minerals
              .filter((m) => opts.all || m.chokepoint)
              .map((m) => [
                'mineral',
                m.mineral,
                `${m.mineral} (${m.measure}, ${m.year})`,
                m.chokepoint ? 'yes' : 'no',
                round(m.concentration.hhi, 1),
                m.concentration.topCountry,
                round(m.concentration.cr1),
                m.concentration.countries,
                0,
                m.techIds.length,
                null,
                round(m.concentration.unknownShare),
                round(m.exposure.outsideShare),
                m.concentration.basis,
              ]),
          ];
          if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
          const shown = [
            'kind',
            'id',
            'name',
            'hhi',
            'top',
            'countries',
            'downstream',
            `outside (${report.home})`,
          ];
          const rows = body.map((r) => [
            r[0],
            r[1],
            r[2],
            r[4],
            `${r[5] ?? '–'} ${pct(r[6] as number | null, 0)}`,
            r[7],
            r[9],
            pct(r[12] as number | null, 0),
          ]);
          for (const line of table(shown, rows as Array<Array<string | number | null>>, 44)) ctx.out(line);
          ctx.out(
            `${inputs.length} input(s) and ${body.length - inputs.length} mineral(s)${opts.all ? '' : ' flagged as chokepoints (--all lists everything)'}`,
          );
          ctx.out(`method: ${report.method.concentration}`);
          ctx.out(`chokepoint: ${report.method.chokepoint}`);
          ctx.out(`exposure: ${report.method.exposure}`);
          for (const n of report.notes) ctx.out(`note: ${n}`);
          for (const s of report.sources) ctx.out(`source: ${s}`);
        },
        { seed: REFERENCE_SEEDERS },
      ),
    );

  supply
    .command('scenario')
    .description('remove a country (or cut its share) and list every affected input downstream')
    .requiredOption('--remove <cc>', 'the country whose supply is lost (alpha-2, e.g. CN)')
    .option('--share <fraction>', 'cut its share by this fraction (0–1; default 1 = removed)', '1')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { remove: string; share: string; format: string }) =>
      withDatabase(
        ctx,
        async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          const cut = Number(opts.share);
          if (!(cut > 0 && cut <= 1))
            throw new CetmapError(
              'CET_BAD_INPUT',
              `--share must be a fraction in (0, 1], got "${opts.share}"`,
            );
          const report = await scenarioReport(handle.db, countryOption(opts.remove, '--remove'), cut);
          if (f === 'json') return ctx.out(JSON.stringify(report, null, 2));
          const header = ['id', 'name', 'type', 'direct_loss', 'at_risk', 'via', 'basis'];
          const body = report.impacts.map((i) => [
            i.item.id,
            i.item.name,
            i.item.type,
            round(i.directLoss),
            round(i.atRisk),
            i.via,
            i.basis,
          ]);
          if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
          for (const line of table(
            ['id', 'name', 'direct loss', 'at risk', 'via'],
            body.map((r) => [
              r[0] ?? null,
              r[1] ?? null,
              pct(r[3] as number),
              pct(r[4] as number),
              r[5] ?? null,
            ]),
            44,
          ))
            ctx.out(line);
          if (report.minerals.length > 0)
            ctx.out(`minerals: ${report.minerals.map((m) => `${m.mineral} ${pct(m.loss, 0)}`).join(', ')}`);
          ctx.out(
            `${report.impacts.length} input(s) affected when ${report.country}'s supply is cut by ${pct(cut, 0)}`,
          );
          ctx.out(`method: ${report.method}`);
          for (const s of report.sources) ctx.out(`source: ${s}`);
        },
        { seed: REFERENCE_SEEDERS },
      ),
    );
}
