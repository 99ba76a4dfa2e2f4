/**
 * Sign-in and the signed-in user: login, logout, logout-all, me, csrf, password change and reset by a
 * one-time token (issued by `cetmap users reset-password` or an admin).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALL_PERMISSIONS, ROLES, permissionsOf } from '../../auth/permissions.js';
import { verifyPassword } from '../../auth/password.js';
import { csrfTokenFor } from '../../auth/secrets.js';
import { countSessions, signIn, signOut, signOutEverywhere } from '../../auth/session-queries.js';
import { findCredentials, resetPasswordWithToken, setPassword } from '../../auth/user-queries.js';
import { CetmapError } from '../../shared/errors.js';
import {
  SESSION_COOKIE,
  actorOf,
  requireUser,
  sessionCookieOptions,
  type AuthUser,
} from '../access-control.js';
import type { AppDeps } from '../app.js';

export const meSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLES)),
  permissions: z.array(z.enum(ALL_PERMISSIONS as [string, ...string[]])),
  via: z.enum(['session', 'token']),
});

const me = (user: AuthUser) => ({
  id: user.id,
  username: user.username,
  displayName: user.displayName,
  roles: user.roles,
  permissions: [...user.permissions].sort(),
  via: user.via,
});

const password = z.string().min(1).max(1024);

export const authRoutes =
  (deps: AppDeps): FastifyPluginAsyncZod =>
  async (app) => {
    const db = () => deps.handle.db;
    const settings = app.authSettings;

    app.post(
      '/auth/login',
      {
        config: {
          access: 'public',
          rateLimit: { max: settings.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with username and password; sets the session cookie and returns a CSRF token',
          body: z.object({ username: z.string().min(1).max(200), password }),
          response: { 200: z.object({ user: meSchema, csrfToken: z.string(), expiresAt: z.string() }) },
        },
      },
      async (request, reply) => {
        const result = await signIn(
          db(),
          {
            username: request.body.username,
            password: request.body.password,
            ip: request.ip,
            userAgent: request.headers['user-agent'] ?? null,
            previousSessionId: request.cookies[SESSION_COOKIE],
          },
          new Date(),
          { session: settings.sessionPolicy, lockout: settings.lockoutPolicy },
        );
        reply.setCookie(
          SESSION_COOKIE,
          result.sessionId,
          sessionCookieOptions(request, settings, result.expiresAt),
        );
        const user: AuthUser = {
          ...result.user,
          via: 'session',
          permissions: permissionsOf(result.user.roles),
        };
        return {
          user: me(user),
          csrfToken: csrfTokenFor(result.sessionId),
          expiresAt: result.expiresAt.toISOString(),
        };
      },
    );

    app.post(
      '/auth/logout',
      {
        config: { access: 'signed-in' },
        schema: { tags: ['auth'], summary: 'Sign out: ends this session', response: { 204: z.null() } },
      },
      async (request, reply) => {
        const user = requireUser(request);
        if (user.sessionId) await signOut(db(), user.sessionId, actorOf(user), user.username);
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, settings));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/logout-all',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['auth'],
          summary: 'Sign out everywhere: ends every session of the signed-in user',
          response: { 200: z.object({ sessionsEnded: z.number().int() }) },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const ended = await signOutEverywhere(db(), user.id, actorOf(user));
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, settings));
        return { sessionsEnded: ended };
      },
    );

    app.get(
      '/auth/me',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user with roles and permissions (user: null when signed out)',
          response: {
            200: z.object({ user: meSchema.nullable(), sessions: z.number().int().nullable() }),
          },
        },
      },
      async (request) => {
        const user = request.user;
        if (!user) return { user: null, sessions: null };
        return { user: me(user), sessions: await countSessions(db(), user.id) };
      },
    );

    app.get(
      '/auth/csrf',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['auth'],
          summary: 'The CSRF token to send as x-csrf-token with writes signed in by cookie',
          response: { 200: z.object({ csrfToken: z.string().nullable() }) },
        },
      },
      async (request) => {
        const user = requireUser(request);
        return { csrfToken: user.sessionId ? csrfTokenFor(user.sessionId) : null };
      },
    );

    app.post(
      '/auth/password',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['auth'],
          summary: 'Change one’s own password (ends every session, including this one)',
          body: z.object({ currentPassword: password, newPassword: password }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const creds = await findCredentials(db(), user.username);
        if (!creds || !(await verifyPassword(creds.passwordHash, request.body.currentPassword))) {
          throw new CetmapError('CET_FORBIDDEN', 'The current password is wrong.');
        }
        await setPassword(db(), user.id, request.body.newPassword, actorOf(user));
        reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, settings));
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/auth/reset-password',
      {
        config: {
          access: 'public',
          rateLimit: { max: settings.loginRateLimitPerMinute, timeWindow: '1 minute' },
        },
        schema: {
          tags: ['auth'],
          summary: 'Set a new password with a one-time reset token',
          body: z.object({ token: z.string().min(1).max(200), newPassword: password }),
          response: { 200: z.object({ username: z.string() }) },
        },
      },
      async (request) => ({
        username: await resetPasswordWithToken(db(), request.body.token, request.body.newPassword),
      }),
    );
  };
