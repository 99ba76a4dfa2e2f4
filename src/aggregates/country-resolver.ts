/**
 * Resolves the many ways published tables name a country (ISO codes, World Bank and NSF names, USGS and ETO
 * spellings) to ISO 3166-1 alpha-2. Anything that is not one country (World, regions, "Other") resolves to
 * null and keeps its published name, so nothing is silently assigned to the wrong country.
 */
import builtin from './data/countries.json' with { type: 'json' };

export interface Country {
  alpha2: string;
  alpha3: string;
  numeric: string;
  name_en: string;
  name_iso: string;
  name_ko: string;
  region: string | null;
  sub_region: string | null;
  world_atlas_id: string | null;
}

export const BUILTIN_COUNTRIES: readonly Country[] = builtin.countries;
export const BUILTIN_COUNTRIES_ABOUT = { about: builtin.about, licence: builtin.licence };

/** Names used by the data sets cetmap imports that differ from the ISO and short names. */
const ALIASES: Record<string, string> = {
  'korea, rep.': 'KR',
  'korea, south': 'KR',
  'republic of korea': 'KR',
  'south korea': 'KR',
  korea: 'KR',
  'korea, dem. people’s rep.': 'KP',
  "korea, dem. people's rep.": 'KP',
  'korea, north': 'KP',
  'chinese taipei': 'TW',
  'taiwan, china': 'TW',
  'hong kong sar, china': 'HK',
  'hong kong, china': 'HK',
  'macao sar, china': 'MO',
  'russian federation': 'RU',
  'iran, islamic rep.': 'IR',
  'egypt, arab rep.': 'EG',
  'slovak republic': 'SK',
  'czech republic': 'CZ',
  turkey: 'TR',
  turkiye: 'TR',
  'viet nam': 'VN',
  'venezuela, rb': 'VE',
  'yemen, rep.': 'YE',
  'congo, dem. rep.': 'CD',
  'congo (kinshasa)': 'CD',
  'congo, rep.': 'CG',
  'congo (brazzaville)': 'CG',
  'lao pdr': 'LA',
  'kyrgyz republic': 'KG',
  'gambia, the': 'GM',
  'bahamas, the': 'BS',
  'micronesia, fed. sts.': 'FM',
  'st. lucia': 'LC',
  'st. kitts and nevis': 'KN',
  'st. vincent and the grenadines': 'VC',
  'cote d’ivoire': 'CI',
  "cote d'ivoire": 'CI',
  "côte d'ivoire": 'CI',
  burma: 'MM',
  'united states of america': 'US',
  usa: 'US',
  uk: 'GB',
  'great britain': 'GB',
  'west bank and gaza': 'PS',
  kosovo: 'XK',
  xkx: 'XK',
  'bosnia and herzegovina': 'BA',
  'north macedonia': 'MK',
  macedonia: 'MK',
  eswatini: 'SZ',
  swaziland: 'SZ',
  'cabo verde': 'CV',
  'timor-leste': 'TL',
  'brunei darussalam': 'BN',
  'syrian arab republic': 'SY',
  moldova: 'MD',
  tanzania: 'TZ',
  bolivia: 'BO',
  'united republic of tanzania': 'TZ',
  curacao: 'CW',
  'sao tome and principe': 'ST',
};

export class CountryResolver {
  readonly #byKey = new Map<string, string>();
  readonly #byAlpha2 = new Map<string, Country>();

  constructor(countries: readonly Country[] = BUILTIN_COUNTRIES) {
    for (const c of countries) {
      this.#byAlpha2.set(c.alpha2, c);
      for (const key of [c.alpha2, c.alpha3, c.name_en, c.name_iso])
        this.#byKey.set(normalise(key), c.alpha2);
    }
    for (const [name, alpha2] of Object.entries(ALIASES)) {
      if (this.#byAlpha2.has(alpha2)) this.#byKey.set(normalise(name), alpha2);
    }
  }

  /** ISO alpha-2 for a code or name, or null when it is not (recognisably) one country. */
  resolve(nameOrCode: string | null | undefined): string | null {
    if (!nameOrCode) return null;
    return this.#byKey.get(normalise(nameOrCode)) ?? null;
  }

  country(alpha2: string): Country | undefined {
    return this.#byAlpha2.get(alpha2);
  }

  get all(): Country[] {
    return [...this.#byAlpha2.values()];
  }
}

function normalise(s: string): string {
  return s.trim().toLowerCase().replace(/[’`]/g, "'").replace(/\s+/g, ' ');
}
