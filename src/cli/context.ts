/**
 * What every CLI command needs: the configuration, an output sink, and a way to open the database.
 * Commands receive it instead of reaching for globals, so tests can run them in-process.
 */
import { openDatabase, targetFromConfig, type DbHandle } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
import { countriesSeeder } from '../aggregates/countries-seeder.js';
import { seedFirstRun, type Seeder } from '../demo/first-run.js';
import { taxonomySeeder } from '../taxonomy/builtin-seeder.js';
import type { Config } from '../shared/config.js';

export interface CliContext {
  config: Config;
  out: (line: string) => void;
  err: (line: string) => void;
  /** Set by long-running commands (serve): the process stays up after the command returns. */
  keepAlive?: boolean;
  /** Set by a command that finished but wants a distinct non-zero exit (ingest: 3 = records quarantined). */
  exitCode?: number;
}

/** Opens the configured database, applies pending migrations, runs `fn`, and always closes it. */
export async function withDatabase<T>(
  ctx: CliContext,
  fn: (handle: DbHandle) => Promise<T>,
  options: { migrate?: boolean; seed?: readonly Seeder[] } = {},
): Promise<T> {
  const handle = await openDatabase(targetFromConfig(ctx.config));
  try {
    if (options.migrate !== false) {
      await migrateToLatest(handle.db, {
        kind: handle.kind,
        onApply: (m) => ctx.err(`applied migration ${m.version}_${m.name}`),
      });
    }
    // Reference data a command needs (technology lists, countries) is loaded once, as on first start.
    if (options.seed) await seedFirstRun(handle, ctx.err, options.seed);
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** The reference data most analysis commands need: countries and the built-in technology lists. */
export const REFERENCE_SEEDERS: readonly Seeder[] = [countriesSeeder, taxonomySeeder];

/** Like withDatabase, with the reference data (countries, technology lists) loaded first on a fresh database. */
export const withReference = <T>(ctx: CliContext, fn: (handle: DbHandle) => Promise<T>): Promise<T> =>
  withDatabase(ctx, fn, { seed: REFERENCE_SEEDERS });
