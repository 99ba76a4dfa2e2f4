/**
 * `cetmap classify …`, `cetmap rollup` and `cetmap standing`: from works to technologies, to facts, to the
 * standing of countries in a technology.
 */
import type { Command } from 'commander';
import {
  classifyWorks,
  latestRecipes,
  readWorkTexts,
  seedStarterRecipes,
} from '../../classify/classify-queries.js';
import { compileRecipes, explainWork } from '../../classify/classify-work.js';
import { rollup, type ReferenceField } from '../../indicators/rollup-queries.js';
import { nsfFieldStanding, type AggregateStandingResult } from '../../indicators/aggregate-standing.js';
import { technologyStanding, type StandingResult } from '../../indicators/standing-queries.js';
import type { Counting } from '../../indicators/standing.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { createProgress } from '../progress.js';
import { explainPatentCommand, printEvidence, printPatentStanding } from './patents.js';
import {
  nsfPatentStanding,
  technologyEvidence,
  technologyPatentStanding,
} from '../../patents/patent-standing-queries.js';
import { sql } from 'kysely';

const pct = (x: number | null, digits = 1): string => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));

function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw new CetmapError('CET_BAD_INPUT', `${name} must be a whole number, got "${value}"`);
  return n;
}

export function registerStandingCommands(program: Command, ctx: CliContext): void {
  const classify = program
    .command('classify')
    .description('classify works into technologies by their recipes (incremental)')
    .option('--tech <ids>', 'only these technologies (comma-separated)')
    .option('--all', 'classify every work again, not only new or changed ones')
    .action((opts: { tech?: string; all?: boolean }) =>
      withReference(ctx, async (handle) => {
        const seeded = await seedStarterRecipes(handle.db);
        if (seeded > 0) ctx.err(`loaded ${seeded} starter recipes`);
        const progress = createProgress({ label: 'classify', unit: 'works' });
        const report = await classifyWorks(handle, {
          ...(opts.tech ? { techIds: opts.tech.split(',').map((s) => s.trim()) } : {}),
          all: opts.all ?? false,
          onProgress: (done, total) => progress.update(done, `of ${total}`),
        });
        progress.finish();
        ctx.out(
          `classified ${report.worksClassified.toLocaleString('en')} works with ${report.recipes} recipes ` +
            `(set ${report.recipesDigest}): ${report.assignments.toLocaleString('en')} assignments`,
        );
      }),
    );

  classify
    .command('sample <tech>')
    .description('a random sample of works classified into a technology, for precision review')
    .option('--n <n>', 'sample size', '50')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((techId: string, opts: { n: string; format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const n = intOption(opts.n, '--n') ?? 50;
        const rows = await handle.db
          .selectFrom('work_tech as wt')
          .innerJoin('work as w', 'w.id', 'wt.work_id')
          .select(['w.id', 'w.year', 'w.title', 'wt.matched_by', 'wt.score', 'wt.recipe_version'])
          .where('wt.tech_id', '=', techId)
          .orderBy(sql`random()`)
          .limit(n)
          .execute();
        if (f === 'json') return ctx.out(JSON.stringify(rows, null, 2));
        const header = ['work', 'year', 'matched by', 'score', 'title'];
        const body = rows.map((r) => [`W${r.id}`, r.year, r.matched_by, num(r.score), r.title]);
        if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
        for (const line of table(header, body, 80)) ctx.out(line);
        ctx.out(`${rows.length} random works of ${techId}; mark each relevant or not to estimate precision`);
      }),
    );

  classify
    .command('explain <work-id>')
    .description('why a work (or, with --patent, a patent) is or is not in each technology')
    .option('--tech <ids>', 'only these technologies (comma-separated)')
    .option('--patent', 'the id is a USPTO patent number (e.g. 10001996 or US10001996)')
    .action((workId: string, opts: { tech?: string; patent?: boolean }) =>
      withReference(ctx, async (handle) => {
        if (opts.patent || /^US/i.test(workId))
          return explainPatentCommand(
            ctx,
            handle,
            workId,
            opts.tech?.split(',').map((s) => s.trim()),
          );
        const id = Number(workId.replace(/^W/i, ''));
        if (!Number.isSafeInteger(id)) throw new CetmapError('CET_BAD_INPUT', `not a work id: ${workId}`);
        const [work] = await readWorkTexts(handle.db, [id]);
        if (!work) throw new CetmapError('CET_NOT_FOUND', `Work W${id} was not found.`);
        await seedStarterRecipes(handle.db);
        const recipes = compileRecipes(
          await latestRecipes(
            handle.db,
            opts.tech?.split(',').map((s) => s.trim()),
          ),
        );
        ctx.out(`W${id}: ${work.title ?? '(no title)'}`);
        ctx.out(`topics: ${work.topics.map((t) => `T${t.id} (${t.score.toFixed(2)})`).join(', ') || 'none'}`);
        for (const recipe of recipes) {
          const e = explainWork(work, recipe);
          const relevant = e.member || e.topics.length > 0 || e.matchedTerms.length > 0;
          if (!relevant && !opts.tech) continue;
          ctx.out(
            `${e.member ? 'IN ' : 'OUT'} ${e.techId} v${e.recipeVersion} (${e.rule}${e.titleQueryRule ? ' + title rule' : ''})` +
              `${e.matchedBy ? ` by ${e.matchedBy}` : ''}; candidate topics: ${
                e.topics
                  .map((t) => `T${t.id} ${t.score.toFixed(2)}${t.passes ? '' : ` < ${e.minTopicScore}`}`)
                  .join(', ') || 'none'
              }; query: ${e.queryMatchesFullText ? 'matches' : 'no match'} (title alone: ${e.queryMatchesTitle ? 'yes' : 'no'})` +
              `${e.matchedTerms.length ? `; terms found: ${e.matchedTerms.join(', ')}` : ''}`,
          );
        }
      }),
    );

  program
    .command('rollup')
    .description('recompute technology × country × year facts from classified works')
    .option(
      '--reference-field <level>',
      'reference sets for citation normalisation: subfield or field',
      'subfield',
    )
    .action((opts: { referenceField: string }) =>
      withReference(ctx, async (handle) => {
        if (opts.referenceField !== 'subfield' && opts.referenceField !== 'field') {
          throw new CetmapError('CET_BAD_INPUT', '--reference-field must be subfield or field');
        }
        const r = await rollup(handle, { referenceField: opts.referenceField as ReferenceField });
        ctx.out(
          `rolled up ${r.works.toLocaleString('en')} works in ${r.referenceSets.toLocaleString('en')} reference sets ` +
            `(${r.referenceField} × year × type): ${r.techCountryYears.toLocaleString('en')} technology-country-year facts, ` +
            `${r.techInstitutionYears.toLocaleString('en')} institution facts`,
        );
        ctx.err(
          `steps: ${Object.entries(r.stepSeconds)
            .map(([step, seconds]) => `${step} ${seconds.toFixed(1)} s`)
            .join(', ')}`,
        );
        if (r.smallReferenceSets > 0) {
          ctx.err(
            `note: ${r.smallReferenceSets} reference sets (${r.worksInSmallSets} works) have fewer than 20 works; ` +
              'their top-10 % thresholds are unstable (consider --reference-field field)',
          );
        }
      }),
    );

  program
    .command('standing')
    .description('standing of countries in a technology: shares, top-10 %, RCA, growth, level, gap, band')
    .option('--tech <id>', 'technology id, e.g. kr2022.semis.memory')
    .option(
      '--source <source>',
      'works (default: classified works) or nsf (NSF article counts, aggregate mode)',
      'works',
    )
    .option('--field <name>', 'with --source nsf: the NSF field, e.g. "Computer and information sciences"')
    .option('--country <code>', 'home country (ISO alpha-2)', 'KR')
    .option('--from <year>', 'first year of the window (default: 5 complete years)')
    .option('--to <year>', 'last year of the window (default: the last complete year)')
    .option('--counting <mode>', 'fractional or full', 'fractional')
    .option(
      '--evidence <kind>',
      'papers, patents, or both (papers beside patents, commercialization gap)',
      'papers',
    )
    .option('--basis <basis>', 'patents: count by inventor or assignee country', 'inventor')
    .option(
      '--patent-weight <w>',
      'with --evidence both: weight of the patent share in the level (papers = 1)',
      '0.5',
    )
    .option('--limit <n>', 'countries to list in the table', '15')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(
      (opts: {
        tech?: string;
        source: string;
        field?: string;
        country: string;
        from?: string;
        to?: string;
        counting: string;
        evidence: string;
        basis: string;
        patentWeight: string;
        limit: string;
        format: string;
      }) =>
        withReference(ctx, async (handle) => {
          const f = format(opts.format, ['table', 'json', 'csv']);
          if (opts.counting !== 'fractional' && opts.counting !== 'full') {
            throw new CetmapError('CET_BAD_INPUT', '--counting must be fractional or full');
          }
          const home = opts.country.toUpperCase();
          if (!/^[A-Z]{2}$/.test(home))
            throw new CetmapError(
              'CET_BAD_INPUT',
              `--country must be an ISO alpha-2 code, got ${opts.country}`,
            );
          const from = intOption(opts.from, '--from');
          const to = intOption(opts.to, '--to');
          const params = {
            home,
            counting: opts.counting as Counting,
            ...(to !== undefined ? { to } : {}),
            ...(from !== undefined ? { from } : to !== undefined ? { from: to - 4 } : {}),
          };
          if (!['papers', 'patents', 'both'].includes(opts.evidence))
            throw new CetmapError('CET_BAD_INPUT', '--evidence must be papers, patents or both');
          if (opts.basis !== 'inventor' && opts.basis !== 'assignee')
            throw new CetmapError('CET_BAD_INPUT', '--basis must be inventor or assignee');
          const basis = opts.basis as 'inventor' | 'assignee';
          if (opts.evidence !== 'papers') {
            const limit = intOption(opts.limit, '--limit') ?? 15;
            if (opts.source === 'nsf') {
              if (opts.evidence === 'both')
                throw new CetmapError(
                  'CET_BAD_INPUT',
                  '--evidence both needs classified works and patents (--source works)',
                );
              if (!opts.field)
                throw new CetmapError(
                  'CET_BAD_INPUT',
                  '--source nsf --evidence patents needs --field "<NSF technology area>" (see `cetmap patents areas`)',
                );
              return printPatentStanding(
                ctx,
                await nsfPatentStanding(handle.db, opts.field, { ...params, basis }),
                f,
                limit,
              );
            }
            if (!opts.tech)
              throw new CetmapError('CET_BAD_INPUT', `--evidence ${opts.evidence} needs --tech <id>`);
            if (opts.evidence === 'patents')
              return printPatentStanding(
                ctx,
                await technologyPatentStanding(handle.db, opts.tech, { ...params, basis }),
                f,
                limit,
              );
            const patentWeight = Number(opts.patentWeight);
            if (!Number.isFinite(patentWeight))
              throw new CetmapError(
                'CET_BAD_INPUT',
                `--patent-weight must be a number, got ${opts.patentWeight}`,
              );
            return printEvidence(
              ctx,
              await technologyEvidence(handle.db, opts.tech, { ...params, basis, patentWeight }),
              f,
              limit,
            );
          }
          let s: StandingResult | (AggregateStandingResult & { techId?: string });
          if (opts.source === 'nsf') {
            if (!opts.field)
              throw new CetmapError('CET_BAD_INPUT', '--source nsf needs --field "<NSF field>"');
            s = await nsfFieldStanding(handle.db, opts.field, params);
          } else if (opts.source === 'works') {
            if (!opts.tech)
              throw new CetmapError(
                'CET_BAD_INPUT',
                'standing needs --tech <id> (or --source nsf --field <name>)',
              );
            s = await technologyStanding(handle.db, opts.tech, params);
          } else {
            throw new CetmapError('CET_BAD_INPUT', '--source must be works or nsf');
          }
          const label = 'source' in s ? `NSF SEI 2024: ${s.source.field}` : s.techId;
          if (f === 'json') return ctx.out(JSON.stringify(s, null, 2));
          const header = [
            'rank',
            'country',
            'works',
            'world share',
            'top-10% share of world',
            'PP(top10)',
            'MNCS',
            'CAGR',
            'RCA',
            'level',
            'band',
            'gap (y)',
            'class',
          ];
          const body = s.countries.map((c) => [
            c.rank,
            c.country,
            num(c.works, 1),
            pct(c.worldShare),
            pct(c.top10WorldShare),
            pct(c.top10OutputShare),
            num(c.mncs),
            pct(c.cagr),
            num(c.rca),
            num(c.level, 1),
            c.band,
            c.level === null ? null : c.gapYears === null ? 'not closing' : num(c.gapYears, 1),
            c.standingClass,
          ]);
          if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
          const limit = intOption(opts.limit, '--limit') ?? 15;
          ctx.out(
            `${label}: ${s.params.from}–${s.params.to}, ${s.method.counting}${s.vintage.synthetic && !('source' in s) ? ' — SYNTHETIC DEMO DATA' : ''}`,
          );
          for (const line of table(header, body.slice(0, limit))) ctx.out(line);
          if (s.home) {
            ctx.out(
              `${home}: rank ${s.home.rank ?? '–'}, level ${num(s.home.level, 1)} (${s.home.band}), gap ${
                s.home.gapYears === null ? 'not closing' : `${num(s.home.gapYears, 1)} years`
              }, class ${s.home.standingClass}`,
            );
          } else ctx.out(`${home}: no works in this technology and window`);
          if (s.concentration)
            ctx.out(
              `concentration: HHI ${Math.round(s.concentration.hhi10000)}, CR3 ${pct(s.concentration.cr3)}; monopoly risk ${s.monopoly?.risk ?? '–'}`,
            );
          ctx.out(`ranking: ${s.method.ranking}; level: ${s.method.composite}`);
          for (const note of s.notes) ctx.out(`note: ${note}`);
        }),
    );
}
