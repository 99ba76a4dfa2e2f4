/**
 * The forum's database access: proposals, comments, votes, follows, reports, moderation and demand signals.
 * Writes take a transaction (`trx`) so the caller can audit inside it; reads take the database.
 * Visibility: the public sees 'visible' content; a moderator sees everything; an author also sees their own.
 */
import { sql, type Kysely } from 'kysely';
import type { Database, ForumStatus } from '../db/schema.js';
import { CetmapError, notFound } from '../shared/errors.js';
import { aggregateDemand, DEMAND_METHOD, DEMAND_WINDOW_DAYS } from './demand.js';
import type {
  CommentDto,
  DemandDto,
  NewProposal,
  ProposalDetailDto,
  ProposalKind,
  ProposalListDto,
  ProposalSummaryDto,
  QueueItemDto,
} from './forum-schemas.js';
import { renderMarkdown } from './markdown.js';
import { exceededLimit, type ForumAction, type RateLimits } from './rate-limit.js';
import { sortProposals, TRENDING_WINDOW_DAYS, type ProposalSort } from './ranking.js';
import { searchParts } from './search-text.js';
import { judgeText, type SpamLimits, type Verdict, type WordFilter } from './spam.js';

type Db = Kysely<Database>;

export interface Viewer {
  id: number;
  moderator: boolean;
}

