/** System routes: health, loaded data sets (for the synthetic-data banner), the problem-type catalogue. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { queueCounts } from '../../jobs/job-queue.js';
import { migrationLevel, readMigrationFiles } from '../../db/migrate.js';
import { ERROR_CODES, notFound, type ErrorCode } from '../../shared/errors.js';
import { VERSION } from '../../shared/paths.js';
import { jobsResponseSchema } from '../../shared/schemas/jobs.js';
import type { AppDeps } from '../app.js';

const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  database: z.enum(['pglite', 'postgres']),
  migrationLevel: z.number().int().describe('Highest applied migration'),
  migrationsPending: z.number().int(),
  time: z.string(),
});

const datasetSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  synthetic: z.boolean(),
  source: z.string().nullable(),
  licence: z.string().nullable(),
  loadedAt: z.string(),
  rowCount: z.number(),
});

export const systemRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const expectedLevel = Math.max(0, ...readMigrationFiles().map((m) => m.version));

    app.get(
      '/jobs',
      {
        config: { access: { permission: 'users:manage' } },
        schema: {
          tags: ['system'],
          summary: 'Background jobs per queue and state (`cetmap jobs`; workers need PostgreSQL)',
          response: {
            200: jobsResponseSchema,
          },
        },
      },
      async () => ({ database: deps.handle.kind, queues: await queueCounts(deps.handle.db) }),
    );

    app.get(
      '/health',
      {
        config: { access: 'public' },
        schema: { tags: ['system'], summary: 'Service health', response: { 200: healthSchema } },
      },
      async () => {
        const level = await migrationLevel(deps.handle.db);
        return {
          status: level >= expectedLevel ? ('ok' as const) : ('degraded' as const),
          version: VERSION,
          database: deps.handle.kind,
          migrationLevel: level,
          migrationsPending: Math.max(0, expectedLevel - level),
          time: new Date().toISOString(),
        };
      },
    );

    app.get(
      '/datasets',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Loaded data sets; `synthetic` is true when any demo data is loaded',
          response: { 200: z.object({ synthetic: z.boolean(), datasets: z.array(datasetSchema) }) },
        },
      },
      async () => {
        const rows = await deps.handle.db
          .selectFrom('dataset')
          .selectAll()
          .orderBy('loaded_at', 'desc')
          .execute();
        const datasets = rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          synthetic: r.synthetic,
          source: r.source,
          licence: r.licence,
          loadedAt: new Date(r.loaded_at).toISOString(),
          rowCount: r.row_count,
        }));
        return { synthetic: datasets.some((d) => d.synthetic), datasets };
      },
    );

    app.get(
      '/problems/:slug',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Describes a problem type returned in error responses',
          params: z.object({ slug: z.string().max(64) }),
          response: {
            200: z.object({ type: z.string(), code: z.string(), title: z.string(), status: z.number() }),
          },
        },
      },
      async (request) => {
        const code = request.params.slug.toUpperCase().replace(/-/g, '_') as ErrorCode;
        const entry = ERROR_CODES[code];
        if (!entry) throw notFound(`Problem type ${request.params.slug}`);
        return { type: request.url, code, title: entry.title, status: entry.status };
      },
    );
  };
