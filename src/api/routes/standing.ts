/**
 * Standing routes: a technology's country ranking with every indicator, a country's position across a list's
 * technologies with the plan-goal counters, and the country table. Every response carries its method,
 * parameters and data vintage. `?format=csv` gives the ranking as CSV.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { countryStanding, technologySeries, technologyStanding } from '../../indicators/standing-queries.js';
import {
  countrySchema,
  countryStandingSchema,
  technologySeriesSchema,
  technologyStandingSchema,
} from '../../shared/schemas/standing.js';
import { toCsv } from '../../taxonomy/csv.js';
import type { AppDeps } from '../app.js';

const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.semis.memory');
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as KR')
  .transform((s) => s.toUpperCase());
const year = z.coerce.number().int().min(1900).max(2100);

const windowQuery = z.object({
  from: year.optional(),
  to: year.optional(),
  counting: z.enum(['fractional', 'full']).default('fractional'),
});

/** Window parameters: an explicit `to` without `from` gives the default five-year window ending there. */
const windowParams = (q: z.infer<typeof windowQuery>) => ({
  counting: q.counting,
  ...(q.to !== undefined ? { to: q.to } : {}),
  ...(q.from !== undefined ? { from: q.from } : q.to !== undefined ? { from: q.to - 4 } : {}),
});

// JSON has no Infinity: a leader without a runner-up has an infinite lead ratio, sent as null.
const finite = <T extends { monopoly: { leadRatio: number } | null }>(s: T): T =>
  s.monopoly && !Number.isFinite(s.monopoly.leadRatio)
    ? { ...s, monopoly: { ...s.monopoly, leadRatio: null as unknown as number } }
    : s;

export const standingRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/technologies/:techId/standing',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['standing'],
          summary:
            'Countries ranked in a technology, with shares, top-10 %, RCA, growth, level, gap, band and class',
          params: z.object({ techId }),
          querystring: windowQuery.extend({
            country: countryCode.default('KR'),
            format: z.enum(['json', 'csv']).default('json'),
          }),
          response: { 200: technologyStandingSchema.or(z.string()) },
        },
      },
      async (request, reply) => {
        const q = request.query;
        const s = finite(
          await technologyStanding(db(), request.params.techId, { home: q.country, ...windowParams(q) }),
        );
        if (q.format === 'csv') {
          const header = [
            'rank',
            'country',
            'works',
            'world_share',
            'top10',
            'top10_world_share',
            'top10_output_share',
            'mncs',
            'cagr',
            'rca',
            'rsi',
            'level',
            'band',
            'gap_years',
            'class',
          ];
          const rows = s.countries.map((c) => [
            c.rank,
            c.country,
            c.works,
            c.worldShare,
            c.top10,
            c.top10WorldShare,
            c.top10OutputShare,
            c.mncs,
            c.cagr,
            c.rca,
            c.rsi,
            c.level,
            c.band,
            c.gapYears,
            c.standingClass,
          ]);
          const note = `# ${s.techId} ${s.params.from}-${s.params.to}; counting: ${s.method.counting}; ranking: ${s.method.ranking}${s.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : ''}\n`;
          return reply
            .type('text/csv; charset=utf-8')
            .header(
              'content-disposition',
              `attachment; filename="${s.techId}-standing-${s.params.from}-${s.params.to}.csv"`,
            )
            .send(note + toCsv(header, rows));
        }
        return s;
      },
    );

    app.get(
      '/technologies/:techId/series',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['standing'],
          summary: 'Yearly output and top-10 % works of a technology, per country and for the world',
          params: z.object({ techId }),
          querystring: z.object({
            countries: z
              .string()
              .regex(/^[A-Za-z]{2}(,[A-Za-z]{2}){0,19}$/, 'comma-separated ISO alpha-2 codes, at most 20')
              .optional()
              .describe('default: the 5 countries with most output, plus KR'),
            counting: z.enum(['fractional', 'full']).default('fractional'),
          }),
          response: { 200: technologySeriesSchema },
        },
      },
      async (request) =>
        technologySeries(db(), request.params.techId, {
          counting: request.query.counting,
          ...(request.query.countries ? { countries: request.query.countries.toUpperCase().split(',') } : {}),
        }),
    );

    app.get(
      '/countries/:country/standing',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['standing'],
          summary:
            "A country's position in every field and key technology of a list, and the master plan's goals",
          params: z.object({ country: countryCode }),
          querystring: windowQuery.extend({
            version: z
              .string()
              .regex(/^[a-z][a-z0-9-]{0,63}$/)
              .default('kr-2022'),
          }),
          response: { 200: countryStandingSchema },
        },
      },
      async (request) =>
        countryStanding(db(), request.params.country, request.query.version, windowParams(request.query)),
    );

    app.get(
      '/countries',
      {
        config: { access: 'public', cache: 'vintage' },
        schema: {
          tags: ['standing'],
          summary: 'Countries with ISO codes, English and Korean names, region and world-atlas id',
          response: { 200: z.object({ countries: z.array(countrySchema) }) },
        },
      },
      async () => {
        const rows = await db().selectFrom('country').selectAll().orderBy('name_en').execute();
        return {
          countries: rows.map((r) => ({
            alpha2: r.alpha2,
            alpha3: r.alpha3,
            numeric: r.numeric_code,
            nameEn: r.name_en,
            nameKo: r.name_ko,
            region: r.region,
            worldAtlasId: r.world_atlas_id,
          })),
        };
      },
    );
  };
