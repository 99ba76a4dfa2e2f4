import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, entryHash, verifyChain, type AuditEntry } from './audit-chain.js';
import { ALL_PERMISSIONS, ROLES, ROLE_PERMISSIONS, permissionsOf, tokenPermissions } from './permissions.js';
import { csrfTokenFor, safeEqual } from './secrets.js';
import { DEFAULT_SESSION_POLICY, absoluteExpiry, lockedUntil, sessionState } from './session-rules.js';

const H = 3600_000;

describe('permission table', () => {
  it('grants only what is declared; unknown roles grant nothing', () => {
    expect(permissionsOf([])).toEqual(new Set());
    expect(permissionsOf(['root', 'superuser'])).toEqual(new Set());
    expect([...permissionsOf(['public'])]).toEqual(['forum:post']);
    expect(permissionsOf(['analyst']).has('users:manage')).toBe(false);
    expect(permissionsOf(['security_reviewer']).has('security:read')).toBe(true);
    expect(permissionsOf(['programme_manager']).has('security:read')).toBe(false);
    expect(permissionsOf(['admin'])).toEqual(new Set(ALL_PERMISSIONS));
  });

  it('unions the permissions of several roles', () => {
    const both = permissionsOf(['analyst', 'programme_manager']);
    expect(both.has('taxonomy:write') && both.has('programmes:write')).toBe(true);
  });

  it('every role maps to known permissions', () => {
    for (const role of ROLES) for (const p of ROLE_PERMISSIONS[role]) expect(ALL_PERMISSIONS).toContain(p);
  });

  it('narrows a token to its scopes and never beyond its owner', () => {
    expect([...tokenPermissions(['analyst'], ['taxonomy:write', 'users:manage'])]).toEqual([
      'taxonomy:write',
    ]);
    expect(tokenPermissions(['public'], ['users:manage']).size).toBe(0);
  });
});

describe('session expiry', () => {
  const created = new Date('2026-01-01T08:00:00Z');
  const session = { createdAt: created, lastSeenAt: created, expiresAt: absoluteExpiry(created) };

  it('is active while used within the idle limit and before the absolute limit', () => {
    expect(sessionState(session, new Date(created.getTime() + H))).toBe('active');
  });

  it('expires after the idle limit without activity', () => {
    const at = new Date(created.getTime() + DEFAULT_SESSION_POLICY.idleMs);
    expect(sessionState(session, at)).toBe('idle_expired');
    expect(sessionState(session, new Date(at.getTime() - 1))).toBe('active');
  });

  it('expires at the absolute limit even when active all along', () => {
    const end = absoluteExpiry(created);
    const busy = { ...session, lastSeenAt: new Date(end.getTime() - 1000) };
    expect(sessionState(busy, new Date(end.getTime() - 1))).toBe('active');
    expect(sessionState(busy, end)).toBe('absolute_expired');
  });
});

describe('lockout', () => {
  const now = new Date('2026-01-01T12:00:00Z');
  const fail = (minutesAgo: number) => ({
    at: new Date(now.getTime() - minutesAgo * 60_000),
    success: false,
  });

  it('locks after five failures in a row within the window', () => {
    expect(lockedUntil([fail(1), fail(2), fail(3), fail(4)], now)).toBeNull();
    const until = lockedUntil([fail(1), fail(2), fail(3), fail(4), fail(5)], now);
    expect(until?.toISOString()).toBe('2026-01-01T12:14:00.000Z');
  });

  it('does not count failures before a success or outside the window', () => {
    const ok = { at: new Date(now.getTime() - 150_000), success: true };
    expect(lockedUntil([fail(1), fail(2), ok, fail(3), fail(4), fail(5)], now)).toBeNull();
    expect(lockedUntil([fail(1), fail(2), fail(3), fail(4), fail(20)], now)).toBeNull();
  });

  it('ends when the lock time has passed', () => {
    expect(lockedUntil([fail(14), fail(14), fail(14), fail(14), fail(14)], now)).not.toBeNull();
    expect(lockedUntil([fail(15), fail(15), fail(15), fail(15), fail(15)], now)).toBeNull();
  });
});

describe('audit hash chain', () => {
  const chain = (n: number): AuditEntry[] => {
    const out: AuditEntry[] = [];
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= n; seq++) {
      const content = {
        seq,
        at: new Date(Date.UTC(2026, 0, 1, 0, seq)),
        actor: 'user:alice',
        action: 'thing.change',
        objectType: 'thing',
        objectId: String(seq),
        beforeDigest: null,
        afterDigest: 'ab'.repeat(32),
        detail: { n: seq },
      };
      const hash = entryHash(content, prev);
      out.push({ ...content, prevHash: prev, hash });
      prev = hash;
    }
    return out;
  };

  it('verifies an untouched chain', () => {
    expect(verifyChain(chain(5))).toMatchObject({ ok: true, checked: 5, lastSeq: 5 });
  });

  it('names the first edited entry', () => {
    const c = chain(5);
    c[2] = { ...c[2]!, actor: 'user:mallory' };
    expect(verifyChain(c)).toMatchObject({ ok: false, firstBad: { seq: 3, problem: 'hash_mismatch' } });
  });

  it('detects a removed entry and a re-hashed edit', () => {
    const c = chain(5);
    expect(verifyChain([...c.slice(0, 2), ...c.slice(3)]).firstBad).toEqual({ seq: 4, problem: 'seq_gap' });
    const forged = chain(5);
    const edited = { ...forged[1]!, action: 'other' };
    forged[1] = { ...edited, hash: entryHash(edited, edited.prevHash) };
    expect(verifyChain(forged).firstBad).toEqual({ seq: 3, problem: 'prev_hash_mismatch' });
  });

  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }] })).toBe(canonicalJson({ a: [{ x: 1, y: 2 }], b: 1 }));
  });
});

describe('secrets', () => {
  it('ties the CSRF token to the session id and compares in constant time', () => {
    expect(csrfTokenFor('a')).not.toBe(csrfTokenFor('b'));
    expect(safeEqual(csrfTokenFor('a'), csrfTokenFor('a'))).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});
