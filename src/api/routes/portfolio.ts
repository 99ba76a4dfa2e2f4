/** Performance management routes: plan targets with status (public), budget roll-ups (public), programmes. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { budgetRollup, enterMeasurement, measureTargets } from '../../portfolio/portfolio-queries.js';
import { auditRequest } from '../access-control.js';
import type { AppDeps } from '../app.js';

const status = z.enum(['on_track', 'at_risk', 'off_track', 'no_data']);

export const portfolioRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/portfolio/targets',
      {
        config: { access: 'public' },
        schema: {
          tags: ['portfolio'],
          summary:
            "The master plan's targets, each measured (from cetmap's data where possible) with its status",
          querystring: z.object({
            year: z.coerce.number().int().min(2000).max(2100).optional(),
            country: z
              .string()
              .regex(/^[A-Za-z]{2}$/)
              .default('KR'),
          }),
          response: {
            200: z.object({
              plan: z.string(),
              sources: z.array(z.string()),
              rule: z.string(),
              targets: z.array(
                z.object({
                  id: z.string(),
                  name_en: z.string(),
                  name_ko: z.string(),
                  unit: z.string(),
                  direction: z.enum(['increase', 'decrease']),
                  baseline: z.number().nullable(),
                  baseline_year: z.number(),
                  target: z.number(),
                  target_year: z.number(),
                  measure: z.string(),
                  year: z.number(),
                  actual: z.number().nullable(),
                  source: z.string(),
                  status,
                  expected: z.number().nullable(),
                  progress: z.number().nullable(),
                  met: z.boolean(),
                }),
              ),
            }),
          },
        },
      },
      async (request) =>
        measureTargets(
          db(),
          request.query.year ?? new Date().getUTCFullYear(),
          request.query.country.toUpperCase(),
        ),
    );

    app.get(
      '/portfolio/budgets',
      {
        config: { access: 'public' },
        schema: {
          tags: ['portfolio'],
          summary:
            'Budgets by CET field × ministry × year in KRW (programme budgets split by technology share)',
          querystring: z.object({ basis: z.enum(['planned', 'allocated', 'executed']).default('allocated') }),
          response: {
            200: z.object({
              basis: z.string(),
              unit: z.literal('KRW'),
              cells: z.array(
                z.object({
                  cet: z.string(),
                  ministry: z.string(),
                  year: z.number(),
                  krw: z.number(),
                  smeKrw: z.number(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => ({
        basis: request.query.basis,
        unit: 'KRW' as const,
        cells: await budgetRollup(db(), request.query.basis),
      }),
    );

    app.get(
      '/portfolio/programmes',
      {
        config: { access: { permission: 'programmes:read' } },
        schema: {
          tags: ['portfolio'],
          summary: 'Programmes with their ministry, kind, years and technologies',
        },
      },
      async () => {
        const rows = await db().selectFrom('programme').selectAll().orderBy('id').execute();
        const links = await db().selectFrom('programme_tech').selectAll().execute();
        return {
          programmes: rows.map((p) => ({ ...p, technologies: links.filter((l) => l.programme_id === p.id) })),
        };
      },
    );

    app.post(
      '/portfolio/measurements',
      {
        config: { access: { permission: 'programmes:write' } },
        schema: {
          tags: ['portfolio'],
          summary: 'Enter a measurement, with evidence, for a target cetmap cannot compute (audited)',
          body: z.object({
            targetId: z.string().max(64),
            year: z.number().int().min(2000).max(2100),
            value: z.number(),
            evidence: z.string().min(3).max(2000),
          }),
        },
      },
      async (request, reply) => {
        const b = request.body;
        await db()
          .transaction()
          .execute(async (trx) => {
            await enterMeasurement(trx, { ...b, enteredBy: request.user?.username ?? 'unknown' });
            await auditRequest(trx, request, {
              action: 'portfolio.measurement.enter',
              objectType: 'plan_target',
              objectId: `${b.targetId}/${b.year}`,
              after: b,
            });
          });
        return reply.code(201).send({ ok: true });
      },
    );
  };
