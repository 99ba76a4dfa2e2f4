/**
 * The CETs Innovation Forum through the HTTP API, on PGlite and PostgreSQL: proposals, XSS inertness, size
 * limits, threading, votes under concurrency, search in Korean and English, moderation and visibility,
 * suspensions, word filters, spam, rate limits, audit, and demand signals on a revision draft.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { listAudit } from '../../src/auth/audit-queries.js';
import { createUser } from '../../src/auth/user-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { RENDERED_TAGS } from '../../src/forum/markdown.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { applyDraftChange, createDraftVersion } from '../../src/taxonomy/revision-queries.js';
import { asSession, createRoleUsers, signInVia, TEST_PASSWORD, type Session } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { unsafeParts, XSS_PAYLOADS } from './xss-payloads.js';

const TECH = 'kr2025.ai.efficient';
const GENEROUS = {
  windowMinutes: 60,
  perUser: { proposal: 1000, comment: 1000, report: 1000 },
  perIp: { proposal: 1000, comment: 1000, report: 1000 },
};

const proposal = (over: Record<string, unknown> = {}) => ({
  kind: 'research_agenda',
  techId: TECH,
  title: 'Fund efficient AI chips',
  body: 'Low-power **inference** hardware needs a national testbed.',
  ...over,
});

for (const target of TEST_TARGETS) {
  describe(`forum API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    let citizen: Session;
    let citizen2: Session;
    let admin: Session;

    const post = (s: Session | null, url: string, payload: unknown, method: 'POST' | 'PUT' = 'POST') =>
      app.inject({
        method,
        url: `/api/v1${url}`,
        payload: payload as object,
        headers: s ? asSession(s) : {},
      });
    const get = (s: Session | null, url: string) =>
      app.inject({ method: 'GET', url: `/api/v1${url}`, headers: s ? { cookie: s.cookie } : {} });
    const propose = async (s: Session, over: Record<string, unknown> = {}) => {
      const res = await post(s, '/forum/proposals', proposal(over));
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: number; status: string; heldBecause: string[] };
    };

    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      app = await buildApp(
        { handle: t.handle },
        {
          rateLimitPerMinute: 100_000,
          auth: { loginRateLimitPerMinute: 10_000 },
          forum: { rateLimits: GENEROUS },
        },
      );
      await app.ready();
      await createRoleUsers(t.handle);
      await createUser(
        t.handle.db,
        { username: 'citizen2', password: TEST_PASSWORD, roles: ['public'], displayName: '시민 둘' },
        'cli:test',
      );
      citizen = await signInVia(app, 'public');
      citizen2 = await signInVia(app, 'citizen2');
      admin = await signInVia(app, 'admin');
    }, 120_000);
    afterAll(() => app?.close());

    it('lets anyone read, refuses anonymous writes, and needs the CSRF token', async () => {
      expect((await get(null, '/forum/proposals')).statusCode).toBe(200);
      expect((await post(null, '/forum/proposals', proposal())).statusCode).toBe(401);
      const noCsrf = await app.inject({
        method: 'POST',
        url: '/api/v1/forum/proposals',
        payload: proposal(),
        headers: { cookie: citizen.cookie },
      });
      expect(noCsrf.json().code).toBe('CET_CSRF');
    });

    it('creates a proposal, renders its Markdown and records it in the audit log', async () => {
      const { id, status } = await propose(citizen, {
        links: [{ url: 'https://www.msit.go.kr', title: 'MSIT' }],
      });
      expect(status).toBe('visible');
      const detail = (await get(null, `/forum/proposals/${id}`)).json();
      expect(detail).toMatchObject({
        title: 'Fund efficient AI chips',
        techId: TECH,
        techNameEn: expect.any(String),
        supports: 0,
        links: [{ url: 'https://www.msit.go.kr', title: 'MSIT' }],
        mine: false,
        status: 'visible',
      });
      expect(detail.bodyHtml).toContain('<strong>inference</strong>');
      const audit = { entries: await listAudit(t.handle.db, { action: 'forum.proposal.create' }) };
      expect(audit.entries.some((e) => e.objectId === String(id) && e.actor === 'user:public')).toBe(true);
    });

    it('refuses unknown technologies, missing names, bad links and oversize input, naming the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ techId: 'kr2025.nothing.here' }, 'body.techId'],
        [{ kind: 'add_technology', techId: undefined }, 'body.proposedName'],
        [{ title: 'x'.repeat(201) }, 'body.title'],
        [{ body: 'y'.repeat(20_001) }, 'body.body'],
        [{ links: [{ url: 'javascript:alert(1)' }] }, 'body.links.0.url'],
        [{ links: Array.from({ length: 6 }, (_, i) => ({ url: `https://e.org/${i}` })) }, 'body.links'],
      ];
      for (const [over, field] of cases) {
        const res = await post(citizen, '/forum/proposals', proposal(over));
        expect(res.statusCode, JSON.stringify(over).slice(0, 80)).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      const { id } = await propose(citizen, { title: 'A proposal for oversize comments' });
      const long = await post(citizen, `/forum/proposals/${id}/comments`, { body: 'z'.repeat(5_001) });
      expect(long.statusCode).toBe(400);
    });

    it('renders every XSS payload inert in bodies and comments, and keeps titles as text', async () => {
      const { id } = await propose(citizen, {
        title: '<script>window.__xss=1</script> title',
        body: XSS_PAYLOADS.join('\n\n'),
      });
      for (const [i, payload] of XSS_PAYLOADS.entries()) {
        const res = await post(citizen2, `/forum/proposals/${id}/comments`, {
          body: `${payload} — comment ${i}`,
        });
        expect(res.statusCode, payload).toBe(201);
      }
      const detail = (await get(null, `/forum/proposals/${id}`)).json();
      expect(detail.title).toBe('<script>window.__xss=1</script> title'); // text, escaped by the page
      expect(unsafeParts(detail.bodyHtml, RENDERED_TAGS)).toEqual([]);
      expect(detail.commentList).toHaveLength(XSS_PAYLOADS.length);
      for (const c of detail.commentList) expect(unsafeParts(c.bodyHtml, RENDERED_TAGS)).toEqual([]);
    });

    it('threads comments one level deep', async () => {
      const { id } = await propose(citizen, { title: 'Threading test proposal' });
      const top = (
        await post(citizen2, `/forum/proposals/${id}/comments`, { body: 'Top-level comment' })
      ).json();
      const reply = await post(citizen, `/forum/proposals/${id}/comments`, {
        body: 'A reply',
        parentId: top.id,
      });
      expect(reply.statusCode).toBe(201);
      const deeper = await post(citizen2, `/forum/proposals/${id}/comments`, {
        body: 'A reply to a reply',
        parentId: reply.json().id,
      });
      expect(deeper.statusCode).toBe(400);
      const detail = (await get(null, `/forum/proposals/${id}`)).json();
      expect(detail.commentList.map((c: { parentId: number | null }) => c.parentId)).toEqual([null, top.id]);
    });

    it('keeps one vote per user under concurrency, and lets the user change it', async () => {
      const { id } = await propose(citizen, { title: 'Concurrent voting test' });
      const results = await Promise.all(
        Array.from({ length: 12 }, () => post(citizen2, `/forum/proposals/${id}/vote`, { value: 1 }, 'PUT')),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(12).fill(200));
      const rows = await t.handle.db
        .selectFrom('forum_vote')
        .selectAll()
        .where('proposal_id', '=', id)
        .execute();
      expect(rows).toHaveLength(1);
      expect((await get(null, `/forum/proposals/${id}`)).json()).toMatchObject({ supports: 1, opposes: 0 });
      // The database itself refuses a second row for the same user and proposal.
      await expect(
        t.handle.db
          .insertInto('forum_vote')
          .values({ proposal_id: id, user_id: rows[0]!.user_id, value: 1 })
          .execute(),
      ).rejects.toThrow(/duplicate key|unique/i);
      await post(citizen2, `/forum/proposals/${id}/vote`, { value: -1 }, 'PUT');
      expect((await get(citizen2, `/forum/proposals/${id}`)).json()).toMatchObject({
        supports: 0,
        opposes: 1,
        myVote: -1,
      });
      await post(citizen2, `/forum/proposals/${id}/vote`, { value: 0 }, 'PUT');
      expect((await get(citizen2, `/forum/proposals/${id}`)).json()).toMatchObject({
        opposes: 0,
        myVote: null,
      });
    });

    it('follows proposals and lists the followed ones', async () => {
      const { id } = await propose(citizen, { title: 'Follow me please, a proposal' });
      expect(
        (await post(citizen2, `/forum/proposals/${id}/follow`, { follow: true }, 'PUT')).statusCode,
      ).toBe(200);
      const list = (await get(citizen2, '/forum/proposals?followed=true')).json();
      expect(list.proposals.map((p: { id: number }) => p.id)).toEqual([id]);
      expect((await get(citizen2, `/forum/proposals/${id}`)).json().following).toBe(true);
    });

    it('searches Korean (bigrams) and English (stemmed) text', async () => {
      const ko = await propose(citizen, {
        title: '양자컴퓨팅 인력 양성 제안',
        body: '대학원 과정에서 양자컴퓨팅을 가르쳐야 합니다.',
      });
      const en = await propose(citizen2, {
        title: 'Semiconductor packaging standards',
        body: 'Advanced packages need shared testing facilities.',
      });
      const ids = async (q: string) =>
        (await get(null, `/forum/proposals?q=${encodeURIComponent(q)}`))
          .json()
          .proposals.map((p: { id: number }) => p.id);
      expect(await ids('양자컴퓨팅')).toEqual([ko.id]);
      expect(await ids('인력')).toEqual([ko.id]);
      expect(await ids('대학원 과정')).toEqual([ko.id]);
      expect(await ids('packaging')).toEqual([en.id]);
      expect(await ids('facility')).toEqual([en.id]); // stemmed: facilities
      expect(await ids('반도체 packaging')).toEqual([]); // every term must match
      expect(await ids('!!!')).toEqual(expect.arrayContaining([ko.id, en.id]));
    });

    it('sorts by top, new and trending', async () => {
      const a = await propose(citizen, { title: 'Sorting proposal A', techId: 'kr2025.ai.infra' });
      const b = await propose(citizen, { title: 'Sorting proposal B', techId: 'kr2025.ai.infra' });
      await post(citizen2, `/forum/proposals/${a.id}/vote`, { value: 1 }, 'PUT');
      await post(admin, `/forum/proposals/${a.id}/vote`, { value: 1 }, 'PUT');
      const order = async (sort: string) =>
        (await get(null, `/forum/proposals?tech=kr2025.ai.infra&sort=${sort}`))
          .json()
          .proposals.map((p: { id: number }) => p.id);
      expect(await order('new')).toEqual([b.id, a.id]);
      expect(await order('top')).toEqual([a.id, b.id]);
      expect(await order('trending')).toEqual([a.id, b.id]);
    });

    it('hides reported content from the public, shows it to moderators, and restores it', async () => {
      const { id } = await propose(citizen, { title: 'Proposal with a spam comment' });
      const spam = (
        await post(citizen2, `/forum/proposals/${id}/comments`, { body: 'Cheap loans, call now' })
      ).json();
      const report = await post(citizen, '/forum/reports', {
        targetType: 'comment',
        targetId: spam.id,
        reason: 'spam',
      });
      expect(report.statusCode).toBe(201);
      expect((await get(citizen, '/forum/moderation/queue')).statusCode).toBe(403);
      const queue = (await get(admin, '/forum/moderation/queue')).json();
      expect(queue.items).toContainEqual(
        expect.objectContaining({
          targetType: 'comment',
          targetId: spam.id,
          reports: [expect.objectContaining({ reason: 'spam' })],
        }),
      );
      const hide = await post(admin, '/forum/moderation/hide', {
        targetType: 'comment',
        targetId: spam.id,
        reason: 'advertising',
      });
      expect(hide.json()).toEqual({ status: 'hidden' });
      const texts = async (s: Session | null) =>
        (await get(s, `/forum/proposals/${id}`)).json().commentList.map((c: { id: number }) => c.id);
      expect(await texts(null)).toEqual([]);
      expect(await texts(citizen)).toEqual([]);
      expect(await texts(admin)).toEqual([spam.id]);
      expect(
        (await get(admin, '/forum/moderation/queue'))
          .json()
          .items.map((i: { targetId: number }) => i.targetId),
      ).not.toContain(spam.id);

      // A hidden proposal disappears from the list, its page, search and demand.
      await post(admin, '/forum/moderation/hide', {
        targetType: 'proposal',
        targetId: id,
        reason: 'off-topic',
      });
      expect((await get(null, `/forum/proposals/${id}`)).statusCode).toBe(404);
      expect((await get(citizen2, `/forum/proposals/${id}`)).statusCode).toBe(404);
      expect(
        (await get(null, '/forum/proposals?pageSize=100')).json().proposals.map((p: { id: number }) => p.id),
      ).not.toContain(id);
      expect((await get(citizen, `/forum/proposals/${id}`)).json().status).toBe('hidden'); // the author sees it
      expect((await post(citizen2, `/forum/proposals/${id}/vote`, { value: 1 }, 'PUT')).statusCode).toBe(404);
      await post(admin, '/forum/moderation/restore', {
        targetType: 'proposal',
        targetId: id,
        reason: 'on appeal',
      });
      expect((await get(null, `/forum/proposals/${id}`)).statusCode).toBe(200);
      const audit = { entries: await listAudit(t.handle.db, { action: 'forum.moderation.hide' }) };
      expect(audit.entries.map((e) => e.objectId)).toEqual(
        expect.arrayContaining([String(spam.id), String(id)]),
      );
    });

    it('holds spammy text for moderators, refuses blocked words and repeats', async () => {
      for (const filter of [
        { term: 'casino', action: 'block' },
        { term: '도박', action: 'hold' },
      ]) {
        const res = await post(admin, '/forum/moderation/filters', filter);
        expect(res.statusCode, res.body).toBe(201);
      }
      const blocked = await post(citizen, '/forum/proposals', proposal({ title: 'Casino night for AI' }));
      expect(blocked.statusCode).toBe(400);
      const held = await propose(citizen, {
        title: '도박 광고 같은 제안입니다',
        body: 'Held for review by the filter.',
      });
      expect(held).toMatchObject({ status: 'held', heldBecause: ['word filter: 도박'] });
      expect((await get(null, `/forum/proposals/${held.id}`)).statusCode).toBe(404);
      const links = await propose(citizen2, {
        title: 'Many links proposal',
        body: 'https://a.example https://b.example https://c.example https://d.example',
      });
      expect(links.status).toBe('held');
      const queue = (await get(admin, '/forum/moderation/queue')).json();
      expect(queue.items.map((i: { targetId: number }) => i.targetId)).toEqual(
        expect.arrayContaining([held.id, links.id]),
      );
      const text = {
        title: 'Repeated proposal text',
        body: 'Exactly the same proposal text posted twice in a row.',
      };
      await propose(citizen2, text);
      const again = await post(citizen2, '/forum/proposals', proposal(text));
      expect(again.statusCode).toBe(400);
      expect(again.json().detail).toMatch(/repeats a text/);
    });

    it('suspends and reinstates a user, audited', async () => {
      const s = await post(admin, '/forum/moderation/suspensions', {
        username: 'citizen2',
        reason: 'spam campaign',
        days: 7,
      });
      expect(s.statusCode).toBe(201);
      const refused = await post(citizen2, '/forum/proposals', proposal({ title: 'While suspended' }));
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toMatch(/suspended until .*: spam campaign/);
      const lift = await app.inject({
        method: 'DELETE',
        url: '/api/v1/forum/moderation/suspensions/citizen2',
        headers: asSession(admin),
      });
      expect(lift.json()).toEqual({ lifted: true });
      await propose(citizen2, { title: 'After the suspension' });
      const audit = { entries: await listAudit(t.handle.db, { action: 'forum.user.suspend' }) };
      expect(audit.entries).toHaveLength(1);
    });

    it('shows demand signals on a revision draft and as evidence on its changes', async () => {
      await createDraftVersion(t.handle.db, 'kr-2025', {
        id: 'kr-2027',
        idPrefix: 'kr2027',
        titleEn: 'Draft 2027',
        titleKo: null,
      });
      const add = await propose(citizen, {
        kind: 'add_technology',
        techId: 'kr2025.ai',
        proposedName: 'Neuromorphic computing',
        title: 'Add neuromorphic computing',
      });
      await post(citizen2, `/forum/proposals/${add.id}/vote`, { value: 1 }, 'PUT');
      const onTech = await propose(citizen, { title: 'Demand for efficient AI' });
      await post(admin, `/forum/proposals/${onTech.id}/vote`, { value: 1 }, 'PUT');
      const demand = (await get(null, '/forum/demand?version=kr-2027')).json();
      const efficient = demand.technologies.find(
        (x: { techId: string }) => x.techId === 'kr2027.ai.efficient',
      );
      expect(efficient, JSON.stringify(efficient)).toMatchObject({ forumTechIds: [TECH], supports: 1 });
      expect(efficient.top[0]).toMatchObject({ id: onTech.id, net: 1 });
      expect(efficient.proposals).toBeGreaterThanOrEqual(5);
      expect(demand.newTechnologies).toContainEqual(
        expect.objectContaining({
          proposedName: 'Neuromorphic computing',
          parentId: 'kr2027.ai',
          supports: 1,
        }),
      );
      expect(demand.method).toMatch(/lineage/);

      await applyDraftChange(t.handle.db, 'kr-2027', {
        kind: 'rename',
        id: 'kr2027.ai.efficient',
        nameEn: 'Efficient AI',
        rationale: 'clearer name',
        evidence: [],
      } as never);
      const changes = (await get(null, '/taxonomies/kr-2027/changes')).json();
      expect(changes.changes[0].evidence.providers).toContain('forum');
      expect(changes.changes[0].evidence.collected).toContainEqual(
        expect.objectContaining({
          kind: 'forum_demand',
          provider: 'forum',
          value: expect.objectContaining({ amount: 1, unit: 'supports' }),
        }),
      );
    });

    it('keeps the forum tables free of rows nobody can explain', async () => {
      const orphans = await sql<{ n: number }>`
        select count(*)::int as n from forum_comment c
        left join forum_comment p on p.id = c.parent_id
        where c.parent_id is not null and (p.id is null or p.parent_id is not null or p.proposal_id <> c.proposal_id)`.execute(
        t.handle.db,
      );
      expect(orphans.rows[0]!.n).toBe(0);
    });
  });

  describe(`forum rate limits on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      app = await buildApp(
        { handle: t.handle },
        {
          rateLimitPerMinute: 100_000,
          auth: { loginRateLimitPerMinute: 10_000 },
          forum: {
            rateLimits: {
              windowMinutes: 60,
              perUser: { proposal: 2, comment: 3, report: 5 },
              perIp: { proposal: 3, comment: 100, report: 100 },
            },
          },
        },
      );
      await app.ready();
      await createRoleUsers(t.handle);
    }, 120_000);
    afterAll(() => app?.close());

    it('refuses the post past the per-user limit, then the per-address limit', async () => {
      const a = await signInVia(app, 'public');
      const b = await signInVia(app, 'analyst');
      const send = (s: Session, n: number) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/forum/proposals',
          headers: asSession(s),
          payload: proposal({
            title: `Rate limit proposal ${n}`,
            body: `Body number ${n} of the rate limit test.`,
          }),
        });
      expect((await send(a, 1)).statusCode).toBe(201);
      expect((await send(a, 2)).statusCode).toBe(201);
      const third = await send(a, 3);
      expect(third.statusCode).toBe(429);
      expect(third.json()).toMatchObject({ code: 'CET_RATE_LIMITED' });
      expect(third.json().detail).toMatch(/from this account: at most 2 per 60 minutes/);
      expect((await send(b, 4)).statusCode).toBe(201);
      const fromAddress = await send(b, 5);
      expect(fromAddress.statusCode).toBe(429);
      expect(fromAddress.json().detail).toMatch(/from this address: at most 3/);
      const id = (await app.inject({ method: 'GET', url: '/api/v1/forum/proposals' })).json().proposals[0].id;
      const comment = (n: number) =>
        app.inject({
          method: 'POST',
          url: `/api/v1/forum/proposals/${id}/comments`,
          headers: asSession(a),
          payload: { body: `comment ${n}` },
        });
      for (const n of [1, 2, 3]) expect((await comment(n)).statusCode).toBe(201);
      expect((await comment(4)).statusCode).toBe(429);
    });
  });
}
