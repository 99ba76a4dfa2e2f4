import { describe, expect, it } from 'vitest';
import { compileRecipes } from '../classify/classify-work.js';
import { caseIntakeSchema, type CaseIntake, type RuleSet } from '../shared/schemas/security.js';
import { addDays, answerState, caseDeadlines } from './deadlines.js';
import { DEFAULT_RULE_SET, parseRuleSet } from './rules.js';
import { screenCase, type ScreeningContext } from './screening.js';

const technologies = [
  { id: 'kr2022.semis.ai_chip', taxonomy: 'kr-2022', name: 'AI chips', nameKo: 'AI 반도체' },
  { id: 'kr2022.quantum.computing', taxonomy: 'kr-2022', name: 'Quantum computing', nameKo: '양자 컴퓨팅' },
  { id: 'us-2024.x', taxonomy: 'us-2024', name: 'Other list', nameKo: '다른 목록' },
];
const recipes = compileRecipes([
  {
    techId: 'kr2022.semis.ai_chip',
    version: 1,
    topics: [],
    minTopicScore: 0.5,
    query: '(NPU OR "neural processing unit" OR neuromorphic) AND (chip OR accelerator)',
    rule: 'query',
    titleQueryRule: false,
  },
]);
const ctx: ScreeningContext = {
  technologies,
  recipes: new Map(recipes.map((r) => [r.techId, r])),
  watchlist: [
    {
      id: 7,
      name: 'Example Defence Academy',
      aliases: ['EDA'],
      country: 'XX',
      source: 'test list',
      reason: 'dual-use',
    },
  ],
};

const base: CaseIntake = caseIntakeSchema.parse({
  caseType: 'visiting-researcher',
  counterpartName: 'University of Somewhere',
  counterpartCountry: 'FR',
  description: 'A visiting researcher joins the lab for six months to study soil microbes.',
  receivedOn: '2026-03-02',
});

const fired = (c: Partial<CaseIntake>, set: RuleSet = DEFAULT_RULE_SET) =>
  screenCase({ ...base, ...c }, set, 1, ctx);

describe('screening rules: each fires on its own hand-made case and explains itself', () => {
  it('a harmless case scores 0, is low, and lists every rule as not fired', () => {
    const s = fired({});
    expect(s.score).toBe(0);
    expect(s.level).toBe('low');
    expect(s.contributions).toEqual([]);
    expect(s.notFired).toHaveLength(DEFAULT_RULE_SET.rules.length);
  });

  it('strategic technology picked from the registry (only technologies of the rule’s list)', () => {
    const s = fired({ technologyIds: ['kr2022.quantum.computing', 'us-2024.x'] });
    expect(s.contributions.map((x) => x.ruleId)).toEqual(['strategic-tech-picked']);
    expect(s.contributions[0]!.evidence).toBe('picked: Quantum computing (kr2022.quantum.computing)');
    expect(s.contributions[0]!.evidenceKo).toContain('양자 컴퓨팅');
  });

  it('strategic technology found in the description by its classification query, with the words', () => {
    const s = fired({ description: 'They ask for the layout of our neuromorphic accelerator chip.' });
    const c = s.contributions.find((x) => x.ruleId === 'strategic-tech-described')!;
    expect(c.evidence).toContain('AI chips');
    expect(c.evidence).toMatch(/neuromorphic/);
    expect(c.points).toBe(15);
  });

  it('country group, naming the group and its source', () => {
    const s = fired({ counterpartCountry: 'KP' });
    const c = s.contributions.find((x) => x.ruleId === 'country-sanctions')!;
    expect(c.evidence).toContain('KP is in');
    expect(c.evidence).toContain('1718');
    expect(fired({ counterpartCountry: 'JP' }).contributions).toEqual([]);
  });

  it('watch-list entity by alias or spelling variant, with the match score', () => {
    const s = fired({ counterpartName: 'Example Defense Academy' });
    const c = s.contributions.find((x) => x.ruleId === 'watchlist-entity')!;
    expect(c.evidence).toMatch(
      /"Example Defense Academy" ~ "Example Defence Academy" score 0\.\d\d ≥ 0.88; listed by test list: dual-use/,
    );
    expect(fired({ funder: 'EDA' }).contributions.map((x) => x.ruleId)).toEqual(['watchlist-entity']);
    expect(fired({ counterpartName: 'Example University' }).contributions).toEqual([]);
  });

  it('funding threshold, for the case types it names', () => {
    const big = fired({ caseType: 'overseas-funding', amountKrw: 150_000_000 });
    expect(big.contributions.map((x) => x.ruleId)).toEqual(['large-funding']);
    expect(big.contributions[0]!.evidence).toBe('KRW 150,000,000 ≥ KRW 100,000,000');
    expect(fired({ caseType: 'overseas-funding', amountKrw: 99_999_999 }).contributions).toEqual([]);
    expect(fired({ caseType: 'visiting-researcher', amountKrw: 500_000_000 }).contributions).toEqual([]);
  });

  it('undisclosed information counts only with a strategic technology when the rule says so', () => {
    expect(fired({ undisclosed: true }).contributions).toEqual([]);
    const s = fired({ undisclosed: true, technologyIds: ['kr2022.semis.ai_chip'] });
    expect(s.contributions.map((x) => x.ruleId)).toEqual(['strategic-tech-picked', 'undisclosed-strategic']);
    expect(s.score).toBe(55);
    expect(s.level).toBe('medium');
  });

  it('case type', () => {
    expect(fired({ caseType: 'material-export' }).contributions.map((x) => x.ruleId)).toEqual([
      'material-export',
    ]);
  });

  it('scores add up to the level by the rule set’s thresholds', () => {
    const s = fired({
      caseType: 'data-request',
      counterpartCountry: 'KP',
      undisclosed: true,
      technologyIds: ['kr2022.semis.ai_chip'],
    });
    expect(s.score).toBe(25 + 40 + 30);
    expect(s.level).toBe('high');
    expect(s.score).toBe(s.contributions.reduce((a, x) => a + x.points, 0));
  });
});

