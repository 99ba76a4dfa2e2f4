/** Talent routes: researchers and mobility per technology, aggregated with small cells suppressed (public). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vintageSchema } from '../../shared/schemas/standing.js';
import { technologyFlows, technologyResearchers } from '../../talent/talent-queries.js';
import type { AppDeps } from '../app.js';

const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.semis.memory');
const year = z.coerce.number().int().min(1900).max(2100);
// Public views never go below five people per cell.
const minCell = z.coerce.number().int().min(5).max(1000).default(5);
const suppressed = z.number().nullable().describe('null: fewer people than min_cell (suppressed)');

export const talentRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/talent/technologies/:techId/flows',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary: 'Researcher moves between countries in a technology: inflow, outflow, net (aggregated)',
          params: z.object({ techId }),
          querystring: z.object({
            year: year.optional(),
            maxGap: z.coerce.number().int().min(1).max(10).default(2),
            minWorks: z.coerce.number().int().min(1).max(20).default(2),
            minCell,
          }),
          response: {
            200: z.object({
              techId: z.string(),
              params: z.object({
                targetYear: z.number(),
                maxGap: z.number(),
                minWorks: z.number(),
                minCell: z.number(),
              }),
              method: z.string(),
              authorsObserved: z.number(),
              moves: z.number(),
              byCountry: z.array(
                z.object({ country: z.string(), inflow: suppressed, outflow: suppressed, net: suppressed }),
              ),
              matrix: z.array(z.object({ from: z.string(), to: z.string(), moves: suppressed })),
              vintage: vintageSchema,
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        return technologyFlows(deps.handle.db, request.params.techId, {
          ...(q.year !== undefined ? { targetYear: q.year } : {}),
          maxGap: q.maxGap,
          minWorks: q.minWorks,
          minCell: q.minCell,
        });
      },
    );

    app.get(
      '/talent/technologies/:techId/researchers',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary: 'Active authors per country in a technology and year (aggregated)',
          params: z.object({ techId }),
          querystring: z.object({ year: year.optional(), minCell }),
          response: {
            200: z.object({
              techId: z.string(),
              year: z.number(),
              minCell: z.number(),
              method: z.string(),
              countries: z.array(z.object({ country: z.string(), full: suppressed, fractional: suppressed })),
              world: z.number(),
              vintage: vintageSchema,
            }),
          },
        },
      },
      async (request) =>
        technologyResearchers(deps.handle.db, request.params.techId, {
          ...(request.query.year !== undefined ? { year: request.query.year } : {}),
          minCell: request.query.minCell,
        }),
    );
  };
