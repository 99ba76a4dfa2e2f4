/**
 * Who is asking and may they: resolves `request.user` from the session cookie or a bearer API token, enforces
 * each route's declared access policy before the body is read, checks the CSRF token on cookie-authenticated
 * writes, and writes an audit entry before any sensitive read is answered.
 *
 * Every route declares its policy in its options:
 *   app.get('/x', { config: { access: 'public' } }, …)                        anyone
 *   app.get('/x', { config: { access: 'signed-in' } }, …)                     any signed-in user
 *   app.post('/x', { config: { access: { permission: 'programmes:write' } } }, …)
 *   app.get('/x/:id', { config: { access: { permission: 'security:read', sensitive: true } } }, …)
 * A route under /api/ that declares nothing is refused for everyone (deny by default); the authorisation test
 * enumerates `app.routeCatalogue` so a new route without a policy fails it.
 */
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAudit, type AuditInput, type ChangeActor } from '../auth/audit-queries.js';
import { permissionsOf, tokenPermissions, type Permission } from '../auth/permissions.js';
import { csrfTokenFor, safeEqual } from '../auth/secrets.js';
import { lookupSession, type Principal } from '../auth/session-queries.js';
import {
  DEFAULT_LOCKOUT_POLICY,
  DEFAULT_SESSION_POLICY,
  type LockoutPolicy,
  type SessionPolicy,
} from '../auth/session-rules.js';
import { lookupToken } from '../auth/token-queries.js';
import type { DbHandle } from '../db/create-db.js';
import { CetmapError } from '../shared/errors.js';

export type RouteAccess = 'public' | 'signed-in' | { permission: Permission; sensitive?: boolean };

export interface AuthUser extends Principal {
  via: 'session' | 'token';
  permissions: ReadonlySet<Permission>;
  /** The raw session id (session sign-in only); never logged or returned. */
  sessionId?: string;
  tokenId?: number;
}

export interface RouteEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
  /** 'route' when the route declared it; 'infrastructure' for static files and API docs (public by rule). */
  declaredBy: 'route' | 'infrastructure' | 'none';
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    user: AuthUser | null;
  }
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
    authSettings: AuthSettings;
  }
}

export interface AuthOptions {
  /** Mark the session cookie Secure: true, false, or 'auto' (when the request came over https). */
  cookieSecure?: boolean | 'auto';
  sessionPolicy?: SessionPolicy;
  lockoutPolicy?: LockoutPolicy;
  /** Sign-in attempts per minute per client address. */
  loginRateLimitPerMinute?: number;
}

export interface AuthSettings {
  cookieSecure: boolean | 'auto';
  sessionPolicy: SessionPolicy;
  lockoutPolicy: LockoutPolicy;
  loginRateLimitPerMinute: number;
}

export const SESSION_COOKIE = 'cetmap_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The actor string written to the audit log for a request. */
export const actorOf = (user: AuthUser | null): string =>
  !user
    ? 'anonymous'
    : user.via === 'token'
      ? `token:${user.tokenId}/${user.username}`
      : `user:${user.username}`;

/**
 * The one helper for auditing from a route: fills in the actor, client address and request id.
 * Pass a transaction as `db` to commit the entry with the change it records.
 */
export const auditRequest = (
  db: DbHandle['db'],
  request: FastifyRequest,
  input: Omit<AuditInput, 'actor'>,
): ReturnType<typeof appendAudit> =>
  appendAudit(db, {
    ...input,
    actor: actorOf(request.user),
    detail: { ...input.detail, ip: request.ip, requestId: request.id },
  });

/** The request's user as the actor of a domain change, audited in the change's transaction. */
export const changeActor = (request: FastifyRequest): ChangeActor => ({
  actor: actorOf(request.user),
  audit: (trx, entry) => auditRequest(trx, request, entry),
});

/** For checks inside a handler (e.g. a permission that depends on the record). */
export function requirePermission(request: FastifyRequest, permission: Permission): AuthUser {
  const user = request.user;
  if (!user) throw new CetmapError('CET_UNAUTHENTICATED', 'Sign in first.');
  if (!user.permissions.has(permission)) {
    throw new CetmapError('CET_FORBIDDEN', `This needs the ${permission} permission.`);
  }
  return user;
}

