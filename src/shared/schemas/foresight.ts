/** Response shapes of the foresight and supply routes, shared by the API (validation, OpenAPI) and the web app. */
import { z } from 'zod';
import { vintageSchema } from './standing.js';

const num = z.number();
const nnum = z.number().nullable();

export const emergenceSchema = z.object({
  candidate: z.boolean().nullable(),
  failed: z.array(z.string()),
  baseShare: nnum,
  activeToBaseRatio: nnum,
  totalTermRecords: num,
  activeTrend: num,
  recentTrend: num,
  slope: num,
  escore: num,
});

const moverSchema = z.object({ unit: z.string(), name: z.string().nullable(), works: num, share: num });

export const emergingTopicSchema = z.object({
  term: z.string(),
  label: z.string(),
  counts: z.array(z.object({ year: num, count: num, total: num })),
  records: num,
  bursts: z.array(z.object({ start: num, end: num, weight: num })),
  recentBurst: z.boolean(),
  emergence: emergenceSchema.nullable(),
  growth3y: nnum,
  extremeGrowth: z.boolean(),
  window: z.object({ from: num, to: num }),
  countries: z.array(moverSchema),
  institutions: z.array(moverSchema),
  institutionsCount: num,
  homeAmongLeaders: z.boolean(),
  homeRank: nnum,
  homeShare: num,
  topWorks: z.array(z.object({ id: num, year: nnum, title: z.string().nullable(), citedBy: num })),
});

export const emergingReportSchema = z.object({
  techId: z.string().nullable(),
  by: z.enum(['topic', 'keyword']),
  home: z.string(),
  years: z.array(num),
  method: z.string(),
  methodKo: z.string(),
  params: z.object({ s: num, gamma: num, recentYears: num, minRecords: num, leaders: num }),
  topics: z.array(emergingTopicSchema),
  vintage: vintageSchema,
});

const holtForecastSchema = z.object({
  h: num,
  forecast: num,
  variance: nnum,
  sd: nnum,
  lo80: nnum,
  hi80: nnum,
  lo95: nnum,
  hi95: nnum,
});

export const seriesForecastSchema = z.object({
  years: z.array(num),
  values: z.array(num),
  forecastYears: z.array(num),
  model: z.object({
    alpha: num,
    betaStar: num,
    fitted: z.boolean(),
    n: num,
    sse: num,
    sigma2: nnum,
    level: z.array(num),
    trend: z.array(num),
    oneStepFitted: z.array(num),
    forecasts: z.array(holtForecastSchema),
  }),
  backtest: z.object({
    h: num,
    model: z.enum(['fixed', 'fitted']),
    params: z.object({ alpha: num, betaStar: num }).nullable(),
    rows: z.array(
      z.object({
        trainN: num,
        forecast: num,
        naive: num,
        actual: num,
        ape: nnum,
        maseScale: nnum,
        scaledAbsError: nnum,
      }),
    ),
    mapePercent: nnum,
    mase: nnum,
    naiveMapePercent: nnum,
    naiveMase: nnum,
  }),
});

export const forecastReportSchema = z.object({
  techId: z.string(),
  country: z.string(),
  metric: z.enum(['works', 'share', 'top10_share']),
  metricLabel: z.string(),
  metricLabelKo: z.string(),
  method: z.string(),
  methodKo: z.string(),
  horizon: num,
  forecast: seriesForecastSchema.nullable(),
  leader: z.object({ country: z.string(), value: num, year: num }).nullable(),
  leaderForecast: seriesForecastSchema.nullable(),
  catchUp: z
    .object({
      target: num,
      leader: z.string(),
      year: nnum,
      earliest: nnum,
      latest: nnum,
      horizon: num,
      alreadyThere: z.boolean(),
    })
    .nullable(),
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
  vintage: vintageSchema,
});

export const itemConcentrationSchema = z.object({
  itemId: z.string(),
  basis: z.string(),
  hhi: nnum.describe('0–10,000'),
  cr1: nnum,
  cr3: nnum,
  topCountry: z.string().nullable(),
  unknownShare: nnum,
  countries: num,
  firms: num,
  shares: z.array(z.object({ unit: z.string(), share: num })),
  year: nnum,
});

