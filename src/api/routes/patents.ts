/**
 * Patent routes: a technology's patent standing (grants by inventor or assignee country, share, RTA, growth),
 * papers beside patents with the commercialization-gap flags and the level with patents, and the NSF aggregate
 * mode. Every response names its method, counting mode, basis and data vintage.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  nsfPatentStanding,
  technologyEvidence,
  technologyPatentStanding,
} from '../../patents/patent-standing-queries.js';
import { evidenceSchema, patentStandingSchema } from '../../shared/schemas/patents.js';
import type { AppDeps } from '../app.js';

const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.semis.memory');
const year = z.coerce.number().int().min(1900).max(2100);
const windowQuery = z.object({
  from: year.optional(),
  to: year.optional(),
  counting: z.enum(['fractional', 'full']).default('fractional'),
  basis: z.enum(['inventor', 'assignee']).default('inventor'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as KR')
    .transform((s) => s.toUpperCase())
    .default('KR'),
});
const windowParams = (q: z.infer<typeof windowQuery>) => ({
  counting: q.counting,
  basis: q.basis,
  home: q.country,
  ...(q.to !== undefined ? { to: q.to } : {}),
  ...(q.from !== undefined ? { from: q.from } : q.to !== undefined ? { from: q.to - 4 } : {}),
});

export const patentRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/technologies/:techId/patents',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['patents'],
          summary:
            'Countries by patent grants in a technology: share, RTA, growth (by inventor or assignee country)',
          params: z.object({ techId }),
          querystring: windowQuery,
          response: { 200: patentStandingSchema },
        },
      },
      async (request) => technologyPatentStanding(db(), request.params.techId, windowParams(request.query)),
    );

    app.get(
      '/technologies/:techId/evidence',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['patents'],
          summary:
            'Papers beside patents: RCA and RTA per country, the commercialization-gap flag, and the level with patents',
          params: z.object({ techId }),
          querystring: windowQuery.extend({
            patentWeight: z.coerce
              .number()
              .min(0)
              .max(10)
              .default(0.5)
              .describe('weight of the patent share in the level; papers (quantity + quality) weigh 1'),
          }),
          response: { 200: evidenceSchema },
        },
      },
      async (request) => {
        const q = request.query;
        const v = await technologyEvidence(db(), request.params.techId, {
          ...windowParams(q),
          patentWeight: q.patentWeight,
        });
        const pick = (m: { counting: string; ranking: string; composite: string }) => ({
          counting: m.counting,
          ranking: m.ranking,
          composite: m.composite,
        });
        return {
          techId: v.techId,
          params: v.params,
          papersMethod: pick(v.papers.method),
          papersMethodKo: pick(v.papers.methodKo),
          synthetic: v.papers.vintage.synthetic,
          patents: v.patents,
          rows: v.rows,
          home: v.home,
          method: v.method,
          methodKo: v.methodKo,
          notes: [...v.papers.notes, ...v.notes],
          notesKo: [...v.papers.notesKo, ...v.notesKo],
        };
      },
    );

    app.get(
      '/patents/nsf',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['patents'],
          summary: 'Aggregate mode: USPTO grants by inventor country and technology area (NSF SEI 2024)',
          querystring: z.object({
            area: z.string().min(1).max(100).describe('e.g. Semiconductors, Electrical engineering'),
            from: year.optional(),
            to: year.optional(),
            country: z
              .string()
              .regex(/^[A-Za-z]{2}$/)
              .transform((s) => s.toUpperCase())
              .default('KR'),
          }),
          response: { 200: patentStandingSchema },
        },
      },
      async (request) => {
        const q = request.query;
        return nsfPatentStanding(db(), q.area, {
          home: q.country,
          ...(q.to !== undefined ? { to: q.to } : {}),
          ...(q.from !== undefined ? { from: q.from } : q.to !== undefined ? { from: q.to - 4 } : {}),
        });
      },
    );
  };
