import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, workedExamples } from '../../test/helpers/worked-examples.js';
import { citationImpact, referenceStats, topShareFractions, type WeightedWork } from './citation-impact.js';
import { concentration, monopolyRisk, type MonopolyRiskThresholds } from './concentration.js';
import { cagr, worldShare } from './growth.js';
import { specialisation } from './specialisation.js';
import { gapYears, kistepBand, standingClass, technologyLevel } from './technology-level.js';

type Inputs = Record<string, unknown>;

describe('citation impact against the worked examples', () => {
  for (const ex of workedExamples('impact')) {
    it(ex.id, () => {
      const i = ex.inputs as Inputs;
      const abs = ex.tolerance.abs;
      if (ex.method === 'impact.mncs_and_top10') {
        const sets = i.reference_sets as Record<string, number[]>;
        const refs = new Map(Object.entries(sets).map(([k, c]) => [k, referenceStats(c, i.p as number)]));
        const works = (
          i.unit_publications as Array<{ field_year: string; citations: number; weight: number }>
        ).map((w) => ({ citations: w.citations, weight: w.weight, referenceSet: w.field_year }));
        const r = citationImpact(works, refs);
        expectClose(r.mncs, ex.expected.unit_MNCS, abs);
        expectClose(r.topShare, ex.expected.unit_PP_top10, abs);
        expectClose(
          works.map((w) => refs.get(w.referenceSet)!.fractions.get(w.citations)),
          ex.expected.fraction_in_top10,
          abs,
        );
        return;
      }
      const citations = i.reference_set_citations as number[];
      const p = (i.p as number | undefined) ?? 0.1;
      const refs = new Map([['', referenceStats(citations, p)]]);
      const works = i.unit_publications as WeightedWork[];
      const r = citationImpact(works, refs);
      const fractions = topShareFractions(citations, p);
      const sum = citations.reduce((s, c) => s + fractions.get(c)!, 0);
      if (ex.method === 'impact.mncs') {
        expectClose(refs.get('')!.mean, ex.expected.expected_citations, abs);
        expectClose(r.mncs, ex.expected.unit_MNCS, abs);
      } else if (p === 0.1) {
        expectClose(r.topShare, ex.expected.unit_PP_top10, abs);
        expectClose(sum, ex.expected.sum_fractions_reference_set, abs);
        const byCitations = ex.expected.fraction_in_top10_by_citations as Record<string, number>;
        for (const [c, f] of Object.entries(byCitations))
          expectClose(fractions.get(Number(c)), f, abs, `f(${c})`);
      } else {
        expectClose(r.topShare, ex.expected.unit_PP_top1, abs);
        expectClose(sum, ex.expected.sum_fractions_reference_set, abs);
        expectClose(fractions.get(50), ex.expected.fraction_in_top1_for_50_citations, abs);
      }
    });
  }

  it('splits ties so that the fractions of a reference set sum to exactly p·N (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat({ max: 50 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.01, 0.1, 0.25),
        (citations, p) => {
          const f = topShareFractions(citations, p);
          const sum = citations.reduce((s, c) => s + f.get(c)!, 0);
          expect(sum).toBeCloseTo(p * citations.length, 9);
          for (const v of f.values()) expect(v >= 0 && v <= 1).toBe(true);
        },
      ),
    );
  });

  it('gives the world as a whole a top-p share of exactly p (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 200 }), (citations) => {
        const refs = new Map([['', referenceStats(citations, 0.1)]]);
        const r = citationImpact(
          citations.map((c) => ({ citations: c, weight: 1 })),
          refs,
        );
        expect(r.topShare!).toBeCloseTo(0.1, 9);
      }),
    );
  });

  it('excludes works of an uncited reference set from MNCS and counts them', () => {
    const refs = new Map([['', referenceStats([0, 0, 0], 0.1)]]);
    const r = citationImpact([{ citations: 0, weight: 1 }], refs);
    expect(r).toMatchObject({ mncs: null, excludedFromMncs: 1 });
  });
});

describe('specialisation against the worked examples', () => {
  for (const ex of workedExamples('specialisation')) {
    it(ex.id, () => {
      const i = ex.inputs as Record<string, number>;
      expectClose(specialisation(i.x_ct!, i.x_c!, i.x_t!, i.x!), ex.expected, ex.tolerance.abs);
    });
  }
  it('keeps RSI within [−1, 1) (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(1000),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        (a, b, c) => {
          const { rsi } = specialisation(Math.min(a, b, c), b, c, 10_000);
          expect(rsi! >= -1 && rsi! < 1).toBe(true);
        },
      ),
    );
  });
});

