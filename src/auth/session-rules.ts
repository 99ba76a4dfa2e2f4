/**
 * When a session ends: after `idleMs` without a request (idle expiry) or `absoluteMs` after sign-in, whatever
 * the activity (absolute expiry). Pure: callers pass `now`, so tests need no clock.
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** last_seen_at is written at most this often, to spare the database a write per request. */
  touchEveryMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleMs: 2 * 60 * 60 * 1000, // 2 hours
  absoluteMs: 12 * 60 * 60 * 1000, // 12 hours
  touchEveryMs: 60 * 1000,
};

export type SessionState = 'active' | 'idle_expired' | 'absolute_expired';

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
}

export const absoluteExpiry = (createdAt: Date, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Date =>
  new Date(createdAt.getTime() + policy.absoluteMs);

export function sessionState(
  session: SessionTimes,
  now: Date,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): SessionState {
  if (now.getTime() >= session.expiresAt.getTime()) return 'absolute_expired';
  if (now.getTime() - session.lastSeenAt.getTime() >= policy.idleMs) return 'idle_expired';
  return 'active';
}

/** Whether to record activity now (true when the last record is older than `touchEveryMs`). */
export const shouldTouch = (
  session: SessionTimes,
  now: Date,
  policy: SessionPolicy = DEFAULT_SESSION_POLICY,
): boolean => now.getTime() - session.lastSeenAt.getTime() >= policy.touchEveryMs;

/**
 * Lockout after repeated failed sign-ins: `maxFailures` failures in a row (since the last success) within
 * `windowMs` lock the username for `lockMs` from the last failure.
 */
export interface LockoutPolicy {
  maxFailures: number;
  windowMs: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = {
  maxFailures: 5,
  windowMs: 15 * 60 * 1000,
  lockMs: 15 * 60 * 1000,
};

/** `attempts` newest first. Returns the time the lock ends, or null when not locked. */
export function lockedUntil(
  attempts: ReadonlyArray<{ at: Date; success: boolean }>,
  now: Date,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): Date | null {
  const failures: Date[] = [];
  for (const attempt of attempts) {
    if (attempt.success) break;
    if (now.getTime() - attempt.at.getTime() > policy.windowMs) break;
    failures.push(attempt.at);
  }
  if (failures.length < policy.maxFailures) return null;
  const until = new Date(failures[0]!.getTime() + policy.lockMs);
  return until.getTime() > now.getTime() ? until : null;
}
