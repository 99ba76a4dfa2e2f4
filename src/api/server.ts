/**
 * Starts the HTTP server on an open database and closes both cleanly on SIGINT/SIGTERM.
 */
import type { FastifyInstance } from 'fastify';
import type { DbHandle } from '../db/create-db.js';
import type { Config } from '../shared/config.js';
import { buildApp } from './app.js';

export interface RunningServer {
  app: FastifyInstance;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(handle: DbHandle, config: Config): Promise<RunningServer> {
  const app = await buildApp(
    { handle },
    {
      logger: {
        level: config.logLevel,
        redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      },
      auth: { cookieSecure: config.cookieSecure },
      rateLimitPerMinute: config.rateLimitPerMinute,
    },
  );
  const address = await app.listen({ port: config.port, host: config.host });
  const url = address.replace('127.0.0.1', 'localhost').replace('[::1]', 'localhost');
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      await app.close();
      await handle.close();
    })());
  return { app, url, stop };
}

/** Stops the server on the first SIGINT/SIGTERM; a second signal exits at once. */
export function stopOnSignals(server: RunningServer, log: (line: string) => void): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) process.exit(130);
    signalled = true;
    log(`${signal} received: closing the server and the database…`);
    server.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`shutdown failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
