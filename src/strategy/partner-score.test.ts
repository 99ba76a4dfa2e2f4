import { describe, expect, it } from 'vitest';
import { collaborationStrength, tieStrength } from '../core/collaboration.js';
import { expectClose, workedExamples } from '../../test/helpers/worked-examples.js';
import {
  alignmentOf,
  complementarity,
  cooperationType,
  DEFAULT_STRATEGY_PARAMS,
  momentum,
  parseWeights,
  partnerScore,
  rankPartners,
  subareaLevels,
  technologyMaturity,
  weightSensitivity,
  type StrategyInput,
  type StrategyParams,
  type Subarea,
} from './partner-score.js';

describe('collaboration strength (methods §7)', () => {
  for (const ex of workedExamples('collaboration.similarity')) {
    it(ex.id, () => {
      const i = ex.inputs as { N_works: number; s: Record<string, number>; c: Record<string, number> };
      for (const [pair, cij] of Object.entries(i.c)) {
        const [a, b] = pair.split('-') as [string, string];
        const r = collaborationStrength({ cij, si: i.s[a]!, sj: i.s[b]!, n: i.N_works });
        const e = (ex.expected as Record<string, Record<string, number>>)[pair]!;
        expectClose(
          { cosine: r.cosine, jaccard: r.jaccard, inclusion: r.inclusion, assoc_scaled: r.associationScaled },
          { cosine: e.cosine, jaccard: e.jaccard, inclusion: e.inclusion, assoc_scaled: e.assoc_scaled },
          ex.tolerance.abs,
          pair,
        );
        expectClose(r.association, e.assoc, ex.tolerance.assoc_abs ?? 1e-12, `${pair}.assoc`);
      }
    });
  }

  it('edge cases: size 0 → null, no co-works → 0, unknown N → no scaled value', () => {
    expect(collaborationStrength({ cij: 0, si: 0, sj: 5, n: 10 }).association).toBeNull();
    expect(collaborationStrength({ cij: 0, si: 3, sj: 5, n: 10 })).toMatchObject({
      cosine: 0,
      association: 0,
    });
    expect(collaborationStrength({ cij: 2, si: 3, sj: 5, n: null }).associationScaled).toBeNull();
    expect(tieStrength(null)).toBe(0);
    expect(tieStrength(1)).toBe(0.5);
  });
});

const exampleParams = (weights: Partial<StrategyParams['weights']> = {}): StrategyParams => ({
  ...DEFAULT_STRATEGY_PARAMS,
  home: 'KR',
  weights: { strength: 0.4, complementarity: 0.4, ties: 0.2, momentum: 0, alignment: 1, ...weights },
});

describe('partner score (methods §7)', () => {
  for (const ex of workedExamples('collaboration.partner_score')) {
    it(ex.id, () => {
      const i = ex.inputs as {
        home_sub_levels: number[];
        partners: Record<
          string,
          { level: number; sub_levels: number[]; assoc_scaled: number; like_minded: number }
        >;
      };
      const got: Record<string, Record<string, number>> = {};
      for (const [c, p] of Object.entries(i.partners)) {
        const x = {
          strength: p.level / 100,
          complementarity: complementarity(p.sub_levels, i.home_sub_levels),
          ties: tieStrength(p.assoc_scaled),
          momentum: 0.5,
          alignment: p.like_minded,
        };
        const s = partnerScore(x, exampleParams().weights);
        got[c] = { S: x.strength, C: x.complementarity, T: x.ties, M: x.alignment, score: s.score };
        // The contributions add up to the score.
        expect(Object.values(s.contributions).reduce((a, b) => a + b, 0)).toBeCloseTo(s.score, 12);
      }
      const { ranking, ...expected } = ex.expected as { ranking: string[] } & Record<string, unknown>;
      expectClose(got, expected, ex.tolerance.abs);
      // Through the full ranking with the same inputs as technology rows.
      const input = workedInput(i);
      expect(rankPartners(input, exampleParams()).map((r) => r.country)).toEqual(ranking);
    });
  }

  it('alignment weight 0 ignores alignment; a = 0.5 halves its effect (hand-worked)', () => {
    const x = { strength: 0.95, complementarity: 0.316667, ties: 0.238095, momentum: 0, alignment: 0.2 };
    const base = 0.4 * 0.95 + 0.4 * 0.316667 + 0.2 * 0.238095; // 0.554286
    expect(partnerScore(x, { ...exampleParams().weights, alignment: 0 }).score).toBeCloseTo(base, 6);
    expect(partnerScore(x, { ...exampleParams().weights, alignment: 0.5 }).score).toBeCloseTo(0.6 * base, 6);
  });

  it('weights are normalised by their sum and momentum enters when weighted (hand-worked)', () => {
    const x = { strength: 1, complementarity: 0, ties: 0, momentum: 0.5, alignment: 1 };
    // (0.35·1 + 0.15·0.5) / (0.35 + 0.3 + 0.2 + 0.15) = 0.425
    expect(partnerScore(x, DEFAULT_STRATEGY_PARAMS.weights).score).toBeCloseTo(0.425, 12);
    expect(partnerScore(x, { ...DEFAULT_STRATEGY_PARAMS.weights, strength: 3.5 }).score).toBeCloseTo(
      (3.5 + 0.075) / 4.15,
      12,
    );
  });

  it('momentum is 0.5 at the world pace, 1 at +span, 0 at −span, 0.5 when unknown', () => {
    expect(momentum(0.1, 0.1, 0.2)).toBe(0.5);
    expect(momentum(0.3, 0.1, 0.2)).toBeCloseTo(1, 12);
    expect(momentum(-0.2, 0.1, 0.2)).toBe(0);
    expect(momentum(0.15, 0.1, 0.2)).toBeCloseTo(0.625, 12);
    expect(momentum(null, 0.1, 0.2)).toBe(0.5);
  });

  it('alignment: first listed group wins, default otherwise', () => {
    const table = {
      defaultAlignment: 0.5,
      groups: [
        { id: 'concern', name_en: '', name_ko: '', alignment: 0.2, members: ['CN'], source: '' },
        { id: 'g', name_en: '', name_ko: '', alignment: 1, members: ['US', 'CN'], source: '' },
      ],
    };
    expect(alignmentOf('CN', table)).toEqual({ value: 0.2, group: 'concern' });
    expect(alignmentOf('US', table)).toEqual({ value: 1, group: 'g' });
    expect(alignmentOf('BR', table)).toEqual({ value: 0.5, group: null });
  });

  it('parses weights and reports every problem', () => {
    expect(parseWeights('strength=1,ties=0').weights).toMatchObject({ strength: 1, ties: 0, momentum: 0.15 });
    const bad = parseWeights('strenght=1,ties=-1,alignment=2');
    expect(bad.problems).toHaveLength(3);
    expect(parseWeights('strength=0,complementarity=0,ties=0,momentum=0').problems[0]).toMatch(
      /at least one/,
    );
  });
});

