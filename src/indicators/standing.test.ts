import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeStanding, defaultParams, type CountryTotalRow, type FactRow } from './standing.js';

const fact = (
  country: string,
  year: number,
  worksFrac: number,
  top10Frac: number | null,
  worksFull = Math.ceil(worksFrac),
): FactRow => ({
  country,
  year,
  worksFull,
  worksFrac,
  top10Frac,
  top1Frac: top10Frac === null ? null : top10Frac / 10,
  citationsFrac: null,
  ncsSum: top10Frac === null ? null : worksFrac * 1.2,
  ncsWeight: top10Frac === null ? null : worksFrac,
});

// Three countries over 2019–2023: US leads and is flat, CN grows fast, KR grows steadily.
const facts: FactRow[] = [];
for (const [i, year] of [2019, 2020, 2021, 2022, 2023].entries()) {
  facts.push(fact('US', year, 100, 15));
  facts.push(fact('CN', year, 60 + 18 * i, 4 + 2 * i));
  facts.push(fact('KR', year, 20 + 2 * i, 1 + 0.2 * i));
  facts.push(fact('UNKNOWN', year, 5, 0.5));
}
const totals: CountryTotalRow[] = ['US', 'CN', 'KR'].flatMap((country) =>
  [2019, 2020, 2021, 2022, 2023].map((year) => ({ country, year, worksFull: 1000, worksFrac: 1000 })),
);

describe('computeStanding', () => {
  const s = computeStanding(facts, totals, [], defaultParams(2023));

  it('ranks countries by their share of the world top-10 % works', () => {
    expect(s.countries.map((c) => [c.country, c.rank])).toEqual([
      ['US', 1],
      ['CN', 2],
      ['KR', 3],
    ]);
  });

  it('computes world shares that, with UNKNOWN, add up to 1', () => {
    const shares = s.countries.reduce((t, c) => t + c.worldShare!, 0);
    expect(shares + s.world.unknownShare!).toBeCloseTo(1, 12);
  });

  it('computes output growth over the window and RCA against all works', () => {
    const kr = s.home!;
    expect(kr.cagr).toBeCloseTo(Math.pow(28 / 20, 1 / 4) - 1, 10);
    // KR: 120 of its 5000 works are in the technology; the world: 1125 (UNKNOWN included) of 15000
    expect(kr.rca).toBeCloseTo(120 / 5000 / (1125 / 15000), 10);
    expect(kr.top10OutputShare).toBeCloseTo(7 / 120, 10);
  });

  it('gives the leader level 100 and the others a level, band, gap and class', () => {
    const us = s.countries[0]!;
    expect(us).toMatchObject({ level: 100, band: '최고', gapYears: 0, standingClass: 'leading' });
    const kr = s.home!;
    expect(kr.level).toBeGreaterThan(0);
    expect(kr.level).toBeLessThan(40);
    expect(kr.band).toBe('낙후');
    expect(kr.standingClass).toBe('future_challenge');
    // KR's composite rises only slowly: far more than 10 years from the leader's level.
    expect(kr.gapTrend!).toBeGreaterThan(0);
    expect(kr.gapYears!).toBeGreaterThan(100);
    // CN is below the leader over the window but rising fast: a short, positive gap (0 is for the leader only).
    const cn = s.countries[1]!;
    expect(cn.level!).toBeLessThan(100);
    expect(cn.gapYears!).toBeGreaterThan(0);
    expect(cn.gapYears!).toBeLessThan(10);
  });

  it('reports concentration on known countries and the monopoly-risk inputs', () => {
    expect(s.concentration!.cr1).toBeCloseTo(500 / (500 + 480 + 120), 10);
    expect(s.monopoly).toMatchObject({ leader: 'US', topInstitutionsInLeader: 0, risk: 'low' });
  });

  it('names its method and parameters', () => {
    expect(s.method.ranking).toMatch(/top-10 %/);
    expect(s.params).toMatchObject({ from: 2019, to: 2023, counting: 'fractional', home: 'KR' });
  });

  it('runs on aggregates without citation data and says so', () => {
    const agg = computeStanding(
      facts.map((f) => ({ ...f, top10Frac: null, top1Frac: null, ncsSum: null, ncsWeight: null })),
      totals,
      [],
      defaultParams(2023),
    );
    expect(agg.notes.join(' ')).toMatch(/No citation data/);
    expect(agg.countries[0]!.country).toBe('US');
    expect(agg.home!.top10WorldShare).toBeNull();
  });

  it('keeps fractional world shares summing to 1 for any facts (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            c: fc.constantFrom('KR', 'US', 'CN', 'DE', 'UNKNOWN'),
            y: fc.integer({ min: 2019, max: 2023 }),
            w: fc.double({ min: 0.1, max: 100, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (rows) => {
          const st = computeStanding(
            rows.map((r) => fact(r.c, r.y, r.w, r.w / 10)),
            [],
            [],
            defaultParams(2023),
          );
          const total =
            st.countries.reduce((t, c) => t + (c.worldShare ?? 0), 0) + (st.world.unknownShare ?? 0);
          expect(total).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});
