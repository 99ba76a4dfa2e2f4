import { describe, expect, it } from 'vitest';
import { combinedLevels, DEFAULT_GAP_THRESHOLDS, evidenceGap, rta } from './commercialization.js';

describe('revealed technological advantage (hand-worked)', () => {
  it('RTA = (P_ct / P_c) / (P_t / P)', () => {
    // KR: 30 of its 200 grants in T; world: 100 of 1000 grants in T → (0.15)/(0.1) = 1.5; RSI = 0.5/2.5 = 0.2
    const r = rta(30, 200, 100, 1000);
    expect(r.rca).toBeCloseTo(1.5, 12);
    expect(r.rsi).toBeCloseTo(0.2, 12);
    // no grants in T: RTA 0, RSI −1 (a measured absence, not missing data)
    expect(rta(0, 200, 100, 1000)).toEqual({ rca: 0, rsi: -1 });
    // fractional counts: 1/3 of 11/6 grants, world 1 of 3 → 6/11
    expect(rta(1 / 3, 11 / 6, 1, 3).rca).toBeCloseTo(6 / 11, 12);
  });

  it('is undefined (null) without grants of the country, of the technology or of the world', () => {
    expect(rta(0, 0, 100, 1000)).toEqual({ rca: null, rsi: null });
    expect(rta(0, 10, 0, 1000)).toEqual({ rca: null, rsi: null });
    expect(rta(0, 10, 5, 0)).toEqual({ rca: null, rsi: null });
  });
});

describe('papers vs patents: the commercialization-gap flag', () => {
  const base = { works: 50, countryGrants: 500 };
  it('flags strong papers with weak patents, and the reverse', () => {
    // RCA 2 (RSI 1/3), RTA 0.5 (RSI −1/3): gap index 2/3
    const g = evidenceGap({ ...base, rca: 2, rta: 0.5 });
    expect(g.flag).toBe('commercialization_gap');
    expect(g.gapIndex).toBeCloseTo(2 / 3, 12);
    expect(evidenceGap({ ...base, rca: 0.5, rta: 2 }).flag).toBe('science_gap');
    expect(evidenceGap({ ...base, rca: 1.3, rta: 1.2 }).flag).toBe('strong_both');
    expect(evidenceGap({ ...base, rca: 0.8, rta: 0.1 }).flag).toBe('weak_both');
    // inside the neutral band (0.8, 1.2) on one side: no flag
    expect(evidenceGap({ ...base, rca: 1.5, rta: 1.0 }).flag).toBe('mixed');
    // no patents at all in the technology is a gap, not missing data
    expect(evidenceGap({ ...base, rca: 1.5, rta: 0 }).flag).toBe('commercialization_gap');
  });

  it('does not judge thin evidence', () => {
    expect(evidenceGap({ works: 9, countryGrants: 500, rca: 3, rta: 0 }).flag).toBe('insufficient_data');
    expect(evidenceGap({ works: 90, countryGrants: 19, rca: 3, rta: 0 }).flag).toBe('insufficient_data');
    expect(evidenceGap({ ...base, rca: null, rta: 1 })).toEqual({
      flag: 'insufficient_data',
      gapIndex: null,
    });
  });

  it('takes the thresholds as parameters', () => {
    const loose = { ...DEFAULT_GAP_THRESHOLDS, strongAt: 1.0, weakAt: 0.95 };
    expect(evidenceGap({ ...base, rca: 1.1, rta: 0.9 }).flag).toBe('mixed');
    expect(evidenceGap({ ...base, rca: 1.1, rta: 0.9 }, loose).flag).toBe('commercialization_gap');
  });
});

describe('technology level with patents', () => {
  it('weights the paper composite and the patent share, then rescales to the best country', () => {
    // weights papers 1, patents 0.5: A = (0.4 + 0.5·0.1)/1.5 = 0.3; B = (0.2 + 0.5·0.6)/1.5 = 0.333333
    const rows = combinedLevels(
      [
        { country: 'A', paperScore: 0.4, patentShare: 0.1 },
        { country: 'B', paperScore: 0.2, patentShare: 0.6 },
      ],
      { papers: 1, patents: 0.5 },
    );
    expect(rows[0]!.score).toBeCloseTo(0.3, 12);
    expect(rows[1]!.score).toBeCloseTo(1 / 3, 12);
    expect(rows[1]!.level).toBeCloseTo(100, 12);
    expect(rows[0]!.level).toBeCloseTo(90, 12);
    // weight 0 on patents gives the paper ranking back
    const papersOnly = combinedLevels(
      [
        { country: 'A', paperScore: 0.4, patentShare: 0.1 },
        { country: 'B', paperScore: 0.2, patentShare: 0.6 },
      ],
      { papers: 1, patents: 0 },
    );
    expect(papersOnly.map((r) => r.level)).toEqual([100, 50]);
    expect(() => combinedLevels([], { papers: 0, patents: 0 })).toThrow(RangeError);
  });
});
