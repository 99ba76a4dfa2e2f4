/** `cetmap taxonomy …`: technology lists, crosswalks, diffs, import/export and the draft revision workflow. */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import type { DbHandle } from '../../db/create-db.js';
import { CetmapError } from '../../shared/errors.js';
import { taxonomySeeder } from '../../taxonomy/builtin-seeder.js';
import { toCsv } from '../../taxonomy/csv.js';
import type { TaxonomyDiff } from '../../taxonomy/diff.js';
import { importFile } from '../../taxonomy/import-queries.js';
import {
  applyDraftChange,
  createDraftVersion,
  diffStoredVersions,
  listDraftChanges,
  publishVersion,
} from '../../taxonomy/revision-queries.js';
import type { TaxonomyChange } from '../../taxonomy/revision.js';
import type { TaxonomyFile, TechnologyRecord } from '../../taxonomy/taxonomy-file.js';
import { crosswalkOf, getTechnology, listVersions, loadTaxonomy } from '../../taxonomy/taxonomy-queries.js';
import { CSV_COLUMNS, taxonomyToCsvRows } from '../../taxonomy/validate-taxonomy.js';
import { writeXlsx, xlsxToCsv } from '../../shared/xlsx.js';
import { withDatabase, type CliContext } from '../context.js';
import { cliChangeActor } from './users.js';
import { format, table } from '../output.js';

const nameOf = (t: { nameKo: string | null; nameEn: string | null }): string =>
  [t.nameKo, t.nameEn].filter(Boolean).join(' / ');

/** Loads the built-in lists into a fresh database before the first taxonomy command. */
const withRegistry = <T>(ctx: CliContext, fn: (handle: DbHandle) => Promise<T>): Promise<T> =>
  withDatabase(ctx, fn, { seed: [taxonomySeeder] });

/** The tree of a list as JSON: fields with their technologies nested. */
export function taxonomyTree(file: TaxonomyFile) {
  const fields = file.technologies.filter((t) => t.parentId === null);
  const nest = (t: TechnologyRecord): unknown => ({
    ...t,
    technologies: file.technologies.filter((c) => c.parentId === t.id).map(nest),
  });
  return {
    version: file.version,
    counts: {
      fields: file.technologies.filter((t) => t.kind === 'field').length,
      technologies: file.technologies.filter((t) => t.kind === 'technology').length,
    },
    fields: fields.map(nest),
  };
}

/** One row per old id: the ids that continue it and what happened to it (empty = unchanged). */
export function mappingRows(diff: TaxonomyDiff): string[][] {
  const kinds = new Map<string, string[]>();
  for (const e of diff.entries) {
    for (const t of e.from) kinds.set(t.id, [...(kinds.get(t.id) ?? []), e.kind]);
  }
  return Object.entries(diff.mapping).map(([oldId, newIds]) => [
    oldId,
    newIds.join('|'),
    (kinds.get(oldId) ?? []).join('|'),
  ]);
}

function printDiff(ctx: CliContext, diff: TaxonomyDiff): void {
  ctx.out(`diff ${diff.from} → ${diff.to}`);
  ctx.out(
    Object.entries(diff.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', '),
  );
  for (const e of diff.entries) {
    const from = e.from.map((t) => `${t.id} (${nameOf(t)})`).join(' + ');
    const to = e.to.map((t) => `${t.id} (${nameOf(t)})`).join(' + ');
    ctx.out(`${e.kind.padEnd(8)} ${from || '—'}  →  ${to || '—'}`);
  }
  if (diff.ignoredLineage > 0)
    ctx.out(`(${diff.ignoredLineage} lineage links point outside ${diff.from} and were not used)`);
}

