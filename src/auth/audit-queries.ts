/**
 * The audit log: the one way to write it (`appendAudit`), search it and verify its hash chain.
 * Appends are serialised with a transaction-scoped advisory lock, so the chain has one order even when
 * several server processes share a PostgreSQL database.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import {
  GENESIS_HASH,
  entryHash,
  stateDigest,
  verifyChain,
  type AuditEntry,
  type ChainVerdict,
} from './audit-chain.js';

const AUDIT_LOCK_KEY = 74_201_727; // arbitrary, stable: "cetmap audit chain"

export interface AuditInput {
  /** Who: 'user:<username>', 'token:<id>/<username>', 'cli:<os user>', 'anonymous' (see actorFor*). */
  actor: string;
  /** What, as domain.verb: 'user.create', 'auth.login_failed', 'security.case.read'. */
  action: string;
  objectType?: string | null;
  objectId?: string | number | null;
  /** The object's state before and after; only their SHA-256 digests are stored. */
  before?: unknown;
  after?: unknown;
  /** Small, non-secret context stored as is (never passwords or tokens). */
  detail?: Record<string, unknown>;
  at?: Date;
}

type Db = Kysely<Database>;

const toEntry = (r: {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  before_digest: string | null;
  after_digest: string | null;
  detail: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}): AuditEntry => ({
  seq: Number(r.seq),
  at: new Date(r.at),
  actor: r.actor,
  action: r.action,
  objectType: r.object_type,
  objectId: r.object_id,
  beforeDigest: r.before_digest,
  afterDigest: r.after_digest,
  detail: r.detail ?? {},
  prevHash: r.prev_hash,
  hash: r.hash,
});

async function appendIn(trx: Db, input: AuditInput): Promise<AuditEntry> {
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  const last = await trx
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  // Millisecond precision, so the time read back equals the time hashed on both drivers.
  const at = new Date(Math.floor((input.at ?? new Date()).getTime()));
  const content = {
    seq: last ? Number(last.seq) + 1 : 1,
    at,
    actor: input.actor,
    action: input.action,
    objectType: input.objectType ?? null,
    objectId: input.objectId === undefined || input.objectId === null ? null : String(input.objectId),
    beforeDigest: stateDigest(input.before),
    afterDigest: stateDigest(input.after),
    detail: JSON.parse(JSON.stringify(input.detail ?? {})) as Record<string, unknown>,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  const hash = entryHash(content, prevHash);
  await trx
    .insertInto('audit_log')
    .values({
      seq: content.seq,
      at: content.at,
      actor: content.actor,
      action: content.action,
      object_type: content.objectType,
      object_id: content.objectId,
      before_digest: content.beforeDigest,
      after_digest: content.afterDigest,
      detail: JSON.stringify(content.detail),
      prev_hash: prevHash,
      hash,
    })
    .execute();
  return { ...content, prevHash, hash };
}

/**
 * Appends one entry. Pass the transaction of the change being audited, so the entry commits with it (or not at
 * all); with a plain connection it runs in its own transaction.
 */
/**
 * Who makes a change, for the records a domain keeps of it (e.g. created_by) and, from the API, the audit entry
 * committed in the change's own transaction.
 */
export interface ChangeActor {
  actor: string;
  audit?: (trx: Transaction<Database>, entry: Omit<AuditInput, 'actor'>) => Promise<unknown>;
}

export function appendAudit(db: Db, input: AuditInput): Promise<AuditEntry> {
  return db.isTransaction ? appendIn(db, input) : db.transaction().execute((trx) => appendIn(trx, input));
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  /** Entries with seq below this (cursor for the next page). */
  beforeSeq?: number;
  limit?: number;
}

/** Newest first. `action` matches a prefix when it ends with '.' or '*' ('user.' → user.create, user.grant …). */
export async function listAudit(db: Db, filter: AuditFilter = {}): Promise<AuditEntry[]> {
  let q = db.selectFrom('audit_log').selectAll();
  if (filter.actor) q = q.where('actor', '=', filter.actor);
  if (filter.action) {
    const a = filter.action;
    q =
      a.endsWith('*') || a.endsWith('.')
        ? q.where(sql<boolean>`starts_with(action, ${a.replace(/\*$/, '')})`)
        : q.where('action', '=', a);
  }
  if (filter.objectType) q = q.where('object_type', '=', filter.objectType);
  if (filter.objectId) q = q.where('object_id', '=', filter.objectId);
  if (filter.from) q = q.where('at', '>=', filter.from);
  if (filter.to) q = q.where('at', '<', filter.to);
  if (filter.beforeSeq) q = q.where('seq', '<', filter.beforeSeq);
  const rows = await q
    .orderBy('seq', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 1000))
    .execute();
  return rows.map(toEntry);
}

/** Reads the whole chain in batches and verifies it; stops at the first bad entry. */
export async function verifyAudit(db: Db, batchSize = 2000): Promise<ChainVerdict & { total: number }> {
  const totalRow = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  let state = { lastHash: GENESIS_HASH, lastSeq: 0 };
  let checked = 0;
  let afterSeq = -1;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) break;
    const verdict = verifyChain(rows.map(toEntry), state);
    checked += verdict.checked;
    if (!verdict.ok) return { ...verdict, checked, total: Number(totalRow.n) };
    state = { lastHash: verdict.lastHash, lastSeq: verdict.lastSeq };
    afterSeq = Number(rows.at(-1)!.seq);
  }
  return { ok: true, checked, ...state, total: Number(totalRow.n) };
}
