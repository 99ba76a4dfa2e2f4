import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchedTerms, matches, parseQuery, prepareDocument, type QueryNode } from './query-language.js';
import { tokenize } from './tokens.js';
import { Vocabulary } from './vocabulary.js';

const QUERIES = [
  '"solid state battery" OR batter* OR battery',
  'lithium AND NOT (cobalt OR nickel*)',
  'title:"quantum dot" OR qubits OR city OR citie* OR city* OR poly* OR y* OR "x battery"',
  '"memory cell" array* OR ion OR Ga2O3 OR "2.5D"',
  'café OR "électrolyte solide" OR straße OR ΟΔΟΣ',
  'y OR ys OR process OR analysis OR gas OR "bus" OR ies',
];
const trees: QueryNode[] = QUERIES.map(parseQuery);
const vocabulary = new Vocabulary(trees);

// Words that hit the vocabulary's spellings, its plural folding and its edge cases, mixed with Unicode.
const WORDS = [
  'battery',
  'Batteries',
  'BATTERY',
  'batter',
  'battered',
  'solid',
  'state',
  'solid-state',
  'lithium',
  'cobalt',
  'nickelate',
  'quantum',
  'dots',
  'dot',
  'qubit',
  'qubits',
  'cities',
  'city',
  'polies',
  'polymer',
  'memory',
  'cells',
  'arrays',
  'ions',
  'ga2o3',
  'Ga2O3',
  '2.5D',
  'café',
  'CAFÉ',
  'électrolyte',
  'solide',
  'straße',
  'ΟΔΟΣ',
  'οδος',
  'İstanbul',
  'y',
  'ys',
  'yies',
  'processes',
  'analysis',
  'gas',
  'bus',
  'buses',
  'ies',
  'x',
  '𝑥',
  '𝑥battery',
  'naïve',
  'batteries—cobalt',
  'μm',
  '\u0301',
  'a\u0307',
];
const text = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ', ', '-', '. ', '\n', '’', '', ' (')), {
    maxLength: 30,
  })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

describe('vocabulary scanner', () => {
  it('finds the same tokens as tokenize, keeping only the vocabulary keys', () => {
    fc.assert(
      fc.property(text, (t) => {
        const expected: Array<[string, number]> = [];
        tokenize(t).forEach((w, i) => {
          for (const k of vocabulary.keysOf(w)) expected.push([k, i]);
        });
        const found: Array<[string, number]> = [];
        const end = vocabulary.scan(t.toLowerCase(), 0, (k, p) => found.push([k, p]));
        expect(found).toEqual(expected);
        expect(end).toBe(tokenize(t).length);
      }),
      { numRuns: 400 },
    );
  });

  it('gives every query the same answer as a document prepared without vocabulary', () => {
    fc.assert(
      fc.property(text, text, fc.array(text, { maxLength: 3 }), (title, abstract, keywords) => {
        const plain = prepareDocument({ title, abstract, keywords });
        const reduced = prepareDocument({ title, abstract, keywords }, vocabulary);
        for (const tree of trees) {
          expect(matches(tree, reduced)).toBe(matches(tree, plain));
          expect(matchedTerms(tree, reduced)).toEqual(matchedTerms(tree, plain));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keys a plural under its prefix and its folded word', () => {
    expect(vocabulary.keysOf('batteries')).toEqual(['battery', 'batter*']);
    // "cities" folds to "city": under the prefix city*, not citie*
    expect(vocabulary.keysOf('cities')).toEqual(['city', 'city*']);
    const keys: string[] = [];
    vocabulary.scan('all-solid-state batteries', 0, (k) => keys.push(k));
    expect(keys).toEqual(['solid', 'state', 'battery', 'batter*']);
    // "polies" folds to "poly" without starting with the prefix poly*: the trie must still stop on it.
    const poly: string[] = [];
    vocabulary.scan('polies', 0, (k) => poly.push(k));
    expect(poly).toEqual(['poly*']);
  });
});