export const requireUser = (request: FastifyRequest): AuthUser => {
  if (!request.user) throw new CetmapError('CET_UNAUTHENTICATED', 'Sign in first.');
  return request.user;
};

export function sessionCookieOptions(
  request: FastifyRequest,
  settings: AuthSettings,
  expires?: Date,
): fastifyCookie.CookieSerializeOptions {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: settings.cookieSecure === 'auto' ? request.protocol === 'https' : settings.cookieSecure,
    ...(expires ? { expires } : {}),
  };
}

async function authenticate(
  deps: { handle: DbHandle },
  settings: AuthSettings,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const found = match ? await lookupToken(deps.handle.db, match[1]!) : undefined;
    if (!found) throw new CetmapError('CET_UNAUTHENTICATED', 'The API token is unknown, revoked or expired.');
    request.user = {
      ...found.user,
      via: 'token',
      tokenId: found.tokenId,
      permissions: tokenPermissions(found.user.roles, found.scopes),
    };
    return;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (!sessionId) return;
  const session = await lookupSession(deps.handle.db, sessionId, new Date(), settings.sessionPolicy);
  if (session.state !== 'active') {
    reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, settings));
    return;
  }
  request.user = {
    ...session.user,
    via: 'session',
    sessionId,
    permissions: permissionsOf(session.user.roles),
  };
}

function authorise(request: FastifyRequest, access: RouteAccess | undefined): void {
  if (access === undefined) {
    throw new CetmapError('CET_FORBIDDEN', 'This route declares no access policy, so it is refused.');
  }
  if (access === 'public') return;
  const user = request.user;
  if (!user)
    throw new CetmapError('CET_UNAUTHENTICATED', 'Sign in (or send an API token) to use this route.');
  if (typeof access === 'object' && !user.permissions.has(access.permission)) {
    throw new CetmapError('CET_FORBIDDEN', `This needs the ${access.permission} permission.`);
  }
  if (user.via === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, csrfTokenFor(user.sessionId!))) {
      throw new CetmapError(
        'CET_CSRF',
        `Writes signed in by cookie need the ${CSRF_HEADER} header (GET /api/v1/auth/csrf).`,
      );
    }
  }
}

/** Installs cookies, `request.user`, the route catalogue and the access hooks. Call before any route exists. */
export async function installAccessControl(
  app: FastifyInstance,
  deps: { handle: DbHandle },
  options: AuthOptions = {},
): Promise<void> {
  const settings: AuthSettings = {
    cookieSecure: options.cookieSecure ?? 'auto',
    sessionPolicy: options.sessionPolicy ?? DEFAULT_SESSION_POLICY,
    lockoutPolicy: options.lockoutPolicy ?? DEFAULT_LOCKOUT_POLICY,
    loginRateLimitPerMinute: options.loginRateLimitPerMinute ?? 10,
  };
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorate('authSettings', settings);
  const catalogue: RouteEntry[] = [];
  app.decorate('routeCatalogue', catalogue);

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let access = route.config?.access;
    let declaredBy: RouteEntry['declaredBy'] = access === undefined ? 'none' : 'route';
    // Static files and the API explorer are public by rule; anything else must declare its policy.
    const infrastructure = !route.url.startsWith('/api/') || route.url.startsWith('/api/docs');
    if (access === undefined && infrastructure && methods.every((m) => SAFE_METHODS.has(m))) {
      access = 'public';
      declaredBy = 'infrastructure';
      route.config = { ...route.config, access };
    }
    for (const method of methods) catalogue.push({ method, url: route.url, access, declaredBy });
  });

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return; // the not-found handler answers; nothing to protect
    const access = request.routeOptions.config.access;
    // Static files need no user: skip the session lookup the browser's cookie would otherwise cost.
    if (access === 'public' && !request.url.startsWith('/api/')) return;
    await authenticate(deps, settings, request, reply);
    authorise(request, access);
  });

  app.addHook('preHandler', async (request) => {
    const access = request.routeOptions.config.access;
    if (typeof access !== 'object' || !access.sensitive) return;
    // Written before the handler runs: if the audit entry cannot be written, the record is not shown.
    await auditRequest(deps.handle.db, request, {
      action: 'access.read',
      objectType: 'route',
      objectId: request.routeOptions.url ?? null,
      detail: { method: request.method, params: request.params as Record<string, unknown> },
    });
  });
}
