/**
 * `cetmap patents …`: classify loaded patents into technologies by their CPC recipes, roll them up to
 * technology × country × year grant facts, explain one patent, list NSF technology areas. Also the printers
 * that `cetmap standing --evidence patents|both` and `cetmap ingest patents` use.
 */
import type { Command } from 'commander';
import type { DbHandle } from '../../db/create-db.js';
import { compilePatentRecipes, explainPatent } from '../../patents/classify-patent.js';
import type { PatentIngestSummary } from '../../patents/ingest-patents.js';
import {
  classifyPatents,
  latestPatentRecipes,
  readPatentTexts,
  rollupPatents,
} from '../../patents/patent-classify-queries.js';
import {
  nsfPatentAreas,
  type EvidenceView,
  type NsfPatentStandingResult,
  type PatentStandingResult,
} from '../../patents/patent-standing-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { table, type Format } from '../output.js';

const pct = (x: number | null, digits = 1): string => (x === null ? '–' : `${(x * 100).toFixed(digits)}%`);
const num = (x: number | null, digits = 2): string => (x === null ? '–' : x.toFixed(digits));

export function formatPatentIngest(s: PatentIngestSummary): string[] {
  const lines = [
    `ingest run ${s.runId}: ${s.records} records: ${s.ingested} ingested, ${s.updated} updated, ${s.unchanged} unchanged, ` +
      `${s.quarantined} quarantined (${s.seconds.toFixed(1)} s)`,
  ];
  for (const [table, files] of Object.entries(s.tables))
    for (const f of files)
      lines.push(
        `  ${table}: ${f.skipped ? 'already done, skipped' : `${f.records} records, ${f.ingested} new, ${f.updated} updated, ${f.unchanged + f.duplicates} unchanged, ${f.quarantined} quarantined`} (${f.file})`,
      );
  const t = s.totals;
  lines.push(
    `database: ${t.patents} patents (${t.withAbstract} with abstract), ${t.cpcRows} CPC rows on ${t.patentsWithCpc} patents, ` +
      `${t.inventors} inventor rows (${t.inventorsLocated} located), ${t.assignees} assignee rows (${t.assigneesLocated} located), ${t.locations} locations`,
  );
  for (const n of s.notes) lines.push(`note: ${n}`);
  lines.push('next: `cetmap patents rollup` (classify by CPC recipes, then count by country)');
  return lines;
}

export function printPatentStanding(
  ctx: CliContext,
  s: PatentStandingResult | NsfPatentStandingResult,
  f: Format,
  limit: number,
): void {
  if (f === 'json') return ctx.out(JSON.stringify(s, null, 2));
  const header = ['rank', 'country', 'grants', 'world share', 'RTA', 'RSI', 'CAGR', 'all grants'];
  const body = s.countries.map((c) => [
    c.rank,
    c.country,
    num(c.grants, 1),
    pct(c.worldShare),
    num(c.rta),
    num(c.rsi),
    pct(c.cagr),
    num(c.countryGrants, 1),
  ]);
  if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
  const label = 'source' in s ? `NSF SEI 2024 patents: ${s.source.techArea}` : s.techId;
  ctx.out(`${label} — patents ${s.params.from}–${s.params.to}, ${s.method.basis}; ${s.method.counting}`);
  for (const line of table(header, body.slice(0, limit))) ctx.out(line);
  ctx.out(
    `world: ${num(s.world.grants, 1)} grants, ${pct(s.world.unknownShare)} without a located country (UNKNOWN)`,
  );
  if (s.home)
    ctx.out(
      `${s.params.home}: rank ${s.home.rank ?? '–'}, share ${pct(s.home.worldShare)}, RTA ${num(s.home.rta)}`,
    );
  else ctx.out(`${s.params.home}: no grants in this technology and window`);
  ctx.out(`unit: ${s.method.unit}`);
  ctx.out(`RTA: ${s.method.rta}`);
  for (const note of s.notes) ctx.out(`note: ${note}`);
}

const FLAG_TEXT: Record<string, string> = {
  commercialization_gap: 'COMMERCIALIZATION GAP (papers strong, patents weak)',
  science_gap: 'science gap (patents strong, papers weak)',
  strong_both: 'strong in both',
  weak_both: 'weak in both',
  mixed: '–',
  insufficient_data: 'too little evidence',
};

export function printEvidence(ctx: CliContext, v: EvidenceView, f: Format, limit: number): void {
  if (f === 'json') return ctx.out(JSON.stringify(v, null, 2));
  const header = [
    'country',
    'works',
    'paper share',
    'RCA',
    'grants',
    'patent share',
    'RTA',
    'level (papers)',
    'level (both)',
    'papers vs patents',
  ];
  const body = v.rows.map((r) => [
    r.country,
    num(r.works, 1),
    pct(r.paperShare),
    num(r.rca),
    num(r.grants, 1),
    pct(r.patentShare),
    num(r.rta),
    num(r.paperLevel, 1),
    num(r.combinedLevel, 1),
    FLAG_TEXT[r.flag] ?? r.flag,
  ]);
  if (f === 'csv')
    return ctx.out(
      toCsv(
        [...header.slice(0, -1), 'flag'],
        v.rows.map((r, i) => [...body[i]!.slice(0, -1), r.flag]),
      ).trimEnd(),
    );
  ctx.out(
    `${v.techId}: papers and patents ${v.params.from}–${v.params.to}, ${v.params.counting} counting; patents ${v.patents.method.basis}` +
      (v.papers.vintage.synthetic ? ' — SYNTHETIC DEMO DATA (papers)' : ''),
  );
  for (const line of table(header, body.slice(0, limit))) ctx.out(line);
  if (v.home)
    ctx.out(`${v.params.home}: ${FLAG_TEXT[v.home.flag] ?? v.home.flag}; gap index ${num(v.home.gapIndex)}`);
  ctx.out(`papers vs patents: ${v.method.gap}`);
  ctx.out(`level with patents: ${v.method.composite}`);
  for (const note of [...v.papers.notes, ...v.notes]) ctx.out(`note: ${note}`);
}

