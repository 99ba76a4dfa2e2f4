/**
 * The audit log's hash chain. Each entry's hash is SHA-256 over its canonical content and the previous entry's
 * hash, so changing, removing or inserting an entry breaks every later link. Pure apart from hashing.
 */
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditContent {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  objectType: string | null;
  objectId: string | null;
  beforeDigest: string | null;
  afterDigest: string | null;
  detail: Record<string, unknown>;
}

export interface AuditEntry extends AuditContent {
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted at every level, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Digest of an object's state before or after a change (null when there is no such state). */
export const stateDigest = (state: unknown): string | null =>
  state === undefined || state === null
    ? null
    : createHash('sha256').update(canonicalJson(state), 'utf8').digest('hex');

export function entryHash(content: AuditContent, prevHash: string): string {
  const text = canonicalJson({
    seq: content.seq,
    at: content.at.toISOString(),
    actor: content.actor,
    action: content.action,
    objectType: content.objectType,
    objectId: content.objectId,
    beforeDigest: content.beforeDigest,
    afterDigest: content.afterDigest,
    detail: content.detail,
    prevHash,
  });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export type ChainProblem = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export interface ChainVerdict {
  ok: boolean;
  checked: number;
  /** The first entry that does not verify, and why. */
  firstBad?: { seq: number; problem: ChainProblem };
  /** Hash of the last entry checked: the start for verifying a later batch. */
  lastHash: string;
  lastSeq: number;
}

/**
 * Verifies entries in seq order, continuing from `start` (the previous batch's last entry, or the genesis).
 * Stops at the first bad entry.
 */
export function verifyChain(
  entries: Iterable<AuditEntry>,
  start: { lastHash: string; lastSeq: number } = { lastHash: GENESIS_HASH, lastSeq: 0 },
): ChainVerdict {
  let { lastHash, lastSeq } = start;
  let checked = 0;
  for (const entry of entries) {
    checked += 1;
    let problem: ChainProblem | undefined;
    if (entry.seq !== lastSeq + 1) problem = 'seq_gap';
    else if (entry.prevHash !== lastHash) problem = 'prev_hash_mismatch';
    else if (entryHash(entry, entry.prevHash) !== entry.hash) problem = 'hash_mismatch';
    if (problem) return { ok: false, checked, firstBad: { seq: entry.seq, problem }, lastHash, lastSeq };
    lastHash = entry.hash;
    lastSeq = entry.seq;
  }
  return { ok: true, checked, lastHash, lastSeq };
}
