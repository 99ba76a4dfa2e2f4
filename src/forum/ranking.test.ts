import { describe, expect, it } from 'vitest';
import { sortProposals, trendingScore, trendOf, type RankInput } from './ranking.js';

const now = new Date('2026-05-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const p = (id: number, over: Partial<RankInput>): RankInput => ({
  id,
  createdAt: hoursAgo(24),
  supports: 0,
  opposes: 0,
  recentSupports: 0,
  recentComments: 0,
  ...over,
});

describe('ranking', () => {
  const rows = [
    p(1, { createdAt: hoursAgo(500), supports: 40, recentSupports: 0 }),
    p(2, { createdAt: hoursAgo(10), supports: 6, recentSupports: 6, recentComments: 4 }),
    p(3, { createdAt: hoursAgo(1), supports: 0 }),
    p(4, { createdAt: hoursAgo(48), supports: 10, opposes: 9 }),
  ];

  it('sorts by new, top (net support) and trending', () => {
    expect(sortProposals(rows, 'new', now).map((r) => r.id)).toEqual([3, 2, 4, 1]);
    expect(sortProposals(rows, 'top', now).map((r) => r.id)).toEqual([1, 2, 4, 3]);
    expect(sortProposals(rows, 'trending', now).map((r) => r.id)).toEqual([2, 3, 4, 1]);
  });

  it('computes the trending score from recent activity and age', () => {
    expect(
      trendingScore(p(9, { createdAt: hoursAgo(0), recentSupports: 3, recentComments: 2 }), now),
    ).toBeCloseTo(5 / Math.pow(2, 0.8));
  });

  it('names a trend only for a real change', () => {
    expect(trendOf(0, 0)).toBe('steady');
    expect(trendOf(3, 0)).toBe('new');
    expect(trendOf(10, 5)).toBe('rising');
    expect(trendOf(2, 10)).toBe('falling');
    expect(trendOf(11, 10)).toBe('steady');
  });
});