describe('cooperation type (methods §7)', () => {
  for (const ex of workedExamples('collaboration.cooperation_type')) {
    it(ex.id, () => {
      const cases = (
        ex.inputs as { cases: Array<{ emerging: boolean; home_level: number; partner_level: number }> }
      ).cases;
      const types = cases.map(
        (c) =>
          cooperationType(
            { emerging: c.emerging, worldCagr: c.emerging ? 0.2 : 0.05, threshold: 0.15 },
            c.partner_level,
            c.home_level,
          ).type,
      );
      expect(types).toEqual((ex.expected as { types: string[] }).types);
    });
  }

  it('maturity threshold and reasons in words', () => {
    expect(technologyMaturity(0.15, 0.15).emerging).toBe(true);
    expect(technologyMaturity(0.149, 0.15).emerging).toBe(false);
    expect(technologyMaturity(null, 0.15).emerging).toBe(false);
    const r = cooperationType(technologyMaturity(0.2, 0.15), 100, 65, { home: 'KR', partner: 'US' });
    expect(r.type).toBe('new_tech_acquisition');
    expect(r.reason).toBe(
      'new-technology acquisition: emerging technology (world output grew 20.0 % a year, ≥ 15.0 %); US is ahead (level 100.0 > KR 65.0).',
    );
    expect(r.reasonKo).toContain('신기술 획득형');
    expect(cooperationType(technologyMaturity(0.02, 0.15), 30, null).type).toBe('market_catch_up');
  });
});

describe('sub-area levels', () => {
  it('levels per topic from output and top-10 % shares, largest topics kept', () => {
    const subs = subareaLevels(
      [
        { subarea: 'T1', label: 'a', country: 'US', works: 6, top10: 1 },
        { subarea: 'T1', label: 'a', country: 'KR', works: 4, top10: 0 },
        { subarea: 'T2', label: 'b', country: 'KR', works: 2, top10: 0 },
        { subarea: 'T3', label: 'c', country: 'DE', works: 1, top10: 0 },
      ],
      { maxSubareas: 2, minWorks: 2 },
    );
    expect(subs.map((s) => s.id)).toEqual(['T1', 'T2']);
    // US: 0.5·0.6 + 0.5·1 = 0.8 (best); KR: 0.5·0.4 = 0.2 → 25
    expect(subs[0]!.levels.get('US')).toBe(100);
    expect(subs[0]!.levels.get('KR')).toBeCloseTo(25, 12);
    // No top-10 % works in T2: output only.
    expect(subs[1]!.levels.get('KR')).toBe(100);
  });
});