export interface WriteContext {
  userId: number;
  ip: string | null;
  limits: RateLimits;
  spam?: SpamLimits;
  now?: Date;
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const hoursAgo = (now: Date, hours: number) => new Date(now.getTime() - hours * 3_600_000);

/** 'visible', or anything for a moderator, or the viewer's own. */
const visibleTo = (viewer: Viewer | null, table: 'p' | 'c') =>
  viewer?.moderator
    ? sql<boolean>`true`
    : viewer
      ? sql<boolean>`(${sql.ref(`${table}.status`)} = 'visible' or ${sql.ref(`${table}.author_id`)} = ${viewer.id})`
      : sql<boolean>`${sql.ref(`${table}.status`)} = 'visible'`;

// ---------------------------------------------------------------- guards for writes

export async function assertNotSuspended(db: Db, userId: number, now = new Date()): Promise<void> {
  const s = await db
    .selectFrom('forum_suspension')
    .select(['reason', 'until'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (s && (s.until === null || new Date(s.until) > now)) {
    const until = s.until ? ` until ${iso(s.until)}` : '';
    throw new CetmapError('CET_FORBIDDEN', `Your forum account is suspended${until}: ${s.reason}`);
  }
}

/** Refuses with CET_RATE_LIMITED when one more action would pass the user's or the address's limit. */
export async function checkRateLimit(db: Db, action: ForumAction, ctx: WriteContext): Promise<void> {
  const since = new Date((ctx.now ?? new Date()).getTime() - ctx.limits.windowMinutes * 60_000);
  const count = async (column: 'user_id' | 'ip', value: number | string | null) => {
    if (value === null) return 0;
    const r = await db
      .selectFrom('forum_activity')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(column, '=', value as never)
      .where('action', '=', action)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  };
  const hit = exceededLimit(
    action,
    { user: await count('user_id', ctx.userId), ip: await count('ip', ctx.ip) },
    ctx.limits,
  );
  if (hit) {
    throw new CetmapError(
      'CET_RATE_LIMITED',
      `Too many ${action}s from this ${hit.scope === 'user' ? 'account' : 'address'}: at most ${hit.limit} per ${ctx.limits.windowMinutes} minutes.`,
    );
  }
}

const recordActivity = (db: Db, action: ForumAction, ctx: WriteContext) =>
  db
    .insertInto('forum_activity')
    .values({ user_id: ctx.userId, ip: ctx.ip, action, at: ctx.now ?? new Date() })
    .execute();

export const listFilters = (db: Db) =>
  db.selectFrom('forum_word_filter').selectAll().orderBy('term').execute();

async function judge(
  db: Db,
  text: string,
  kind: 'proposal' | 'comment',
  ctx: WriteContext,
): Promise<Extract<Verdict, { outcome: 'accept' | 'hold' }>> {
  const since = hoursAgo(ctx.now ?? new Date(), 24);
  const recent =
    kind === 'proposal'
      ? await db
          .selectFrom('forum_proposal')
          .select(['author_id', sql<string>`title || chr(10) || body`.as('text')])
          .where('created_at', '>', since)
          .orderBy('id', 'desc')
          .limit(500)
          .execute()
      : await db
          .selectFrom('forum_comment')
          .select(['author_id', 'body as text'])
          .where('created_at', '>', since)
          .orderBy('id', 'desc')
          .limit(500)
          .execute();
  const filters: WordFilter[] = (await listFilters(db)).map((f) => ({ term: f.term, action: f.action }));
  const verdict = judgeText(text, {
    filters,
    ownRecent: recent.filter((r) => r.author_id === ctx.userId).map((r) => r.text),
    othersRecent: recent.filter((r) => r.author_id !== ctx.userId).map((r) => r.text),
    limits: ctx.spam,
  });
  if (verdict.outcome === 'refuse') {
    throw new CetmapError('CET_BAD_INPUT', `This text was refused: it ${verdict.reason}.`, {
      issues: [{ field: 'body', message: verdict.reason }],
    });
  }
  return verdict;
}

const holdFields = (verdict: Verdict, now: Date) =>
  verdict.outcome === 'hold'
    ? {
        status: 'held' as const,
        moderation_reason: `held automatically: ${verdict.reasons.join('; ')}`,
        moderated_by: 'forum:spam-check',
        moderated_at: now,
      }
    : {};

// ---------------------------------------------------------------- proposals

export async function createProposal(
  trx: Db,
  input: NewProposal,
  ctx: WriteContext,
): Promise<{ id: number; status: ForumStatus; heldBecause: string[] }> {
  const now = ctx.now ?? new Date();
  await assertNotSuspended(trx, ctx.userId, now);
  await checkRateLimit(trx, 'proposal', ctx);
  if (input.techId) {
    const tech = await trx
      .selectFrom('technology')
      .select('id')
      .where('id', '=', input.techId)
      .executeTakeFirst();
    if (!tech)
      throw new CetmapError('CET_BAD_INPUT', `Unknown technology ${input.techId}.`, {
        issues: [{ field: 'body.techId', message: 'not in the registry' }],
      });
  }
  const verdict = await judge(trx, `${input.title}\n${input.body}`, 'proposal', ctx);
  const title = searchParts(input.title + (input.proposedName ? ` ${input.proposedName}` : ''));
  const body = searchParts(input.body);
  const row = await trx
    .insertInto('forum_proposal')
    .values({
      kind: input.kind,
      tech_id: input.techId ?? null,
      proposed_name: input.proposedName ?? null,
      title: input.title,
      body: input.body,
      links: JSON.stringify(input.links),
      author_id: ctx.userId,
      created_at: now,
      search: sql`setweight(to_tsvector('english', ${title.latin}), 'A')
        || setweight(to_tsvector('simple', ${title.hangul}), 'A')
        || setweight(to_tsvector('english', ${body.latin}), 'B')
        || setweight(to_tsvector('simple', ${body.hangul}), 'B')`,
      ...holdFields(verdict, now),
    })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  await recordActivity(trx, 'proposal', ctx);
  return { id: row.id, status: row.status, heldBecause: verdict.outcome === 'hold' ? verdict.reasons : [] };
}

interface ProposalRow {
  id: number;
  kind: string;
  tech_id: string | null;
  proposed_name: string | null;
  title: string;
  author_id: number;
  author: string;
  created_at: Date;
  status: ForumStatus;
  moderation_reason: string | null;
  name_ko: string | null;
  name_en: string | null;
  supports: number;
  opposes: number;
  recent_supports: number;
  comments: number;
  recent_comments: number;
}

function proposalRows(db: Db, viewer: Viewer | null, now: Date) {
  const recent = new Date(now.getTime() - TRENDING_WINDOW_DAYS * 86_400_000);
  return db
    .selectFrom('forum_proposal as p')
    .innerJoin('app_user as u', 'u.id', 'p.author_id')
    .leftJoin('technology as t', 't.id', 'p.tech_id')
    .select([
      'p.id',
      'p.kind',
      'p.tech_id',
      'p.proposed_name',
      'p.title',
      'p.author_id',
      'u.display_name as author',
      'p.created_at',
      'p.status',
      'p.moderation_reason',
      't.name_ko',
      't.name_en',
      sql<number>`(select count(*) from forum_vote v where v.proposal_id = p.id and v.value = 1)`.as(
        'supports',
      ),
      sql<number>`(select count(*) from forum_vote v where v.proposal_id = p.id and v.value = -1)`.as(
        'opposes',
      ),
      sql<number>`(select count(*) from forum_vote v where v.proposal_id = p.id and v.value = 1 and v.updated_at > ${recent})`.as(
        'recent_supports',
      ),
      sql<number>`(select count(*) from forum_comment c where c.proposal_id = p.id and ${visibleTo(viewer, 'c')})`.as(
        'comments',
      ),
      sql<number>`(select count(*) from forum_comment c where c.proposal_id = p.id and c.status = 'visible' and c.created_at > ${recent})`.as(
        'recent_comments',
      ),
    ])
    .where(visibleTo(viewer, 'p'));
}

const toSummary = (r: ProposalRow, viewer: Viewer | null): ProposalSummaryDto => ({
  id: r.id,
  kind: r.kind as ProposalKind,
  techId: r.tech_id,
  techNameKo: r.name_ko,
  techNameEn: r.name_en,
  proposedName: r.proposed_name,
  title: r.title,
  author: r.author,
  createdAt: iso(r.created_at),
  supports: Number(r.supports),
  opposes: Number(r.opposes),
  comments: Number(r.comments),
  status: r.status,
  moderationReason: viewer?.moderator ? r.moderation_reason : null,
});

export interface ListQuery {
  sort: ProposalSort;
  q?: string;
  techId?: string;
  kind?: ProposalKind;
  followed?: boolean;
  page: number;
  pageSize: number;
}

/**
 * Proposals matching the filters, sorted and paged. The matching rows are ranked in memory (trending needs
 * recent activity per row); a forum of tens of thousands of proposals would move the ranking into SQL.
 */
export async function listProposals(
  db: Db,
  query: ListQuery,
  viewer: Viewer | null,
  now = new Date(),
): Promise<ProposalListDto> {
  let q = proposalRows(db, viewer, now);
  if (query.techId) q = q.where('p.tech_id', '=', query.techId);
  if (query.kind) q = q.where('p.kind', '=', query.kind);
  if (query.followed) {
    if (!viewer) throw new CetmapError('CET_UNAUTHENTICATED', 'Sign in to list the proposals you follow.');
    q = q.where(
      'p.id',
      'in',
      db.selectFrom('forum_follow').select('proposal_id').where('user_id', '=', viewer.id),
    );
  }
  const text = query.q?.trim();
  if (text) {
    const parts = searchParts(text);
    if (parts.latin || parts.hangul) {
      q = q.where(
        sql<boolean>`(select numnode(q) = 0 or p.search @@ q from (select plainto_tsquery('english', ${parts.latin}) && plainto_tsquery('simple', ${parts.hangul}) as q) as query)`,
      );
    }
  }
  const rows = (await q.execute()) as ProposalRow[];
  const ranked = sortProposals(
    rows.map((r) => ({
      ...r,
      createdAt: new Date(r.created_at),
      supports: Number(r.supports),
      opposes: Number(r.opposes),
      recentSupports: Number(r.recent_supports),
      recentComments: Number(r.recent_comments),
    })),
    query.sort,
    now,
  );
  const start = (query.page - 1) * query.pageSize;
  return {
    sort: query.sort,
    total: ranked.length,
    page: query.page,
    pageSize: query.pageSize,
    proposals: ranked.slice(start, start + query.pageSize).map((r) => toSummary(r, viewer)),
  };
}

export async function getProposal(
  db: Db,
  id: number,
  viewer: Viewer | null,
  now = new Date(),
): Promise<ProposalDetailDto> {
  const row = (await proposalRows(db, viewer, now).where('p.id', '=', id).executeTakeFirst()) as
    ProposalRow | undefined;
  if (!row) throw notFound(`Proposal ${id}`);
  const full = await db
    .selectFrom('forum_proposal')
    .select(['body', 'links'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const comments = await db
    .selectFrom('forum_comment as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_id')
    .select([
      'c.id',
      'c.parent_id',
      'u.display_name as author',
      'c.body',
      'c.created_at',
      'c.status',
      'c.moderation_reason',
    ])
    .where('c.proposal_id', '=', id)
    .where(visibleTo(viewer, 'c'))
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  const visibleIds = new Set(comments.map((c) => c.id));
  const [vote, follow] = viewer
    ? await Promise.all([
        db
          .selectFrom('forum_vote')
          .select('value')
          .where('proposal_id', '=', id)
          .where('user_id', '=', viewer.id)
          .executeTakeFirst(),
        db
          .selectFrom('forum_follow')
          .select('user_id')
          .where('proposal_id', '=', id)
          .where('user_id', '=', viewer.id)
          .executeTakeFirst(),
      ])
    : [undefined, undefined];
  return {
    ...toSummary(row, viewer),
    body: full.body,
    bodyHtml: renderMarkdown(full.body),
    links: full.links,
    // A reply whose parent the viewer cannot see is not shown either.
    commentList: comments
      .filter((c) => c.parent_id === null || visibleIds.has(c.parent_id))
      .map((c): CommentDto => ({
        id: c.id,
        parentId: c.parent_id,
        author: c.author,
        bodyHtml: renderMarkdown(c.body),
        createdAt: iso(c.created_at),
        status: c.status,
        moderationReason: viewer?.moderator ? c.moderation_reason : null,
      })),
    myVote: vote ? Number(vote.value) : null,
    following: Boolean(follow),
    mine: viewer?.id === row.author_id,
  };
}

/** The proposal, when the viewer may see it (else not found). */
async function requireVisibleProposal(db: Db, id: number, viewer: Viewer): Promise<void> {
  const row = await db
    .selectFrom('forum_proposal as p')
    .select('p.id')
    .where('p.id', '=', id)
    .where(visibleTo(viewer, 'p'))
    .executeTakeFirst();
  if (!row) throw notFound(`Proposal ${id}`);
}

// ---------------------------------------------------------------- comments, votes, follows, reports

export async function createComment(
  trx: Db,
  proposalId: number,
  input: { body: string; parentId?: number },
  ctx: WriteContext & { moderator: boolean },
): Promise<{ id: number; status: ForumStatus; heldBecause: string[] }> {
  const now = ctx.now ?? new Date();
  await assertNotSuspended(trx, ctx.userId, now);
  await requireVisibleProposal(trx, proposalId, { id: ctx.userId, moderator: ctx.moderator });
  if (input.parentId !== undefined) {
    const parent = await trx
      .selectFrom('forum_comment')
      .select(['proposal_id', 'parent_id'])
      .where('id', '=', input.parentId)
      .executeTakeFirst();
    if (!parent || parent.proposal_id !== proposalId || parent.parent_id !== null) {
      throw new CetmapError('CET_BAD_INPUT', 'Replies go to a top-level comment of the same proposal.', {
        issues: [{ field: 'body.parentId', message: 'not a top-level comment of this proposal' }],
      });
    }
  }
  await checkRateLimit(trx, 'comment', ctx);
  const verdict = await judge(trx, input.body, 'comment', ctx);
  const row = await trx
    .insertInto('forum_comment')
    .values({
      proposal_id: proposalId,
      parent_id: input.parentId ?? null,
      author_id: ctx.userId,
      body: input.body,
      created_at: now,
      ...holdFields(verdict, now),
    })
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  await recordActivity(trx, 'comment', ctx);
  return { id: row.id, status: row.status, heldBecause: verdict.outcome === 'hold' ? verdict.reasons : [] };
}

/**
 * Sets the user's vote: 1 support, -1 oppose, 0 withdraw. One row per user and proposal (primary key);
 * concurrent votes by one user meet in `on conflict` and leave one row.
 */
export async function setVote(
  trx: Db,
  proposalId: number,
  value: -1 | 0 | 1,
  viewer: Viewer,
): Promise<{ before: number | null; after: number | null }> {
  await assertNotSuspended(trx, viewer.id);
  await requireVisibleProposal(trx, proposalId, { ...viewer, moderator: false });
  const before = await trx
    .selectFrom('forum_vote')
    .select('value')
    .where('proposal_id', '=', proposalId)
    .where('user_id', '=', viewer.id)
    .executeTakeFirst();
  if (value === 0) {
    await trx
      .deleteFrom('forum_vote')
      .where('proposal_id', '=', proposalId)
      .where('user_id', '=', viewer.id)
      .execute();
  } else {
    await trx
      .insertInto('forum_vote')
      .values({ proposal_id: proposalId, user_id: viewer.id, value })
      .onConflict((oc) =>
        oc.columns(['proposal_id', 'user_id']).doUpdateSet({ value, updated_at: sql`now()` }),
      )
      .execute();
  }
  return { before: before ? Number(before.value) : null, after: value === 0 ? null : value };
}

export async function setFollow(trx: Db, proposalId: number, follow: boolean, viewer: Viewer): Promise<void> {
  await requireVisibleProposal(trx, proposalId, viewer);
  if (follow) {
    await trx
      .insertInto('forum_follow')
      .values({ proposal_id: proposalId, user_id: viewer.id })
      .onConflict((oc) => oc.columns(['proposal_id', 'user_id']).doNothing())
      .execute();
  } else {
    await trx
      .deleteFrom('forum_follow')
      .where('proposal_id', '=', proposalId)
      .where('user_id', '=', viewer.id)
      .execute();
  }
}

export type TargetType = 'proposal' | 'comment';

/** The proposal a target belongs to, when the viewer may see the target (else not found). */
async function targetProposal(db: Db, type: TargetType, id: number, viewer: Viewer | null): Promise<number> {
  if (type === 'proposal') {
    const r = await db
      .selectFrom('forum_proposal as p')
      .select('p.id')
      .where('p.id', '=', id)
      .where(visibleTo(viewer, 'p'))
      .executeTakeFirst();
    if (!r) throw notFound(`Proposal ${id}`);
    return r.id;
  }
  const r = await db
    .selectFrom('forum_comment as c')
    .select('c.proposal_id')
    .where('c.id', '=', id)
    .where(visibleTo(viewer, 'c'))
    .executeTakeFirst();
  if (!r) throw notFound(`Comment ${id}`);
  return r.proposal_id;
}

export async function reportContent(
  trx: Db,
  target: { type: TargetType; id: number },
  reason: string,
  ctx: WriteContext & { moderator: boolean },
): Promise<{ id: number }> {
  await assertNotSuspended(trx, ctx.userId, ctx.now);
  await targetProposal(trx, target.type, target.id, { id: ctx.userId, moderator: ctx.moderator });
  await checkRateLimit(trx, 'report', ctx);
  const row = await trx
    .insertInto('forum_report')
    .values({ target_type: target.type, target_id: target.id, reporter_id: ctx.userId, reason })
    .onConflict((oc) => oc.columns(['target_type', 'target_id', 'reporter_id']).doUpdateSet({ reason }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordActivity(trx, 'report', ctx);
  return { id: row.id };
}

// ---------------------------------------------------------------- moderation

/** Open reports and held content, oldest first. */
export async function moderationQueue(db: Db): Promise<QueueItemDto[]> {
  const open = await db
    .selectFrom('forum_report as r')
    .innerJoin('app_user as u', 'u.id', 'r.reporter_id')
    .select(['r.target_type', 'r.target_id', 'r.reason', 'u.username as reporter', 'r.created_at'])
    .where('r.resolved_at', 'is', null)
    .orderBy('r.created_at')
    .execute();
  const proposalIds = new Set(open.filter((r) => r.target_type === 'proposal').map((r) => r.target_id));
  const commentIds = new Set(open.filter((r) => r.target_type === 'comment').map((r) => r.target_id));
  const proposals = await db
    .selectFrom('forum_proposal as p')
    .innerJoin('app_user as u', 'u.id', 'p.author_id')
    .select([
      'p.id',
      'p.title',
      'p.body',
      'p.status',
      'p.moderation_reason',
      'p.created_at',
      'u.display_name',
      'u.username',
    ])
    .where((eb) =>
      eb.or([eb('p.status', '=', 'held'), ...(proposalIds.size ? [eb('p.id', 'in', [...proposalIds])] : [])]),
    )
    .execute();
  const comments = await db
    .selectFrom('forum_comment as c')
    .innerJoin('app_user as u', 'u.id', 'c.author_id')
    .innerJoin('forum_proposal as p', 'p.id', 'c.proposal_id')
    .select([
      'c.id',
      'c.proposal_id',
      'p.title',
      'c.body',
      'c.status',
      'c.moderation_reason',
      'c.created_at',
      'u.display_name',
      'u.username',
    ])
    .where((eb) =>
      eb.or([eb('c.status', '=', 'held'), ...(commentIds.size ? [eb('c.id', 'in', [...commentIds])] : [])]),
    )
    .execute();
  const reportsOf = (type: TargetType, id: number) =>
    open
      .filter((r) => r.target_type === type && r.target_id === id)
      .map((r) => ({ reason: r.reason, reporter: r.reporter, createdAt: iso(r.created_at) }));
  const excerpt = (s: string) => s.replace(/\s+/g, ' ').slice(0, 300);
  const items: QueueItemDto[] = [
    ...proposals.map((p) => ({
      targetType: 'proposal' as const,
      targetId: p.id,
      proposalId: p.id,
      title: p.title,
      excerpt: excerpt(p.body),
      author: p.display_name,
      authorUsername: p.username,
      createdAt: iso(p.created_at),
      status: p.status,
      moderationReason: p.moderation_reason,
      reports: reportsOf('proposal', p.id),
    })),
    ...comments.map((c) => ({
      targetType: 'comment' as const,
      targetId: c.id,
      proposalId: c.proposal_id,
      title: c.title,
      excerpt: excerpt(c.body),
      author: c.display_name,
      authorUsername: c.username,
      createdAt: iso(c.created_at),
      status: c.status,
      moderationReason: c.moderation_reason,
      reports: reportsOf('comment', c.id),
    })),
  ];
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** Hides or restores a proposal or comment with a reason, and resolves its open reports. */
export async function moderate(
  trx: Db,
  target: { type: TargetType; id: number },
  action: 'hide' | 'restore',
  reason: string,
  by: string,
): Promise<{ before: { status: ForumStatus }; after: { status: ForumStatus; reason: string } }> {
  const table = target.type === 'proposal' ? 'forum_proposal' : 'forum_comment';
  const current = await trx.selectFrom(table).select('status').where('id', '=', target.id).executeTakeFirst();
  if (!current) throw notFound(`${target.type === 'proposal' ? 'Proposal' : 'Comment'} ${target.id}`);
  const status: ForumStatus = action === 'hide' ? 'hidden' : 'visible';
  const now = new Date();
  await trx
    .updateTable(table)
    .set({ status, moderation_reason: reason, moderated_by: by, moderated_at: now })
    .where('id', '=', target.id)
    .execute();
  await trx
    .updateTable('forum_report')
    .set({ resolved_at: now, resolved_by: by, resolution: action === 'hide' ? 'hidden' : 'restored' })
    .where('target_type', '=', target.type)
    .where('target_id', '=', target.id)
    .where('resolved_at', 'is', null)
    .execute();
  return { before: { status: current.status }, after: { status, reason } };
}

export async function userIdByName(db: Db, username: string): Promise<number> {
  const u = await db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username.trim().toLowerCase())
    .executeTakeFirst();
  if (!u) throw notFound(`User ${username}`);
  return u.id;
}

export async function suspendUser(
  trx: Db,
  username: string,
  input: { reason: string; until: Date | null },
  by: string,
): Promise<{ userId: number }> {
  const userId = await userIdByName(trx, username);
  await trx
    .insertInto('forum_suspension')
    .values({ user_id: userId, reason: input.reason, until: input.until, created_by: by })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ reason: input.reason, until: input.until, created_by: by }),
    )
    .execute();
  return { userId };
}

export async function liftSuspension(trx: Db, username: string): Promise<{ lifted: boolean }> {
  const userId = await userIdByName(trx, username);
  const r = await trx.deleteFrom('forum_suspension').where('user_id', '=', userId).executeTakeFirst();
  return { lifted: Number(r.numDeletedRows) > 0 };
}

export const listSuspensions = (db: Db) =>
  db
    .selectFrom('forum_suspension as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .select(['u.username', 's.reason', 's.until', 's.created_by', 's.created_at'])
    .orderBy('s.created_at', 'desc')
    .execute();

export async function addFilter(trx: Db, term: string, action: 'block' | 'hold', by: string) {
  return trx
    .insertInto('forum_word_filter')
    .values({ term: term.trim(), action, created_by: by })
    .onConflict((oc) => oc.column('term').doUpdateSet({ action, created_by: by }))
    .returning(['id', 'term', 'action'])
    .executeTakeFirstOrThrow();
}

export async function removeFilter(trx: Db, id: number): Promise<{ term: string }> {
  const row = await trx
    .deleteFrom('forum_word_filter')
    .where('id', '=', id)
    .returning('term')
    .executeTakeFirst();
  if (!row) throw notFound(`Word filter ${id}`);
  return row;
}

// ---------------------------------------------------------------- demand signals

/** The newest published Korean list: the one new proposals refer to. */
export async function currentVersionId(db: Db): Promise<string | null> {
  const v = await db
    .selectFrom('taxonomy_version')
    .select('id')
    .where('jurisdiction', '=', 'KR')
    .where('status', '=', 'published')
    .orderBy('published_on', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return v?.id ?? null;
}

export async function demandSignals(db: Db, versionId: string, now = new Date()): Promise<DemandDto> {
  const version = await db
    .selectFrom('taxonomy_version')
    .select('id')
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (!version) throw notFound(`Technology list ${versionId}`);
  const [items, lineage, proposals] = await Promise.all([
    db
      .selectFrom('technology')
      .select(['id', 'name_ko', 'name_en'])
      .where('version_id', '=', versionId)
      .orderBy('position')
      .execute(),
    db.selectFrom('technology_lineage').select(['tech_id', 'predecessor_id']).execute(),
    db
      .selectFrom('forum_proposal')
      .select(['id', 'kind', 'tech_id', 'proposed_name', 'title', 'author_id', 'created_at'])
      .where('status', '=', 'visible')
      .execute(),
  ]);
  const ids = proposals.map((p) => p.id);
  const [votes, comments] = ids.length
    ? await Promise.all([
        db
          .selectFrom('forum_vote')
          .select(['proposal_id', 'user_id', 'value', 'updated_at'])
          .where('proposal_id', 'in', ids)
          .execute(),
        db
          .selectFrom('forum_comment')
          .select(['proposal_id', 'author_id'])
          .where('proposal_id', 'in', ids)
          .where('status', '=', 'visible')
          .execute(),
      ])
    : [[], []];
  const result = aggregateDemand({
    items: items.map((i) => ({ id: i.id, nameKo: i.name_ko, nameEn: i.name_en })),
    lineage: lineage.map((l) => ({ techId: l.tech_id, predecessorId: l.predecessor_id })),
    proposals: proposals.map((p) => ({
      id: p.id,
      kind: p.kind as ProposalKind,
      techId: p.tech_id,
      proposedName: p.proposed_name,
      title: p.title,
      authorId: p.author_id,
      createdAt: new Date(p.created_at),
    })),
    votes: votes.map((v) => ({
      proposalId: v.proposal_id,
      userId: v.user_id,
      value: Number(v.value),
      at: new Date(v.updated_at),
    })),
    comments: comments.map((c) => ({ proposalId: c.proposal_id, authorId: c.author_id })),
    now,
  });
  return {
    version: versionId,
    method: DEMAND_METHOD,
    windowDays: DEMAND_WINDOW_DAYS,
    asOf: now.toISOString(),
    ...result,
  };
}