/** Prints why a patent is, or is not, in each technology (used by `cetmap classify explain --patent`). */
export async function explainPatentCommand(
  ctx: CliContext,
  handle: DbHandle,
  patentId: string,
  techIds?: string[],
): Promise<void> {
  const id = patentId.replace(/^US/i, '').replace(/^0+(?=\d)/, '');
  const [patent] = await readPatentTexts(handle.db, [id]);
  if (!patent) throw new CetmapError('CET_NOT_FOUND', `Patent ${patentId} was not found.`);
  const recipes = compilePatentRecipes(await latestPatentRecipes(handle.db, techIds));
  ctx.out(`US ${patent.id}: ${patent.title ?? '(no title)'}`);
  ctx.out(`CPC: ${patent.cpc.join(', ') || 'none'}`);
  for (const r of recipes) {
    const e = explainPatent(patent, r);
    const relevant = e.member || e.candidateMatches.length > 0 || e.matchedTerms.length > 0;
    if (!relevant && !techIds) continue;
    const pairs = (xs: Array<{ pattern: string; symbol: string }>) =>
      xs.map((x) => `${x.symbol} ~ ${x.pattern}`).join(', ') || 'none';
    ctx.out(
      `${e.member ? 'IN ' : 'OUT'} ${e.techId} cpc v${e.cpcVersion}${e.matchedBy ? ` by ${e.matchedBy}` : ''}; ` +
        `sufficient codes: ${pairs(e.sufficientMatches)}; candidate codes: ${pairs(e.candidateMatches)}; ` +
        `query on title/abstract: ${e.queryMatches === null ? 'none' : e.queryMatches ? 'matches' : 'no match'}` +
        `${e.matchedTerms.length ? `; terms found: ${e.matchedTerms.join(', ')}` : ''}`,
    );
  }
}

export function registerPatentsCommands(program: Command, ctx: CliContext): void {
  const patents = program
    .command('patents')
    .description(
      'patent evidence: classify by CPC recipes, roll up by country (load with `cetmap ingest patents`)',
    );

  patents
    .command('classify')
    .description('classify every loaded patent into technologies by CPC patterns and the keyword query')
    .action(() =>
      withReference(ctx, async (handle) => {
        const r = await classifyPatents(handle.db);
        ctx.out(
          `classified ${r.patentsClassified.toLocaleString('en')} patents with ${r.recipes} CPC recipes (set ${r.recipesDigest}): ` +
            `${r.assignments.toLocaleString('en')} assignments (${Object.entries(r.byMatch)
              .map(([k, n]) => `${n} by ${k}`)
              .join(', ')})`,
        );
      }),
    );

  patents
    .command('rollup')
    .description(
      'classify, then count grants per technology × country × year by inventor and assignee country',
    )
    .option('--no-classify', 'only recount, without classifying again')
    .action((opts: { classify: boolean }) =>
      withReference(ctx, async (handle) => {
        if (opts.classify) {
          const c = await classifyPatents(handle.db);
          ctx.out(
            `classified ${c.patentsClassified.toLocaleString('en')} patents: ${c.assignments} assignments`,
          );
        }
        const r = await rollupPatents(handle.db);
        ctx.out(
          `rolled up ${r.patents.toLocaleString('en')} utility grants: ${r.facts.toLocaleString('en')} technology-country-year facts; ` +
            `located: ${pct(r.located.inventor)} of inventor credit, ${pct(r.located.assignee)} of assignee credit`,
        );
        if ((r.located.inventor ?? 0) === 0 && r.patents > 0)
          ctx.err(
            'note: no grant has a located country: load g_location_disambiguated to get country indicators',
          );
      }),
    );

  patents
    .command('explain <patent-id>')
    .description('why a patent is (or is not) in each technology')
    .option('--tech <ids>', 'only these technologies (comma-separated)')
    .action((id: string, opts: { tech?: string }) =>
      withReference(ctx, (handle) =>
        explainPatentCommand(
          ctx,
          handle,
          id,
          opts.tech?.split(',').map((s) => s.trim()),
        ),
      ),
    );

  patents
    .command('areas')
    .description(
      'technology areas of the NSF patent table (for `cetmap standing --source nsf --evidence patents`)',
    )
    .action(() =>
      withReference(ctx, async (handle) => {
        const areas = await nsfPatentAreas(handle.db);
        if (areas.length === 0)
          ctx.out('the NSF patent table is not loaded: run `cetmap import nsf-sei <folder>`');
        for (const a of areas) ctx.out(a);
      }),
    );
}