/** The worked example as technology rows: three sub-areas, ties from AS* via N and sizes. */
function workedInput(i: {
  home_sub_levels: number[];
  partners: Record<
    string,
    { level: number; sub_levels: number[]; assoc_scaled: number; like_minded: number }
  >;
}): StrategyInput {
  const subareas: Subarea[] = i.home_sub_levels.map((h, k) => ({
    id: `k${k}`,
    label: null,
    worldWorks: 100,
    levels: new Map([
      ['KR', h],
      ...Object.entries(i.partners).map(([c, p]) => [c, p.sub_levels[k]!] as const),
    ]),
  }));
  // N = 1, s_KR = 1, s_p = 1, c = AS* gives the example's AS* exactly.
  const n = 1;
  return {
    techId: 't',
    home: 'KR',
    homeLevel: 65,
    candidates: Object.entries(i.partners).map(([country, p]) => ({
      country,
      level: p.level,
      works: 10,
      top10WorldShare: null,
      cagr: null,
    })),
    subareas,
    subareaKind: 'topics',
    ties: {
      technology: {
        source: 'technology',
        description: 'example',
        n,
        homeWorks: 1,
        sizes: new Map(Object.keys(i.partners).map((c) => [c, 1])),
        withHome: new Map(Object.entries(i.partners).map(([c, p]) => [c, p.assoc_scaled])),
      },
      overall: null,
    },
    worldCagr: 0.2,
    alignment: {
      defaultAlignment: 1,
      groups: Object.entries(i.partners).map(([c, p]) => ({
        id: c,
        name_en: c,
        name_ko: c,
        alignment: p.like_minded,
        members: [c],
        source: 'example',
      })),
    },
  };
}

describe('ranking and weight sensitivity (hand-made technology)', () => {
  // A strong but unconnected country (AA), a weaker well-connected complementary one (BB), a mid one (CC).
  const input: StrategyInput = {
    techId: 't',
    home: 'KR',
    homeLevel: 40,
    candidates: [
      { country: 'AA', level: 100, works: 100, top10WorldShare: 0.5, cagr: 0.0 },
      { country: 'BB', level: 50, works: 40, top10WorldShare: 0.1, cagr: 0.3 },
      { country: 'CC', level: 70, works: 50, top10WorldShare: 0.2, cagr: 0.1 },
      { country: 'KR', level: 40, works: 20, top10WorldShare: 0.05, cagr: 0.1 },
    ],
    subareas: [
      {
        id: 's1',
        label: null,
        worldWorks: 10,
        levels: new Map([
          ['AA', 100],
          ['BB', 100],
          ['CC', 60],
          ['KR', 20],
        ]),
      },
      {
        id: 's2',
        label: null,
        worldWorks: 10,
        levels: new Map([
          ['AA', 100],
          ['BB', 90],
          ['CC', 100],
          ['KR', 90],
        ]),
      },
    ],
    subareaKind: 'topics',
    ties: {
      technology: {
        source: 'technology',
        description: 'hand-made',
        n: 100,
        homeWorks: 20,
        sizes: new Map([
          ['AA', 100],
          ['BB', 40],
          ['CC', 50],
        ]),
        withHome: new Map([
          ['AA', 0],
          ['BB', 16],
          ['CC', 5],
        ]),
      },
      overall: null,
    },
    worldCagr: 0.1,
    alignment: { defaultAlignment: 1, groups: [] },
  };
  const params: StrategyParams = { ...DEFAULT_STRATEGY_PARAMS, home: 'KR' };

  it('decomposes every score and excludes the home country', () => {
    const ranked = rankPartners(input, params);
    expect(ranked.map((r) => r.country)).not.toContain('KR');
    for (const r of ranked) {
      const sum = Object.values(r.components).reduce((s, c) => s + c.contribution, 0);
      expect(sum).toBeCloseTo(r.score, 12);
    }
    const bb = ranked.find((r) => r.country === 'BB')!;
    // AS* = 100·16/(20·40) = 2 → T = 2/3; C = ((100−20) + 0)/2/100 = 0.4; G = 0.5 + 0.2/0.4 = 1.
    expect(bb.components.ties.value).toBeCloseTo(2 / 3, 12);
    expect(bb.components.complementarity.value).toBeCloseTo(0.4, 12);
    expect(bb.components.momentum.value).toBe(1);
    expect(bb.ties.technology.associationScaled).toBeCloseTo(2, 12);
    expect(bb.cooperation.type).toBe('market_catch_up');
  });

  it('changing the weights changes the ranking as expected', () => {
    const strengthOnly = rankPartners(input, {
      ...params,
      weights: { strength: 1, complementarity: 0, ties: 0, momentum: 0, alignment: 1 },
    });
    expect(strengthOnly.map((r) => r.country)).toEqual(['AA', 'CC', 'BB']);
    const tiesHeavy = rankPartners(input, {
      ...params,
      weights: { strength: 0.1, complementarity: 0.1, ties: 1, momentum: 0, alignment: 1 },
    });
    expect(tiesHeavy[0]!.country).toBe('BB');
  });

  it('reports the stability of the top 5 under ±20 % weights', () => {
    const s = weightSensitivity(input, params);
    expect(s.cases).toHaveLength(10);
    expect(s.baseline).toHaveLength(3);
    expect(s.setStability).toBe(1); // only three candidates: the set cannot change
    expect(s.orderStability).toBeGreaterThanOrEqual(0);
    expect(s.orderStability).toBeLessThanOrEqual(1);
  });
});
