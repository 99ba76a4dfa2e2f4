/**
 * Table-driven authorisation over every route the app registers: each must declare an access policy, and every
 * protected route refuses anonymous callers (401) and signed-in users whose roles lack its permission (403),
 * while a user who holds it gets past the access check. A new route without a policy fails the first test.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { RouteEntry } from '../../src/api/access-control.js';
import { ROLES, permissionsOf } from '../../src/auth/permissions.js';
import { createRoleUsers, roleUser, signInVia, asSession, type Session } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

/** A concrete URL for a route pattern: params become 1, wildcards 'x'. */
const concrete = (url: string): string => url.replace(/:[A-Za-z0-9_]+/g, '1').replace(/\*/g, 'x');

const describeRoute = (r: RouteEntry) => `${r.method} ${r.url}`;

for (const target of TEST_TARGETS) {
  describe(`authorisation over every route on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    let routes: RouteEntry[];
    const sessions = new Map<string, Session>();

    beforeAll(async () => {
      app = await buildApp(
        { handle: t.handle },
        { rateLimitPerMinute: 100_000, auth: { loginRateLimitPerMinute: 10_000 } },
      );
      await app.ready();
      routes = app.routeCatalogue.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
      await createRoleUsers(t.handle);
      for (const role of [...ROLES, 'noroles']) {
        const name = role === 'noroles' ? 'noroles' : roleUser(role);
        sessions.set(role, await signInVia(app, name));
      }
    }, 120_000);
    afterAll(() => app?.close());

    it('every route declares an access policy (none is left to the default)', () => {
      expect(routes.length).toBeGreaterThan(20);
      const undeclared = app.routeCatalogue.filter((r) => r.declaredBy === 'none').map(describeRoute);
      expect(undeclared).toEqual([]);
      // Only static files and the API explorer may be public by rule, and only for reads.
      for (const r of app.routeCatalogue.filter((e) => e.declaredBy === 'infrastructure')) {
        expect(r.url.startsWith('/api/v1'), describeRoute(r)).toBe(false);
        expect(['GET', 'HEAD'], describeRoute(r)).toContain(r.method);
      }
      // Every write under /api/v1 except sign-in and reset by token needs a user.
      const publicWrites = routes
        .filter((r) => r.access === 'public' && !['GET', 'HEAD'].includes(r.method))
        .map(describeRoute)
        .sort();
      expect(publicWrites).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/auth/reset-password']);
    });

    it('refuses anonymous callers on every protected route, before reading the body', async () => {
      const protectedRoutes = routes.filter((r) => r.access !== 'public');
      expect(protectedRoutes.length).toBeGreaterThan(10);
      for (const r of protectedRoutes) {
        const res = await app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        expect(res.statusCode, describeRoute(r)).toBe(401);
        expect(res.json().code, describeRoute(r)).toBe('CET_UNAUTHENTICATED');
      }
    });

    it('refuses every role that lacks a route’s permission, even with a valid CSRF token', async () => {
      let refusals = 0;
      for (const r of routes) {
        if (typeof r.access !== 'object') continue;
        for (const role of [...ROLES, 'noroles']) {
          if (permissionsOf([role]).has(r.access.permission)) continue;
          const res = await app.inject({
            method: r.method as 'GET',
            url: concrete(r.url),
            headers: asSession(sessions.get(role)!),
            payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
          });
          expect(res.statusCode, `${describeRoute(r)} as ${role}`).toBe(403);
          expect(res.json().code, `${describeRoute(r)} as ${role}`).toBe('CET_FORBIDDEN');
          refusals += 1;
        }
      }
      expect(refusals).toBeGreaterThan(30);
    });

    it('refuses a token whose scopes lack the permission although its owner has it', async () => {
      const admin = sessions.get('admin')!;
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asSession(admin),
        payload: { name: 'narrow', scopes: ['tokens:own'] },
      });
      expect(created.statusCode, created.body).toBe(201);
      const bearer = { authorization: `Bearer ${created.json().token as string}` };
      for (const r of routes) {
        if (typeof r.access !== 'object' || r.access.permission === 'tokens:own') continue;
        const res = await app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: bearer,
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        expect(res.statusCode, describeRoute(r)).toBe(403);
      }
    });

    it('lets a holder of the permission (or any signed-in user) past the access check on every route', async () => {
      for (const r of routes) {
        if (r.access === 'public') continue;
        const holder =
          r.access === 'signed-in'
            ? 'noroles'
            : ROLES.find((role) =>
                permissionsOf([role]).has((r.access as { permission: never }).permission),
              )!;
        // A fresh session each time: some of these routes end sessions (logout, logout-all, password).
        const s = await signInVia(app, holder === 'noroles' ? 'noroles' : roleUser(holder));
        const res = await app.inject({
          method: r.method as 'GET',
          url: concrete(r.url),
          headers: asSession(s),
          payload: r.method === 'GET' || r.method === 'DELETE' ? undefined : {},
        });
        expect([401, 403], `${describeRoute(r)} as ${holder}: ${res.body}`).not.toContain(res.statusCode);
      }
    }, 120_000);

    it('refuses a route that declares no policy, for everyone', async () => {
      const other = await buildApp({ handle: t.handle });
      other.get('/api/v1/test/undeclared', async () => ({ secret: true }));
      await other.ready();
      try {
        expect(other.routeCatalogue.find((r) => r.url === '/api/v1/test/undeclared')?.declaredBy).toBe(
          'none',
        );
        const anon = await other.inject({ method: 'GET', url: '/api/v1/test/undeclared' });
        expect(anon.statusCode).toBe(403);
        const admin = await signInVia(other, roleUser('admin'));
        const res = await other.inject({
          method: 'GET',
          url: '/api/v1/test/undeclared',
          headers: asSession(admin),
        });
        expect(res.statusCode).toBe(403);
      } finally {
        await other.close();
      }
    });
  });
}
