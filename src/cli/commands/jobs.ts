/**
 * `cetmap jobs …` and `cetmap worker`: the PostgreSQL job queue for parallel ingest and analysis. Start several
 * `cetmap worker` processes (on one machine or many, all with the same DATABASE_URL) after `cetmap jobs enqueue`.
 */
import type { Command } from 'commander';
import {
  ALL_QUEUES,
  enqueueAnalysis,
  enqueueIngest,
  openQueue,
  queueCounts,
  requirePostgres,
  runWorker,
  type QueueName,
} from '../../jobs/job-queue.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';
import { format, table } from '../output.js';

export function registerJobsCommands(program: Command, ctx: CliContext): void {
  const jobs = program
    .command('jobs')
    .description('background job queue on PostgreSQL: status and enqueueing (workers: `cetmap worker`)')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { format?: string }) =>
      withDatabase(ctx, async (handle) => {
        const counts = await queueCounts(handle.db);
        if (format(opts.format, ['table', 'json']) === 'json')
          return ctx.out(JSON.stringify(counts, null, 2));
        for (const line of table(
          ['queue', 'waiting', 'retrying', 'active', 'completed', 'failed'],
          counts.map((c) => [c.queue, c.created, c.retry, c.active, c.completed, c.failed]),
        ))
          ctx.out(line);
      }),
    );

  const enqueue = jobs.command('enqueue').description('queue work for the workers');
  enqueue
    .command('ingest')
    .description('one job per data file of an OpenAlex snapshot (or the single file given)')
    .argument('<path>')
    .option('--since <date>', 'only updated_date partitions from this date')
    .action((path: string, opts: { since?: string }) =>
      withDatabase(ctx, async () => {
        const boss = await openQueue(requirePostgres(ctx.config.databaseUrl));
        try {
          const n = await enqueueIngest(boss, path, { since: opts.since });
          ctx.out(`queued ${n} file(s) for ingest; start workers with \`cetmap worker\``);
        } finally {
          await boss.stop({ graceful: false });
        }
      }),
    );
  enqueue
    .command('analysis')
    .description('queue classification, then the rollup (each runs after the jobs queued before it)')
    .action(() =>
      withDatabase(ctx, async () => {
        const boss = await openQueue(requirePostgres(ctx.config.databaseUrl));
        try {
          await enqueueAnalysis(boss);
          ctx.out('queued classification and rollup');
        } finally {
          await boss.stop({ graceful: false });
        }
      }),
    );

  program
    .command('worker')
    .description('process queued jobs (ingest files, classification, rollup) until stopped')
    .option('--queues <names>', `comma-separated: ${ALL_QUEUES.join(', ')}`, ALL_QUEUES.join(','))
    .option('--until-empty', 'exit once no job is waiting, retrying or active')
    .action((opts: { queues: string; untilEmpty?: boolean }) => {
      const queues = opts.queues.split(',').map((q) => q.trim());
      const unknown = queues.filter((q) => !(ALL_QUEUES as string[]).includes(q));
      if (unknown.length > 0)
        throw new CetmapError(
          'CET_BAD_INPUT',
          `Unknown queue(s): ${unknown.join(', ')}; queues are ${ALL_QUEUES.join(', ')}.`,
        );
      // Migrations only: reference data is loaded by the classification job itself (one at a time).
      return withDatabase(ctx, async (handle) => {
        const boss = await openQueue(requirePostgres(ctx.config.databaseUrl));
        let stop: () => void = () => {};
        const stopped = new Promise<void>((resolve) => (stop = resolve));
        const onSignal = () => stop();
        process.once('SIGTERM', onSignal);
        process.once('SIGINT', onSignal);
        try {
          ctx.err(`worker ${process.pid} on ${queues.join(', ')}`);
          const run = runWorker(handle, boss, {
            queues: queues as QueueName[],
            untilEmpty: opts.untilEmpty,
            log: (line) => ctx.err(line),
          });
          if (opts.untilEmpty) {
            const r = await run;
            ctx.out(`worker ${process.pid}: ${r.jobs} job(s) done, queues empty`);
          } else {
            await run;
            await stopped;
            await boss.stop({ graceful: true, wait: true });
          }
        } finally {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
        }
      });
    });
}
