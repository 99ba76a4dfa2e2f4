/**
 * `cetmap talent researchers|flows|mobility|top|import-jobs|demand`: researchers, their moves, top researchers and
 * workforce demand per technology. Aggregates hide cells under five people; `top` lists people (an operator's
 * view, like the analyst-only API route) and records each run in the audit log.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { appendAudit } from '../../auth/audit-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { importPostings, postingDemand } from '../../talent/job-queries.js';
import { technologyMobility, topResearcherList } from '../../talent/talent-people-queries.js';
import { technologyFlows, technologyResearchers } from '../../talent/talent-queries.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { cliActor } from './users.js';

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

  talent
    .command('mobility')
    .description("a country's partners, returnees and at-risk signals in a technology (aggregates)")
    .requiredOption('--tech <id>', 'technology id')
    .option('--home <cc>', 'home country', 'KR')
    .option('--year <year>', 'year (default: the latest data year)')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { tech: string; home: string; year?: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const year = int(opts.year, '--year');
        const r = await technologyMobility(handle.db, opts.tech, {
          home: opts.home.toUpperCase(),
          ...(year !== undefined ? { year } : {}),
        });
        if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
        ctx.out(
          `${r.techId} ${r.home} ${r.params.targetYear}: inflow ${cell(r.net.inflow)}, outflow ${cell(r.net.outflow)}, net ${cell(r.net.net)}${r.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
        );
        ctx.out(`goes to: ${r.destinations.map((d) => `${d.country} ${cell(d.moves)}`).join(', ') || '–'}`);
        ctx.out(`comes from: ${r.origins.map((d) => `${d.country} ${cell(d.moves)}`).join(', ') || '–'}`);
        ctx.out(`returnees ${r.params.returneeFrom}–${r.params.targetYear}: ${cell(r.returnees.count)}`);
        ctx.out(
          `at risk: ${cell(r.atRisk.highImpactHome)} high-impact at home, ${cell(r.atRisk.left)} left, ${cell(r.atRisk.drifting)} drifting`,
        );
        ctx.out(`method: ${r.method.flows}; ${r.method.returnees}; ${r.method.atRisk}`);
      }),
    );

  talent
    .command('top')
    .description("a technology's top researchers by name (person-level; the run is audited)")
    .requiredOption('--tech <id>', 'technology id')
    .option('--year <year>', 'last year of the window (default: the latest data year)')
    .option('--window <years>', 'years in the window', '5')
    .option('--top-share <share>', 'share of active authors in the top set', '0.1')
    .option('--country <cc>', 'only researchers of this country')
    .option('--limit <n>', 'rows to show', '25')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(
      (opts: {
        tech: string;
        year?: string;
        window: string;
        topShare: string;
        country?: string;
        limit: string;
        format: string;
      }) =>
        withReference(ctx, async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          const year = int(opts.year, '--year');
          const topShare = Number(opts.topShare);
          if (!(topShare > 0 && topShare <= 0.5))
            throw new CetmapError('CET_BAD_INPUT', `--top-share must be in (0, 0.5], got "${opts.topShare}"`);
          const r = await topResearcherList(handle.db, opts.tech, {
            ...(year !== undefined ? { year } : {}),
            window: int(opts.window, '--window')!,
            topShare,
            ...(opts.country ? { country: opts.country.toUpperCase() } : {}),
            limit: int(opts.limit, '--limit')!,
          });
          await appendAudit(handle.db, {
            actor: cliActor(),
            action: 'talent.top.read',
            objectType: 'technology',
            objectId: opts.tech,
            detail: { rows: r.researchers.length, country: opts.country ?? null },
          });
          if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
          const header = ['rank', 'author_id', 'name', 'country', 'works', 'top10_papers', 'career_age'];
          const rows = r.researchers.map((x) => [
            x.rank,
            x.author,
            x.name,
            x.country ?? '(ambiguous)',
            x.works,
            x.top10,
            x.careerAge ?? '',
          ]);
          if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
          ctx.out(
            `${r.techId} ${r.params.from}–${r.params.to}: top ${r.researchers.length} of ${r.activeAuthors} active authors (PERSONAL DATA)${r.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
          );
          for (const line of table(header, rows)) ctx.out(line);
          ctx.out(`method: ${r.method}`);
        }),
    );

  talent
    .command('import-jobs <file>')
    .description(
      'import job postings from CSV (date, employer, region, occupation, skills[, tech_tags]) and classify them; a file with any bad row is rejected whole',
    )
    .option('--dataset <id>', 'data set id (an import with the same id is replaced)')
    .option('--synthetic', 'mark the postings as synthetic')
    .action((file: string, opts: { dataset?: string; synthetic?: boolean }) =>
      withReference(ctx, async (handle) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new CetmapError('CET_BAD_INPUT', `cannot read ${file}: ${(e as Error).message}`);
        }
        const datasetId = opts.dataset ?? `job-postings:${basename(file)}`;
        // Any bad row rejects the file; the CLI prints every issue with its location.
        const r = await importPostings(handle.db, {
          text,
          file,
          datasetId,
          synthetic: opts.synthetic ?? false,
        });
        await appendAudit(handle.db, {
          actor: cliActor(),
          action: 'talent.jobs.import',
          objectType: 'dataset',
          objectId: datasetId,
          detail: { file, rows: r.rows, classified: r.classified },
        });
        ctx.out(
          `${r.rows} postings imported as ${r.datasetId}; ${r.classified} classified into a technology (${r.links} links)`,
        );
      }),
    );

  talent
    .command('demand')
    .description('job-posting demand by technology (and region, month) against researcher supply')
    .option('--tech <id>', 'only this technology')
    .option('--from <month>', 'first month YYYY-MM')
    .option('--to <month>', 'last month YYYY-MM')
    .option('--by <what>', 'technology, region or cell (technology × region × month)', 'technology')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { tech?: string; from?: string; to?: string; by: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        for (const [name, v] of [
          ['--from', opts.from],
          ['--to', opts.to],
        ] as const)
          if (v !== undefined && !/^\d{4}-\d{2}$/.test(v))
            throw new CetmapError('CET_BAD_INPUT', `${name} must be a month YYYY-MM, got "${v}"`);
        const to = opts.to
          ? new Date(Date.UTC(Number(opts.to.slice(0, 4)), Number(opts.to.slice(5, 7)), 0))
              .toISOString()
              .slice(0, 10)
          : undefined;
        const r = await postingDemand(handle.db, {
          ...(opts.tech ? { techId: opts.tech } : {}),
          ...(opts.from ? { from: `${opts.from}-01` } : {}),
          ...(to ? { to } : {}),
        });
        if (f === 'json') return ctx.out(JSON.stringify(r, null, 2));
        let header: string[];
        let rows: Array<Array<string | number | null>>;
        if (opts.by === 'region') {
          header = ['region', 'postings'];
          rows = r.byRegion.map((x) => [x.region, x.postings]);
        } else if (opts.by === 'cell') {
          header = ['tech_id', 'region', 'month', 'postings'];
          rows = r.cells.map((x) => [x.techId, x.region, x.month, x.postings]);
        } else if (opts.by === 'technology') {
          header = [
            'tech_id',
            'postings',
            `researchers_${r.params.home}_${r.params.supplyYear ?? ''}`,
            'postings_per_researcher',
          ];
          rows = r.byTechnology.map((x) => [x.techId, x.postings, x.researchers, x.postingsPerResearcher]);
        } else
          throw new CetmapError('CET_BAD_INPUT', `--by must be technology, region or cell, got "${opts.by}"`);
        if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
        ctx.out(
          `${r.postings} postings, ${r.unclassified} not classified${r.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
        );
        for (const line of table(header, rows)) ctx.out(line);
        ctx.out(`demand: ${r.method.demand}`);
        ctx.out(`supply: ${r.method.supply}`);
      }),
    );
}
