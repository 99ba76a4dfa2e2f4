/**
 * Credit of one work to countries and institutions (methods.md §1): full counting, author-level fractional
 * counting (the default), its author-country variant, and country fractional counting. Pure functions.
 */

/** The pseudo-country that receives credit which cannot be placed. */
export const UNKNOWN_COUNTRY = 'UNKNOWN';

/** One affiliation of one author: an institution (or a `country:XX` pseudo-institution) and its country. */
export interface CreditAffiliation {
  institution: string;
  country: string | null;
}

export interface WorkCredit {
  fullCountry: Map<string, number>;
  fullInstitution: Map<string, number>;
  fractionalCountry: Map<string, number>;
  fractionalInstitution: Map<string, number>;
  authorCountryVariant: Map<string, number>;
  countryFractional: Map<string, number>;
}

const add = (map: Map<string, number>, key: string, value: number): void => {
  map.set(key, (map.get(key) ?? 0) + value);
};

/**
 * `authors` holds one entry per distinct author (deduplicate authors before calling), each the list of that
 * author's affiliations; repeated institutions of one author are counted once. An author without affiliations
 * gives its whole share to UNKNOWN, and so does an institution without a country.
 */
export function workCredit(authors: readonly (readonly CreditAffiliation[])[]): WorkCredit {
  const credit: WorkCredit = {
    fullCountry: new Map(),
    fullInstitution: new Map(),
    fractionalCountry: new Map(),
    fractionalInstitution: new Map(),
    authorCountryVariant: new Map(),
    countryFractional: new Map(),
  };
  const n = authors.length;
  if (n === 0) return credit;
  for (const affiliations of authors) {
    const distinct = new Map<string, string>();
    for (const a of affiliations) {
      if (!distinct.has(a.institution)) distinct.set(a.institution, a.country ?? UNKNOWN_COUNTRY);
    }
    if (distinct.size === 0) {
      add(credit.fractionalCountry, UNKNOWN_COUNTRY, 1 / n);
      add(credit.authorCountryVariant, UNKNOWN_COUNTRY, 1 / n);
      credit.fullCountry.set(UNKNOWN_COUNTRY, 1);
      continue;
    }
    const share = 1 / (n * distinct.size);
    const countries = new Set<string>();
    for (const [institution, country] of distinct) {
      add(credit.fractionalInstitution, institution, share);
      add(credit.fractionalCountry, country, share);
      credit.fullInstitution.set(institution, 1);
      credit.fullCountry.set(country, 1);
      countries.add(country);
    }
    for (const country of countries) add(credit.authorCountryVariant, country, 1 / (n * countries.size));
  }
  const k = credit.fullCountry.size;
  for (const country of credit.fullCountry.keys()) credit.countryFractional.set(country, 1 / k);
  return credit;
}

/** Per-country weights of a work as stored with it: fractional (default method) and full counting. */
export interface CountryWeight {
  country: string;
  frac: number;
  full: number;
}

/** Per-institution fractional credit of a work as stored with it (institution ids without their `I`). */
export interface InstitutionWeight {
  institutionId: number;
  frac: number;
}

/**
 * What ingest stores of a work's credit: country weights, and the fractional credit of each real institution
 * (pseudo-institutions `country:XX` take their share from the institutions, but are not stored).
 */
export function workWeights(authors: readonly (readonly CreditAffiliation[])[]): {
  countries: CountryWeight[];
  institutions: InstitutionWeight[];
} {
  const credit = workCredit(authors);
  const institutions: InstitutionWeight[] = [];
  for (const [institution, frac] of credit.fractionalInstitution)
    if (/^I\d+$/.test(institution)) institutions.push({ institutionId: Number(institution.slice(1)), frac });
  return {
    countries: [...credit.fullCountry.keys()].sort().map((country) => ({
      country,
      frac: credit.fractionalCountry.get(country) ?? 0,
      full: 1,
    })),
    institutions: institutions.sort((a, b) => a.institutionId - b.institutionId),
  };
}
