import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose, workedExamples } from '../helpers/worked-examples.js';
import {
  workCredit,
  workWeights,
  UNKNOWN_COUNTRY,
  type CreditAffiliation,
} from '../../src/core/country-credit.js';

const examples = workedExamples('counting.work_credit');
type Authors = { institution: string; country: string | null }[][];
const asObject = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);
const KEYS = {
  full_country: 'fullCountry',
  full_institution: 'fullInstitution',
  fractional_country: 'fractionalCountry',
  fractional_institution: 'fractionalInstitution',
  fractional_author_country_variant: 'authorCountryVariant',
  country_fractional: 'countryFractional',
} as const;

describe.skipIf(examples.length === 0)('workCredit against worked-examples.json', () => {
  it('has the counting examples', () => expect(examples.length).toBeGreaterThanOrEqual(4));
  for (const example of examples) {
    it(example.id, () => {
      const credit = workCredit((example.inputs.work as { authors: Authors }).authors);
      for (const [key, field] of Object.entries(KEYS)) {
        const expected = example.expected[key] as Record<string, number>;
        const actual = asObject(credit[field]);
        expect(Object.keys(actual).sort(), `${example.id} ${key}`).toEqual(Object.keys(expected).sort());
        expectClose(actual, expected, example.tolerance.abs, `${example.id}.${key}`);
      }
    });
  }
});

const affiliation: fc.Arbitrary<CreditAffiliation> = fc.record({
  institution: fc.constantFrom('I1', 'I2', 'I3', 'I4', 'I5', 'country:KR'),
  country: fc.constantFrom('KR', 'US', 'CN', null),
});
const work = fc.array(fc.array(affiliation, { maxLength: 4 }), { maxLength: 12 });
const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);

describe('workCredit properties', () => {
  it('fractional credits of a work with any author sum to 1; full counts are 1 per country', () => {
    fc.assert(
      fc.property(work, (authors) => {
        const credit = workCredit(authors);
        if (authors.length === 0) {
          expect(credit.fullCountry.size).toBe(0);
          return;
        }
        for (const m of [credit.fractionalCountry, credit.authorCountryVariant, credit.countryFractional])
          expect(sum(m)).toBeCloseTo(1, 12);
        expect([...credit.fullCountry.values()].every((v) => v === 1)).toBe(true);
        expect(new Set(credit.fractionalCountry.keys())).toEqual(new Set(credit.fullCountry.keys()));
      }),
    );
  });

  it('the stored weights agree with workCredit and sum to 1', () => {
    fc.assert(
      fc.property(
        work.filter((a) => a.length > 0),
        (authors) => {
          const weights = workWeights(authors).countries;
          expect(weights.reduce((a, w) => a + w.frac, 0)).toBeCloseTo(1, 12);
          expect(weights.every((w) => w.frac > 0 && w.full === 1)).toBe(true);
        },
      ),
    );
  });

  it('an author without affiliations gives its share to UNKNOWN', () => {
    const credit = workCredit([[], [{ institution: 'I1', country: 'KR' }]]);
    expect(credit.fractionalCountry.get(UNKNOWN_COUNTRY)).toBe(0.5);
    expect(credit.fractionalCountry.get('KR')).toBe(0.5);
  });
});
