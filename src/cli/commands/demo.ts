/** `cetmap demo` and `cetmap demo generate`: the synthetic OpenAlex-shaped demo corpus. */
import type { Command } from 'commander';
import { DEFAULT_DEMO_SEED, FIRST_RUN_DEMO_WORKS, loadDemoCorpus } from '../../demo/demo-corpus.js';
import { writeSyntheticCorpus } from '../../demo/write-corpus.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { formatIngestSummary } from './ingest.js';

const positiveInt = (name: string, value: string, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max)
    throw new CetmapError('CET_BAD_INPUT', `${name} must be an integer 0–${max}, got ${value}`);
  return n;
};

export function registerDemoCommands(program: Command, ctx: CliContext): void {
  const demo = program
    .command('demo')
    .description('generate and load the synthetic demo corpus (marked synthetic everywhere)')
    .option('--works <n>', 'number of works', String(FIRST_RUN_DEMO_WORKS))
    .option('--seed <n>', 'random seed (same seed, same corpus)', String(DEFAULT_DEMO_SEED))
    .action((opts: { works: string; seed: string }) => {
      const works = positiveInt('--works', opts.works, 50_000_000);
      const seed = positiveInt('--seed', opts.seed, 2 ** 32 - 1);
      return withDatabase(ctx, async (handle) => {
        const summary = await loadDemoCorpus(handle, { works, seed, log: ctx.err });
        ctx.out(formatIngestSummary(summary));
        ctx.out('recorded as a synthetic data set: the app shows the synthetic-data banner');
      });
    });

  demo
    .command('generate')
    .description('write an OpenAlex-snapshot-shaped synthetic corpus (gzip partitions + manifest)')
    .requiredOption('--out <dir>', 'output directory')
    .option('--works <n>', 'number of works', '10000')
    .option('--seed <n>', 'random seed (same seed, same corpus)', String(DEFAULT_DEMO_SEED))
    .option('--part-size <n>', 'records per part file', '50000')
    .action(async (opts: { out: string; works: string; seed: string; partSize: string }) => {
      const works = positiveInt('--works', opts.works, 50_000_000);
      const progress = createProgress({ label: 'generate', total: works, unit: 'works' });
      const manifest = await writeSyntheticCorpus({
        works,
        seed: positiveInt('--seed', opts.seed, 2 ** 32 - 1),
        partSize: Math.max(1, positiveInt('--part-size', opts.partSize, 10_000_000)),
        out: opts.out,
        onProgress: (n) => progress.update(n),
      });
      progress.finish();
      ctx.out(
        `wrote ${manifest.meta.record_count} synthetic works in ${manifest.entries.length} part file(s), ` +
          `${(manifest.meta.content_length / 1024 / 1024).toFixed(1)} MB, to ${opts.out}`,
      );
    });
}
