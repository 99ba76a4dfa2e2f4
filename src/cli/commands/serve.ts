/** `cetmap serve`: the HTTP API and the web app on one port. */
import type { Command } from 'commander';
import { startServer, stopOnSignals } from '../../api/server.js';
import { openDatabase, targetFromConfig } from '../../db/create-db.js';
import { migrateToLatest } from '../../db/migrate.js';
import { seedFirstRun } from '../../demo/first-run.js';
import { CetmapError } from '../../shared/errors.js';
import type { CliContext } from '../context.js';

export function registerServeCommand(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('serve the web app and the HTTP API (PORT, default 8080)')
    .option('--port <port>', 'port to listen on (overrides PORT)')
    .option('--host <host>', 'address to listen on (overrides HOST; default localhost)')
    .option('--no-seed', 'do not load demo data on first run')
    .action(async (opts: { port?: string; host?: string; seed: boolean }) => {
      const port = opts.port === undefined ? ctx.config.port : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new CetmapError('CET_BAD_INPUT', `--port must be a port number, got ${opts.port}`);
      }
      const config = { ...ctx.config, port, host: opts.host ?? ctx.config.host };
      const handle = await openDatabase(targetFromConfig(config));
      let server;
      try {
        await migrateToLatest(handle.db, {
          kind: handle.kind,
          onApply: (m) => ctx.err(`applied migration ${m.version}_${m.name}`),
        });
        if (opts.seed) await seedFirstRun(handle, ctx.err);
        server = await startServer(handle, config);
      } catch (error) {
        await handle.close();
        throw error;
      }
      ctx.keepAlive = true;
      stopOnSignals(server, ctx.err);
      ctx.out(`cetmap is serving ${server.url} (database: ${handle.kind}, ${handle.location})`);
    });
}
