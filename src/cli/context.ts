/**
 * What every CLI command needs: the configuration, an output sink, and a way to open the database.
 * Commands receive it instead of reaching for globals, so tests can run them in-process.
 */
import { openDatabase, targetFromConfig, type DbHandle } from '../db/create-db.js';
import { migrateToLatest } from '../db/migrate.js';
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
  options: { migrate?: boolean } = {},
): Promise<T> {
  const handle = await openDatabase(targetFromConfig(ctx.config));
  try {
    if (options.migrate !== false) {
      await migrateToLatest(handle.db, {
        kind: handle.kind,
        onApply: (m) => ctx.err(`applied migration ${m.version}_${m.name}`),
      });
    }
    return await fn(handle);
  } finally {
    await handle.close();
  }
}
