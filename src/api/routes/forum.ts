/**
 * CETs Innovation Forum routes: reading is public; writing needs forum:post (any signed-in role has it);
 * moderation needs forum:moderate. Every write is audited in its transaction.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEMAND_METHOD } from '../../forum/demand.js';
import { forumEvidenceProvider } from '../../forum/forum-evidence.js';
import {
  addFilter,
  createComment,
  createProposal,
  currentVersionId,
  demandSignals,
  getProposal,
  listFilters,
  listProposals,
  listSuspensions,
  liftSuspension,
  moderate,
  moderationQueue,
  removeFilter,
  reportContent,
  setFollow,
  setVote,
  suspendUser,
  type Viewer,
  type WriteContext,
} from '../../forum/forum-queries.js';
import {
  demandSchema,
  LIMITS,
  newCommentSchema,
  newProposalSchema,
  PROPOSAL_KINDS,
  proposalDetailSchema,
  proposalListSchema,
  queueItemSchema,
  sortSchema,
} from '../../forum/forum-schemas.js';
import { DEFAULT_RATE_LIMITS, type RateLimits } from '../../forum/rate-limit.js';
import { registerEvidenceProvider } from '../../taxonomy/evidence.js';
import { actorOf, auditRequest, requireUser } from '../access-control.js';
import type { AppDeps } from '../app.js';

export interface ForumOptions {
  rateLimits?: RateLimits;
}

const id = z.coerce.number().int().positive();
const versionId = z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'a version id such as kr-2027');
const created = z.object({
  id: z.number(),
  status: z.enum(['visible', 'held', 'hidden']),
  heldBecause: z.array(z.string()),
});
const target = z.object({
  targetType: z.enum(['proposal', 'comment']),
  targetId: z.number().int().positive(),
});
const reason = z.string().trim().min(LIMITS.reason.min).max(LIMITS.reason.max);

const viewerOf = (request: FastifyRequest): Viewer | null =>
  request.user ? { id: request.user.id, moderator: request.user.permissions.has('forum:moderate') } : null;

export const forumRoutes =
  (deps: AppDeps, options: ForumOptions = {}): FastifyPluginAsyncZod =>
  async (app) => {
    registerEvidenceProvider(forumEvidenceProvider);
    const db = () => deps.handle.db;
    const limits = options.rateLimits ?? DEFAULT_RATE_LIMITS;
    const writeContext = (request: FastifyRequest): WriteContext & { moderator: boolean } => {
      const user = requireUser(request);
      return { userId: user.id, ip: request.ip, limits, moderator: user.permissions.has('forum:moderate') };
    };

    app.get(
      '/forum/meta',
      {
        config: { access: 'public' },
        schema: {
          tags: ['forum'],
          summary: 'Proposal kinds, size limits, and the technology list new proposals refer to',
          response: {
            200: z.object({
              kinds: z.array(z.enum(PROPOSAL_KINDS)),
              limits: z.record(z.string(), z.unknown()),
              currentVersion: z.string().nullable(),
            }),
          },
        },
      },
      async () => ({
        kinds: [...PROPOSAL_KINDS],
        limits: { ...LIMITS, rate: limits },
        currentVersion: await currentVersionId(db()),
      }),
    );

    app.get(
      '/forum/proposals',
      {
        config: { access: 'public' },
        schema: {
          tags: ['forum'],
          summary: 'Proposals, sorted by new, top or trending; full-text search in Korean and English',
          querystring: z.object({
            sort: sortSchema.default('new'),
            q: z.string().max(200).optional(),
            tech: z.string().max(200).optional(),
            kind: z.enum(PROPOSAL_KINDS).optional(),
            followed: z.enum(['true', 'false']).optional(),
            page: z.coerce.number().int().min(1).max(10_000).default(1),
            pageSize: z.coerce.number().int().min(1).max(100).default(20),
          }),
          response: { 200: proposalListSchema },
        },
      },
      async (request) =>
        listProposals(
          db(),
          {
            sort: request.query.sort,
            q: request.query.q,
            techId: request.query.tech,
            kind: request.query.kind,
            followed: request.query.followed === 'true',
            page: request.query.page,
            pageSize: request.query.pageSize,
          },
          viewerOf(request),
        ),
    );

    app.get(
      '/forum/proposals/:id',
      {
        config: { access: 'public' },
        schema: {
          tags: ['forum'],
          summary: 'A proposal with its sanitised body and its comments (threaded one level)',
          params: z.object({ id }),
          response: { 200: proposalDetailSchema },
        },
      },
      async (request) => getProposal(db(), request.params.id, viewerOf(request)),
    );

    app.post(
      '/forum/proposals',
      {
        config: { access: { permission: 'forum:post' } },
        schema: {
          tags: ['forum'],
          summary: 'Propose (audited; rate-limited; spam heuristics may hold it for a moderator)',
          body: newProposalSchema,
          response: { 201: created },
        },
      },
      async (request, reply) => {
        const result = await db()
          .transaction()
          .execute(async (trx) => {
            const r = await createProposal(trx, request.body, writeContext(request));
            await auditRequest(trx, request, {
              action: 'forum.proposal.create',
              objectType: 'forum_proposal',
              objectId: r.id,
              after: { ...request.body, status: r.status },
              detail: r.heldBecause.length ? { heldBecause: r.heldBecause } : {},
            });
            return r;
          });
        return reply.code(201).send(result);
      },
    );

    app.post(
      '/forum/proposals/:id/comments',
      {
        config: { access: { permission: 'forum:post' } },
        schema: {
          tags: ['forum'],
          summary: 'Comment, or reply to a top-level comment (audited; rate-limited)',
          params: z.object({ id }),
          body: newCommentSchema,
          response: { 201: created },
        },
      },
      async (request, reply) => {
        const result = await db()
          .transaction()
          .execute(async (trx) => {
            const r = await createComment(trx, request.params.id, request.body, writeContext(request));
            await auditRequest(trx, request, {
              action: 'forum.comment.create',
              objectType: 'forum_comment',
              objectId: r.id,
              after: { proposalId: request.params.id, ...request.body, status: r.status },
              detail: r.heldBecause.length ? { heldBecause: r.heldBecause } : {},
            });
            return r;
          });
        return reply.code(201).send(result);
      },
    );

    app.put(
      '/forum/proposals/:id/vote',
      {
        config: { access: { permission: 'forum:post' } },
        schema: {
          tags: ['forum'],
          summary: 'Support (1), oppose (-1) or withdraw (0): one vote per user, changeable (audited)',
          params: z.object({ id }),
          body: z.object({ value: z.union([z.literal(1), z.literal(0), z.literal(-1)]) }),
          response: { 200: z.object({ value: z.number().nullable() }) },
        },
      },
      async (request) => {
        const viewer = viewerOf(request)!;
        const r = await db()
          .transaction()
          .execute(async (trx) => {
            const v = await setVote(trx, request.params.id, request.body.value, viewer);
            await auditRequest(trx, request, {
              action: 'forum.vote',
              objectType: 'forum_proposal',
              objectId: request.params.id,
              before: { vote: v.before },
              after: { vote: v.after },
            });
            return v;
          });
        return { value: r.after };
      },
    );

    app.put(
      '/forum/proposals/:id/follow',
      {
        config: { access: { permission: 'forum:post' } },
        schema: {
          tags: ['forum'],
          summary: 'Follow or stop following a proposal (audited); list followed ones with ?followed=true',
          params: z.object({ id }),
          body: z.object({ follow: z.boolean() }),
          response: { 200: z.object({ following: z.boolean() }) },
        },
      },
      async (request) => {
        const viewer = viewerOf(request)!;
        await db()
          .transaction()
          .execute(async (trx) => {
            await setFollow(trx, request.params.id, request.body.follow, viewer);
            await auditRequest(trx, request, {
              action: request.body.follow ? 'forum.follow' : 'forum.unfollow',
              objectType: 'forum_proposal',
              objectId: request.params.id,
            });
          });
        return { following: request.body.follow };
      },
    );

    app.post(
      '/forum/reports',
      {
        config: { access: { permission: 'forum:post' } },
        schema: {
          tags: ['forum'],
          summary: 'Report a proposal or comment to the moderators (audited; rate-limited)',
          body: target.extend({ reason }),
          response: { 201: z.object({ id: z.number() }) },
        },
      },
      async (request, reply) => {
        const b = request.body;
        const r = await db()
          .transaction()
          .execute(async (trx) => {
            const report = await reportContent(
              trx,
              { type: b.targetType, id: b.targetId },
              b.reason,
              writeContext(request),
            );
            await auditRequest(trx, request, {
              action: 'forum.report',
              objectType: `forum_${b.targetType}`,
              objectId: b.targetId,
              after: { reason: b.reason },
            });
            return report;
          });
        return reply.code(201).send(r);
      },
    );

    app.get(
      '/forum/demand',
      {
        config: { access: 'public' },
        schema: {
          tags: ['forum'],
          summary:
            'Demand signals per technology of a list (a revision draft), with the method; for the committee',
          querystring: z.object({ version: versionId.optional() }),
          response: { 200: demandSchema },
        },
      },
      async (request) => {
        const version = request.query.version ?? (await currentVersionId(db()));
        if (!version) {
          return {
            version: '',
            method: DEMAND_METHOD,
            windowDays: 0,
            asOf: new Date().toISOString(),
            technologies: [],
            newTechnologies: [],
          };
        }
        return demandSignals(db(), version);
      },
    );

    // ------------------------------------------------------------ moderation

    const moderator = { access: { permission: 'forum:moderate' as const } };

    app.get(
      '/forum/moderation/queue',
      {
        config: moderator,
        schema: {
          tags: ['forum'],
          summary: 'Reported and held content, oldest first',
          response: { 200: z.object({ items: z.array(queueItemSchema) }) },
        },
      },
      async () => ({ items: await moderationQueue(db()) }),
    );

    for (const action of ['hide', 'restore'] as const) {
      app.post(
        `/forum/moderation/${action}`,
        {
          config: moderator,
          schema: {
            tags: ['forum'],
            summary: `${action === 'hide' ? 'Hide' : 'Restore'} a proposal or comment, with a reason (audited)`,
            body: target.extend({ reason }),
            response: { 200: z.object({ status: z.enum(['visible', 'held', 'hidden']) }) },
          },
        },
        async (request) => {
          const b = request.body;
          const r = await db()
            .transaction()
            .execute(async (trx) => {
              const m = await moderate(
                trx,
                { type: b.targetType, id: b.targetId },
                action,
                b.reason,
                actorOf(request.user),
              );
              await auditRequest(trx, request, {
                action: `forum.moderation.${action}`,
                objectType: `forum_${b.targetType}`,
                objectId: b.targetId,
                before: m.before,
                after: m.after,
                detail: { reason: b.reason },
              });
              return m;
            });
          return { status: r.after.status };
        },
      );
    }

    app.get(
      '/forum/moderation/suspensions',
      {
        config: moderator,
        schema: { tags: ['forum'], summary: 'Suspended forum accounts' },
      },
      async () => ({
        suspensions: (await listSuspensions(db())).map((s) => ({
          username: s.username,
          reason: s.reason,
          until: s.until ? new Date(s.until).toISOString() : null,
          createdBy: s.created_by,
          createdAt: new Date(s.created_at).toISOString(),
        })),
      }),
    );

    app.post(
      '/forum/moderation/suspensions',
      {
        config: moderator,
        schema: {
          tags: ['forum'],
          summary: 'Suspend a user from writing in the forum, for some days or until lifted (audited)',
          body: z.object({
            username: z.string().min(1).max(100),
            reason,
            days: z.number().int().min(1).max(3650).optional(),
          }),
        },
      },
      async (request, reply) => {
        const b = request.body;
        const until = b.days ? new Date(Date.now() + b.days * 86_400_000) : null;
        await db()
          .transaction()
          .execute(async (trx) => {
            const r = await suspendUser(trx, b.username, { reason: b.reason, until }, actorOf(request.user));
            await auditRequest(trx, request, {
              action: 'forum.user.suspend',
              objectType: 'user',
              objectId: r.userId,
              after: { reason: b.reason, until },
            });
          });
        return reply.code(201).send({ ok: true });
      },
    );

    app.delete(
      '/forum/moderation/suspensions/:username',
      {
        config: moderator,
        schema: {
          tags: ['forum'],
          summary: 'Lift a suspension (audited)',
          params: z.object({ username: z.string().min(1).max(100) }),
        },
      },
      async (request) => {
        const r = await db()
          .transaction()
          .execute(async (trx) => {
            const lifted = await liftSuspension(trx, request.params.username);
            await auditRequest(trx, request, {
              action: 'forum.user.unsuspend',
              objectType: 'user',
              objectId: request.params.username,
              detail: lifted,
            });
            return lifted;
          });
        return r;
      },
    );

    app.get(
      '/forum/moderation/filters',
      { config: moderator, schema: { tags: ['forum'], summary: 'Word filters (block or hold)' } },
      async () => ({
        filters: (await listFilters(db())).map((f) => ({ id: f.id, term: f.term, action: f.action })),
      }),
    );

    app.post(
      '/forum/moderation/filters',
      {
        config: moderator,
        schema: {
          tags: ['forum'],
          summary: "Add a word filter: 'block' refuses the text, 'hold' keeps it for a moderator (audited)",
          body: z.object({ term: z.string().trim().min(2).max(100), action: z.enum(['block', 'hold']) }),
        },
      },
      async (request, reply) => {
        const f = await db()
          .transaction()
          .execute(async (trx) => {
            const row = await addFilter(trx, request.body.term, request.body.action, actorOf(request.user));
            await auditRequest(trx, request, {
              action: 'forum.filter.add',
              objectType: 'forum_word_filter',
              objectId: row.id,
              after: request.body,
            });
            return row;
          });
        return reply.code(201).send(f);
      },
    );

    app.delete(
      '/forum/moderation/filters/:id',
      {
        config: moderator,
        schema: { tags: ['forum'], summary: 'Remove a word filter (audited)', params: z.object({ id }) },
      },
      async (request) => {
        await db()
          .transaction()
          .execute(async (trx) => {
            const removed = await removeFilter(trx, request.params.id);
            await auditRequest(trx, request, {
              action: 'forum.filter.remove',
              objectType: 'forum_word_filter',
              objectId: request.params.id,
              before: removed,
            });
          });
        return { ok: true };
      },
    );
  };
