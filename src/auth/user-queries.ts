/**
 * Accounts and their roles. Every change is written to the audit log in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError, notFound } from '../shared/errors.js';
import { appendAudit } from './audit-queries.js';
import { checkPasswordRule, hashPassword } from './password.js';
import { isRole, type Role } from './permissions.js';
import { newSecret, sha256Hex } from './secrets.js';

type Db = Kysely<Database>;

export interface UserRecord {
  id: number;
  username: string;
  displayName: string;
  disabled: boolean;
  roles: Role[];
  /** The organisation the user works for (research-security reviewers see its cases); null if none. */
  organisation: string | null;
  createdAt: string;
}

export const RESET_TOKEN_TTL_MS = 60 * 60 * 1000;

/** Usernames are case-insensitive: stored and looked up in lower case. */
export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

const USERNAME_RE = /^[a-z0-9][a-z0-9._@-]{1,99}$/;

export function checkUsername(username: string): string {
  const u = normaliseUsername(username);
  if (!USERNAME_RE.test(u)) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `"${username}" is not a valid username: 2–100 characters, letters, digits, . _ @ -, starting with a letter or digit.`,
      { issues: [{ field: 'username', message: 'invalid username' }] },
    );
  }
  return u;
}

function checkRoles(roles: readonly string[]): Role[] {
  const bad = roles.filter((r) => !isRole(r));
  if (bad.length > 0) {
    throw new CetmapError('CET_BAD_INPUT', `Unknown role(s): ${bad.join(', ')}.`, {
      issues: bad.map((r) => ({ field: 'roles', message: `unknown role ${r}` })),
    });
  }
  return [...new Set(roles)] as Role[];
}

/** The audited state of a user (no password hash). */
const auditState = (u: UserRecord) => ({
  username: u.username,
  displayName: u.displayName,
  disabled: u.disabled,
  roles: [...u.roles].sort(),
  organisation: u.organisation,
});

