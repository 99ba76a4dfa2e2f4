/** Response shapes of the standing routes, shared by the API (validation, OpenAPI) and the web app (types). */
import { z } from 'zod';

const share = z.number().nullable().describe('fraction 0–1');

export const standingParamsSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  counting: z.enum(['fractional', 'full']),
  home: z.string(),
  composite: z.object({ quantity: z.number(), quality: z.number() }),
  gapMethod: z.enum(['linear', 'loglinear']),
  gapWindow: z.number().int(),
  standing: z.object({ leadingAbove: z.number(), catchUpAbove: z.number(), maxGapYears: z.number() }),
  monopoly: z.object({
    high: z.object({ ratio: z.number(), institutions: z.number() }),
    medium: z.object({ ratio: z.number(), institutions: z.number() }),
  }),
  minWorks: z.number(),
});

export const standingMethodSchema = z.object({
  counting: z.string(),
  ranking: z.string(),
  composite: z.string(),
  level: z.string(),
  gap: z.string(),
  standingClass: z.string(),
  monopolyRisk: z.string(),
});

export const vintageSchema = z.object({
  latestYear: z.number().int().nullable(),
  rolledUpAt: z.string().nullable(),
  referenceField: z.string().nullable(),
  synthetic: z.boolean().describe('true when synthetic demo data is loaded: label every number as such'),
});

const band = z.enum(['최고', '선도', '추격', '후발', '낙후']).nullable();
const standingClass = z.enum(['leading', 'catch_up_competitive', 'future_challenge']).nullable();

export const countryStandingRowSchema = z.object({
  country: z.string(),
  rank: z.number().int().nullable(),
  works: z.number(),
  worldShare: share,
  top10: z.number().nullable(),
  top10WorldShare: share,
  top10OutputShare: share,
  top1: z.number().nullable(),
  top1OutputShare: share,
  mncs: z.number().nullable(),
  cagr: z.number().nullable(),
  rca: z.number().nullable(),
  rsi: z.number().nullable(),
  score: z.number(),
  level: z.number().nullable().describe('% of the leading country'),
  band,
  gapYears: z.number().nullable().describe('null = not closing'),
  gapTrend: z.number().nullable(),
  standingClass,
});

export const technologyStandingSchema = z.object({
  techId: z.string(),
  params: standingParamsSchema,
  method: standingMethodSchema,
  methodKo: standingMethodSchema,
  vintage: vintageSchema,
  world: z.object({ works: z.number(), top10: z.number().nullable(), unknownShare: share }),
  countries: z.array(countryStandingRowSchema),
  concentration: z
    .object({ hhi: z.number(), hhi10000: z.number(), cr1: z.number(), cr3: z.number(), leader: z.string() })
    .nullable(),
  monopoly: z
    .object({
      leader: z.string(),
      leadRatio: z.number().nullable().describe('Infinity (no runner-up) is sent as null'),
      risk: z.enum(['high', 'medium', 'low']),
      topInstitutionsInLeader: z.number(),
    })
    .nullable(),
  topInstitutions: z.array(
    z.object({
      institutionId: z.number(),
      name: z.string().nullable(),
      country: z.string().nullable(),
      worksFrac: z.number(),
      top10Frac: z.number(),
    }),
  ),
  home: countryStandingRowSchema.nullable(),
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
});

export const technologyPositionSchema = z.object({
  techId: z.string(),
  parentId: z.string().nullable(),
  kind: z.string(),
  nameKo: z.string().nullable(),
  nameEn: z.string().nullable(),
  works: z.number(),
  worldWorks: z.number(),
  rank: z.number().int().nullable(),
  rankedCountries: z.number().int(),
  leader: z.string().nullable(),
  worldShare: share,
  top10WorldShare: share,
  level: z.number().nullable(),
  band,
  gapYears: z.number().nullable(),
  standingClass,
  cagr: z.number().nullable(),
  rca: z.number().nullable(),
});

export const countryStandingSchema = z.object({
  country: z.string(),
  versionId: z.string(),
  params: standingParamsSchema,
  method: standingMethodSchema.extend({ worldLeading: z.string() }),
  methodKo: standingMethodSchema.extend({ worldLeading: z.string() }),
  vintage: vintageSchema,
  technologies: z.array(technologyPositionSchema),
  goals: z.object({
    worldLeading: z.object({
      count: z.number().int(),
      baseline: z.number(),
      target: z.number(),
      levelAtLeast: z.number(),
      fields: z.array(z.string()),
    }),
    top3: z.array(
      z.object({
        techId: z.string(),
        rank: z.number().int().nullable(),
        target: z.number(),
        met: z.boolean(),
      }),
    ),
    source: z.string(),
    sourceKo: z.string(),
  }),
});

export const countrySchema = z.object({
  alpha2: z.string(),
  alpha3: z.string(),
  numeric: z.string().nullable(),
  nameEn: z.string(),
  nameKo: z.string(),
  region: z.string().nullable(),
  worldAtlasId: z.string().nullable(),
});

export const technologySeriesSchema = z.object({
  techId: z.string(),
  counting: z.enum(['fractional', 'full']),
  years: z.array(z.number().int()),
  world: z.array(z.object({ year: z.number().int(), works: z.number(), top10: z.number() })),
  countries: z.array(
    z.object({
      country: z.string(),
      points: z.array(
        z.object({ year: z.number().int(), works: z.number(), top10: z.number(), share: share }),
      ),
    }),
  ),
  vintage: vintageSchema,
});

export type TechnologySeriesResponse = z.infer<typeof technologySeriesSchema>;
export type TechnologyStandingResponse = z.infer<typeof technologyStandingSchema>;
export type CountryStandingResponse = z.infer<typeof countryStandingSchema>;
export type CountryResponse = z.infer<typeof countrySchema>;
