/** Response shapes of the patent routes, shared by the API (validation, OpenAPI) and the web app (types). */
import { z } from 'zod';

const share = z.number().nullable().describe('fraction 0–1');

const patentMethodSchema = z.object({
  counting: z.string(),
  basis: z.string(),
  unit: z.string(),
  rta: z.string(),
  growth: z.string(),
});

const countryPatentSchema = z.object({
  country: z.string(),
  rank: z.number().int().nullable(),
  grants: z.number(),
  worldShare: share,
  rta: z.number().nullable().describe('revealed technological advantage; 1 = world average'),
  rsi: z.number().nullable(),
  cagr: z.number().nullable(),
  countryGrants: z.number().describe('the country’s grants in all technologies (RTA denominator)'),
});

export const patentStandingSchema = z.object({
  techId: z.string().optional(),
  params: z.object({
    from: z.number().int(),
    to: z.number().int(),
    counting: z.enum(['fractional', 'full']),
    basis: z.enum(['inventor', 'assignee']),
    home: z.string(),
    minGrants: z.number(),
  }),
  method: patentMethodSchema,
  methodKo: patentMethodSchema,
  world: z.object({ grants: z.number(), unknownShare: share }),
  countries: z.array(countryPatentSchema),
  home: countryPatentSchema.nullable(),
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
  vintage: z
    .object({
      latestYear: z.number().int().nullable(),
      rolledUpAt: z.string().nullable(),
      located: z.object({ inventor: share, assignee: share }),
      source: z.string(),
    })
    .optional(),
  source: z
    .object({ dataset: z.string(), table: z.string(), techArea: z.string(), citation: z.string() })
    .optional(),
});

export const evidenceFlagSchema = z.enum([
  'commercialization_gap',
  'science_gap',
  'strong_both',
  'weak_both',
  'mixed',
  'insufficient_data',
]);

const evidenceRowSchema = z.object({
  country: z.string(),
  works: z.number(),
  paperShare: share,
  rca: z.number().nullable(),
  grants: z.number(),
  patentShare: share,
  rta: z.number().nullable(),
  countryGrants: z.number(),
  flag: evidenceFlagSchema,
  gapIndex: z.number().nullable().describe('RSI(papers) − RSI(patents); positive = papers ahead'),
  paperLevel: z.number().nullable(),
  combinedLevel: z.number().nullable(),
});

export const evidenceSchema = z.object({
  techId: z.string(),
  params: z.object({
    from: z.number().int(),
    to: z.number().int(),
    counting: z.enum(['fractional', 'full']),
    basis: z.enum(['inventor', 'assignee']),
    home: z.string(),
    patentWeight: z.number(),
    thresholds: z.object({
      strongAt: z.number(),
      weakAt: z.number(),
      minWorks: z.number(),
      minCountryGrants: z.number(),
    }),
  }),
  papersMethod: z.object({ counting: z.string(), ranking: z.string(), composite: z.string() }),
  papersMethodKo: z.object({ counting: z.string(), ranking: z.string(), composite: z.string() }),
  synthetic: z.boolean().describe('the paper facts come from the synthetic demo corpus'),
  patents: patentStandingSchema,
  rows: z.array(evidenceRowSchema),
  home: evidenceRowSchema.nullable(),
  method: z.object({ gap: z.string(), composite: z.string() }),
  methodKo: z.object({ gap: z.string(), composite: z.string() }),
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
});

export type PatentStandingResponse = z.infer<typeof patentStandingSchema>;
export type EvidenceResponse = z.infer<typeof evidenceSchema>;
export type EvidenceFlag = z.infer<typeof evidenceFlagSchema>;