async function rolesOf(db: Db, userIds: number[]): Promise<Map<number, Role[]>> {
  const map = new Map<number, Role[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .selectFrom('user_role')
    .select(['user_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('role')
    .execute();
  for (const r of rows) {
    const id = Number(r.user_id);
    if (!map.has(id)) map.set(id, []);
    if (isRole(r.role)) map.get(id)!.push(r.role);
  }
  return map;
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
  const rows = await db.selectFrom('app_user').selectAll().orderBy('username').execute();
  const roles = await rolesOf(
    db,
    rows.map((r) => Number(r.id)),
  );
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    displayName: r.display_name,
    disabled: r.disabled,
    roles: roles.get(Number(r.id)) ?? [],
    organisation: r.organisation,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

/** By id (number) or username (string). */
export async function getUser(db: Db, ref: number | string): Promise<UserRecord> {
  const row = await db
    .selectFrom('app_user')
    .selectAll()
    .where(
      typeof ref === 'number' ? 'id' : 'username',
      '=',
      typeof ref === 'number' ? ref : normaliseUsername(ref),
    )
    .executeTakeFirst();
  if (!row) throw notFound(`User ${ref}`);
  const roles = await rolesOf(db, [Number(row.id)]);
  return {
    id: Number(row.id),
    username: row.username,
    displayName: row.display_name,
    disabled: row.disabled,
    roles: roles.get(Number(row.id)) ?? [],
    organisation: row.organisation,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function findCredentials(
  db: Db,
  username: string,
): Promise<{ id: number; passwordHash: string; disabled: boolean } | undefined> {
  const row = await db
    .selectFrom('app_user')
    .select(['id', 'password_hash', 'disabled'])
    .where('username', '=', normaliseUsername(username))
    .executeTakeFirst();
  return row && { id: Number(row.id), passwordHash: row.password_hash, disabled: row.disabled };
}

export interface NewUser {
  username: string;
  displayName?: string;
  password: string;
  roles: readonly string[];
  organisation?: string | null;
}

export async function createUser(db: Db, input: NewUser, actor: string): Promise<UserRecord> {
  const username = checkUsername(input.username);
  const roles = checkRoles(input.roles);
  checkPasswordRule(input.password, username);
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const exists = await trx
      .selectFrom('app_user')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (exists) throw new CetmapError('CET_CONFLICT', `A user named ${username} already exists.`);
    const row = await trx
      .insertInto('app_user')
      .values({
        username,
        display_name: input.displayName?.trim() || username,
        password_hash: passwordHash,
        organisation: input.organisation?.trim() || null,
      })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    if (roles.length > 0) {
      await trx
        .insertInto('user_role')
        .values(roles.map((role) => ({ user_id: id, role, granted_by: actor })))
        .execute();
    }
    const user = await getUser(trx, id);
    await appendAudit(trx, {
      actor,
      action: 'user.create',
      objectType: 'user',
      objectId: username,
      after: auditState(user),
      detail: { roles },
    });
    return user;
  });
}

async function change(
  db: Db,
  ref: number | string,
  actor: string,
  action: string,
  apply: (trx: Db, user: UserRecord) => Promise<Record<string, unknown> | void>,
): Promise<UserRecord> {
  return db.transaction().execute(async (trx) => {
    const before = await getUser(trx, ref);
    const detail = (await apply(trx, before)) ?? {};
    const after = await getUser(trx, before.id);
    await trx.updateTable('app_user').set({ updated_at: new Date() }).where('id', '=', before.id).execute();
    await appendAudit(trx, {
      actor,
      action,
      objectType: 'user',
      objectId: before.username,
      before: auditState(before),
      after: auditState(after),
      detail,
    });
    return after;
  });
}

export const grantRoles = (db: Db, ref: number | string, roles: readonly string[], actor: string) =>
  change(db, ref, actor, 'user.grant', async (trx, user) => {
    const add = checkRoles(roles).filter((r) => !user.roles.includes(r));
    if (add.length > 0) {
      await trx
        .insertInto('user_role')
        .values(add.map((role) => ({ user_id: user.id, role, granted_by: actor })))
        .execute();
    }
    return { roles: add };
  });

export const revokeRoles = (db: Db, ref: number | string, roles: readonly string[], actor: string) =>
  change(db, ref, actor, 'user.revoke', async (trx, user) => {
    const remove = checkRoles(roles).filter((r) => user.roles.includes(r));
    if (remove.includes('admin')) await ensureAnotherAdmin(trx, user.id);
    if (remove.length > 0) {
      await trx.deleteFrom('user_role').where('user_id', '=', user.id).where('role', 'in', remove).execute();
    }
    return { roles: remove };
  });

/** Replaces a user's roles with exactly these. */
export const setRoles = (db: Db, ref: number | string, roles: readonly string[], actor: string) =>
  change(db, ref, actor, 'user.set_roles', async (trx, user) => {
    const wanted = checkRoles(roles);
    if (user.roles.includes('admin') && !wanted.includes('admin')) await ensureAnotherAdmin(trx, user.id);
    await trx.deleteFrom('user_role').where('user_id', '=', user.id).execute();
    if (wanted.length > 0) {
      await trx
        .insertInto('user_role')
        .values(wanted.map((role) => ({ user_id: user.id, role, granted_by: actor })))
        .execute();
    }
    return { roles: wanted };
  });

/** Disabling also ends the user's sessions and revokes nothing else: their tokens stop working while disabled. */
export const setDisabled = (db: Db, ref: number | string, disabled: boolean, actor: string) =>
  change(db, ref, actor, disabled ? 'user.disable' : 'user.enable', async (trx, user) => {
    if (disabled && user.roles.includes('admin') && !user.disabled) await ensureAnotherAdmin(trx, user.id);
    await trx.updateTable('app_user').set({ disabled }).where('id', '=', user.id).execute();
    if (disabled) await trx.deleteFrom('user_session').where('user_id', '=', user.id).execute();
  });

export const setDisplayName = (db: Db, ref: number | string, displayName: string, actor: string) =>
  change(db, ref, actor, 'user.update', async (trx, user) => {
    const name = displayName.trim();
    if (!name || name.length > 200)
      throw new CetmapError('CET_BAD_INPUT', 'Display name must be 1–200 characters.');
    await trx.updateTable('app_user').set({ display_name: name }).where('id', '=', user.id).execute();
  });

export const setOrganisation = (db: Db, ref: number | string, organisation: string | null, actor: string) =>
  change(db, ref, actor, 'user.update', async (trx, user) => {
    const value = organisation?.trim() || null;
    if (value && value.length > 200)
      throw new CetmapError('CET_BAD_INPUT', 'Organisation must be at most 200 characters.');
    await trx.updateTable('app_user').set({ organisation: value }).where('id', '=', user.id).execute();
  });

/** Refuses to remove the last enabled admin (nobody could administer accounts any more). */
async function ensureAnotherAdmin(trx: Db, userId: number): Promise<void> {
  const other = await trx
    .selectFrom('user_role')
    .innerJoin('app_user', 'app_user.id', 'user_role.user_id')
    .select('app_user.id')
    .where('user_role.role', '=', 'admin')
    .where('app_user.disabled', '=', false)
    .where('app_user.id', '!=', userId)
    .executeTakeFirst();
  if (!other)
    throw new CetmapError('CET_CONFLICT', 'This is the last enabled admin; make another admin first.');
}

/** Sets a new password and ends every session of the user. */
export async function setPassword(
  db: Db,
  ref: number | string,
  password: string,
  actor: string,
): Promise<void> {
  const user = await getUser(db, ref);
  checkPasswordRule(password, user.username);
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('app_user')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    await trx.deleteFrom('user_session').where('user_id', '=', user.id).execute();
    await appendAudit(trx, {
      actor,
      action: 'user.password_set',
      objectType: 'user',
      objectId: user.username,
    });
  });
}

/** A one-time password-reset token, valid for an hour; only its digest is stored. */
export async function createResetToken(
  db: Db,
  ref: number | string,
  actor: string,
  now = new Date(),
): Promise<{ token: string; expiresAt: Date; username: string }> {
  const user = await getUser(db, ref);
  const token = newSecret('reset_');
  const expiresAt = new Date(now.getTime() + RESET_TOKEN_TTL_MS);
  await db.transaction().execute(async (trx) => {
    // Any earlier unused token for this user stops working.
    await trx
      .updateTable('password_reset')
      .set({ used_at: now })
      .where('user_id', '=', user.id)
      .where('used_at', 'is', null)
      .execute();
    await trx
      .insertInto('password_reset')
      .values({
        token_hash: sha256Hex(token),
        user_id: user.id,
        created_at: now,
        expires_at: expiresAt,
        created_by: actor,
      })
      .execute();
    await appendAudit(trx, {
      actor,
      action: 'user.reset_token_issued',
      objectType: 'user',
      objectId: user.username,
      detail: { expiresAt: expiresAt.toISOString() },
    });
  });
  return { token, expiresAt, username: user.username };
}

/** Uses a reset token once to set a new password. Unknown, used and expired tokens all fail the same way. */
export async function resetPasswordWithToken(
  db: Db,
  token: string,
  password: string,
  now = new Date(),
): Promise<string> {
  const invalid = new CetmapError('CET_BAD_INPUT', 'This reset token is invalid, used or expired.', {
    issues: [{ field: 'token', message: 'invalid, used or expired' }],
  });
  const row = await db
    .selectFrom('password_reset')
    .innerJoin('app_user', 'app_user.id', 'password_reset.user_id')
    .select([
      'password_reset.token_hash',
      'password_reset.expires_at',
      'password_reset.used_at',
      'app_user.username',
    ])
    .where('password_reset.token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.used_at || new Date(row.expires_at).getTime() <= now.getTime()) throw invalid;
  checkPasswordRule(password, row.username);
  const claimed = await db
    .updateTable('password_reset')
    .set({ used_at: now })
    .where('token_hash', '=', row.token_hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) throw invalid;
  await setPassword(db, row.username, password, `reset:${row.username}`);
  return row.username;
}
