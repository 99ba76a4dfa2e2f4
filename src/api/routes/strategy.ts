/**
 * Strategy routes (Global R&D Strategy Map): partners ranked per technology with decomposed scores, cooperation
 * types, weight sensitivity and partner organisations; a partner's view across the key technologies; the
 * technology × partner matrix; a one-page PDF brief; the country groups behind alignment. Weights are query
 * parameters (strength, complementarity, ties, momentum, alignment); every response carries method, parameters
 * and data vintage.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  countryGroupsSchema,
  partnerOrganisationsSchema,
  partnerViewSchema,
  strategyMatrixSchema,
  technologyStrategySchema,
} from '../../shared/schemas/strategy.js';
import { CetmapError } from '../../shared/errors.js';
import { DEFAULT_WEIGHTS, parseWeights } from '../../strategy/partner-score.js';
import { strategyBrief } from '../../strategy/strategy-brief.js';
import {
  COUNTRY_GROUPS,
  partnerOrganisations,
  partnerStrategy,
  strategyMatrix,
  technologyStrategy,
  type StrategyRequest,
} from '../../strategy/strategy-queries.js';
import { worldShapes } from '../../strategy/world-shapes.js';
import { toCsv } from '../../taxonomy/csv.js';
import { RANKING_COLUMNS, rankingNote, rankingRows } from '../../shared/strategy-ranking.js';
import type { AppDeps } from '../app.js';

const techId = z
  .string()
  .regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.quantum.computing');
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as KR')
  .transform((s) => s.toUpperCase());
const year = z.coerce.number().int().min(1900).max(2100);
const weight = z.coerce.number().min(0).max(100);

const strategyQuery = z.object({
  home: countryCode.default('KR'),
  strength: weight.optional().describe(`default ${DEFAULT_WEIGHTS.strength}`),
  complementarity: weight.optional().describe(`default ${DEFAULT_WEIGHTS.complementarity}`),
  ties: weight.optional().describe(`default ${DEFAULT_WEIGHTS.ties}`),
  momentum: weight.optional().describe(`default ${DEFAULT_WEIGHTS.momentum}`),
  alignment: z.coerce.number().min(0).max(1).optional().describe(`default ${DEFAULT_WEIGHTS.alignment}`),
  tiesSource: z.enum(['technology', 'overall']).default('technology'),
  from: year.optional(),
  to: year.optional(),
});

function request(q: z.infer<typeof strategyQuery>): StrategyRequest {
  const given = (['strength', 'complementarity', 'ties', 'momentum', 'alignment'] as const)
    .filter((k) => q[k] !== undefined)
    .map((k) => `${k}=${q[k]}`)
    .join(',');
  const { weights, problems } = parseWeights(given);
  if (problems.length > 0)
    throw new CetmapError('CET_BAD_INPUT', problems.join('; '), {
      issues: problems.map((message) => ({ field: 'weights', message })),
    });
  return {
    home: q.home,
    weights,
    tiesSource: q.tiesSource,
    ...(q.to !== undefined ? { to: q.to } : {}),
    ...(q.from !== undefined ? { from: q.from } : q.to !== undefined ? { from: q.to - 4 } : {}),
  };
}

const version = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/)
  .default('kr-2022');

export const strategyRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/strategy/technologies/:techId',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary:
            'Partner countries for a technology: decomposed scores, cooperation types, top-5 stability, partner organisations',
          params: z.object({ techId }),
          querystring: strategyQuery.extend({
            limit: z.coerce.number().int().min(1).max(300).optional(),
            format: z.enum(['json', 'csv']).default('json'),
          }),
          response: { 200: technologyStrategySchema.or(z.string()) },
        },
      },
      async (req, reply) => {
        const q = req.query;
        const s = await technologyStrategy(db(), req.params.techId, request(q), {
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
        });
        if (q.format === 'csv') {
          const note = `${rankingNote(s)}\n`;
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="${s.techId}-strategy-${s.params.from}-${s.params.to}.csv"`,
            )
            .send(note + toCsv(RANKING_COLUMNS, rankingRows(s)));
        }
        return s;
      },
    );

    app.get(
      '/strategy/technologies/:techId/brief.pdf',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary: 'One-page PDF brief of a technology: ranking, chart, map and partner organisations',
          params: z.object({ techId }),
          querystring: strategyQuery,
        },
      },
      async (req, reply) => {
        const s = await technologyStrategy(db(), req.params.techId, request(req.query));
        const countries = await db()
          .selectFrom('country')
          .select(['alpha2', 'name_en', 'world_atlas_id'])
          .execute();
        const shapes = await worldShapes(
          new Map(
            countries
              .filter((c) => c.world_atlas_id)
              .map((c) => [c.world_atlas_id!.padStart(3, '0'), c.alpha2.trim()]),
          ),
        );
        const brief = await strategyBrief(s, {
          names: new Map(countries.map((c) => [c.alpha2.trim(), c.name_en])),
          ...(shapes ? { shapes } : {}),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${s.techId}-strategy-brief.pdf"`)
          .send(brief.pdf);
      },
    );

    app.get(
      '/strategy/technologies/:techId/partners/:country/organisations',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary:
            "A partner's top institutions in a technology, their co-authored works with home institutions",
          params: z.object({ techId, country: countryCode }),
          querystring: strategyQuery,
          response: {
            200: partnerOrganisationsSchema.extend({
              vintage: technologyStrategySchema.shape.vintage,
              params: technologyStrategySchema.shape.params,
            }),
          },
        },
      },
      async (req) => {
        const s = await technologyStrategy(db(), req.params.techId, request(req.query), {
          organisationsFor: 0,
          limit: 0,
        });
        const o = await partnerOrganisations(db(), req.params.techId, req.params.country, s.home, {
          from: s.params.from,
          to: s.params.to,
        });
        return { ...o, vintage: s.vintage, params: s.params };
      },
    );

    app.get(
      '/strategy/partners/:country',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary: 'In which key technologies of a list a partner country complements the home country',
          params: z.object({ country: countryCode }),
          querystring: strategyQuery.extend({ version }),
          response: { 200: partnerViewSchema },
        },
      },
      async (req) => partnerStrategy(db(), req.params.country, request(req.query), req.query.version),
    );

    app.get(
      '/strategy/matrix',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary: 'Technology × partner matrix of partner scores (for a heatmap)',
          querystring: strategyQuery.extend({
            version,
            kind: z.enum(['technology', 'field']).default('technology'),
            partners: z.coerce.number().int().min(1).max(50).default(12),
          }),
          response: { 200: strategyMatrixSchema },
        },
      },
      async (req) =>
        strategyMatrix(db(), request(req.query), {
          versionId: req.query.version,
          kind: req.query.kind,
          partners: req.query.partners,
        }),
    );

    app.get(
      '/strategy/country-groups',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['strategy'],
          summary:
            'The country groups and alignment values behind the alignment component (editable data file)',
          response: { 200: countryGroupsSchema },
        },
      },
      async () => COUNTRY_GROUPS,
    );
  };
