/** Response shapes of /api/v1/taxonomies, shared by the API (validation, OpenAPI) and the web app (types). */
import { z } from 'zod';

export const verificationSchema = z
  .enum(['verified', 'verified_name', 'reconstructed', 'unverified'])
  .describe('How far the sources confirm the item: reconstructed and unverified items are shown as such');
const techKind = z.enum(['field', 'technology']);

export const versionSummarySchema = z.object({
  id: z.string(),
  jurisdiction: z.string(),
  idPrefix: z.string(),
  titleEn: z.string(),
  titleKo: z.string().nullable(),
  issuer: z.string().nullable(),
  publishedOn: z.string().nullable().describe('YYYY, YYYY-MM or YYYY-MM-DD'),
  status: z.enum(['draft', 'published', 'retired']),
  basedOn: z.string().nullable(),
  verification: z.enum(['verified', 'partly_verified', 'unverified']),
  verificationNote: z.string().nullable(),
  levelNames: z.object({
    fieldEn: z.string(),
    fieldKo: z.string(),
    technologyEn: z.string(),
    technologyKo: z.string(),
  }),
  source: z.object({ citation: z.string(), urls: z.array(z.string()), note: z.string().nullable() }),
  builtin: z.boolean(),
  publishedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  fieldCount: z.number().int(),
  technologyCount: z.number().int(),
});
export type VersionSummaryDto = z.infer<typeof versionSummarySchema>;

export const technologySchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  kind: techKind,
  position: z.number(),
  nameKo: z.string().nullable(),
  nameEn: z.string().nullable(),
  aliases: z.array(z.string()),
  description: z.string().nullable(),
  strategyGroup: z.enum(['leading', 'catch_up', 'pioneering']).nullable(),
  gameChanger: z.boolean(),
  highestRisk: z.boolean(),
  verification: verificationSchema,
  sources: z.array(z.string()),
  note: z.string().nullable(),
  predecessors: z.array(z.object({ id: z.string(), basis: z.string().nullable() })),
  attributes: z.record(z.string(), z.unknown()),
});
export type TechnologyDto = z.infer<typeof technologySchema>;

export type TreeNodeDto = TechnologyDto & { technologies: TreeNodeDto[] };
export const treeNodeSchema: z.ZodType<TreeNodeDto> = technologySchema.extend({
  get technologies() {
    return z.array(treeNodeSchema);
  },
});

export const versionTreeSchema = z.object({
  version: versionSummarySchema,
  counts: z.object({ fields: z.number().int(), technologies: z.number().int() }),
  fields: z.array(treeNodeSchema),
});
export type VersionTreeDto = z.infer<typeof versionTreeSchema>;

export const techRefSchema = z.object({
  id: z.string(),
  versionId: z.string(),
  nameKo: z.string().nullable(),
  nameEn: z.string().nullable(),
  kind: techKind,
  verification: verificationSchema,
});
export type TechRefDto = z.infer<typeof techRefSchema>;

export const crosswalkEntrySchema = z.object({
  technology: techRefSchema,
  versionTitle: z.string(),
  jurisdiction: z.string(),
  strength: z.enum(['exact', 'partial']),
  note: z.string().nullable(),
  crosswalkSet: z.string(),
  verification: verificationSchema.describe('of the link itself: reconstructed = matched by name and scope'),
  direction: z.enum(['out', 'in']),
});
export type CrosswalkEntryDto = z.infer<typeof crosswalkEntrySchema>;

export const technologyDetailSchema = z.object({
  technology: technologySchema.extend({ versionId: z.string() }),
  version: versionSummarySchema,
  parent: techRefSchema.nullable(),
  children: z.array(techRefSchema),
  predecessors: z.array(techRefSchema),
  successors: z.array(techRefSchema),
  crosswalk: z.array(crosswalkEntrySchema),
});
export type TechnologyDetailDto = z.infer<typeof technologyDetailSchema>;

const diffTech = z.object({
  id: z.string(),
  kind: techKind,
  parentId: z.string().nullable(),
  nameKo: z.string().nullable(),
  nameEn: z.string().nullable(),
});
export const diffKindSchema = z.enum(['added', 'removed', 'renamed', 'moved', 'merged', 'split']);
export const taxonomyDiffSchema = z.object({
  from: z.string(),
  to: z.string(),
  entries: z.array(z.object({ kind: diffKindSchema, from: z.array(diffTech), to: z.array(diffTech) })),
  mapping: z
    .record(z.string(), z.array(z.string()))
    .describe('old id → the ids that continue it (empty = removed)'),
  counts: z.object({
    added: z.number().int(),
    removed: z.number().int(),
    renamed: z.number().int(),
    moved: z.number().int(),
    merged: z.number().int(),
    split: z.number().int(),
    unchanged: z.number().int(),
  }),
  ignoredLineage: z.number().int(),
});
export type TaxonomyDiffDto = z.infer<typeof taxonomyDiffSchema>;

const evidenceRef = z.object({
  kind: z.enum(['indicator', 'emergence', 'forum_demand', 'document']),
  ref: z.string(),
  summary: z.string().optional(),
});
export const draftChangesSchema = z.object({
  version: z.string(),
  changes: z.array(
    z.object({
      seq: z.number().int(),
      kind: z.enum(['add', 'remove', 'rename', 'move', 'merge', 'split']),
      change: z.record(z.string(), z.unknown()),
      rationale: z.string(),
      createdAt: z.string(),
      createdBy: z.string().nullable(),
      evidence: z.object({
        attached: z.array(evidenceRef),
        collected: z.array(
          evidenceRef.extend({
            provider: z.string(),
            value: z.object({ amount: z.number(), unit: z.string(), method: z.string() }).optional(),
          }),
        ),
        providers: z.array(z.string()).describe('evidence modules installed; empty until they arrive'),
      }),
    }),
  ),
});
export type DraftChangesDto = z.infer<typeof draftChangesSchema>;
