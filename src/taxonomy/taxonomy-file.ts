/**
 * cetmap's own file formats for technology lists ("cetmap.taxonomy") and crosswalks ("cetmap.crosswalk").
 * The built-in lists in src/taxonomy/data use them, `cetmap taxonomy import/export` read and write them.
 * Pure: zod schemas and types only.
 */
import { z } from 'zod';

/** How far a list or an item is confirmed by its sources (carried from the reference SOURCE.md notes). */
export const VERIFICATION = ['verified', 'verified_name', 'reconstructed', 'unverified'] as const;
export type Verification = (typeof VERIFICATION)[number];
export const VERSION_VERIFICATION = ['verified', 'partly_verified', 'unverified'] as const;
export type VersionVerification = (typeof VERSION_VERIFICATION)[number];

/** Korea's 2024 master-plan groups: 선도 / 추격·경쟁 / 미래도전. */
export const STRATEGY_GROUPS = ['leading', 'catch_up', 'pioneering'] as const;
export type StrategyGroup = (typeof STRATEGY_GROUPS)[number];
export const VERSION_STATUS = ['draft', 'published', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUS)[number];
export const TECH_KINDS = ['field', 'technology'] as const;
export type TechKind = (typeof TECH_KINDS)[number];
export const STRENGTHS = ['exact', 'partial'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** Readable, stable ids: lowercase dot-separated segments, e.g. `kr2022.semis.memory`. */
export const TECH_ID = /^[a-z][a-z0-9]*(\.[a-z0-9][a-z0-9_]*)*$/;
/** Version ids: e.g. `kr-2022`, `aspi-ctt`. */
export const VERSION_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A full or partial date: 2024, 2024-02 or 2024-02-12. */
const PARTIAL_DATE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

const text = z.string().trim().min(1);
const nullableText = z.string().trim().min(1).nullable();

export const sourceSchema = z.object({
  citation: text,
  urls: z.array(z.string()).default([]),
  note: z.string().nullable().default(null),
});

export const predecessorSchema = z.object({
  id: z.string().regex(TECH_ID, 'must be a dotted lowercase id'),
  basis: z.string().nullable().default(null),
});

export const technologyRecordSchema = z.object({
  id: z.string().regex(TECH_ID, 'must be a dotted lowercase id like kr2022.semis.memory'),
  parentId: z.string().regex(TECH_ID, 'must be a dotted lowercase id').nullable().default(null),
  kind: z.enum(TECH_KINDS),
  position: z.number().int().min(0).default(0),
  nameKo: nullableText.default(null),
  nameEn: nullableText.default(null),
  aliases: z.array(text).default([]),
  description: nullableText.default(null),
  strategyGroup: z.enum(STRATEGY_GROUPS).nullable().default(null),
  gameChanger: z.boolean().default(false),
  highestRisk: z.boolean().default(false),
  verification: z.enum(VERIFICATION),
  sources: z.array(z.string()).default([]),
  note: z.string().nullable().default(null),
  /** Items of the previous version this one continues (the old→new mapping across a revision). */
  predecessors: z.array(predecessorSchema).default([]),
  /** List-specific facts (e.g. ASPI's `in2024SetOf64`), kept as they are. */
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type TechnologyRecord = z.infer<typeof technologyRecordSchema>;

export const versionRecordSchema = z.object({
  id: z.string().regex(VERSION_ID, 'must look like kr-2022'),
  jurisdiction: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'must be an upper-case code like KR, US, EU'),
  idPrefix: z.string().regex(/^[a-z][a-z0-9]*$/, 'must be lowercase letters and digits'),
  titleEn: text,
  titleKo: nullableText.default(null),
  issuer: nullableText.default(null),
  publishedOn: z.string().regex(PARTIAL_DATE, 'must be YYYY, YYYY-MM or YYYY-MM-DD').nullable().default(null),
  status: z.enum(VERSION_STATUS),
  basedOn: z.string().regex(VERSION_ID).nullable().default(null),
  verification: z.enum(VERSION_VERIFICATION),
  verificationNote: z.string().nullable().default(null),
  levelNames: z
    .object({ fieldEn: text, fieldKo: text, technologyEn: text, technologyKo: text })
    .default({ fieldEn: 'field', fieldKo: '분야', technologyEn: 'technology', technologyKo: '기술' }),
  source: sourceSchema,
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type VersionRecord = z.infer<typeof versionRecordSchema>;

export const taxonomyFileSchema = z.object({
  format: z.literal('cetmap.taxonomy'),
  formatVersion: z.literal(1),
  version: versionRecordSchema,
  technologies: z.array(technologyRecordSchema),
});
export type TaxonomyFile = z.infer<typeof taxonomyFileSchema>;

export const crosswalkLinkSchema = z.object({
  from: z.string().regex(TECH_ID),
  to: z.string().regex(TECH_ID),
  strength: z.enum(STRENGTHS),
  note: z.string().nullable().default(null),
});
export type CrosswalkLink = z.infer<typeof crosswalkLinkSchema>;

export const crosswalkFileSchema = z.object({
  format: z.literal('cetmap.crosswalk'),
  formatVersion: z.literal(1),
  id: z.string().min(1),
  title: text,
  verification: z.enum(VERIFICATION),
  source: sourceSchema,
  links: z.array(crosswalkLinkSchema),
});
export type CrosswalkFile = z.infer<typeof crosswalkFileSchema>;
