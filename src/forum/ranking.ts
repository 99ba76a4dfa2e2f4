/**
 * Ordering proposals (new, top, trending) and the trend of a technology's support. Pure: no I/O.
 *
 * trending = (supports in the last 7 days + ½ × comments in the last 7 days + 1) / (age in hours + 2)^0.8:
 * recent activity counts, and a proposal's score decays slowly with age so new ones get a chance.
 */
export type ProposalSort = 'new' | 'top' | 'trending';

export interface RankInput {
  id: number;
  createdAt: Date;
  supports: number;
  opposes: number;
  recentSupports: number;
  recentComments: number;
}

export const TRENDING_WINDOW_DAYS = 7;

export function trendingScore(p: RankInput, now: Date): number {
  const ageHours = Math.max(0, (now.getTime() - p.createdAt.getTime()) / 3_600_000);
  return (p.recentSupports + 0.5 * p.recentComments + 1) / Math.pow(ageHours + 2, 0.8);
}

export function sortProposals<T extends RankInput>(rows: readonly T[], sort: ProposalSort, now: Date): T[] {
  const newest = (a: T, b: T) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id;
  const out = [...rows];
  if (sort === 'new') return out.sort(newest);
  if (sort === 'top')
    return out.sort(
      (a, b) => b.supports - b.opposes - (a.supports - a.opposes) || b.supports - a.supports || newest(a, b),
    );
  const scores = new Map(out.map((p) => [p.id, trendingScore(p, now)]));
  return out.sort((a, b) => scores.get(b.id)! - scores.get(a.id)! || newest(a, b));
}

export type TrendDirection = 'rising' | 'falling' | 'steady' | 'new';

/**
 * Supports in the latest window against the one before: 'rising' when up by at least a quarter (and at least
 * two supports), 'falling' when down likewise, 'new' when there was nothing before.
 */
export function trendOf(recent: number, previous: number): TrendDirection {
  if (previous === 0) return recent > 0 ? 'new' : 'steady';
  const change = recent - previous;
  if (Math.abs(change) < 2 || Math.abs(change) / previous < 0.25) return 'steady';
  return change > 0 ? 'rising' : 'falling';
}
