import { readFileSync, existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countryWeights,
  workCredit,
  UNKNOWN_COUNTRY,
  type CreditAffiliation,
} from '../../src/core/country-credit.js';

const examplesPath = new URL('../../../shared/reference/worked-examples.json', import.meta.url);

interface CountingExample {
  id: string;
  inputs: { work: { authors: { institution: string; country: string | null }[][] } };
  expected: Record<string, Record<string, number>>;
  tolerance: { abs: number };
}

const examples: CountingExample[] = existsSync(examplesPath)
  ? (JSON.parse(readFileSync(examplesPath, 'utf8')) as { examples: CountingExample[] }).examples.filter((e) =>
      e.id.startsWith('counting-'),
    )
  : [];

const asObject = (m: Map<string, number>): Record<string, number> => Object.fromEntries(m);

function expectClose(actual: Record<string, number>, expected: Record<string, number>, abs: number): void {
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const [k, v] of Object.entries(expected)) expect(Math.abs(actual[k]! - v)).toBeLessThanOrEqual(abs);
}

describe.skipIf(examples.length === 0)('workCredit against worked-examples.json', () => {
  it('has the counting examples', () => expect(examples.length).toBeGreaterThanOrEqual(4));
  for (const example of examples) {
    it(example.id, () => {
      const credit = workCredit(example.inputs.work.authors);
      const abs = example.tolerance.abs;
      expectClose(asObject(credit.fullCountry), example.expected.full_country!, abs);
      expectClose(asObject(credit.fullInstitution), example.expected.full_institution!, abs);
      expectClose(asObject(credit.fractionalCountry), example.expected.fractional_country!, abs);
      expectClose(asObject(credit.fractionalInstitution), example.expected.fractional_institution!, abs);
      expectClose(
        asObject(credit.authorCountryVariant),
        example.expected.fractional_author_country_variant!,
        abs,
      );
      expectClose(asObject(credit.countryFractional), example.expected.country_fractional!, abs);
    });
  }
});
if (examples.length === 0) console.warn('skipping worked examples: ../shared/reference is absent');

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
          const weights = countryWeights(authors);
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
