/**
 * Technology registry routes: versions, one version's tree, a technology with its crosswalk and lineage, the
 * diff between two versions, and a draft's change log. Read-only until accounts exist (issue 10); revisions
 * are made with `cetmap taxonomy draft/change/publish`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  draftChangesSchema,
  taxonomyDiffSchema,
  technologyDetailSchema,
  versionSummarySchema,
  versionTreeSchema,
} from '../../shared/schemas/taxonomy.js';
import { notFound } from '../../shared/errors.js';
import { changeEvidence, diffStoredVersions, listDraftChanges } from '../../taxonomy/revision-queries.js';
import { getTechnology, getVersion, listVersions, loadTaxonomy } from '../../taxonomy/taxonomy-queries.js';
import type { TechnologyRecord } from '../../taxonomy/taxonomy-file.js';
import type { AppDeps } from '../app.js';

const versionId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a version id such as kr-2022');
const techId = z.string().regex(/^[a-z][a-z0-9._]{0,199}$/, 'a technology id such as kr2022.semis.memory');

export const taxonomyRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/taxonomies',
      {
        config: { access: 'public' },
        schema: {
          tags: ['taxonomies'],
          summary: 'Technology list versions with their counts, sources and verification status',
          response: { 200: z.object({ versions: z.array(versionSummarySchema) }) },
        },
      },
      async () => ({ versions: await listVersions(db()) }),
    );

    app.get(
      '/taxonomies/diff',
      {
        config: { access: 'public' },
        schema: {
          tags: ['taxonomies'],
          summary: 'What changed between two versions of one jurisdiction, with the old→new id mapping',
          querystring: z.object({ from: versionId, to: versionId }),
          response: { 200: taxonomyDiffSchema },
        },
      },
      async (request) => diffStoredVersions(db(), request.query.from, request.query.to),
    );

    app.get(
      '/taxonomies/:versionId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['taxonomies'],
          summary: "One version's tree: fields with their technologies",
          params: z.object({ versionId }),
          response: { 200: versionTreeSchema },
        },
      },
      async (request) => {
        const [version, file] = await Promise.all([
          getVersion(db(), request.params.versionId),
          loadTaxonomy(db(), request.params.versionId),
        ]);
        type Node = TechnologyRecord & { technologies: Node[] };
        const nest = (t: TechnologyRecord): Node => ({
          ...t,
          technologies: file.technologies.filter((c) => c.parentId === t.id).map(nest),
        });
        return {
          version,
          counts: { fields: version.fieldCount, technologies: version.technologyCount },
          fields: file.technologies.filter((t) => t.parentId === null).map(nest),
        };
      },
    );

    app.get(
      '/taxonomies/:versionId/technologies/:techId',
      {
        config: { access: 'public' },
        schema: {
          tags: ['taxonomies'],
          summary: 'A technology with its parent, children, lineage and crosswalk to the other lists',
          params: z.object({ versionId, techId }),
          response: { 200: technologyDetailSchema },
        },
      },
      async (request) => {
        const detail = await getTechnology(db(), request.params.techId);
        if (detail.technology.versionId !== request.params.versionId) {
          throw notFound(`Technology ${request.params.techId} in ${request.params.versionId}`);
        }
        return detail;
      },
    );

    app.get(
      '/taxonomies/:versionId/changes',
      {
        config: { access: 'public' },
        schema: {
          tags: ['taxonomies'],
          summary: "A revision's change log with rationales and the evidence attached or supplied by modules",
          params: z.object({ versionId }),
          response: { 200: draftChangesSchema },
        },
      },
      async (request) => {
        await getVersion(db(), request.params.versionId);
        const changes = await listDraftChanges(db(), request.params.versionId);
        return {
          version: request.params.versionId,
          changes: await Promise.all(
            changes.map(async (c) => ({
              seq: c.seq,
              kind: c.kind,
              change: c.change as Record<string, unknown>,
              rationale: c.rationale,
              createdAt: c.createdAt,
              createdBy: c.createdBy,
              evidence: await changeEvidence(db(), request.params.versionId, c),
            })),
          ),
        };
      },
    );
  };
