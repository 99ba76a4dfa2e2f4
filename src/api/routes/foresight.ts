/**
 * Foresight and supply-chain routes (public reads): emerging topics of a technology, forecasts with intervals and
 * backtests, supply-chain chokepoints and disruption scenarios. Every response names its method and sources.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { emergingTopics, technologyForecast } from '../../foresight/foresight-queries.js';
import {
  deletePolicyEvent,
  importPolicyEvents,
  listPolicyEvents,
  technologyWatchList,
  validatePolicyEvents,
} from '../../foresight/policy-queries.js';
import { INSTRUMENTS } from '../../foresight/policy-signals.js';
import { CetmapError } from '../../shared/errors.js';
import {
  chokepointReportSchema,
  emergingReportSchema,
  forecastReportSchema,
  policyEventSchema,
  watchListSchema,
  scenarioReportSchema,
  supplyGraphSchema,
} from '../../shared/schemas/foresight.js';
import { chokepointReport, scenarioReport, supplyGraphReport } from '../../supply/supply-queries.js';
import { actorOf } from '../access-control.js';
import type { AppDeps } from '../app.js';

const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.ai');
const write = { access: { permission: 'policy:write' as const } };
const countryCode = z
  .string()
  .regex(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 code such as KR')
  .transform((s) => s.toUpperCase());

export const foresightRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/foresight/technologies/:techId/emerging',
      {
        config: { access: 'public' },
        schema: {
          tags: ['foresight'],
          summary:
            'Emerging topics of a technology: bursts, emergence score, extreme growth and early movers',
          params: z.object({ techId: techId.describe('a technology id, or "all" for every work') }),
          querystring: z.object({
            by: z.enum(['topic', 'keyword']).default('topic'),
            home: countryCode.default('KR'),
            limit: z.coerce.number().int().min(1).max(50).default(10),
            s: z.coerce.number().gt(1).max(10).default(2),
            gamma: z.coerce.number().min(0).max(10).default(1),
          }),
          response: { 200: emergingReportSchema },
        },
      },
      async (request) => {
        const q = request.query;
        return emergingTopics(db(), request.params.techId === 'all' ? null : request.params.techId, {
          by: q.by,
          home: q.home,
          limit: q.limit,
          s: q.s,
          gamma: q.gamma,
        });
      },
    );

    app.get(
      '/foresight/technologies/:techId/forecast',
      {
        config: { access: 'public' },
        schema: {
          tags: ['foresight'],
          summary:
            "Holt forecast of a country's series in a technology, with 80/95 % intervals, backtest and catch-up year",
          params: z.object({ techId }),
          querystring: z.object({
            country: countryCode.default('KR'),
            metric: z.enum(['works', 'share', 'top10_share']).default('works'),
            h: z.coerce.number().int().min(1).max(20).default(5),
          }),
          response: { 200: forecastReportSchema },
        },
      },
      async (request) =>
        technologyForecast(db(), request.params.techId, request.query.country, {
          metric: request.query.metric,
          horizon: request.query.h,
        }),
    );

    app.get(
      '/supply/chokepoints',
      {
        config: { access: 'public' },
        schema: {
          tags: ['supply'],
          summary:
            'Supply-chain inputs and minerals: concentration (HHI, top country, providers), chokepoints, exposure',
          querystring: z.object({
            cet: techId.optional().describe('only what matters for this technology'),
            home: countryCode.default('KR'),
          }),
          response: { 200: chokepointReportSchema },
        },
      },
      async (request) =>
        chokepointReport(db(), {
          ...(request.query.cet ? { cet: request.query.cet } : {}),
          home: request.query.home,
        }),
    );

    app.get(
      '/supply/graph',
      {
        config: { access: 'public' },
        schema: {
          tags: ['supply'],
          summary: 'The semiconductor supply-chain graph (ETO) with each node’s concentration, for drawing',
          response: { 200: supplyGraphSchema },
        },
      },
      async () => supplyGraphReport(db()),
    );

    app.get(
      '/supply/scenario',
      {
        config: { access: 'public' },
        schema: {
          tags: ['supply'],
          summary:
            'Disruption scenario: remove a country (or cut its share) and list every affected input downstream',
          querystring: z.object({
            remove: countryCode,
            share: z.coerce.number().gt(0).max(1).default(1).describe('fraction of the country’s share cut'),
          }),
          response: { 200: scenarioReportSchema },
        },
      },
      async (request) => scenarioReport(db(), request.query.remove, request.query.share),
    );

    app.get(
      '/foresight/policy-events',
      {
        config: { access: 'public' },
        schema: {
          tags: ['foresight'],
          summary: "The register of countries' policy events (public information, each with its source link)",
          querystring: z.object({
            country: countryCode.optional(),
            tech: techId.optional().describe('this technology and its children'),
            instrument: z.enum(INSTRUMENTS).optional(),
            limit: z.coerce.number().int().min(1).max(5000).default(1000),
          }),
          response: { 200: z.object({ events: z.array(policyEventSchema) }) },
        },
      },
      async (request) => {
        const q = request.query;
        return {
          events: await listPolicyEvents(db(), {
            ...(q.country ? { country: q.country } : {}),
            ...(q.tech ? { techId: q.tech } : {}),
            ...(q.instrument ? { instrument: q.instrument } : {}),
            limit: q.limit,
          }),
        };
      },
    );

    app.post(
      '/foresight/policy-events',
      {
        config: write,
        schema: {
          tags: ['foresight'],
          summary: 'Add or update policy events (same country, date and title updates); audited',
          body: z.object({ events: z.array(z.record(z.string(), z.unknown())).min(1).max(5000) }),
          response: { 200: z.object({ inserted: z.number(), updated: z.number() }) },
        },
      },
      async (request) => {
        const events = validatePolicyEvents(request.body.events, (i) => `events[${i}]`);
        return importPolicyEvents(db(), events, actorOf(request.user), 'api', {
          ip: request.ip,
          requestId: request.id,
        });
      },
    );

    app.delete(
      '/foresight/policy-events/:id',
      {
        config: write,
        schema: {
          tags: ['foresight'],
          summary: 'Delete a policy event; audited',
          params: z.object({ id: z.coerce.number().int().positive() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const ok = await deletePolicyEvent(db(), request.params.id, actorOf(request.user), {
          ip: request.ip,
          requestId: request.id,
        });
        if (!ok) throw new CetmapError('CET_NOT_FOUND', `Policy event ${request.params.id} was not found.`);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/foresight/technologies/:techId/watch',
      {
        config: { access: 'public' },
        schema: {
          tags: ['foresight'],
          summary:
            'Watch list of policy signals for a technology, with rationale and lead times measured on past data (indicators, not predictions of intent)',
          params: z.object({ techId }),
          response: { 200: watchListSchema },
        },
      },
      async (request) => technologyWatchList(db(), request.params.techId),
    );
  };
