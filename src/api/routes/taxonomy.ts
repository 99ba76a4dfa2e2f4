/**
 * Technology registry routes: versions, one version's tree, a technology with its crosswalk and lineage, the
 * diff between two versions, and a draft's change log; and the biennial revision for accounts with
 * taxonomy:write (start a draft, apply changes with rationales, publish), each step audited in its transaction.
 * The CLI's `cetmap taxonomy draft/change/publish` does the same.
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
import { changeSchema } from '../../taxonomy/revision.js';
import {
  applyDraftChange,
  changeEvidence,
  createDraftVersion,
  diffStoredVersions,
  listDraftChanges,
  publishVersion,
} from '../../taxonomy/revision-queries.js';
import { getTechnology, getVersion, listVersions, loadTaxonomy } from '../../taxonomy/taxonomy-queries.js';
import type { TechnologyRecord } from '../../taxonomy/taxonomy-file.js';
import { changeActor } from '../access-control.js';
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

    app.post(
      '/taxonomies/drafts',
      {
        config: { access: { permission: 'taxonomy:write' } },
        schema: {
          tags: ['taxonomies'],
          summary: 'Start a draft revision from a published version (audited)',
          body: z.object({
            from: versionId,
            id: versionId,
            idPrefix: z.string().regex(/^[a-z][a-z0-9]{0,31}$/, 'an id prefix such as kr2027'),
            titleEn: z.string().trim().min(1).max(200),
            titleKo: z.string().trim().min(1).max(200).nullish(),
          }),
          response: { 201: z.object({ id: z.string() }) },
        },
      },
      async (request, reply) => {
        const { from, ...options } = request.body;
        const id = await createDraftVersion(
          db(),
          from,
          { ...options, titleKo: options.titleKo ?? null },
          changeActor(request),
        );
        return reply.code(201).send({ id });
      },
    );

    app.post(
      '/taxonomies/:versionId/changes',
      {
        config: { access: { permission: 'taxonomy:write' } },
        schema: {
          tags: ['taxonomies'],
          summary:
            'Apply one change (add, remove, rename, move, merge, split) with its rationale to a draft (audited)',
          params: z.object({ versionId }),
          body: changeSchema,
          response: { 201: z.object({ seq: z.number().int() }) },
        },
      },
      async (request, reply) => {
        const seq = await applyDraftChange(
          db(),
          request.params.versionId,
          request.body,
          changeActor(request),
        );
        return reply.code(201).send({ seq });
      },
    );

    app.post(
      '/taxonomies/:versionId/publish',
      {
        config: { access: { permission: 'taxonomy:write' } },
        schema: {
          tags: ['taxonomies'],
          summary: 'Publish a draft (audited); it can no longer change',
          params: z.object({ versionId }),
          body: z.object({ date: z.iso.date().optional() }).default({}),
          response: { 200: z.object({ id: z.string(), publishedOn: z.string() }) },
        },
      },
      async (request) => {
        const publishedOn = request.body.date ?? new Date().toISOString().slice(0, 10);
        await publishVersion(db(), request.params.versionId, publishedOn, changeActor(request));
        return { id: request.params.versionId, publishedOn };
      },
    );
  };
