/** `cetmap ingest openalex <path>`: load OpenAlex works from a snapshot directory or JSON Lines files. */
import type { Command } from 'commander';
import { ingestOpenAlex, type IngestSummary } from '../../ingest/ingest-openalex.js';
import { defaultParseThreads } from '../../ingest/file-parsers.js';
import { ingestPatents } from '../../patents/ingest-patents.js';
import { formatPatentIngest } from './patents.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';

/** Exit code of an ingest that completed but put records in the quarantine. */
export const EXIT_QUARANTINED = 3;

const MB = 1024 * 1024;

export function formatIngestSummary(s: IngestSummary): string {
  const rate = s.seconds > 0 ? Math.round(s.records / s.seconds) : s.records;
  const files =
    `${s.files} file(s)` +
    (s.filesSkipped ? `, ${s.filesSkipped} already done` : '') +
    (s.filesResumed ? `, ${s.filesResumed} resumed` : '');
  return (
    `ingest run ${s.runId}: ${s.records} records from ${files}: ${s.ingested} ingested, ${s.updated} updated, ` +
    `${s.unchanged} unchanged, ${s.quarantined} quarantined${s.merged ? `, ${s.merged} merged away` : ''} (${s.seconds.toFixed(1)} s, ${rate.toLocaleString('en')} records/s)`
  );
}

export function registerIngestCommands(program: Command, ctx: CliContext): void {
  const ingest = program
    .command('ingest')
    .description('load evidence: OpenAlex snapshots and JSON Lines, PatentsView patent tables');

  ingest
    .command('patents')
    .description('load PatentsView granted-patent g_ tables (.tsv as published, .tsv.zip, .gz or .csv)')
    .argument(
      '<dir>',
      'folder with g_patent, g_patent_abstract, g_cpc_current, g_inventor/assignee/location tables',
    )
    .option('--force', 're-read files already recorded as done')
    .option('--batch-size <n>', 'records per database batch', '2000')
    .action((dir: string, opts: { force?: boolean; batchSize: string }) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `--batch-size must be an integer 1–100000, got ${opts.batchSize}`,
        );
      return withDatabase(ctx, async (handle) => {
        const progress = createProgress({ label: 'patents', unit: 'records' });
        const summary = await ingestPatents(handle, dir, {
          force: opts.force,
          batchSize,
          onWarning: (m) => ctx.err(`warning: ${m}`),
          onProgress: (p) => progress.update(p.records, `${p.table} (${p.file})`),
        });
        progress.finish();
        for (const line of formatPatentIngest(summary)) ctx.out(line);
        if (summary.quarantined > 0) {
          ctx.err(`${summary.quarantined} record(s) quarantined: see \`cetmap quarantine list\``);
          ctx.exitCode = EXIT_QUARANTINED;
        }
      });
    });

  ingest
    .command('openalex')
    .description('load OpenAlex works from a snapshot directory, .jsonl or .jsonl.gz files')
    .argument('<path>', 'snapshot directory (data/works/updated_date=…/part_NNN.gz + manifest) or a file')
    .option('--since <date>', 'only partitions with updated_date on or after this date (YYYY-MM-DD)')
    .option('--force', 're-read files already recorded as done')
    .option(
      '--batch-size <n>',
      'records per database batch (smaller: less memory, more transactions)',
      '1000',
    )
    .option(
      '--workers <n>',
      'parse threads, each reading a file of its own (0 = all on the main thread: slower, about 100 MB less memory)',
      String(defaultParseThreads()),
    )
    .action((path: string, opts: { since?: string; force?: boolean; batchSize: string; workers: string }) => {
      if (opts.since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.since)) {
        throw new CetmapError('CET_BAD_INPUT', `--since must be a date YYYY-MM-DD, got ${opts.since}`);
      }
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
        throw new CetmapError(
          'CET_BAD_INPUT',
          `--batch-size must be an integer 1–100000, got ${opts.batchSize}`,
        );
      }
      const workers = Number(opts.workers);
      if (!Number.isInteger(workers) || workers < 0 || workers > 16) {
        throw new CetmapError('CET_BAD_INPUT', `--workers must be an integer 0–16, got ${opts.workers}`);
      }
      return withDatabase(ctx, async (handle) => {
        let progress: ReturnType<typeof createProgress> | undefined;
        const started = Date.now();
        const summary = await ingestOpenAlex(handle, path, {
          since: opts.since,
          force: opts.force,
          batchSize,
          workers,
          onWarning: (m) => ctx.err(`warning: ${m}`),
          onProgress: (p) => {
            progress ??= createProgress({ label: 'ingest', total: Math.ceil(p.totalBytes / MB), unit: 'MB' });
            const seconds = (Date.now() - started) / 1000;
            const perSecond = seconds > 0 ? Math.round(p.records / seconds) : 0;
            progress.update(
              Math.round(p.bytes / MB),
              `${p.records.toLocaleString('en')} records, ${perSecond.toLocaleString('en')}/s`,
            );
          },
        });
        progress?.finish();
        ctx.out(formatIngestSummary(summary));
        if (summary.quarantined > 0) {
          ctx.err(`${summary.quarantined} record(s) quarantined: see \`cetmap quarantine list\``);
          ctx.exitCode = EXIT_QUARANTINED;
        }
      });
    });
}
