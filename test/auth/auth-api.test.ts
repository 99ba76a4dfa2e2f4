/** Sign-in, sessions, CSRF, lockout, tokens, password reset and auditing through the HTTP API. */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { verifyAudit, listAudit } from '../../src/auth/audit-queries.js';
import { lookupSession, signIn } from '../../src/auth/session-queries.js';
import { DEFAULT_SESSION_POLICY } from '../../src/auth/session-rules.js';
import { createResetToken, createUser } from '../../src/auth/user-queries.js';
import { TEST_PASSWORD, asSession, createRoleUsers, roleUser, signInVia } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`accounts API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      app = await buildApp(
        { handle: t.handle },
        { rateLimitPerMinute: 100_000, auth: { loginRateLimitPerMinute: 10_000 } },
      );
      await app.ready();
      await createRoleUsers(t.handle);
    }, 60_000);
    afterAll(() => app?.close());

    it('signs in with a secure HttpOnly SameSite cookie and answers me', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'Analyst', password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === 'cetmap_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie.value.length).toBeGreaterThanOrEqual(43);
      const me = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { cookie: `cetmap_session=${cookie.value}` },
      });
      expect(me.json()).toMatchObject({
        user: { username: 'analyst', roles: ['analyst'], via: 'session' },
        sessions: 1,
      });
      expect(me.json().user.permissions).toContain('taxonomy:write');
      expect(me.json().user.permissions).not.toContain('users:manage');
      const anon = await app.inject({ method: 'GET', url: '/api/v1/auth/me' });
      expect(anon.json()).toEqual({ user: null, sessions: null });
    });

    it('marks the cookie Secure when configured (or when served over https)', async () => {
      const secure = await buildApp({ handle: t.handle }, { auth: { cookieSecure: true } });
      try {
        const res = await secure.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { username: 'public', password: TEST_PASSWORD },
        });
        expect(res.cookies.find((c) => c.name === 'cetmap_session')).toMatchObject({
          secure: true,
          httpOnly: true,
        });
      } finally {
        await secure.close();
      }
    });

    it('stores only a digest of the session id', async () => {
      const s = await signInVia(app, 'programme-manager');
      const rows = await t.handle.db.selectFrom('user_session').select('id_hash').execute();
      expect(rows.map((r) => r.id_hash)).not.toContain(s.sessionId);
      expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
    });

    it('refuses a wrong password and an unknown user alike', async () => {
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'analyst', password: 'not the password' },
      });
      const unknown = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'nobody', password: 'not the password' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().detail).toBe(unknown.json().detail);
      expect(wrong.cookies.find((c) => c.name === 'cetmap_session')).toBeUndefined();
    });

    it('issues a new session id at sign-in and ends the one presented (session fixation)', async () => {
      const planted = 'attacker-chosen-session-id';
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { cookie: `cetmap_session=${planted}` },
        payload: { username: 'analyst', password: TEST_PASSWORD },
      });
      const issued = res.cookies.find((c) => c.name === 'cetmap_session')!.value;
      expect(issued).not.toBe(planted);

      const first = await signInVia(app, 'analyst');
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { cookie: first.cookie },
        payload: { username: 'analyst', password: TEST_PASSWORD },
      });
      const second = again.cookies.find((c) => c.name === 'cetmap_session')!.value;
      expect(second).not.toBe(first.sessionId);
      const old = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/csrf',
        headers: { cookie: first.cookie },
      });
      expect(old.statusCode).toBe(401);
      const fresh = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/csrf',
        headers: { cookie: `cetmap_session=${second}` },
      });
      expect(fresh.statusCode).toBe(200);
    });

    it('refuses cookie-authenticated writes without the right CSRF token (403)', async () => {
      const s = await signInVia(app, 'analyst');
      const payload = { name: 'script', scopes: ['taxonomy:write'] };
      const missing = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: s.cookie },
        payload,
      });
      expect(missing.statusCode).toBe(403);
      expect(missing.json().code).toBe('CET_CSRF');
      const other = await signInVia(app, 'analyst');
      const wrong = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie: s.cookie, 'x-csrf-token': other.csrf },
        payload,
      });
      expect(wrong.statusCode).toBe(403);
      const csrf = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/csrf',
        headers: { cookie: s.cookie },
      });
      expect(csrf.json().csrfToken).toBe(s.csrf);
      const ok = await app.inject({ method: 'POST', url: '/api/v1/tokens', headers: asSession(s), payload });
      expect(ok.statusCode).toBe(201);
      // A bearer token is not sent by browsers on their own, so it needs no CSRF token.
      const bearer = { authorization: `Bearer ${ok.json().token as string}` };
      const me = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: bearer });
      expect(me.json().user).toMatchObject({
        username: 'analyst',
        via: 'token',
        permissions: ['taxonomy:write'],
      });
    });

    it('locks a username after five failures in a row, even for the right password, and says so', async () => {
      await createUser(t.handle.db, { username: 'lockme', password: TEST_PASSWORD, roles: [] }, 'cli:test');
      const attempt = (password: string, username = 'lockme') =>
        app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
      for (let i = 0; i < 5; i++) expect((await attempt('wrong password')).statusCode).toBe(401);
      const locked = await attempt(TEST_PASSWORD);
      expect(locked.statusCode).toBe(423);
      expect(locked.json().code).toBe('CET_ACCOUNT_LOCKED');
      // An unknown username locks the same way, so lockout does not reveal which accounts exist.
      for (let i = 0; i < 5; i++) await attempt('wrong password', 'ghost');
      expect((await attempt('whatever', 'ghost')).statusCode).toBe(423);
      // Other accounts are unaffected.
      expect((await attempt(TEST_PASSWORD, 'analyst')).statusCode).toBe(200);
    });

    it('rate-limits sign-in attempts per client address', async () => {
      const strict = await buildApp({ handle: t.handle }, { auth: { loginRateLimitPerMinute: 3 } });
      try {
        const codes: number[] = [];
        for (let i = 0; i < 5; i++) {
          const res = await strict.inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username: `rl${i}`, password: 'x' },
          });
          codes.push(res.statusCode);
        }
        expect(codes).toEqual([401, 401, 401, 429, 429]);
      } finally {
        await strict.close();
      }
    });

    it('signs out one session, and everywhere', async () => {
      const a = await signInVia(app, 'security-reviewer');
      const b = await signInVia(app, 'security-reviewer');
      const out = await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: asSession(a) });
      expect(out.statusCode).toBe(204);
      expect(out.cookies.find((c) => c.name === 'cetmap_session')?.value).toBe('');
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie: a.cookie } }))
          .statusCode,
      ).toBe(401);
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie: b.cookie } }))
          .statusCode,
      ).toBe(200);
      const c = await signInVia(app, 'security-reviewer');
      const all = await app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: asSession(c) });
      expect(all.json().sessionsEnded).toBe(2);
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie: b.cookie } }))
          .statusCode,
      ).toBe(401);
    });

    it('expires sessions when idle and at the absolute limit (now passed in)', async () => {
      const t0 = new Date('2026-03-01T09:00:00Z');
      const { idleMs, absoluteMs, touchEveryMs } = DEFAULT_SESSION_POLICY;
      const idle = await signIn(t.handle.db, { username: 'analyst', password: TEST_PASSWORD }, t0);
      expect(
        (await lookupSession(t.handle.db, idle.sessionId, new Date(t0.getTime() + idleMs - 1))).state,
      ).toBe('active');
      const late = new Date(t0.getTime() + 2 * idleMs);
      expect((await lookupSession(t.handle.db, idle.sessionId, late)).state).toBe('idle_expired');
      expect((await lookupSession(t.handle.db, idle.sessionId, t0)).state).toBe('unknown'); // deleted

      const busy = await signIn(t.handle.db, { username: 'analyst', password: TEST_PASSWORD }, t0);
      for (let at = t0.getTime() + touchEveryMs; at < t0.getTime() + absoluteMs; at += idleMs / 2) {
        expect((await lookupSession(t.handle.db, busy.sessionId, new Date(at))).state).toBe('active');
      }
      expect(
        (await lookupSession(t.handle.db, busy.sessionId, new Date(t0.getTime() + absoluteMs))).state,
      ).toBe('absolute_expired');
    });

    it('lets an admin create, change and disable users; a disabled user cannot sign in', async () => {
      const admin = await signInVia(app, roleUser('admin'));
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: { username: 'kim', displayName: '김민지', password: TEST_PASSWORD, roles: ['analyst'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as number;
      const weak = await app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers: asSession(admin),
        payload: { username: 'lee', password: 'short', roles: [] },
      });
      expect(weak.statusCode).toBe(400);
      const kim = await signInVia(app, 'kim');
      const patched = await app.inject({
        method: 'PATCH',
        url: `/api/v1/users/${id}`,
        headers: asSession(admin),
        payload: { roles: ['analyst', 'programme_manager'], disabled: true },
      });
      expect(patched.json()).toMatchObject({ roles: ['analyst', 'programme_manager'], disabled: true });
      expect(
        (await app.inject({ method: 'GET', url: '/api/v1/auth/csrf', headers: { cookie: kim.cookie } }))
          .statusCode,
      ).toBe(401);
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'kim', password: TEST_PASSWORD },
      });
      expect(login.statusCode).toBe(401);
    });

    it('resets a password once with a one-time token', async () => {
      await createUser(
        t.handle.db,
        { username: 'forgetful', password: TEST_PASSWORD, roles: [] },
        'cli:test',
      );
      const { token } = await createResetToken(t.handle.db, 'forgetful', 'cli:test');
      const newPassword = 'a brand new long passphrase';
      const reset = (tok: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/reset-password',
          payload: { token: tok, newPassword },
        });
      expect((await reset(token)).statusCode).toBe(200);
      expect((await reset(token)).statusCode).toBe(400); // used
      expect((await reset('reset_made-up')).statusCode).toBe(400);
      await signInVia(app, 'forgetful', newPassword);
      const old = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'forgetful', password: TEST_PASSWORD },
      });
      expect(old.statusCode).toBe(401);
    });

    it('changes one’s own password only with the current one, ending every session', async () => {
      await createUser(t.handle.db, { username: 'changer', password: TEST_PASSWORD, roles: [] }, 'cli:test');
      const s = await signInVia(app, 'changer');
      const other = await signInVia(app, 'changer');
      const change = (currentPassword: string) =>
        app.inject({
          method: 'POST',
          url: '/api/v1/auth/password',
          headers: asSession(s),
          payload: { currentPassword, newPassword: 'another long passphrase' },
        });
      expect((await change('a wrong current password')).statusCode).toBe(403);
      expect((await change(TEST_PASSWORD)).statusCode).toBe(204);
      for (const session of [s, other]) {
        const res = await app.inject({
          method: 'GET',
          url: '/api/v1/auth/csrf',
          headers: { cookie: session.cookie },
        });
        expect(res.statusCode).toBe(401);
      }
      await signInVia(app, 'changer', 'another long passphrase');
    });

    it('revokes API tokens and stores only their digest', async () => {
      const s = await signInVia(app, 'analyst');
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(s),
        payload: { name: 'to revoke', scopes: ['taxonomy:write'] },
      });
      const { token, record } = created.json() as { token: string; record: { id: number } };
      const stored = await t.handle.db
        .selectFrom('api_token')
        .select('token_hash')
        .where('id', '=', record.id)
        .executeTakeFirstOrThrow();
      expect(stored.token_hash).not.toContain(token);
      const beyond = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(s),
        payload: { name: 'too much', scopes: ['users:manage'] },
      });
      expect(beyond.statusCode).toBe(403);
      const revoked = await app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${record.id}`,
        headers: asSession(s),
      });
      expect(revoked.json().revokedAt).not.toBeNull();
      const use = await app.inject({
        method: 'GET',
        url: '/api/v1/auth/me',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(use.statusCode).toBe(401);
    });

    it('audits writes and sign-ins in a chain that verifies, and admins can search it', async () => {
      const actions = (await listAudit(t.handle.db, { limit: 1000 })).map((e) => e.action);
      for (const a of [
        'user.create',
        'auth.login',
        'auth.login_failed',
        'auth.login_locked',
        'auth.logout',
        'auth.logout_all',
        'token.create',
        'token.revoke',
        'user.set_roles',
        'user.disable',
        'user.password_set',
        'user.reset_token_issued',
      ]) {
        expect(actions, a).toContain(a);
      }
      const admin = await signInVia(app, roleUser('admin'));
      const search = await app.inject({
        method: 'GET',
        url: '/api/v1/audit?action=user.&objectId=kim',
        headers: { cookie: admin.cookie },
      });
      expect(search.statusCode).toBe(200);
      const found = search.json().entries as Array<{ action: string; objectId: string; actor: string }>;
      expect(found.map((e) => e.action).sort()).toEqual(['user.create', 'user.disable', 'user.set_roles']);
      expect(found.every((e) => e.objectId === 'kim' && e.actor === 'user:admin')).toBe(true);
      const verify = await app.inject({
        method: 'GET',
        url: '/api/v1/audit/verify',
        headers: { cookie: admin.cookie },
      });
      expect(verify.json()).toMatchObject({ ok: true, firstBad: null });
      expect((await verifyAudit(t.handle.db)).ok).toBe(true);
      // Nothing secret is in the log.
      const all = JSON.stringify(await listAudit(t.handle.db, { limit: 1000 }));
      expect(all).not.toContain(TEST_PASSWORD);
    });

    it('writes an audit entry before answering a sensitive read', async () => {
      const other = await buildApp({ handle: t.handle });
      other.get(
        '/api/v1/test/case/:id',
        { config: { access: { permission: 'security:read', sensitive: true } } },
        async () => ({ case: 'secret' }),
      );
      await other.ready();
      try {
        const s = await signInVia(other, 'security-reviewer');
        const res = await other.inject({
          method: 'GET',
          url: '/api/v1/test/case/42',
          headers: { cookie: s.cookie },
        });
        expect(res.statusCode).toBe(200);
        const [entry] = await listAudit(t.handle.db, { action: 'access.read', limit: 1 });
        expect(entry).toMatchObject({ actor: 'user:security-reviewer', objectId: '/api/v1/test/case/:id' });
        expect(entry!.detail).toMatchObject({ method: 'GET', params: { id: '42' } });
      } finally {
        await other.close();
      }
    });
  });
}