const exposureSchema = z.object({
  itemId: z.string(),
  home: z.string(),
  homeShare: num,
  outsideShare: num,
  outside: z.array(z.object({ unit: z.string(), share: num, alignment: num })),
});

const itemSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), level: z.string() });

export const chokepointReportSchema = z.object({
  method: z.object({
    concentration: z.string(),
    chokepoint: z.string(),
    exposure: z.string(),
    thresholds: z.object({ hhi: num, cr1: num, minDownstream: num }),
  }),
  methodKo: z.object({ concentration: z.string(), chokepoint: z.string(), exposure: z.string() }),
  home: z.string(),
  cet: z.string().nullable(),
  inputs: z.array(
    z.object({
      item: itemSchema,
      concentration: itemConcentrationSchema,
      downstream: num,
      downstreamIds: z.array(z.string()),
      score: num,
      chokepoint: z.boolean(),
      upstreamChokepoints: z.array(z.string()),
      exposure: exposureSchema,
    }),
  ),
  minerals: z.array(
    z.object({
      mineral: z.string(),
      measure: z.string(),
      year: num,
      unit: z.string().nullable(),
      concentration: itemConcentrationSchema,
      techIds: z.array(z.string()),
      role: z.string().nullable(),
      linkSource: z.string().nullable(),
      chokepoint: z.boolean(),
      exposure: exposureSchema,
    }),
  ),
  sources: z.array(z.string()),
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
});

export const scenarioReportSchema = z.object({
  method: z.string(),
  methodKo: z.string(),
  country: z.string(),
  cut: num,
  impacts: z.array(
    z.object({ item: itemSchema, directLoss: num, atRisk: num, via: z.string(), basis: z.string() }),
  ),
  minerals: z.array(z.object({ mineral: z.string(), loss: num, techIds: z.array(z.string()) })),
  sources: z.array(z.string()),
});

export type EmergingReportDto = z.infer<typeof emergingReportSchema>;
export type ForecastReportDto = z.infer<typeof forecastReportSchema>;
export type ChokepointReportDto = z.infer<typeof chokepointReportSchema>;
export type ScenarioReportDto = z.infer<typeof scenarioReportSchema>;

export const policyEventSchema = z.object({
  id: num,
  country: z.string(),
  date: z.string(),
  techId: z.string().nullable(),
  instrument: z.string(),
  title: z.string(),
  amount: nnum,
  currency: z.string().nullable(),
  sourceUrl: z.string(),
  note: z.string().nullable(),
  createdBy: z.string(),
});

export const watchListSchema = z.object({
  techId: z.string(),
  lastYear: num,
  method: z.string(),
  methodKo: z.string(),
  disclaimer: z.string(),
  synthetic: z.boolean(),
  concentration: z.object({
    hhiNow: nnum,
    hhiBefore: nnum,
    rising: z.boolean(),
    leader: z.string().nullable(),
  }),
  items: z.array(
    z.object({
      country: z.string(),
      signals: z.array(z.string()),
      rationale: z.array(z.string()),
      rationaleKo: z.array(z.string()),
      acceleration: z.object({ on: z.boolean(), recentCagr: nnum, earlierCagr: nnum }),
      policyBurst: z.object({
        on: z.boolean(),
        bursts: z.array(z.object({ start: num, end: num, weight: num })),
        events: num,
      }),
      concentrationLead: z.boolean(),
      history: z.object({ events: num, withPriorSignal: num, hitRate: nnum, medianLeadYears: nnum }),
    }),
  ),
});

export type PolicyEventDto = z.infer<typeof policyEventSchema>;
export type WatchListDto = z.infer<typeof watchListSchema>;

export const supplyGraphSchema = z.object({
  nodes: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      level: z.string(),
      hhi: nnum,
      topCountry: z.string().nullable(),
      cr1: nnum,
    }),
  ),
  edges: z.array(
    z.object({ source: z.string(), relation: z.enum(['goes_into', 'is_type_of']), target: z.string() }),
  ),
  method: z.string(),
  methodKo: z.string(),
  sources: z.array(z.string()),
});
export type SupplyGraphDto = z.infer<typeof supplyGraphSchema>;
