/**
 * Database sessions and sign-in. The cookie carries a random session id; the table keeps its SHA-256 digest.
 * Sign-in always starts a new session (and ends the one presented, if any), so a planted id is never promoted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { appendAudit } from './audit-queries.js';
import { dummyPasswordHash, verifyPassword } from './password.js';
import { isRole, type Role } from './permissions.js';
import { newSecret, sha256Hex } from './secrets.js';
import {
  DEFAULT_LOCKOUT_POLICY,
  DEFAULT_SESSION_POLICY,
  absoluteExpiry,
  lockedUntil,
  sessionState,
  shouldTouch,
  type LockoutPolicy,
  type SessionPolicy,
  type SessionState,
} from './session-rules.js';
import { findCredentials, normaliseUsername } from './user-queries.js';

type Db = Kysely<Database>;

export interface Principal {
  id: number;
  username: string;
  displayName: string;
  roles: Role[];
  organisation: string | null;
}

async function principal(db: Db, userId: number): Promise<Principal | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'username', 'display_name', 'disabled', 'organisation'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!row || row.disabled) return undefined;
  const roles = await db.selectFrom('user_role').select('role').where('user_id', '=', userId).execute();
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    organisation: row.organisation,
    roles: roles
      .map((r) => r.role)
      .filter(isRole)
      .sort(),
  };
}

export interface SignInInput {
  username: string;
  password: string;
  ip?: string | null;
  userAgent?: string | null;
  /** The session id the client presented, if any: it is ended (session fixation). */
  previousSessionId?: string;
}

export interface SignedIn {
  sessionId: string;
  user: Principal;
  expiresAt: Date;
}

export async function signIn(
  db: Db,
  input: SignInInput,
  now = new Date(),
  policies: { session?: SessionPolicy; lockout?: LockoutPolicy } = {},
): Promise<SignedIn> {
  const username = normaliseUsername(input.username).slice(0, 200);
  const lockout = policies.lockout ?? DEFAULT_LOCKOUT_POLICY;
  const recent = await db
    .selectFrom('login_attempt')
    .select(['at', 'success'])
    .where('username', '=', username)
    .where('at', '>', new Date(now.getTime() - lockout.windowMs))
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(lockout.maxFailures + 1)
    .execute();
  const until = lockedUntil(
    recent.map((r) => ({ at: new Date(r.at), success: r.success })),
    now,
    lockout,
  );
  if (until) {
    await appendAudit(db, {
      actor: 'anonymous',
      action: 'auth.login_locked',
      objectType: 'user',
      objectId: username,
      detail: { ip: input.ip ?? null },
      at: now,
    });
    throw new CetmapError(
      'CET_ACCOUNT_LOCKED',
      `Too many failed sign-ins for this username; try again after ${until.toISOString()}.`,
    );
  }
  const creds = await findCredentials(db, username);
  const ok = creds
    ? await verifyPassword(creds.passwordHash, input.password)
    : (await verifyPassword(await dummyPasswordHash(), input.password), false);
  const user = ok && creds && !creds.disabled ? await principal(db, creds.id) : undefined;
  await db
    .insertInto('login_attempt')
    .values({ username, ip: input.ip ?? null, at: now, success: Boolean(user) })
    .execute();
  if (!user) {
    await appendAudit(db, {
      actor: 'anonymous',
      action: 'auth.login_failed',
      objectType: 'user',
      objectId: username,
      detail: { ip: input.ip ?? null },
      at: now,
    });
    throw new CetmapError('CET_UNAUTHENTICATED', 'Wrong username or password, or the account is disabled.');
  }
  const sessionId = newSecret();
  const expiresAt = absoluteExpiry(now, policies.session ?? DEFAULT_SESSION_POLICY);
  await db.transaction().execute(async (trx) => {
    if (input.previousSessionId) {
      await trx
        .deleteFrom('user_session')
        .where('id_hash', '=', sha256Hex(input.previousSessionId))
        .execute();
    }
    await trx
      .insertInto('user_session')
      .values({
        id_hash: sha256Hex(sessionId),
        user_id: user.id,
        created_at: now,
        last_seen_at: now,
        expires_at: expiresAt,
        ip: input.ip ?? null,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
      })
      .execute();
    await appendAudit(trx, {
      actor: `user:${user.username}`,
      action: 'auth.login',
      objectType: 'user',
      objectId: user.username,
      detail: { ip: input.ip ?? null },
      at: now,
    });
  });
  return { sessionId, user, expiresAt };
}

export type SessionLookup =
  | { state: 'active'; user: Principal; idHash: string; createdAt: Date; expiresAt: Date }
  | { state: Exclude<SessionState, 'active'> | 'unknown' };

/** Resolves a session id; expired sessions are deleted, active ones have their activity recorded. */
export async function lookupSession(
  db: Db,
  sessionId: string,
  now = new Date(),
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): Promise<SessionLookup> {
  const idHash = sha256Hex(sessionId);
  const row = await db
    .selectFrom('user_session')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst();
  if (!row) return { state: 'unknown' };
  const times = {
    createdAt: new Date(row.created_at),
    lastSeenAt: new Date(row.last_seen_at),
    expiresAt: new Date(row.expires_at),
  };
  const state = sessionState(times, now, policy);
  if (state !== 'active') {
    await db.deleteFrom('user_session').where('id_hash', '=', idHash).execute();
    return { state };
  }
  const user = await principal(db, Number(row.user_id));
  if (!user) {
    await db.deleteFrom('user_session').where('id_hash', '=', idHash).execute();
    return { state: 'unknown' };
  }
  if (shouldTouch(times, now, policy)) {
    await db.updateTable('user_session').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute();
  }
  return { state: 'active', user, idHash, createdAt: times.createdAt, expiresAt: times.expiresAt };
}

export async function signOut(db: Db, sessionId: string, actor: string, username?: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('user_session').where('id_hash', '=', sha256Hex(sessionId)).execute();
    await appendAudit(trx, { actor, action: 'auth.logout', objectType: 'user', objectId: username ?? null });
  });
}

/** Ends every session of a user (sign out everywhere). Returns how many ended. */
export async function signOutEverywhere(db: Db, userId: number, actor: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.deleteFrom('user_session').where('user_id', '=', userId).executeTakeFirst();
    const ended = Number(result.numDeletedRows);
    await appendAudit(trx, {
      actor,
      action: 'auth.logout_all',
      objectType: 'user',
      objectId: actor.replace(/^(user|token):(\d+\/)?/, ''),
      detail: { sessions: ended },
    });
    return ended;
  });
}

export async function countSessions(db: Db, userId: number): Promise<number> {
  const row = await db
    .selectFrom('user_session')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export { principal as loadPrincipal };
