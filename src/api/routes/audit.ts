/** The audit log for admins (permission audit:read): search, newest first, and verify the hash chain. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAudit, verifyAudit } from '../../auth/audit-queries.js';
import type { AppDeps } from '../app.js';

const entrySchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  beforeDigest: z.string().nullable(),
  afterDigest: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

const read = { access: { permission: 'audit:read' as const } };

export const auditRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;

    app.get(
      '/audit',
      {
        config: read,
        schema: {
          tags: ['audit'],
          summary: 'Search the audit log (newest first; `action` ending in . or * matches a prefix)',
          querystring: z.object({
            actor: z.string().max(300).optional(),
            action: z.string().max(100).optional(),
            objectType: z.string().max(100).optional(),
            objectId: z.string().max(300).optional(),
            from: z.iso.datetime({ offset: true }).optional(),
            to: z.iso.datetime({ offset: true }).optional(),
            before: z.coerce.number().int().positive().optional(),
            limit: z.coerce.number().int().min(1).max(1000).default(100),
          }),
          response: {
            200: z.object({ entries: z.array(entrySchema), nextBefore: z.number().int().nullable() }),
          },
        },
      },
      async (request) => {
        const q = request.query;
        const entries = await listAudit(db(), {
          actor: q.actor || undefined,
          action: q.action || undefined,
          objectType: q.objectType || undefined,
          objectId: q.objectId || undefined,
          from: q.from ? new Date(q.from) : undefined,
          to: q.to ? new Date(q.to) : undefined,
          beforeSeq: q.before,
          limit: q.limit,
        });
        return {
          entries: entries.map((e) => ({
            seq: e.seq,
            at: e.at.toISOString(),
            actor: e.actor,
            action: e.action,
            objectType: e.objectType,
            objectId: e.objectId,
            beforeDigest: e.beforeDigest,
            afterDigest: e.afterDigest,
            detail: e.detail,
            hash: e.hash,
          })),
          nextBefore: entries.length === q.limit ? entries.at(-1)!.seq : null,
        };
      },
    );

    app.get(
      '/audit/verify',
      {
        config: read,
        schema: {
          tags: ['audit'],
          summary: 'Verify the hash chain; names the first entry that does not verify',
          response: {
            200: z.object({
              ok: z.boolean(),
              checked: z.number().int(),
              total: z.number().int(),
              firstBad: z.object({ seq: z.number().int(), problem: z.string() }).nullable(),
            }),
          },
        },
      },
      async () => {
        const v = await verifyAudit(db());
        return { ok: v.ok, checked: v.checked, total: v.total, firstBad: v.firstBad ?? null };
      },
    );
  };
