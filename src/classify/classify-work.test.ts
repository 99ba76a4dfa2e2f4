import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyWork, compileRecipes, explainWork, type Recipe, type WorkText } from './classify-work.js';

const battery: Recipe = {
  techId: 'kr2022.battery.solid',
  version: 1,
  topics: [10100, 10200],
  minTopicScore: 0.5,
  query: '"solid state" AND (batter* OR electrolyte)',
  rule: 'topic_and_query',
  titleQueryRule: true,
};
const quantum: Recipe = {
  ...battery,
  techId: 'kr2022.quantum.computing',
  topics: [10300],
  query: 'qubit* OR "quantum computing"',
};
const recipes = compileRecipes([battery, quantum]);

const work = (over: Partial<WorkText>): WorkText => ({
  id: 1,
  title: 'A study',
  abstract: null,
  keywords: [],
  topics: [],
  ...over,
});

describe('classifyWork', () => {
  it('needs a candidate topic above the minimum score and a query match for topic_and_query', () => {
    const w = work({
      abstract: 'Solid state electrolytes for batteries',
      topics: [{ id: 10100, score: 0.9 }],
    });
    expect(classifyWork(w, recipes)).toEqual([
      { techId: 'kr2022.battery.solid', recipeVersion: 1, score: 0.9, matchedBy: 'topic+query' },
    ]);
    expect(classifyWork({ ...w, topics: [{ id: 10100, score: 0.3 }] }, recipes)).toEqual([]);
    expect(classifyWork({ ...w, topics: [{ id: 99999, score: 0.99 }] }, recipes)).toEqual([]);
  });

  it('accepts a title that satisfies the query on its own', () => {
    const w = work({ title: 'Solid-state battery interfaces', topics: [] });
    expect(classifyWork(w, recipes)).toEqual([
      { techId: 'kr2022.battery.solid', recipeVersion: 1, score: 1, matchedBy: 'title-query' },
    ]);
  });

  it('is multi-label', () => {
    const w = work({
      title: 'Solid state electrolyte qubits',
      topics: [
        { id: 10100, score: 0.8 },
        { id: 10300, score: 0.7 },
      ],
    });
    expect(classifyWork(w, recipes).map((c) => c.techId)).toEqual([
      'kr2022.battery.solid',
      'kr2022.quantum.computing',
    ]);
  });

  it('supports topics-only, query-only and topic-or-query recipes', () => {
    const [topics, query, either] = compileRecipes([
      { ...battery, techId: 'a', rule: 'topics', query: null, titleQueryRule: false },
      { ...battery, techId: 'b', rule: 'query', topics: [], titleQueryRule: false },
      { ...battery, techId: 'c', rule: 'topic_or_query', titleQueryRule: false },
    ]);
    const topicOnly = work({ topics: [{ id: 10200, score: 0.6 }] });
    const textOnly = work({ keywords: ['solid state', 'battery'] });
    expect(classifyWork(topicOnly, [topics!, query!, either!]).map((c) => [c.techId, c.matchedBy])).toEqual([
      ['a', 'topic'],
      ['c', 'topic'],
    ]);
    expect(classifyWork(textOnly, [topics!, query!, either!]).map((c) => [c.techId, c.matchedBy])).toEqual([
      ['b', 'query'],
      ['c', 'query'],
    ]);
  });

  it('names the recipe whose query does not parse', () => {
    expect(() => compileRecipes([{ ...battery, query: '(solid' }])).toThrow(
      /recipe kr2022\.battery\.solid v1: query syntax error/,
    );
  });

  it('explains why a work is or is not in a technology', () => {
    const w = work({ abstract: 'solid state batteries', topics: [{ id: 10100, score: 0.4 }] });
    const e = explainWork(w, recipes[0]!);
    expect(e).toMatchObject({
      member: false,
      topics: [{ id: 10100, score: 0.4, passes: false }],
      queryMatchesFullText: true,
      queryMatchesTitle: false,
      matchedTerms: ['"solid state"', 'batter*'],
    });
  });
});

describe('recipe candidates', () => {
  // Every kind of rule, overlapping topics and words, and a query built on NOT (it matches works without its words).
  const group = compileRecipes([
    battery,
    quantum,
    {
      ...battery,
      techId: 'topics',
      rule: 'topics',
      query: null,
      topics: [10100, 10400],
      titleQueryRule: false,
    },
    { ...battery, techId: 'query', rule: 'query', topics: [], query: 'electrolyte OR qubit*' },
    { ...battery, techId: 'either', rule: 'topic_or_query', topics: [10400], query: '"quantum dot"' },
    { ...battery, techId: 'not', rule: 'topic_and_query', topics: [10300], query: 'NOT batter*' },
    {
      ...battery,
      techId: 'title-not',
      rule: 'topics',
      topics: [99],
      query: 'NOT qubit*',
      titleQueryRule: true,
    },
  ]);
  const WORDS = [
    'solid',
    'state',
    'battery',
    'batteries',
    'electrolyte',
    'qubits',
    'quantum',
    'dot',
    'computing',
    'cell',
  ];
  const text = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' '));
  const arbitraryWork = fc.record({
    id: fc.constant(1),
    title: fc.option(text),
    abstract: fc.option(text),
    keywords: fc.array(text, { maxLength: 2 }),
    topics: fc.array(
      fc.record({
        id: fc.constantFrom(10100, 10200, 10300, 10400, 99, 7),
        score: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { maxLength: 3 },
    ),
  });

  it('gives what evaluating every recipe gives', () => {
    // The group itself takes the candidate shortcut; a copy of it evaluates each recipe.
    fc.assert(
      fc.property(arbitraryWork, (w) => {
        expect(classifyWork(w, group)).toEqual(classifyWork(w, [...group]));
      }),
      { numRuns: 2000 },
    );
  });
});
