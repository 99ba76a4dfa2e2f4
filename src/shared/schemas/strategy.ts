/** Response shapes of the strategy routes (Global R&D Strategy Map), shared by the API and the web app. */
import { z } from 'zod';
import { vintageSchema } from './standing.js';

export const cooperationTypeSchema = z.enum([
  'new_tech_acquisition',
  'new_tech_diffusion',
  'market_catch_up',
  'market_leading',
]);

const weightsSchema = z.object({
  strength: z.number(),
  complementarity: z.number(),
  ties: z.number(),
  momentum: z.number(),
  alignment: z.number().describe('0 = ignore alignment, 1 = multiply by it fully'),
});

export const strategyParamsSchema = z.object({
  home: z.string(),
  weights: weightsSchema,
  tiesSource: z.enum(['technology', 'overall']),
  emergingCagr: z.number(),
  momentumSpan: z.number(),
  maxSubareas: z.number(),
  minSubareaWorks: z.number(),
  sensitivityDelta: z.number(),
  from: z.number().int(),
  to: z.number().int(),
});

const componentSchema = z.object({
  value: z.number().describe('0–1'),
  weight: z.number(),
  contribution: z.number().describe('share of the score; contributions add up to the score'),
});

const tieDetailSchema = z.object({
  source: z.enum(['technology', 'overall']),
  coWorks: z.number(),
  partnerWorks: z.number(),
  homeWorks: z.number(),
  n: z.number().nullable(),
  cosine: z.number().nullable(),
  jaccard: z.number().nullable(),
  inclusion: z.number().nullable(),
  association: z.number().nullable(),
  associationScaled: z.number().nullable().describe('AS*: observed ÷ expected co-authorship'),
});

const cooperationSchema = z.object({
  type: cooperationTypeSchema,
  partnerAhead: z.boolean(),
  reason: z.string(),
  reasonKo: z.string(),
});

export const partnerResultSchema = z.object({
  rank: z.number().int(),
  country: z.string(),
  score: z.number(),
  level: z.number().nullable(),
  top10WorldShare: z.number().nullable(),
  works: z.number(),
  cagr: z.number().nullable(),
  components: z.object({
    strength: componentSchema,
    complementarity: componentSchema,
    ties: componentSchema,
    momentum: componentSchema,
  }),
  alignment: z.object({
    value: z.number(),
    weight: z.number(),
    factor: z.number(),
    group: z.string().nullable(),
  }),
  complementarity: z.object({
    value: z.number(),
    subareas: z.array(
      z.object({
        id: z.string(),
        label: z.string().nullable(),
        partner: z.number(),
        home: z.number(),
        lead: z.number(),
      }),
    ),
  }),
  ties: z.object({ technology: tieDetailSchema, overall: tieDetailSchema.nullable() }),
  cooperation: cooperationSchema,
});

const windowSchema = z.object({ from: z.number().int(), to: z.number().int() });

export const partnerOrganisationsSchema = z.object({
  techId: z.string(),
  partner: z.string(),
  home: z.string(),
  window: windowSchema,
  partnerInstitutions: z.array(
    z.object({
      institutionId: z.number(),
      name: z.string().nullable(),
      country: z.string().nullable(),
      worksFrac: z.number(),
      top10Frac: z.number(),
      coWorksWithHome: z.number(),
      homePartners: z.array(
        z.object({ institutionId: z.number(), name: z.string().nullable(), coWorks: z.number() }),
      ),
    }),
  ),
  homeInstitutions: z.array(
    z.object({
      institutionId: z.number(),
      name: z.string().nullable(),
      worksFrac: z.number(),
      top10Frac: z.number(),
      coWorksWithPartner: z.number(),
    }),
  ),
  method: z.string(),
  methodKo: z.string(),
});

