/** Per-user and per-address posting limits for the forum. Pure: the caller counts the recent activity. */
export type ForumAction = 'proposal' | 'comment' | 'report';

export interface RateLimits {
  windowMinutes: number;
  perUser: Record<ForumAction, number>;
  perIp: Record<ForumAction, number>;
}

export const DEFAULT_RATE_LIMITS: RateLimits = {
  windowMinutes: 60,
  perUser: { proposal: 5, comment: 30, report: 20 },
  perIp: { proposal: 20, comment: 100, report: 60 },
};

/** The limit that one more action would exceed, or null when it is allowed. */
export function exceededLimit(
  action: ForumAction,
  counts: { user: number; ip: number },
  limits: RateLimits,
): { scope: 'user' | 'ip'; limit: number } | null {
  if (counts.user >= limits.perUser[action]) return { scope: 'user', limit: limits.perUser[action] };
  if (counts.ip >= limits.perIp[action]) return { scope: 'ip', limit: limits.perIp[action] };
  return null;
}
