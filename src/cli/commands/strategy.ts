/**
 * `cetmap strategy …`: the Global R&D Strategy Map. Partner countries ranked per technology with decomposed
 * scores and cooperation types, a partner's view across the key technologies, the technology × partner matrix,
 * partner organisations and a one-page PDF brief. Shared options (--home, --weights, --ties, --from, --to,
 * --format) go on `strategy` and apply to every subcommand.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { DbHandle } from '../../db/create-db.js';
import { CetmapError } from '../../shared/errors.js';
import { COOPERATION_LABELS, parseWeights, type TiesSource } from '../../strategy/partner-score.js';
import { strategyBrief } from '../../strategy/strategy-brief.js';
import {
  partnerOrganisations,
  partnerStrategy,
  strategyMatrix,
  technologyStrategy,
  type StrategyRequest,
} from '../../strategy/strategy-queries.js';
import { worldShapes } from '../../strategy/world-shapes.js';
import { toCsv } from '../../taxonomy/csv.js';
import { RANKING_COLUMNS, rankingNote, rankingRows } from '../../shared/strategy-ranking.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';

const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));

interface SharedOptions {
  home: string;
  weights?: string;
  ties: string;
  from?: string;
  to?: string;
  format: string;
}

function year(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new CetmapError('CET_BAD_INPUT', `${name} must be a year, got "${value}"`);
  return n;
}

function countryCode(value: string, name: string): string {
  const cc = value.toUpperCase();
  if (!/^[A-Z]{2}$/.test(cc))
    throw new CetmapError('CET_BAD_INPUT', `${name} must be an ISO alpha-2 code, got ${value}`);
  return cc;
}

/** The shared options as a strategy request; every problem is reported at once. */
export function strategyRequest(o: SharedOptions): StrategyRequest {
  const { weights, problems } = parseWeights(o.weights);
  if (o.ties !== 'technology' && o.ties !== 'overall') problems.push('--ties must be technology or overall');
  if (problems.length > 0)
    throw new CetmapError('CET_BAD_INPUT', `--weights: ${problems.join('; ')}`, {
      issues: problems.map((message) => ({ field: 'weights', message })),
    });
  const from = year(o.from, '--from');
  const to = year(o.to, '--to');
  return {
    home: countryCode(o.home, '--home'),
    weights,
    tiesSource: o.ties as TiesSource,
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

async function countryNames(handle: DbHandle): Promise<Map<string, string>> {
  const rows = await handle.db.selectFrom('country').select(['alpha2', 'name_en']).execute();
  return new Map(rows.map((r) => [r.alpha2.trim(), r.name_en]));
}

/** The shared options again on a subcommand (no defaults: the parent's apply unless given here). */
function shared(cmd: Command, withTech = false): Command {
  if (withTech) cmd.option('--tech <id>', 'technology id');
  return cmd
    .option('--home <code>', 'home country (default KR)')
    .option('--weights <list>', 'component weights, e.g. strength=0.5,ties=0.1')
    .option('--ties <source>', 'technology or overall')
    .option('--from <year>', 'first year of the window')
    .option('--to <year>', 'last year of the window')
    .option('--format <format>', 'table, json or csv');
}

/** The parent's options (with their defaults) overridden by those given on the subcommand itself. */
function merged<T>(cmd: Command): T {
  const own = Object.entries(cmd.opts()).filter(([, v]) => v !== undefined);
  return { ...(cmd.parent?.opts() ?? {}), ...Object.fromEntries(own) } as T;
}

export function registerStrategyCommands(program: Command, ctx: CliContext): void {
  const strategy = program
    .command('strategy')
    .description('Global R&D Strategy Map: partner countries, cooperation types and partner organisations')
    .option('--tech <id>', 'technology id, e.g. kr2022.quantum.computing')
    .option('--home <code>', 'home country (ISO alpha-2)', 'KR')
    .option(
      '--weights <list>',
      'e.g. strength=0.5,complementarity=0.3,ties=0.2,momentum=0,alignment=1 (defaults 0.35/0.3/0.2/0.15, alignment 1)',
    )
    .option(
      '--ties <source>',
      'co-authorship for ties: technology (works of the technology) or overall',
      'technology',
    )
    .option('--from <year>', 'first year of the window (default: 5 complete years)')
    .option('--to <year>', 'last year of the window (default: the last complete year)')
    .option('--limit <n>', 'partners to list in the table', '15')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: SharedOptions & { tech?: string; limit: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        if (!opts.tech)
          throw new CetmapError('CET_BAD_INPUT', 'strategy needs --tech <id> (or a subcommand)');
        const s = await technologyStrategy(handle.db, opts.tech, strategyRequest(opts));
        if (f === 'json') return ctx.out(JSON.stringify(s, null, 2));
        const rows = rankingRows(s);
        if (f === 'csv') {
          ctx.out(rankingNote(s));
          return ctx.out(toCsv(RANKING_COLUMNS, rows).trimEnd());
        }
        // The table rounds for reading and leaves the reason to the CSV and JSON.
        const header = RANKING_COLUMNS.slice(0, -1);
        const body = rows.map((r) => [
          r[0],
          r[1],
          num(r[2], 3),
          ...r.slice(3, 8).map((x) => num(x as number)),
          num(r[8], 1),
          r[9],
          num(r[10]),
          r[11],
        ]);
        const limit = Number(opts.limit) > 0 ? Number(opts.limit) : 15;
        ctx.out(
          `${s.techId} (${s.nameEn ?? ''}): partners for ${s.home}, ${s.params.from}–${s.params.to}; ` +
            `${s.home} level ${num(s.homeLevel, 1)}, rank ${s.homeRank ?? '–'}; ` +
            `${s.maturity.emerging ? 'emerging' : 'established'} (world CAGR ${s.maturity.worldCagr === null ? '–' : `${(s.maturity.worldCagr * 100).toFixed(1)} %`})` +
            (s.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''),
        );
        for (const line of table(header, body.slice(0, limit))) ctx.out(line);
        ctx.out(`score: ${s.method.score}`);
        ctx.out(`ties: ${s.ties.used === 'overall' ? s.ties.overall : s.ties.technology}`);
        ctx.out(
          `top 5 ${s.sensitivity.baseline.join(', ')}: same set in ${(s.sensitivity.setStability * 100).toFixed(0)} %, ` +
            `same order in ${(s.sensitivity.orderStability * 100).toFixed(0)} % of the weight changes by ±${s.sensitivity.delta * 100} %`,
        );
        for (const p of s.partners.slice(0, 5)) ctx.out(`${p.country}: ${p.cooperation.reason}`);
        for (const o of s.organisations.slice(0, 3)) {
          const insts = o.partnerInstitutions
            .slice(0, 3)
            .map((i) => `${i.name ?? i.institutionId} (${i.coWorksWithHome} with ${s.home})`);
          if (insts.length) ctx.out(`${o.partner} organisations: ${insts.join('; ')}`);
        }
        for (const note of s.notes) ctx.out(`note: ${note}`);
      }),
    );

  shared(strategy.command('partner <code>'))
    .description('in which key technologies a partner country complements the home country')
    .option('--list <version>', 'technology list', 'kr-2022')
    .action((code: string, opts: { list: string }, cmd: Command) =>
      withReference(ctx, async (handle) => {
        const g = merged<SharedOptions>(cmd);
        const f = format(g.format, ['table', 'json', 'csv']);
        const v = await partnerStrategy(
          handle.db,
          countryCode(code, 'country'),
          strategyRequest(g),
          opts.list,
        );
        if (f === 'json') return ctx.out(JSON.stringify(v, null, 2));
        const header = [
          'technology',
          'rank',
          'of',
          'score',
          'complementarity',
          'partner level',
          'home level',
          'ties',
          'type',
        ];
        const body = v.technologies.map((t) => [
          t.techId,
          t.rank,
          t.candidates,
          num(t.score, 3),
          num(t.complementarity),
          num(t.partnerLevel, 1),
          num(t.homeLevel, 1),
          num(t.ties),
          t.cooperation?.type ?? null,
        ]);
        if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
        ctx.out(
          `${v.partner} as a partner of ${v.home} in ${v.versionId}, ${v.params.from}–${v.params.to}; alignment ${v.alignment.value}` +
            `${v.alignment.group ? ` (${v.alignment.group})` : ' (no group)'}${v.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
        );
        for (const line of table(header, body)) ctx.out(line);
        ctx.out(`sorted by complementarity; ${v.method.complementarity}`);
      }),
    );

  shared(strategy.command('matrix'))
    .description('technology × partner matrix of partner scores')
    .option('--list <version>', 'technology list', 'kr-2022')
    .option('--kind <kind>', 'technology (key technologies) or field', 'technology')
    .option('--partners <n>', 'partner columns (most often in a top 5)', '12')
    .action((opts: { list: string; kind: string; partners: string }, cmd: Command) =>
      withReference(ctx, async (handle) => {
        const g = merged<SharedOptions>(cmd);
        const f = format(g.format, ['table', 'json', 'csv']);
        if (opts.kind !== 'technology' && opts.kind !== 'field')
          throw new CetmapError('CET_BAD_INPUT', '--kind must be technology or field');
        const m = await strategyMatrix(handle.db, strategyRequest(g), {
          versionId: opts.list,
          kind: opts.kind,
          partners: Number(opts.partners) > 0 ? Number(opts.partners) : 12,
        });
        if (f === 'json') return ctx.out(JSON.stringify(m, null, 2));
        const header = ['technology', ...m.partners];
        const body = m.technologies.map((t, i) => [t.techId, ...m.cells[i]!.map((c) => num(c.score, 2))]);
        if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
        ctx.out(
          `partner scores for ${m.home}, ${m.params.from}–${m.params.to}${m.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`,
        );
        for (const line of table(header, body)) ctx.out(line);
      }),
    );

  shared(strategy.command('orgs'), true)
    .description(
      'partner organisations in a technology and the home institutions best placed to work with them',
    )
    .requiredOption('--partner <code>', 'partner country (ISO alpha-2)')
    .action((opts: { partner: string }, cmd: Command) =>
      withReference(ctx, async (handle) => {
        const g = merged<SharedOptions & { tech?: string }>(cmd);
        const f = format(g.format, ['table', 'json', 'csv']);
        if (!g.tech) throw new CetmapError('CET_BAD_INPUT', 'strategy orgs needs --tech <id>');
        const req = strategyRequest(g);
        const tech = await technologyStrategy(handle.db, g.tech, req, { organisationsFor: 0 });
        const o = await partnerOrganisations(
          handle.db,
          g.tech,
          countryCode(opts.partner, '--partner'),
          tech.home,
          { from: tech.params.from, to: tech.params.to },
        );
        if (f === 'json') return ctx.out(JSON.stringify({ ...o, vintage: tech.vintage }, null, 2));
        const header = [
          'side',
          'institution',
          'top-10 % (frac)',
          'works (frac)',
          'co-authored',
          'linked with',
        ];
        const body = [
          ...o.partnerInstitutions.map((i) => [
            o.partner,
            i.name ?? String(i.institutionId),
            num(i.top10Frac),
            num(i.worksFrac),
            i.coWorksWithHome,
            i.homePartners.map((h) => `${h.name ?? h.institutionId} (${h.coWorks})`).join('; '),
          ]),
          ...o.homeInstitutions.map((i) => [
            o.home,
            i.name ?? String(i.institutionId),
            num(i.top10Frac),
            num(i.worksFrac),
            i.coWorksWithPartner,
            '',
          ]),
        ];
        if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
        for (const line of table(header, body)) ctx.out(line);
        ctx.out(`method: ${o.method}${tech.vintage.synthetic ? ' — SYNTHETIC DEMO DATA' : ''}`);
      }),
    );

  shared(strategy.command('brief'), true)
    .description('one-page PDF brief of a technology: ranking, chart, map and partner organisations')
    .requiredOption('--out <file>', 'PDF file to write')
    .option('--english', 'English only, even when a Korean font is installed')
    .action((opts: { out: string; english?: boolean }, cmd: Command) =>
      withReference(ctx, async (handle) => {
        const g = merged<SharedOptions & { tech?: string }>(cmd);
        if (!g.tech) throw new CetmapError('CET_BAD_INPUT', 'strategy brief needs --tech <id>');
        const s = await technologyStrategy(handle.db, g.tech, strategyRequest(g));
        const countries = await handle.db
          .selectFrom('country')
          .select(['alpha2', 'world_atlas_id'])
          .execute();
        const shapes = await worldShapes(
          new Map(
            countries
              .filter((c) => c.world_atlas_id)
              .map((c) => [c.world_atlas_id!.padStart(3, '0'), c.alpha2.trim()]),
          ),
        );
        const brief = await strategyBrief(s, {
          names: await countryNames(handle),
          ...(shapes ? { shapes } : {}),
          englishOnly: opts.english ?? false,
        });
        try {
          writeFileSync(opts.out, brief.pdf);
        } catch (error) {
          throw new CetmapError('CET_BAD_INPUT', `cannot write ${opts.out}: ${(error as Error).message}`);
        }
        ctx.out(
          `wrote ${opts.out} (${Math.round(brief.pdf.length / 1024)} KB): ${s.partners.length} partners of ${s.home} in ${s.techId}` +
            `${brief.map ? ', with map' : ', no map (map libraries not installed)'}` +
            `${brief.korean ? ', Korean labels' : ', English only (no Korean font found)'}`,
        );
        const top = s.partners
          .slice(0, 5)
          .map((p) => `${p.rank}. ${p.country} ${COOPERATION_LABELS[p.cooperation.type].en}`);
        if (top.length) ctx.out(top.join('; '));
      }),
    );
}