export const sensitivitySchema = z.object({
  delta: z.number(),
  top: z.number().int(),
  baseline: z.array(z.string()),
  cases: z.array(
    z.object({
      weight: z.enum(['strength', 'complementarity', 'ties', 'momentum', 'alignment']),
      factor: z.number(),
      top: z.array(z.string()),
      sameSet: z.boolean(),
      sameOrder: z.boolean(),
    }),
  ),
  setStability: z.number(),
  orderStability: z.number(),
  membership: z.array(z.object({ country: z.string(), share: z.number() })),
});

const methodSchema = z.record(z.string(), z.string());

export const technologyStrategySchema = z.object({
  techId: z.string(),
  kind: z.enum(['field', 'technology']),
  versionId: z.string(),
  nameEn: z.string().nullable(),
  nameKo: z.string().nullable(),
  home: z.string(),
  homeLevel: z.number().nullable(),
  homeRank: z.number().int().nullable(),
  worldWorks: z.number(),
  maturity: z.object({ emerging: z.boolean(), worldCagr: z.number().nullable(), threshold: z.number() }),
  subareas: z.object({
    kind: z.enum(['key_technologies', 'topics', 'none']),
    items: z.array(
      z.object({
        id: z.string(),
        label: z.string().nullable(),
        worldWorks: z.number(),
        homeLevel: z.number(),
      }),
    ),
  }),
  ties: z.object({
    used: z.enum(['technology', 'overall']),
    technology: z.string(),
    overall: z.string().nullable(),
  }),
  partners: z.array(partnerResultSchema),
  organisations: z.array(partnerOrganisationsSchema),
  sensitivity: sensitivitySchema,
  params: strategyParamsSchema,
  method: methodSchema,
  methodKo: methodSchema,
  vintage: vintageSchema,
  notes: z.array(z.string()),
  notesKo: z.array(z.string()),
});

export const partnerViewSchema = z.object({
  partner: z.string(),
  home: z.string(),
  versionId: z.string(),
  alignment: z.object({ value: z.number(), group: z.string().nullable() }),
  technologies: z.array(
    z.object({
      techId: z.string(),
      parentId: z.string().nullable(),
      nameEn: z.string().nullable(),
      nameKo: z.string().nullable(),
      rank: z.number().int().nullable(),
      candidates: z.number().int(),
      score: z.number().nullable(),
      partnerLevel: z.number().nullable(),
      homeLevel: z.number().nullable(),
      complementarity: z.number().nullable(),
      ties: z.number().nullable(),
      cooperation: cooperationSchema.nullable(),
    }),
  ),
  params: strategyParamsSchema,
  method: methodSchema,
  methodKo: methodSchema,
  vintage: vintageSchema,
});

export const strategyMatrixSchema = z.object({
  home: z.string(),
  versionId: z.string(),
  kind: z.enum(['field', 'technology']),
  partners: z.array(z.string()),
  technologies: z.array(
    z.object({ techId: z.string(), nameEn: z.string().nullable(), nameKo: z.string().nullable() }),
  ),
  cells: z.array(
    z.array(
      z.object({
        score: z.number().nullable(),
        rank: z.number().int().nullable(),
        type: z.string().nullable(),
      }),
    ),
  ),
  params: strategyParamsSchema,
  method: methodSchema,
  methodKo: methodSchema,
  vintage: vintageSchema,
});

export const countryGroupsSchema = z.object({
  description: z.string(),
  status: z.string(),
  defaultAlignment: z.number(),
  groups: z.array(
    z.object({
      id: z.string(),
      name_en: z.string(),
      name_ko: z.string(),
      alignment: z.number(),
      members: z.array(z.string()),
      source: z.string(),
    }),
  ),
});

export type TechnologyStrategyResponse = z.infer<typeof technologyStrategySchema>;
export type PartnerResultResponse = z.infer<typeof partnerResultSchema>;
export type PartnerViewResponse = z.infer<typeof partnerViewSchema>;
export type StrategyMatrixResponse = z.infer<typeof strategyMatrixSchema>;
export type PartnerOrganisationsResponse = z.infer<typeof partnerOrganisationsSchema>;
export type CooperationTypeValue = z.infer<typeof cooperationTypeSchema>;
