import { describe, expect, it } from 'vitest';
import {
  atRiskSignals,
  findReturnees,
  suppress,
  topResearchers,
  type ImpactHistory,
} from './talent-people.js';
import type { AuthorHistory } from './talent-flow.js';

const y = (shares: Record<string, number>, works = 2, top10 = 0) => ({ shares, works, top10 });

describe('top researchers', () => {
  // Ten active authors in 2021–2022; top share 0.2 → cut after 2, extended by the tie with the second.
  const history: ImpactHistory = {
    a: { 2021: y({ KR: 2 }, 2, 1), 2022: y({ KR: 2 }, 2, 1) }, // top10 2, works 4
    b: { 2022: y({ US: 3 }, 3, 1.5) }, // 1.5, 3
    c: { 2022: y({ KR: 3 }, 3, 1.5) }, // tie with b
    d: { 2021: y({ CN: 1 }, 1, 0.5), 2022: y({ US: 1 }, 1, 0) }, // tie between CN and US → ambiguous
    e: { 2020: y({ KR: 9 }, 9, 9) }, // outside the window
    f: { 2022: y({ KR: 5 }, 5, 0) },
    g: { 2022: y({ KR: 1 }, 1, 0) },
    h: { 2022: y({ JP: 1 }, 1, 0) },
    i: { 2022: y({ JP: 1 }, 1, 0) },
    j: { 2022: y({ JP: 1 }, 1, 0) },
    k: { 2022: y({ JP: 1 }, 1, 0) },
  };

  it('ranks by top-10 % papers then works, keeping ties at the cut, with career age', () => {
    const r = topResearchers(history, { from: 2021, to: 2022, topShare: 0.2 }, { a: 2015, c: 2022 });
    expect(r.active).toBe(10);
    expect(r.cutoff).toBe(2);
    expect(r.top.map((x) => [x.author, x.rank, x.top10, x.works, x.country])).toEqual([
      ['a', 1, 2, 4, 'KR'],
      ['b', 2, 1.5, 3, 'US'],
      ['c', 2, 1.5, 3, 'KR'],
    ]);
    expect(r.top.find((x) => x.author === 'a')!.careerAge).toBe(7);
    expect(r.top.find((x) => x.author === 'b')!.careerAge).toBeNull();
    expect(r.byCountry).toEqual({ KR: 2, US: 1 });
  });

  it('leaves authors without a top-10 % paper out and counts ambiguous countries', () => {
    const r = topResearchers(history, { from: 2021, to: 2022, topShare: 0.5 });
    expect(r.top.map((x) => x.author)).toEqual(['a', 'b', 'c', 'd']); // f (5 works, no top paper) is not top
    expect(r.ambiguous).toBe(1);
  });
});

describe('returnees', () => {
  const history: AuthorHistory = {
    back: { 2019: y({ KR: 2 }), 2020: y({ US: 2 }), 2021: y({ KR: 2 }) },
    backLate: { 2015: y({ KR: 2 }), 2019: y({ DE: 2 }), 2021: y({ KR: 2 }) }, // gap 2: counted
    tooLong: { 2015: y({ KR: 2 }), 2016: y({ JP: 2 }), 2021: y({ KR: 2 }) }, // gap 5: not a return
    newcomer: { 2020: y({ US: 2 }), 2021: y({ KR: 2 }) }, // never home before
    oneOff: { 2019: y({ KR: 2 }), 2020: y({ US: 1 }, 1), 2021: y({ KR: 2 }) }, // abroad on one paper only
    stayer: { 2019: y({ KR: 2 }), 2021: y({ KR: 2 }) },
  };

  it('counts home → abroad → home by the hand count', () => {
    const r = findReturnees(history, { home: 'KR', from: 2017, to: 2021, minWorks: 2, maxGap: 2 });
    expect(r.returnees.sort()).toEqual(['back', 'backLate']);
    expect(r.from).toEqual({ US: 1, DE: 1 });
    expect(r.byYear).toEqual({ 2021: 2 });
  });

  it('reads a one-off affiliation as a return only without the minimum-evidence rule', () => {
    const r = findReturnees(history, { home: 'KR', from: 2017, to: 2021, minWorks: 1, maxGap: 2 });
    expect(r.returnees.sort()).toEqual(['back', 'backLate', 'oneOff']);
  });
});

describe('at-risk signals', () => {
  const history: AuthorHistory = {
    left1: { 2020: y({ KR: 2 }), 2021: y({ US: 2 }) },
    left2: { 2020: y({ KR: 2 }), 2021: y({ SG: 1.5, KR: 0.5 }) },
    drift: { 2020: y({ KR: 2 }), 2021: y({ KR: 1.4, US: 0.6 }) }, // 30 % abroad
    calm: { 2020: y({ KR: 2 }), 2021: y({ KR: 1.8, US: 0.2 }) }, // 10 % abroad
    foreign: { 2020: y({ US: 2 }), 2021: y({ US: 2 }) },
    notHigh: { 2020: y({ KR: 2 }), 2021: y({ US: 2 }) },
  };

  it('counts high-impact home researchers who left or drift abroad', () => {
    const high = new Set(['left1', 'left2', 'drift', 'calm', 'foreign']);
    const r = atRiskSignals(history, high, {
      home: 'KR',
      targetYear: 2021,
      minWorks: 2,
      maxGap: 2,
      driftShare: 0.25,
    });
    expect(r).toEqual({ highImpactHome: 4, left: 2, leftTo: { US: 1, SG: 1 }, drifting: 1 });
  });
});

describe('suppression', () => {
  it('hides counts from 1 to minCell − 1 and keeps zeros', () => {
    expect([0, 1, 4, 5, 9].map((n) => suppress(n, 5))).toEqual([0, null, null, 5, 9]);
    expect(suppress(undefined, 5)).toBe(0);
  });
});