export function registerTaxonomyCommands(program: Command, ctx: CliContext): void {
  const group = program.command('taxonomy').description('technology lists, crosswalks, revisions');

  group
    .command('list')
    .description('list the versions, or one version’s fields and technologies')
    .option('--version <id>', 'a version id, e.g. kr-2022')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { version?: string; format?: string }) =>
      withRegistry(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        if (!opts.version) {
          const versions = await listVersions(handle.db);
          if (f === 'json') return ctx.out(JSON.stringify({ versions }, null, 2));
          const rows = versions.map((v) => [
            v.id,
            v.jurisdiction,
            v.status,
            v.publishedOn,
            v.fieldCount,
            v.technologyCount,
            v.verification,
            v.titleEn,
          ]);
          const header = [
            'id',
            'jurisdiction',
            'status',
            'published',
            'fields',
            'technologies',
            'verification',
            'title',
          ];
          if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
          for (const line of table(header, rows)) ctx.out(line);
          return;
        }
        const file = await loadTaxonomy(handle.db, opts.version);
        if (f === 'json') return ctx.out(JSON.stringify(taxonomyTree(file), null, 2));
        if (f === 'csv') return ctx.out(toCsv(CSV_COLUMNS, taxonomyToCsvRows(file.technologies)).trimEnd());
        const v = file.version;
        ctx.out(`${v.id}: ${v.titleEn}${v.titleKo ? ` (${v.titleKo})` : ''}`);
        ctx.out(`status ${v.status}; verification ${v.verification}; source: ${v.source.citation}`);
        const rows = file.technologies.map((t) => [
          t.parentId === null ? t.id : `  ${t.id}`,
          t.nameKo,
          t.nameEn,
          [t.strategyGroup, t.gameChanger ? 'game-changer' : null, t.highestRisk ? 'highest-risk' : null]
            .filter(Boolean)
            .join(' '),
          t.verification,
        ]);
        for (const line of table(['id', 'name (ko)', 'name (en)', 'flags', 'verification'], rows, 48))
          ctx.out(line);
        const tree = taxonomyTree(file);
        ctx.out(
          `${v.levelNames.fieldEn}: ${tree.counts.fields}; ${v.levelNames.technologyEn}: ${tree.counts.technologies}`,
        );
      }),
    );

  group
    .command('show')
    .description('one technology: names, attributes, parent, lineage and crosswalk')
    .argument('<tech-id>')
    .option('--format <format>', 'table or json', 'table')
    .action((id: string, opts: { format?: string }) =>
      withRegistry(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const d = await getTechnology(handle.db, id);
        if (f === 'json') return ctx.out(JSON.stringify(d, null, 2));
        const t = d.technology;
        ctx.out(`${t.id}  ${nameOf(t)}`);
        ctx.out(`list: ${d.version.id} (${d.version.titleEn}); ${t.kind}; verification ${t.verification}`);
        if (d.parent) ctx.out(`parent: ${d.parent.id} ${nameOf(d.parent)}`);
        if (t.aliases.length) ctx.out(`aliases: ${t.aliases.join('; ')}`);
        if (t.description) ctx.out(`scope: ${t.description}`);
        if (t.strategyGroup) ctx.out(`strategy group: ${t.strategyGroup}`);
        if (t.gameChanger) ctx.out('game-changer: yes');
        if (t.highestRisk) ctx.out('highest-risk area: yes');
        if (t.note) ctx.out(`note: ${t.note}`);
        for (const c of d.children) ctx.out(`  child ${c.id} ${nameOf(c)}`);
        for (const p of d.predecessors) ctx.out(`continues ${p.id} ${nameOf(p)} (${p.versionId})`);
        for (const s of d.successors) ctx.out(`continued by ${s.id} ${nameOf(s)} (${s.versionId})`);
        if (t.sources.length) ctx.out(`sources: ${t.sources.join(' | ')}`);
        ctx.out(`crosswalk: ${d.crosswalk.length} link(s); see \`cetmap taxonomy crosswalk ${t.id}\``);
      }),
    );

  group
    .command('crosswalk')
    .description('counterparts of a technology in the other lists')
    .argument('<tech-id>')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((id: string, opts: { format?: string }) =>
      withRegistry(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const detail = await getTechnology(handle.db, id);
        const links = await crosswalkOf(handle.db, id);
        if (f === 'json')
          return ctx.out(JSON.stringify({ technology: detail.technology, crosswalk: links }, null, 2));
        const header = ['list', 'id', 'name', 'strength', 'verification', 'note'];
        const rows = links.map((l) => [
          l.technology.versionId,
          l.technology.id,
          nameOf(l.technology),
          l.strength,
          l.verification,
          l.note,
        ]);
        if (f === 'csv') return ctx.out(toCsv(header, rows).trimEnd());
        ctx.out(`${id}  ${nameOf(detail.technology)} — ${links.length} counterpart(s)`);
        for (const line of table(header, rows, 56)) ctx.out(line);
        if (links.some((l) => l.verification !== 'verified')) {
          ctx.out(
            'note: links marked reconstructed were matched by name and scope, not taken from an official concordance.',
          );
        }
      }),
    );

  group
    .command('diff')
    .description('what changed between two versions of one jurisdiction, with the old→new id mapping')
    .argument('<v1>')
    .argument('<v2>')
    .option('--format <format>', 'table, json, or csv (the old→new id mapping)', 'table')
    .action((v1: string, v2: string, opts: { format?: string }) =>
      withRegistry(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const diff = await diffStoredVersions(handle.db, v1, v2);
        if (f === 'json') return ctx.out(JSON.stringify(diff, null, 2));
        if (f === 'csv') return ctx.out(toCsv(['old_id', 'new_ids', 'changes'], mappingRows(diff)).trimEnd());
        printDiff(ctx, diff);
      }),
    );

  group
    .command('import')
    .description('import a list (cetmap.taxonomy JSON, CSV or XLSX) or a crosswalk (cetmap.crosswalk JSON)')
    .argument('<file>')
    .option('--version-id <id>', 'CSV: the version id, e.g. jp-2024')
    .option('--jurisdiction <code>', 'CSV: jurisdiction code, e.g. JP')
    .option('--prefix <prefix>', 'CSV: the id prefix every technology id starts with')
    .option('--title <title>', 'CSV: English title')
    .option('--title-ko <title>', 'CSV: Korean title')
    .option('--source <citation>', 'CSV: source citation')
    .option('--published <date>', 'CSV: publication date (YYYY, YYYY-MM or YYYY-MM-DD)')
    .option('--based-on <id>', 'CSV: the version this one revises (for predecessors)')
    .option('--status <status>', 'CSV: draft, published or retired', 'published')
    .option('--verification <v>', 'CSV: verified, partly_verified or unverified', 'unverified')
    .action((path: string, opts: Record<string, string | undefined>) =>
      withRegistry(ctx, async (handle) => {
        let text: string;
        const ext = extname(path).toLowerCase();
        try {
          // A spreadsheet is read as CSV: same validation, same row numbers as the spreadsheet shows.
          text = ext === '.xlsx' ? await xlsxToCsv(path) : readFileSync(path, 'utf8');
        } catch (error) {
          if (error instanceof CetmapError) throw error;
          throw new CetmapError('CET_BAD_INPUT', `Cannot read ${path}: ${(error as Error).message}`);
        }
        const isCsv = ext === '.csv' || ext === '.xlsx';
        const version = isCsv
          ? {
              id: opts.versionId,
              jurisdiction: opts.jurisdiction,
              idPrefix: opts.prefix,
              titleEn: opts.title,
              titleKo: opts.titleKo ?? null,
              publishedOn: opts.published ?? null,
              status: opts.status,
              basedOn: opts.basedOn ?? null,
              verification: opts.verification,
              source: { citation: opts.source, urls: [], note: null },
            }
          : undefined;
        const result = await importFile(handle.db, {
          file: basename(path),
          text,
          format: isCsv ? 'csv' : 'json',
          version,
        });
        ctx.out(
          result.kind === 'taxonomy'
            ? `imported ${result.id}: ${result.technologies} technologies`
            : `imported crosswalk ${result.id}: ${result.links} new links`,
        );
      }),
    );

  group
    .command('export')
    .description('write a version as cetmap.taxonomy JSON (re-importable) or CSV')
    .argument('<version>')
    .option('--format <format>', 'json, csv or xlsx (xlsx needs --output)', 'json')
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .action((versionId: string, opts: { format?: string; output?: string }) =>
      withRegistry(ctx, async (handle) => {
        const file = await loadTaxonomy(handle.db, versionId);
        if (opts.format === 'xlsx') {
          if (!opts.output)
            throw new CetmapError('CET_BAD_INPUT', '--format xlsx needs --output <file.xlsx>');
          await writeXlsx(opts.output, CSV_COLUMNS, taxonomyToCsvRows(file.technologies));
          return ctx.out(`wrote ${versionId} (${file.technologies.length} technologies) to ${opts.output}`);
        }
        const f = format(opts.format, ['json', 'csv']);
        const text =
          f === 'json'
            ? JSON.stringify(file, null, 2) + '\n'
            : toCsv(CSV_COLUMNS, taxonomyToCsvRows(file.technologies));
        if (opts.output) {
          writeFileSync(opts.output, text);
          ctx.out(`wrote ${versionId} (${file.technologies.length} technologies) to ${opts.output}`);
        } else ctx.out(text.trimEnd());
      }),
    );

  group
    .command('draft')
    .description('start a draft revision from a published version')
    .argument('<from-version>')
    .requiredOption('--id <id>', 'the draft version id, e.g. kr-2027')
    .requiredOption('--prefix <prefix>', 'the id prefix of its technologies, e.g. kr2027')
    .requiredOption('--title <title>', 'English title')
    .option('--title-ko <title>', 'Korean title')
    .action((from: string, opts: { id: string; prefix: string; title: string; titleKo?: string }) =>
      withRegistry(ctx, async (handle) => {
        const id = await createDraftVersion(
          handle.db,
          from,
          { id: opts.id, idPrefix: opts.prefix, titleEn: opts.title, titleKo: opts.titleKo ?? null },
          cliChangeActor(),
        );
        ctx.out(`created draft ${id} from ${from}`);
      }),
    );

  group
    .command('change')
    .description(
      'apply a change to a draft: JSON such as {"kind":"rename","id":"…","nameEn":"…","rationale":"…"}',
    )
    .argument('<draft>')
    .argument('<change-json>', 'the change as JSON, or @file.json')
    .action((draft: string, json: string) =>
      withRegistry(ctx, async (handle) => {
        const raw = json.startsWith('@') ? readFileSync(json.slice(1), 'utf8') : json;
        let change: TaxonomyChange;
        try {
          change = JSON.parse(raw) as TaxonomyChange;
        } catch (error) {
          throw new CetmapError('CET_BAD_INPUT', `The change is not valid JSON: ${(error as Error).message}`);
        }
        const seq = await applyDraftChange(handle.db, draft, change, cliChangeActor());
        ctx.out(`applied change ${seq} (${change.kind}) to ${draft}`);
      }),
    );

  group
    .command('changes')
    .description('the change log of a draft, with rationales')
    .argument('<draft>')
    .option('--format <format>', 'table or json', 'table')
    .action((draft: string, opts: { format?: string }) =>
      withRegistry(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const changes = await listDraftChanges(handle.db, draft);
        if (f === 'json') return ctx.out(JSON.stringify({ version: draft, changes }, null, 2));
        if (changes.length === 0) ctx.out(`${draft} has no changes yet`);
        for (const c of changes) ctx.out(`${c.seq}. ${c.kind}: ${JSON.stringify(c.change)}`);
      }),
    );

  group
    .command('publish')
    .description('publish a draft')
    .argument('<draft>')
    .option('--date <date>', 'publication date YYYY-MM-DD (default today)')
    .action((draft: string, opts: { date?: string }) =>
      withRegistry(ctx, async (handle) => {
        const date = opts.date ?? new Date().toISOString().slice(0, 10);
        await publishVersion(handle.db, draft, date, cliChangeActor());
        ctx.out(`published ${draft} on ${date}`);
      }),
    );
}