describe('growth against the worked examples', () => {
  for (const ex of workedExamples('growth')) {
    it(ex.id, () => {
      const i = ex.inputs as Record<string, number>;
      if (ex.method === 'growth.cagr')
        expectClose(cagr(i.v_start!, i.v_end!, i.years!), ex.expected.cagr, ex.tolerance.abs);
      else expectClose(worldShare(i.x_c!, i.x_world!), ex.expected.share, ex.tolerance.abs);
    });
  }
  it('is null for negative values and empty intervals', () => {
    expect(cagr(-1, 5, 3)).toBeNull();
    expect(cagr(5, -1, 3)).toBeNull();
    expect(cagr(5, 10, 0)).toBeNull();
  });
});

describe('concentration against the worked examples', () => {
  for (const ex of workedExamples('concentration.hhi')) {
    it(ex.id, () => {
      const i = ex.inputs as { shares?: number[]; fractional_counts?: Record<string, number> };
      const counts = i.fractional_counts ?? Object.fromEntries(i.shares!.map((s, k) => [`U${k}`, s]));
      const c = concentration(counts)!;
      const e = ex.expected as Record<string, unknown>;
      expectClose(c.hhi, e.hhi_unit, ex.tolerance.abs);
      expectClose(c.hhi10000, e.hhi_10000, ex.tolerance.hhi_10000_abs ?? ex.tolerance.abs);
      expectClose(c.cr1, e.cr1, ex.tolerance.abs);
      expectClose(c.cr3, e.cr3, ex.tolerance.abs);
      if ('hhi_normalised' in e) expectClose(c.hhiNormalised, e.hhi_normalised, ex.tolerance.abs);
      if ('shares_known' in e) expectClose(Object.fromEntries(c.shares), e.shares_known, ex.tolerance.abs);
      if ('unknown_share_of_all' in e) expectClose(c.unknownShare, e.unknown_share_of_all, ex.tolerance.abs);
    });
  }
  for (const ex of workedExamples('concentration.tech_monopoly_risk')) {
    it(ex.id, () => {
      const i = ex.inputs as {
        top_share: number;
        second_share: number;
        top10_institutions_in_top_country: number;
        thresholds: MonopolyRiskThresholds;
      };
      const r = monopolyRisk(i.top_share, i.second_share, i.top10_institutions_in_top_country, i.thresholds);
      expectClose({ lead_ratio: r.leadRatio, risk: r.risk }, ex.expected, ex.tolerance.abs);
    });
  }
  it('shares of known units sum to 1 and HHI lies in [1/N, 1] (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('KR', 'US', 'CN', 'DE', 'JP', 'UNKNOWN'),
          fc.double({ min: 0.01, max: 1e4 }),
        ),
        (counts) => {
          const c = concentration(counts);
          if (!c) return;
          expect([...c.shares.values()].reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
          expect(c.hhi).toBeGreaterThanOrEqual(1 / c.units - 1e-12);
          expect(c.hhi).toBeLessThanOrEqual(1 + 1e-12);
        },
      ),
    );
  });
  it('is null when nothing is known', () => expect(concentration({ UNKNOWN: 5 })).toBeNull());
});

describe('technology level against the worked examples', () => {
  for (const ex of workedExamples('level.gap_years')) {
    it(ex.id, () => {
      const i = ex.inputs as { country_scores: Record<string, number>; leader_score_2023: number };
      const series = Object.entries(i.country_scores).map(([y, s]) => ({ year: Number(y), score: s }));
      const last = series.at(-1)!.score;
      const level = technologyLevel(last, i.leader_score_2023)!;
      const linear = gapYears(series, i.leader_score_2023);
      const e = ex.expected as Record<string, unknown>;
      expectClose(level, e.level, ex.tolerance.abs);
      expect(kistepBand(level)).toBe(e.kistep_band);
      expectClose(linear.trend, e.ols_slope_per_year, ex.tolerance.abs);
      expectClose(linear.gapYears, e.gap_years_linear, ex.tolerance.abs);
      if ('gap_years_loglinear' in e) {
        const log = gapYears(series, i.leader_score_2023, { method: 'loglinear' });
        expectClose(log.trend, e.loglinear_growth_rate, ex.tolerance.abs);
        expectClose(log.gapYears, e.gap_years_loglinear, ex.tolerance.abs);
      }
    });
  }
  for (const ex of workedExamples('level.kistep_band')) {
    it(ex.id, () => expect((ex.inputs.levels as number[]).map(kistepBand)).toEqual(ex.expected.bands));
  }
  for (const ex of workedExamples('level.standing_class')) {
    it(ex.id, () => {
      const cases = ex.inputs.cases as Array<{ level: number; gap_years: number | null }>;
      expect(cases.map((c) => standingClass(c.level, c.gap_years))).toEqual(ex.expected.classes);
    });
  }
  it('gives the leader a gap of 0', () => {
    expect(gapYears([{ year: 2023, score: 10 }], 10).gapYears).toBe(0);
  });
});
