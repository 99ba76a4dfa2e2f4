/**
 * Talent routes: researchers, mobility, top researchers and workforce demand per technology. Public routes give
 * aggregates with cells under five people suppressed; the person-level top-researcher list needs `talent:people`
 * (analysts) and every read of it is audited.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vintageSchema } from '../../shared/schemas/standing.js';
import { toCsv } from '../../taxonomy/csv.js';
import { postingDemand } from '../../talent/job-queries.js';
import {
  homeFlowsByTechnology,
  technologyMobility,
  topResearcherList,
  topResearcherShare,
} from '../../talent/talent-people-queries.js';
import { technologyFlows, technologyResearchers } from '../../talent/talent-queries.js';
import type { AppDeps } from '../app.js';

const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.semis.memory');
const year = z.coerce.number().int().min(1900).max(2100);
// Public views never go below five people per cell.
const minCell = z.coerce.number().int().min(5).max(1000).default(5);
const suppressed = z.number().nullable().describe('null: fewer people than min_cell (suppressed)');
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as KR')
  .transform((s) => s.toUpperCase());
const flowQuery = {
  year: year.optional(),
  maxGap: z.coerce.number().int().min(1).max(10).default(2),
  minWorks: z.coerce.number().int().min(1).max(20).default(2),
  minCell,
};
const topQuery = {
  year: year.optional(),
  window: z.coerce.number().int().min(1).max(20).default(5),
  topShare: z.coerce.number().min(0.001).max(0.5).default(0.1),
};
const month = z.string().regex(/^\d{4}-\d{2}$/, 'a month YYYY-MM');
const monthStart = (m: string | undefined) => (m ? `${m}-01` : undefined);
const monthEnd = (m: string | undefined) => {
  if (!m) return undefined;
  const [y, mo] = m.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, mo, 0)).toISOString().slice(0, 10);
};

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

    app.get(
      '/talent/home/:country/flows',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary:
            "A country's researcher inflow, outflow and net moves in every technology (aggregated; ?format=csv)",
          params: z.object({ country: countryCode }),
          querystring: z.object({ ...flowQuery, format: z.enum(['json', 'csv']).default('json') }),
          response: {
            200: z
              .object({
                home: z.string(),
                params: z.object({
                  targetYear: z.number(),
                  maxGap: z.number(),
                  minWorks: z.number(),
                  minCell: z.number(),
                }),
                method: z.string(),
                technologies: z.array(
                  z.object({
                    techId: z.string(),
                    kind: z.string(),
                    parentId: z.string().nullable(),
                    nameEn: z.string().nullable(),
                    nameKo: z.string().nullable(),
                    authorsObserved: z.number(),
                    inflow: suppressed,
                    outflow: suppressed,
                    net: suppressed,
                  }),
                ),
                vintage: vintageSchema,
              })
              .or(z.string()),
          },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const r = await homeFlowsByTechnology(deps.handle.db, {
          home: request.params.country,
          ...(q.year !== undefined ? { year: q.year } : {}),
          maxGap: q.maxGap,
          minWorks: q.minWorks,
          minCell: q.minCell,
        });
        if (q.format === 'csv') {
          const header = [
            'tech_id',
            'kind',
            'name_en',
            'name_ko',
            'authors_observed',
            'inflow',
            'outflow',
            'net',
          ];
          const rows = r.technologies.map((t) => [
            t.techId,
            t.kind,
            t.nameEn,
            t.nameKo,
            t.authorsObserved,
            t.inflow ?? `<${r.params.minCell}`,
            t.outflow ?? `<${r.params.minCell}`,
            t.net ?? 'suppressed',
          ]);
          const note = `# ${r.home} researcher flows ${r.params.targetYear}; ${r.method}${r.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : ''}\n`;
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="talent-flows-${r.home}-${r.params.targetYear}.csv"`,
            )
            .send(note + toCsv(header, rows));
        }
        return r;
      },
    );

    app.get(
      '/talent/technologies/:techId/mobility',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary:
            "A country's partners (where its researchers go, where arrivals come from), returnees and at-risk signals in a technology (aggregated)",
          params: z.object({ techId }),
          querystring: z.object({ ...flowQuery, home: countryCode.default('KR') }),
          response: {
            200: z.object({
              techId: z.string(),
              home: z.string(),
              params: z.object({
                targetYear: z.number(),
                maxGap: z.number(),
                minWorks: z.number(),
                minCell: z.number(),
                returneeFrom: z.number(),
              }),
              method: z.object({ flows: z.string(), returnees: z.string(), atRisk: z.string() }),
              net: z.object({ inflow: suppressed, outflow: suppressed, net: suppressed }),
              destinations: z.array(z.object({ country: z.string(), moves: suppressed })),
              origins: z.array(z.object({ country: z.string(), moves: suppressed })),
              returnees: z.object({
                count: suppressed,
                from: z.array(z.object({ country: z.string(), count: suppressed })),
              }),
              atRisk: z.object({ highImpactHome: suppressed, left: suppressed, drifting: suppressed }),
              vintage: vintageSchema,
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        return technologyMobility(deps.handle.db, request.params.techId, {
          home: q.home,
          ...(q.year !== undefined ? { year: q.year } : {}),
          maxGap: q.maxGap,
          minWorks: q.minWorks,
          minCell: q.minCell,
        });
      },
    );

    app.get(
      '/talent/technologies/:techId/top-share',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary:
            "Each country's count of a technology's top researchers and the home country's share (aggregated)",
          params: z.object({ techId }),
          querystring: z.object({ ...topQuery, home: countryCode.default('KR'), minCell }),
          response: {
            200: z.object({
              techId: z.string(),
              params: z.object({
                from: z.number(),
                to: z.number(),
                topShare: z.number(),
                minCell: z.number(),
                home: z.string(),
              }),
              method: z.string(),
              activeAuthors: z.number(),
              topResearchers: z.number(),
              ambiguous: z.number(),
              home: z.object({ count: suppressed, share: z.number().nullable() }),
              byCountry: z.array(z.object({ country: z.string(), count: suppressed })),
              medianCareerAge: z.number().nullable(),
              vintage: vintageSchema,
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        return topResearcherShare(deps.handle.db, request.params.techId, {
          ...(q.year !== undefined ? { year: q.year } : {}),
          window: q.window,
          topShare: q.topShare,
          home: q.home,
          minCell: q.minCell,
        });
      },
    );

    app.get(
      '/talent/technologies/:techId/top',
      {
        config: { access: { permission: 'talent:people', sensitive: true } },
        schema: {
          tags: ['talent'],
          summary: "A technology's top researchers by name (person-level: analysts only, every read audited)",
          params: z.object({ techId }),
          querystring: z.object({
            ...topQuery,
            country: countryCode.optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
            format: z.enum(['json', 'csv']).default('json'),
          }),
          response: {
            200: z
              .object({
                techId: z.string(),
                params: z.object({ from: z.number(), to: z.number(), topShare: z.number() }),
                method: z.string(),
                activeAuthors: z.number(),
                researchers: z.array(
                  z.object({
                    author: z.string(),
                    name: z.string(),
                    rank: z.number(),
                    works: z.number(),
                    top10: z.number(),
                    country: z.string().nullable(),
                    careerAge: z.number().nullable(),
                    firstYear: z.number().nullable(),
                  }),
                ),
                vintage: vintageSchema,
              })
              .or(z.string()),
          },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const r = await topResearcherList(deps.handle.db, request.params.techId, {
          ...(q.year !== undefined ? { year: q.year } : {}),
          window: q.window,
          topShare: q.topShare,
          ...(q.country ? { country: q.country } : {}),
          limit: q.limit,
        });
        if (q.format === 'csv') {
          const header = [
            'rank',
            'author_id',
            'name',
            'country',
            'works',
            'top10_papers',
            'career_age',
            'first_year',
          ];
          const rows = r.researchers.map((x) => [
            x.rank,
            x.author,
            x.name,
            x.country,
            x.works,
            x.top10,
            x.careerAge,
            x.firstYear,
          ]);
          const note = `# PERSONAL DATA (analysts only). ${r.techId} top researchers ${r.params.from}-${r.params.to}; ${r.method}${r.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : ''}\n`;
          return reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${r.techId}-top-researchers.csv"`)
            .send(note + toCsv(header, rows));
        }
        return r;
      },
    );

    app.get(
      '/talent/demand',
      {
        config: { access: 'public' },
        schema: {
          tags: ['talent'],
          summary:
            'Job-posting demand by technology × region × month against researcher supply (aggregated; no employer names)',
          querystring: z.object({
            techId: techId.optional(),
            from: month.optional(),
            to: month.optional(),
            home: countryCode.default('KR'),
          }),
          response: {
            200: z.object({
              params: z.object({
                from: z.string(),
                to: z.string(),
                home: z.string(),
                supplyYear: z.number().nullable(),
              }),
              method: z.object({ demand: z.string(), supply: z.string() }),
              synthetic: z.boolean(),
              postings: z.number(),
              unclassified: z.number(),
              byTechnology: z.array(
                z.object({
                  techId: z.string(),
                  kind: z.string(),
                  nameEn: z.string().nullable(),
                  nameKo: z.string().nullable(),
                  postings: z.number(),
                  researchers: z.number().nullable(),
                  postingsPerResearcher: z.number().nullable(),
                }),
              ),
              byRegion: z.array(z.object({ region: z.string(), postings: z.number() })),
              byMonth: z.array(z.object({ month: z.string(), postings: z.number() })),
              cells: z.array(
                z.object({ techId: z.string(), region: z.string(), month: z.string(), postings: z.number() }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const from = monthStart(q.from);
        const to = monthEnd(q.to);
        return postingDemand(deps.handle.db, {
          home: q.home,
          ...(q.techId ? { techId: q.techId } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        });
      },
    );
  };
