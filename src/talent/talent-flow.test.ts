import { describe, expect, it } from 'vitest';
import { expectClose, workedExamples } from '../../test/helpers/worked-examples.js';
import { dominantCountry, movesMatrix, netFlows, type AuthorHistory } from './talent-flow.js';

describe('talent flows against the worked example', () => {
  for (const ex of workedExamples('talent.net_flow')) {
    it(ex.id, () => {
      const input = ex.inputs as {
        target_year: number;
        max_gap_years: number;
        author_country_shares: Record<string, Record<string, Record<string, number>>>;
      };
      const history: AuthorHistory = Object.fromEntries(
        Object.entries(input.author_country_shares).map(([a, years]) => [
          a,
          Object.fromEntries(Object.entries(years).map(([y, shares]) => [Number(y), { shares, works: 1 }])),
        ]),
      );
      const f = netFlows(history, {
        targetYear: input.target_year,
        maxGap: input.max_gap_years,
        minWorks: 1,
      });
      expect(f.moves.map((m) => ({ author: m.author, from: m.from, to: m.to }))).toEqual(ex.expected.moves);
      expectClose(f.inflow, ex.expected.inflow, 0);
      expectClose(f.outflow, ex.expected.outflow, 0);
      expectClose(f.net, ex.expected.net, 0);
      expect(f.skipped).toEqual(ex.expected.skipped);
    });
  }
});

describe('talent flows', () => {
  const one = (shares: Record<string, number>, works = 1) => ({ shares, works });

  it('keeps net flows summing to zero', () => {
    const f = netFlows(
      {
        a: { 2020: one({ KR: 1 }), 2021: one({ US: 1 }) },
        b: { 2019: one({ CN: 1 }), 2021: one({ KR: 1 }) },
        c: { 2020: one({ US: 1 }), 2021: one({ CN: 1 }) },
      },
      { targetYear: 2021, maxGap: 2, minWorks: 1 },
    );
    expect(Object.values(f.net).reduce((s, x) => s + x, 0)).toBe(0);
  });

  it('ignores one-off affiliations under the minimum-evidence rule', () => {
    // One paper from a visiting stay in the US in 2021 against three Korean papers the year before.
    const history: AuthorHistory = { v: { 2020: one({ KR: 3 }, 3), 2021: one({ US: 1 }, 1) } };
    expect(netFlows(history, { targetYear: 2021, maxGap: 2, minWorks: 1 }).moves).toHaveLength(1);
    const strict = netFlows(history, { targetYear: 2021, maxGap: 2, minWorks: 2 });
    expect(strict.moves).toHaveLength(0);
    expect(strict.skipped.v).toMatch(/only 1 work\(s\) in 2021/);
  });

  it('finds no dominant country on a tie or an unknown country', () => {
    expect(dominantCountry({ KR: 0.5, DE: 0.5 })).toEqual({ country: null, reason: 'tie' });
    expect(dominantCountry({ UNKNOWN: 0.7, KR: 0.3 }).country).toBeNull();
    expect(dominantCountry({ KR: 0.7, US: 0.3 }).country).toBe('KR');
  });

  it('suppresses small cells in the public matrix', () => {
    const moves = [
      ...Array.from({ length: 6 }, (_, i) => ({ author: `a${i}`, from: 'KR', to: 'US', fromYear: 2020 })),
      { author: 'x', from: 'KR', to: 'DE', fromYear: 2020 },
    ];
    expect(movesMatrix(moves, 5)).toEqual([
      { from: 'KR', to: 'US', moves: 6 },
      { from: 'KR', to: 'DE', moves: null },
    ]);
  });
});