describe('rule sets', () => {
  it('refuses an invalid set with every problem located', () => {
    const bad = structuredClone(DEFAULT_RULE_SET) as unknown as {
      rules: Array<Record<string, unknown>>;
      thresholds: Record<string, number>;
    };
    bad.rules[2]!.group = 'nope';
    bad.rules[3]!.id = bad.rules[0]!.id;
    bad.thresholds.high = 1;
    try {
      parseRuleSet(bad, 'rules.json');
      expect.unreachable();
    } catch (error) {
      const fields = (error as { issues: Array<{ field: string }> }).issues.map((i) => i.field).sort();
      expect(fields).toEqual(['rules.2.group', 'rules.3.id', 'thresholds.high']);
    }
  });
});

describe('deadlines (configurable; figures as commonly reported)', () => {
  const rules = DEFAULT_RULE_SET.deadlines;

  it('notify within 60 days of receipt; answer within 20 days of notification', () => {
    const d = caseDeadlines('data-request', '2026-01-10', '2026-02-01', rules);
    expect(d).toMatchObject({
      applies: true,
      notifyDue: '2026-03-11',
      notifiedLate: false,
      answerDue: '2026-02-21',
      deemedConsent: true,
    });
    expect(caseDeadlines('data-request', '2026-01-10', '2026-03-12', rules).notifiedLate).toBe(true);
    expect(caseDeadlines('visiting-researcher', '2026-01-10', '2026-02-01', rules).applies).toBe(false);
  });

  it('business days skip weekends', () => {
    expect(addDays('2026-11-27', 1, 'business')).toBe('2026-11-30'); // Friday → Monday
    expect(addDays('2026-11-23', 10, 'business')).toBe('2026-12-07');
    expect(addDays('2026-12-30', 5, 'calendar')).toBe('2027-01-04');
  });

  it('warns before the answer deadline and deems consent once it lapses undecided', () => {
    expect(answerState('2026-02-21', true, '2026-02-10', 5, null)).toEqual({
      state: 'ok',
      daysLeft: 11,
      deemedConsentGiven: false,
    });
    expect(answerState('2026-02-21', true, '2026-02-16', 5, null).state).toBe('due-soon');
    expect(answerState('2026-02-21', true, '2026-02-21', 5, null)).toEqual({
      state: 'due-soon',
      daysLeft: 0,
      deemedConsentGiven: false,
    });
    expect(answerState('2026-02-21', true, '2026-02-22', 5, null)).toEqual({
      state: 'lapsed',
      daysLeft: -1,
      deemedConsentGiven: true,
    });
    expect(answerState('2026-02-21', false, '2026-02-22', 5, null).deemedConsentGiven).toBe(false);
    expect(answerState('2026-02-21', true, '2026-03-01', 5, '2026-02-20').state).toBe('met');
    expect(answerState(null, true, '2026-03-01', 5, null).state).toBe('none');
  });
});
