/**
 * The smallest end-to-end benchmark: GET /api/v1/health (routing, a database query, zod serialisation,
 * problem handling installed) against the floor of a bare Fastify route returning a constant, in one run.
 */
import Fastify from 'fastify';
import { buildApp } from '../src/api/app.js';
import { openDatabase } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Bench } from './harness.js';

const REQUESTS = 2000;

async function requestsPerSecond(inject: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < REQUESTS; i++) await inject();
  return REQUESTS / (Number(process.hrtime.bigint() - start) / 1e9);
}

const bench: Bench = async (ctx) => {
  const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
  await migrateToLatest(handle.db, { kind: handle.kind });
  const app = await buildApp({ handle }, { rateLimitPerMinute: 10_000_000 });
  const bare = Fastify();
  bare.get('/health', async () => ({ status: 'ok' }));
  await Promise.all([app.ready(), bare.ready()]);

  const floor = await ctx.median(5, () =>
    requestsPerSecond(() => bare.inject({ method: 'GET', url: '/health' })),
  );
  const health = await ctx.median(5, () =>
    requestsPerSecond(() => app.inject({ method: 'GET', url: '/api/v1/health' })),
  );
  ctx.log(`bare route ${floor.toFixed(0)} req/s, /api/v1/health ${health.toFixed(0)} req/s`);

  await Promise.all([app.close(), bare.close()]);
  await handle.close();
  return {
    figures: {
      health_requests_per_s: Math.round(health),
      requests_per_round: REQUESTS,
      database: 'pglite (memory)',
    },
    floors: { bare_fastify_requests_per_s: Math.round(floor) },
    ratios: { health_vs_bare_route: Math.round((health / floor) * 1000) / 1000 },
    notes: ['in-process inject(), sequential requests, median of 5 rounds'],
  };
};
export default bench;
