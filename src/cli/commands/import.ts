/** `cetmap import …`: aggregate data sets (countries, co-authorship, World Bank, NSF, KISTEP, USGS, ETO). */
import type { Command } from 'commander';
import {
  importAggregate,
  importAllAggregates,
  type ImportReport,
} from '../../aggregates/aggregate-queries.js';
import { findKind, IMPORT_KINDS } from '../../aggregates/import-kinds.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';

const QUARANTINED_EXIT = 3;

function printReport(ctx: CliContext, report: ImportReport): void {
  ctx.out(
    `${report.kind}: ${report.rows.toLocaleString('en')} rows from ${report.files.length} file(s)` +
      (report.quarantined ? `, ${report.quarantined} record(s) quarantined` : ''),
  );
}

export function registerImportCommands(program: Command, ctx: CliContext): void {
  const group = program
    .command('import')
    .description('import aggregate data sets: import <kind> <folder> | import all <dir> | import list')
    .argument('[kind]', `one of: ${IMPORT_KINDS.map((k) => k.kind).join(', ')}, all, list`)
    .argument('[path]', 'the data set folder (for all: the folder holding them)')
    .option('--format <format>', 'table or json (for the summary)', 'table')
    .action(async (kindName: string | undefined, path: string | undefined, opts: { format: string }) => {
      if (!kindName || kindName === 'list') {
        for (const k of IMPORT_KINDS)
          ctx.out(`${k.kind.padEnd(18)} folder ${k.folder.padEnd(24)} ${k.title} [${k.licence}]`);
        return;
      }
      if (!path)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `import ${kindName} needs a folder: cetmap import ${kindName} <path>`,
        );
      const reports = await withDatabase(ctx, async (handle) => {
        const onFile = (f: { file: string; rows: number; quarantined: number }) =>
          ctx.err(
            `  ${f.file}: ${f.rows.toLocaleString('en')} rows${f.quarantined ? `, ${f.quarantined} quarantined` : ''}`,
          );
        if (kindName === 'all') {
          return importAllAggregates(handle, path, IMPORT_KINDS, {
            onKind: (k) => ctx.err(`importing ${k.kind}…`),
            onFile,
          });
        }
        const kind = findKind(kindName);
        if (!kind) {
          throw new CetmapError(
            'CET_BAD_INPUT',
            `unknown data set kind "${kindName}"; known: ${IMPORT_KINDS.map((k) => k.kind).join(', ')}`,
          );
        }
        return [await importAggregate(handle, kind, path, { onFile })];
      });
      if (opts.format === 'json') ctx.out(JSON.stringify(reports, null, 2));
      else for (const r of reports) printReport(ctx, r);
      const quarantined = reports.reduce((s, r) => s + r.quarantined, 0);
      if (quarantined > 0) {
        ctx.err(`${quarantined} record(s) quarantined: see \`cetmap quarantine list\``);
        ctx.exitCode = QUARANTINED_EXIT;
      }
    });
  group.addHelpText('after', '\nExit code 3 when any record was quarantined (the rest are imported).');
}
