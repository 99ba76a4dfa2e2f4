/** `cetmap db …`: migrations and reset. */
import type { Command } from 'commander';
import { sql } from 'kysely';
import { backupDatabase, restoreDatabase } from '../../db/backup.js';
import { citusDdl } from '../../db/citus.js';
import { targetFromConfig } from '../../db/create-db.js';
import { migrateToLatest, migrationStatus } from '../../db/migrate.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';

export function registerDbCommands(program: Command, ctx: CliContext): void {
  const db = program.command('db').description('database: migrations, status, reset');

  db.command('migrate')
    .description('apply pending migrations')
    .action(() =>
      withDatabase(
        ctx,
        async (handle) => {
          const result = await migrateToLatest(handle.db, {
            kind: handle.kind,
            onApply: (m) => ctx.out(`applied ${m.version}_${m.name}`),
          });
          ctx.out(
            result.applied.length === 0
              ? `database is up to date (level ${result.level}, ${handle.kind})`
              : `migrated to level ${result.level} (${result.applied.length} applied, ${handle.kind})`,
          );
        },
        { migrate: false },
      ),
    );

  db.command('status')
    .description('show applied and pending migrations')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { format: string }) =>
      withDatabase(
        ctx,
        async (handle) => {
          const statuses = await migrationStatus(handle.db);
          if (opts.format === 'json') {
            ctx.out(
              JSON.stringify(
                { database: handle.kind, location: handle.location, migrations: statuses },
                null,
                2,
              ),
            );
            return;
          }
          ctx.out(`database: ${handle.kind} (${handle.location})`);
          for (const s of statuses) {
            const when = s.appliedAt ? new Date(s.appliedAt).toISOString() : '';
            ctx.out(
              `${String(s.version).padStart(4, '0')}  ${s.name.padEnd(32)} ${s.state.padEnd(10)} ${when}`,
            );
          }
          const pending = statuses.filter((s) => s.state === 'pending').length;
          ctx.out(pending === 0 ? 'no pending migrations' : `${pending} pending: run \`cetmap db migrate\``);
        },
        { migrate: false },
      ),
    );

  db.command('citus')
    .description('print the Citus DDL (distributed and reference tables) for this database')
    .action(() =>
      withDatabase(ctx, async (handle) => {
        const rows = await sql<{ table_name: string }>`
          select table_name from information_schema.tables
          where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name`.execute(handle.db);
        const { ddl, unplaced } = citusDdl(rows.rows.map((r) => r.table_name));
        ctx.out(ddl.trimEnd());
        if (unplaced.length > 0)
          ctx.err(`note: ${unplaced.length} table(s) have no placement yet: ${unplaced.join(', ')}`);
      }),
    );

  db.command('backup')
    .description('write a backup: pg_dump archive (PostgreSQL) or a consistent PGlite dump (embedded)')
    .argument('<file>', 'backup file to write')
    .action((file: string) =>
      withDatabase(
        ctx,
        async (handle) => {
          const r = await backupDatabase(handle, targetFromConfig(ctx.config), file);
          ctx.out(
            `backup of the ${r.kind} database written to ${r.file}: ${(r.bytes / 2 ** 20).toFixed(1)} MiB, ${r.tables} tables, ${r.rows} rows`,
          );
        },
        { migrate: false },
      ),
    );

  db.command('restore')
    .description('replace the database contents with a backup, then apply pending migrations')
    .argument('<file>', 'backup file written by `cetmap db backup`')
    .option('--yes', 'confirm that the current data will be replaced')
    .action(async (file: string, opts: { yes?: boolean }) => {
      if (!opts.yes) {
        throw new CetmapError(
          'CET_BAD_INPUT',
          'db restore replaces all current data; run again with --yes to confirm.',
        );
      }
      const kind = await restoreDatabase(targetFromConfig(ctx.config), file);
      await withDatabase(ctx, async (handle) => {
        const level = await migrationStatus(handle.db);
        ctx.out(
          `restored the ${kind} database from ${file} (migration level ${level.filter((m) => m.state === 'applied').length})`,
        );
      });
    });

  db.command('reset')
    .description('delete every table and all data, then migrate afresh')
    .option('--yes', 'confirm that all data will be deleted')
    .action((opts: { yes?: boolean }) => {
      if (!opts.yes) {
        throw new CetmapError('CET_BAD_INPUT', 'db reset deletes all data; run again with --yes to confirm.');
      }
      return withDatabase(
        ctx,
        async (handle) => {
          await sql`drop schema public cascade`.execute(handle.db);
          await sql`create schema public`.execute(handle.db);
          const result = await migrateToLatest(handle.db, { kind: handle.kind });
          ctx.out(`database reset; migrated to level ${result.level} (${handle.kind})`);
        },
        { migrate: false },
      );
    });
}
