/** API tokens for scripts: scoped to permissions, stored as SHA-256 digests, revocable, optionally expiring. */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { CetmapError, notFound } from '../shared/errors.js';
import { appendAudit } from './audit-queries.js';
import { isPermission, permissionsOf, type Permission } from './permissions.js';
import { API_TOKEN_PREFIX, newSecret, sha256Hex } from './secrets.js';
import { loadPrincipal, type Principal } from './session-queries.js';

type Db = Kysely<Database>;

export interface TokenRecord {
  id: number;
  username: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export async function createToken(
  db: Db,
  owner: Principal,
  input: { name: string; scopes: readonly string[]; expiresInDays?: number },
  actor: string,
  now = new Date(),
): Promise<{ token: string; record: TokenRecord }> {
  const name = input.name.trim();
  if (!name || name.length > 100)
    throw new CetmapError('CET_BAD_INPUT', 'Token name must be 1–100 characters.');
  const unknown = input.scopes.filter((s) => !isPermission(s));
  if (unknown.length > 0) throw new CetmapError('CET_BAD_INPUT', `Unknown scope(s): ${unknown.join(', ')}.`);
  const own = permissionsOf(owner.roles);
  const beyond = input.scopes.filter((s) => !own.has(s as Permission));
  if (beyond.length > 0) {
    throw new CetmapError(
      'CET_FORBIDDEN',
      `A token cannot hold permissions its owner lacks: ${beyond.join(', ')}.`,
    );
  }
  if (input.scopes.length === 0) throw new CetmapError('CET_BAD_INPUT', 'Give the token at least one scope.');
  const token = newSecret(API_TOKEN_PREFIX);
  const expiresAt =
    input.expiresInDays === undefined ? null : new Date(now.getTime() + input.expiresInDays * 86_400_000);
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('api_token')
      .values({
        user_id: owner.id,
        name,
        token_hash: sha256Hex(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        scopes: [...new Set(input.scopes)],
        expires_at: expiresAt,
        last_used_at: null,
        revoked_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor,
      action: 'token.create',
      objectType: 'api_token',
      objectId: Number(row.id),
      detail: { owner: owner.username, name, scopes: [...new Set(input.scopes)] },
    });
    return Number(row.id);
  });
  const [record] = await listTokens(db, { userId: owner.id, id });
  return { token, record: record! };
}

export async function listTokens(
  db: Db,
  filter: { userId?: number; id?: number } = {},
): Promise<TokenRecord[]> {
  let q = db
    .selectFrom('api_token')
    .innerJoin('app_user', 'app_user.id', 'api_token.user_id')
    .select([
      'api_token.id',
      'app_user.username',
      'api_token.name',
      'api_token.prefix',
      'api_token.scopes',
      'api_token.created_at',
      'api_token.expires_at',
      'api_token.last_used_at',
      'api_token.revoked_at',
    ]);
  if (filter.userId !== undefined) q = q.where('api_token.user_id', '=', filter.userId);
  if (filter.id !== undefined) q = q.where('api_token.id', '=', filter.id);
  const rows = await q.orderBy('api_token.id').execute();
  return rows.map((r) => ({
    id: Number(r.id),
    username: r.username,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    createdAt: new Date(r.created_at).toISOString(),
    expiresAt: iso(r.expires_at),
    lastUsedAt: iso(r.last_used_at),
    revokedAt: iso(r.revoked_at),
  }));
}

/** Revokes a token; `ownerId` limits it to that user's tokens (undefined: any token, for admins and the CLI). */
export async function revokeToken(db: Db, id: number, actor: string, ownerId?: number): Promise<TokenRecord> {
  const [token] = await listTokens(db, { id, ...(ownerId === undefined ? {} : { userId: ownerId }) });
  if (!token) throw notFound(`Token ${id}`);
  if (!token.revokedAt) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('api_token').set({ revoked_at: new Date() }).where('id', '=', id).execute();
      await appendAudit(trx, {
        actor,
        action: 'token.revoke',
        objectType: 'api_token',
        objectId: id,
        detail: { owner: token.username },
      });
    });
  }
  return (await listTokens(db, { id }))[0]!;
}

/** Resolves a bearer token to its owner and scopes; undefined when unknown, revoked, expired or the owner is disabled. */
export async function lookupToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ user: Principal; tokenId: number; scopes: string[] } | undefined> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
  const row = await db
    .selectFrom('api_token')
    .select(['id', 'user_id', 'scopes', 'expires_at', 'revoked_at', 'last_used_at'])
    .where('token_hash', '=', sha256Hex(token))
    .executeTakeFirst();
  if (!row || row.revoked_at) return undefined;
  if (row.expires_at && new Date(row.expires_at).getTime() <= now.getTime()) return undefined;
  const user = await loadPrincipal(db, Number(row.user_id));
  if (!user) return undefined;
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.updateTable('api_token').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { user, tokenId: Number(row.id), scopes: row.scopes };
}
