/**
 * `cetmap fetch openalex`: works from the OpenAlex API into JSON Lines files (and optionally into the database).
 * Prints the estimated cost first and asks before spending it; resumable (re-running the same command continues).
 */
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { latestRecipes, STARTER_RECIPES } from '../../classify/classify-queries.js';
import { ingestOpenAlex } from '../../ingest/ingest-openalex.js';
import {
  BudgetExhausted,
  createDailyBudget,
  defaultDailyBudget,
  OPENALEX_DEFAULT_URL,
  OPENALEX_PRICING,
  OpenAlexClient,
} from '../../ingest/openalex-api.js';
import {
  estimateFetch,
  fetchKey,
  openFetchState,
  probeCounts,
  requestFilters,
  runFetch,
  taxonomyFilter,
  type FetchSummary,
  type TaxonomyRecipe,
} from '../../ingest/openalex-fetch.js';
import { CetmapError, isCetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';
import { createProgress } from '../progress.js';
import { EXIT_QUARANTINED, formatIngestSummary } from './ingest.js';

/** Exit code of a fetch that stopped before the end (daily budget, Ctrl-C): run the same command to continue. */
export const EXIT_INCOMPLETE = 4;

const TAXONOMIES = new Set(['kr-2022']);

interface FetchOpts {
  filter?: string[];
  taxonomy?: string;
  from?: string;
  to?: string;
  max?: string;
  out?: string;
  gzip: boolean;
  ingest?: boolean;
  yes?: boolean;
  budget?: string;
  rate: string;
  restart?: boolean;
}

/** Asks a yes/no question on a terminal; only an explicit yes counts. */
export async function askYesNo(
  question: string,
  input: NodeJS.ReadableStream = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<boolean> {
  const rl = createInterface({ input, output, terminal: false });
  try {
    const answer = await rl.question(`${question} [y/N] `);
    return /^\s*y(es)?\s*$/i.test(answer);
  } finally {
    rl.close();
  }
}

const intOption = (name: string, value: string, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CetmapError('CET_BAD_INPUT', `${name} must be an integer ${min}–${max}, got ${value}`);
  return n;
};

export function formatFetchSummary(s: FetchSummary, dir: string): string {
  const how = {
    complete: 'complete',
    max: 'stopped at --max',
    budget: 'stopped at the daily budget',
    interrupted: 'interrupted',
  }[s.stopped];
  return (
    `fetch ${how}: ${s.written.toLocaleString('en')} works written in ${s.files} file(s) ` +
    `(${s.duplicates.toLocaleString('en')} duplicates skipped), ${s.requests} requests (${s.retries} retries), ` +
    `${s.filtersDone}/${s.filters} filters done; ${s.totalWritten.toLocaleString('en')} works in ${s.totalFiles} file(s) in ${dir} ` +
    `(${s.seconds.toFixed(1)} s)`
  );
}

async function taxonomyRecipes(ctx: CliContext, taxonomy: string): Promise<TaxonomyRecipe[]> {
  const prefix = taxonomy.replace('-', '') + '.';
  let stored: Awaited<ReturnType<typeof latestRecipes>> = [];
  try {
    stored = await withDatabase(ctx, (handle) => latestRecipes(handle.db));
  } catch (error) {
    // The recipes only choose topics: a database held by a running server need not stop the fetch.
    if (!(isCetmapError(error) && error.code === 'CET_DB_LOCKED')) throw error;
    ctx.err(`note: ${error.message}`);
  }
  const recipes = stored.filter((r) => r.techId.startsWith(prefix));
  if (recipes.length > 0) return recipes.map((r) => ({ techId: r.techId, topics: r.topics }));
  ctx.err(`note: using the starter recipes shipped with cetmap (none stored for ${taxonomy})`);
  return STARTER_RECIPES.recipes.map((r) => ({ techId: r.tech_id, topics: r.topics }));
}

export function registerFetchCommands(program: Command, ctx: CliContext): void {
  const fetch = program.command('fetch').description('fetch evidence from external APIs (OpenAlex works)');

  fetch
    .command('openalex')
    .description(
      'fetch OpenAlex works through the API into JSON Lines files; prints the cost and asks first; ' +
        're-running the same command resumes',
    )
    .option(
      '--filter <filter>',
      'an OpenAlex works filter, e.g. "topics.id:T10502|T12808,type:article" (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--taxonomy <id>',
      "every key technology's candidate works from its classification recipe (kr-2022)",
    )
    .option('--from <year>', 'publication year from (adds from_publication_date)')
    .option('--to <year>', 'publication year to (adds to_publication_date)')
    .option('--max <n>', 'stop after this many works in the output directory')
    .option('--out <dir>', 'output directory (default: $CETMAP_HOME/openalex/<request key>)')
    .option('--no-gzip', 'write plain .jsonl instead of .jsonl.gz')
    .option('--ingest', 'load the fetched files into the database afterwards')
    .option('--yes', 'do not ask before spending API requests')
    .option(
      '--budget <n>',
      'API requests per UTC day, all runs together (default: what the free allowance buys: 10000 with an API key, 100 without)',
    )
    .option('--rate <n>', 'requests per second at most', '10')
    .option('--restart', 'discard an earlier fetch of other filters in the output directory')
    .action(async (opts: FetchOpts) => {
      if (Boolean(opts.filter?.length) === Boolean(opts.taxonomy)) {
        throw new CetmapError('CET_BAD_INPUT', 'Give either --filter or --taxonomy (one of them).');
      }
      if (opts.taxonomy !== undefined && !TAXONOMIES.has(opts.taxonomy)) {
        throw new CetmapError(
          'CET_BAD_INPUT',
          `--taxonomy must be one of ${[...TAXONOMIES].join(', ')}, got ${opts.taxonomy}`,
        );
      }
      const from = opts.from === undefined ? undefined : intOption('--from', opts.from, 1800, 2100);
      const to = opts.to === undefined ? undefined : intOption('--to', opts.to, 1800, 2100);
      if (from !== undefined && to !== undefined && from > to)
        throw new CetmapError('CET_BAD_INPUT', `--from ${from} is after --to ${to}`);
      const max = opts.max === undefined ? undefined : intOption('--max', opts.max, 1, 1_000_000_000);
      const rate = intOption('--rate', opts.rate, 1, 100);
      const { openalexApiKey: apiKey, openalexMailto: mailto } = ctx.config;
      const budgetLimit =
        opts.budget === undefined
          ? defaultDailyBudget(Boolean(apiKey))
          : intOption('--budget', opts.budget, 1, 100_000_000);

      let base: string[];
      if (opts.taxonomy) {
        const recipes = await taxonomyRecipes(ctx, opts.taxonomy);
        base = [taxonomyFilter(recipes, { from, to })];
        ctx.out(
          `${opts.taxonomy}: ${recipes.length} technologies, ${new Set(recipes.flatMap((r) => r.topics)).size} candidate OpenAlex topics`,
        );
      } else {
        const dates = [
          ...(from !== undefined ? [`from_publication_date:${from}-01-01`] : []),
          ...(to !== undefined ? [`to_publication_date:${to}-12-31`] : []),
        ];
        base = opts.filter!.map((f) => [f.trim(), ...dates].filter(Boolean).join(','));
      }

      const budget = createDailyBudget(join(ctx.config.home, 'openalex-usage.json'), budgetLimit);
      const client = new OpenAlexClient({
        baseUrl: ctx.config.openalexApiUrl ?? OPENALEX_DEFAULT_URL,
        apiKey,
        mailto,
        requestsPerSecond: rate,
        budget,
        onRetry: (r) => ctx.err(`retry ${r.attempt} in ${(r.waitMs / 1000).toFixed(1)} s: ${r.reason}`),
      });
      if (!apiKey) ctx.err('note: no OPENALEX_API_KEY set: OpenAlex allows very little use without a key');
      const filters = requestFilters(base, client);
      const dir = opts.out ?? join(ctx.config.home, 'openalex', fetchKey(filters));
      const opened = openFetchState(dir, filters, { restart: opts.restart });
      const s = opened.state;
      ctx.out(
        `${filters.length} request filter(s) (long OR-lists split) into ${dir}` +
          (opened.resumed
            ? `; resuming: ${s.written.toLocaleString('en')} works in ${s.files.length} file(s), ` +
              `${s.filters.filter((f) => f.cursor === null).length}/${s.filters.length} filters done`
            : ''),
      );

      let summary: FetchSummary | null = null;
      try {
        const probes = await probeCounts(client, opened);
        const estimate = estimateFetch(s, {
          max,
          dailyBudget: budget.limit,
          budgetLeftToday: budget.remaining(),
        });
        ctx.out(
          `estimate: up to ${estimate.records.toLocaleString('en')} works (an upper bound: a work in several filters counts in each) ` +
            `in ${estimate.requests.toLocaleString('en')} list requests (${probes} probe request(s) already sent), ` +
            `≈ $${estimate.usd.toFixed(estimate.usd < 1 ? 4 : 2)} of API usage at $${(OPENALEX_PRICING.listUsdPerCall * 1000).toFixed(2)} per 1,000 list calls; ` +
            `budget ${budget.limit.toLocaleString('en')} requests/day, ${budget.used().toLocaleString('en')} used today: ` +
            `about ${estimate.days} day(s)`,
        );
        if (estimate.requests === 0) {
          ctx.out('nothing left to fetch');
        } else {
          if (!opts.yes) {
            if (!process.stdin.isTTY) {
              throw new CetmapError(
                'CET_BAD_INPUT',
                'Not fetching: add --yes to spend these requests (stdin is not a terminal, so cetmap cannot ask).',
              );
            }
            if (!(await askYesNo(`Spend about ${estimate.requests.toLocaleString('en')} API requests?`))) {
              ctx.out('cancelled: nothing fetched');
              return;
            }
          }
          const abort = new AbortController();
          const onSigint = (): void => abort.abort();
          process.once('SIGINT', onSigint);
          const progress = createProgress({ label: 'fetch', total: estimate.records, unit: 'works' });
          const writtenBefore = s.written;
          try {
            summary = await runFetch(client, opened, {
              max,
              gzip: opts.gzip,
              signal: abort.signal,
              onProgress: (p) => progress.update(p.written - writtenBefore, `${p.requests} requests`),
              onWarning: (m) => ctx.err(`warning: ${m}`),
            });
          } finally {
            process.removeListener('SIGINT', onSigint);
            progress.finish();
          }
          ctx.out(formatFetchSummary(summary, dir));
        }
      } catch (error) {
        if (!(error instanceof BudgetExhausted)) throw error;
        ctx.err(`stopped before fetching: ${error.message}`);
        ctx.exitCode = EXIT_INCOMPLETE;
      }
      ctx.out(
        `API requests today: ${budget.used().toLocaleString('en')} of ${budget.limit.toLocaleString('en')}`,
      );
      if (summary && (summary.stopped === 'budget' || summary.stopped === 'interrupted')) {
        ctx.err(
          `${summary.stopReason ?? 'interrupted'}: run the same command again (after the budget resets at 00:00 UTC, ` +
            'or with a larger --budget) to continue where it stopped',
        );
        ctx.exitCode = EXIT_INCOMPLETE;
      }

      if (opts.ingest && s.files.length > 0) {
        const ingested = await withDatabase(ctx, (handle) =>
          ingestOpenAlex(handle, dir, { onWarning: (m) => ctx.err(`warning: ${m}`) }),
        );
        ctx.out(formatIngestSummary(ingested));
        if (ingested.quarantined > 0) {
          ctx.err(`${ingested.quarantined} record(s) quarantined: see \`cetmap quarantine list\``);
          ctx.exitCode = EXIT_QUARANTINED;
        }
      }
    });
}
