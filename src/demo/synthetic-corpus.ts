/**
 * A synthetic OpenAlex-shaped corpus for demos, tests and benchmarks. Deterministic for a seed. Records carry
 * every top-level field the API returns, at the size of real works, and `is_synthetic: true`.
 *
 * What it models (so every feature has something to show): output growing over 2000–2025; countries of
 * different size with their own specialisations and trends (one dominating a technology, another rising fast);
 * international co-authorship with preferred partners; skewed, age-dependent citations; ROR-like institutions;
 * real OpenAlex topic ids (demo-topics.ts) with a few bursting topics. Pure: no I/O.
 */
import { FOCUS_TECHNOLOGIES, satisfyingPhrases, TECHNOLOGY_FOCUS_SHARE } from './technology-focus.js';
import { DEMO_TOPICS, type DemoTopic } from './demo-topics.js';

export const SYNTHETIC_WORK_BASE = 9_100_000_000;
const SYNTHETIC_INSTITUTION_BASE = 9_200_000_000;
const SYNTHETIC_AUTHOR_BASE = 9_300_000_000;
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2025;
/** The snapshot partitions (updated_date) the corpus is spread over. */
export const PARTITIONS = ['2025-03-01', '2025-06-01', '2025-09-01', '2025-11-01'] as const;

/** A small fast PRNG (sfc32) seeded through splitmix32. */
export function createRandom(seed: number): () => number {
  let s = seed >>> 0;
  const split = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

interface CountryProfile {
  code: string;
  name: string;
  /** Relative output in 2000. */
  size: number;
  /** Yearly growth of output relative to the world. */
  trend: number;
  /** Specialisation per technology area (1 = world average). */
  spec: Record<string, number>;
  /** Extra yearly growth in some areas (a country rising fast in a technology). */
  areaTrend?: Record<string, number>;
  impact: number;
  surnames: string[];
}

const COUNTRIES: CountryProfile[] = [
  {
    code: 'US',
    name: 'United States',
    size: 10,
    trend: 0,
    impact: 1.35,
    surnames: ['Smith', 'Johnson', 'Miller', 'Davis', 'Garcia', 'Wilson'],
    spec: {
      'artificial-intelligence': 1.8,
      quantum: 1.9,
      biotechnology: 2.2,
      space: 1.9,
      cybersecurity: 1.6,
    },
  },
  {
    code: 'CN',
    name: 'China',
    size: 2,
    trend: 0.09,
    impact: 0.95,
    surnames: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang'],
    spec: {
      batteries: 2.6,
      communications: 2.1,
      'advanced-materials': 2.2,
      hydrogen: 2,
      'artificial-intelligence': 1.2,
    },
    areaTrend: { 'artificial-intelligence': 0.05, quantum: 0.04 },
  },
  {
    code: 'KR',
    name: 'Korea',
    size: 1.4,
    trend: 0.05,
    impact: 1.0,
    surnames: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang'],
    spec: { semiconductors: 3.2, batteries: 3, displays: 6, communications: 2, hydrogen: 1.5 },
    areaTrend: { 'artificial-intelligence': 0.03 },
  },
  {
    code: 'JP',
    name: 'Japan',
    size: 3.2,
    trend: -0.02,
    impact: 1.0,
    surnames: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe'],
    spec: { robotics: 2.3, 'advanced-materials': 1.6, batteries: 1.5, displays: 1.8, semiconductors: 1.4 },
  },
  {
    code: 'DE',
    name: 'Germany',
    size: 3,
    trend: 0,
    impact: 1.2,
    surnames: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber'],
    spec: { hydrogen: 2, robotics: 1.8, 'nuclear-fusion': 1.7 },
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    size: 2.8,
    trend: 0,
    impact: 1.3,
    surnames: ['Taylor', 'Brown', 'Evans', 'Thomas', 'Roberts'],
    spec: { 'artificial-intelligence': 1.3, biotechnology: 1.7, quantum: 1.4 },
  },
  {
    code: 'FR',
    name: 'France',
    size: 2,
    trend: -0.005,
    impact: 1.15,
    surnames: ['Martin', 'Bernard', 'Dubois', 'Moreau', 'Laurent'],
    spec: { 'nuclear-fusion': 2.6, space: 1.6 },
  },
  {
    code: 'IN',
    name: 'India',
    size: 0.7,
    trend: 0.07,
    impact: 0.75,
    surnames: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta'],
    spec: { cybersecurity: 1.9, space: 1.4, 'artificial-intelligence': 1.3 },
    areaTrend: { 'artificial-intelligence': 0.03 },
  },
  {
    code: 'TW',
    name: 'Taiwan',
    size: 0.8,
    trend: 0.02,
    impact: 1.0,
    surnames: ['Lin', 'Huang', 'Tsai', 'Hsu', 'Cheng'],
    spec: { semiconductors: 4.2, displays: 2.2 },
  },
  {
    code: 'CA',
    name: 'Canada',
    size: 1.3,
    trend: 0.01,
    impact: 1.2,
    surnames: ['Tremblay', 'Roy', 'Gagnon', 'MacDonald'],
    spec: { 'artificial-intelligence': 1.6, quantum: 1.5 },
  },
  {
    code: 'IT',
    name: 'Italy',
    size: 1.3,
    trend: 0.01,
    impact: 1.1,
    surnames: ['Rossi', 'Russo', 'Ferrari', 'Esposito'],
    spec: { space: 1.3 },
  },
  {
    code: 'AU',
    name: 'Australia',
    size: 1,
    trend: 0.03,
    impact: 1.15,
    surnames: ['Wilson', 'Anderson', 'Walker', 'White'],
    spec: { batteries: 1.3 },
  },
  {
    code: 'NL',
    name: 'Netherlands',
    size: 0.8,
    trend: 0.01,
    impact: 1.3,
    surnames: ['de Jong', 'Jansen', 'de Vries', 'Bakker'],
    spec: { semiconductors: 1.5, quantum: 1.6 },
  },
  {
    code: 'CH',
    name: 'Switzerland',
    size: 0.7,
    trend: 0.01,
    impact: 1.4,
    surnames: ['Meier', 'Keller', 'Huber', 'Frei'],
    spec: { quantum: 1.8, robotics: 1.5 },
  },
  {
    code: 'SG',
    name: 'Singapore',
    size: 0.3,
    trend: 0.06,
    impact: 1.2,
    surnames: ['Tan', 'Lim', 'Ng', 'Ong'],
    spec: { 'artificial-intelligence': 1.5, batteries: 1.3 },
  },
  {
    code: 'IL',
    name: 'Israel',
    size: 0.4,
    trend: 0.01,
    impact: 1.2,
    surnames: ['Cohen', 'Levi', 'Mizrahi', 'Friedman'],
    spec: { cybersecurity: 3.2 },
  },
  {
    code: 'RU',
    name: 'Russia',
    size: 0.9,
    trend: -0.01,
    impact: 0.6,
    surnames: ['Ivanov', 'Smirnov', 'Kuznetsov', 'Popov'],
    spec: { 'nuclear-fusion': 2.2, space: 1.7 },
  },
  {
    code: 'BR',
    name: 'Brazil',
    size: 0.7,
    trend: 0.04,
    impact: 0.75,
    surnames: ['Silva', 'Santos', 'Oliveira', 'Souza'],
    spec: { biotechnology: 1.4 },
  },
];

/** Preferred co-authorship partners (multipliers on the partner's size). */
const AFFINITY: Record<string, Record<string, number>> = {
  US: { CN: 3, GB: 2, CA: 3, DE: 1.5, KR: 2, JP: 1.5, IN: 1.5, IL: 2 },
  CN: { US: 3, SG: 3, AU: 2.5, GB: 1.5, CA: 1.5, TW: 0.5 },
  KR: { US: 3.5, JP: 1.5, CN: 1.5, DE: 1.2 },
  JP: { US: 2, CN: 1.5, KR: 1.5, DE: 1.2 },
  DE: { FR: 2, CH: 3, NL: 2, GB: 1.5, US: 1.5, IT: 1.5 },
  GB: { US: 2, DE: 1.5, FR: 1.5, AU: 1.5, NL: 1.5 },
  FR: { DE: 2, IT: 2, CH: 1.5, GB: 1.5 },
  IN: { US: 2.5, GB: 1.5, SG: 1.5 },
  TW: { US: 2.5, JP: 2 },
};

/** Topics whose output bursts from a given year (e.g. language models after 2019). */
const BURSTS: Record<number, number> = { 10181: 2019, 11273: 2017, 10682: 2016, 10281: 2015, 10247: 2013 };

const AREA_WEIGHT: Record<string, number> = {
  'artificial-intelligence': 1.6,
  displays: 0.6,
  'nuclear-fusion': 0.6,
};

const VOCABULARY = (
  'the of and in to a we this is for with that on are by results study method approach based model using ' +
  'performance analysis proposed system data show high new two which from can these our paper structure ' +
  'significant effect framework efficient experimental between than also been has demonstrate achieve ' +
  'improved scalable robust novel stable low cost energy temperature device process material network ' +
  'learning control design evaluation measurements simulation compared conventional state-of-the-art ' +
  'accuracy efficiency density optimization mechanism interface layer properties application applications'
).split(' ');
const TITLE_FORMS = [
  '{a} {k1} for {k2}',
  'Towards {a} {k1}',
  '{k1} and {k2}: a {s}',
  'On the {k1} of {k2}',
  '{a} {k1} via {k2}',
];
const ADJECTIVES = [
  'Scalable',
  'Efficient',
  'Robust',
  'High-performance',
  'Low-cost',
  'Stable',
  'Accurate',
  'Novel',
  'Flexible',
];
const STUDY = ['review', 'comparative study', 'case study', 'systematic analysis', 'benchmark'];
const INSTITUTION_FORMS = [
  'National University of {c}',
  '{c} Institute of Science and Technology',
  '{c} Polytechnic University',
  'Central Research Institute of {c}',
  '{c} University of Technology',
  '{c} National Laboratory for Advanced Technology',
  'Royal Academy of Engineering of {c}',
  '{c} Electronics Corporation',
];
const ROR_CHARS = '0123456789abcdefghjkmnpqrstvwxyz';

export interface SyntheticInstitution {
  id: number;
  name: string;
  ror: string;
  country: string;
  type: string;
}

export interface GenerateOptions {
  works: number;
  seed: number;
}

export interface SyntheticRecord {
  partition: string;
  record: Record<string, unknown>;
}

const oa = (prefix: string, n: number): string => `https://openalex.org/${prefix}${n}`;

function pickWeighted<T>(rand: () => number, items: readonly T[], weights: readonly number[]): T {
  let total = 0;
  for (const w of weights) total += w;
  let r = rand() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i]!;
    if (r <= 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

const normal = (rand: () => number): number =>
  Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());

/** Institutions per country: a fixed, deterministic pool (independent of the corpus seed). */
export function syntheticInstitutions(): Map<string, SyntheticInstitution[]> {
  const byCountry = new Map<string, SyntheticInstitution[]>();
  COUNTRIES.forEach((c, ci) => {
    const rand = createRandom(1_000 + ci);
    const list = INSTITUTION_FORMS.map((form, k) => {
      let ror = 'https://ror.org/0';
      for (let i = 0; i < 6; i++) ror += ROR_CHARS[Math.floor(rand() * ROR_CHARS.length)];
      ror += String(Math.floor(rand() * 90) + 10);
      return {
        id: SYNTHETIC_INSTITUTION_BASE + ci * 100 + k,
        name: `${form.replace('{c}', c.name)} (synthetic)`,
        ror,
        country: c.code,
        type: form.includes('Corporation')
          ? 'company'
          : form.includes('Laboratory') || form.includes('Institute of')
            ? 'facility'
            : 'education',
      };
    });
    byCountry.set(c.code, list);
  });
  return byCountry;
}

function yearWeights(): number[] {
  const w: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) w.push(Math.exp(0.075 * (y - FIRST_YEAR)));
  return w;
}

function topicWeight(t: DemoTopic, year: number): number {
  const base = AREA_WEIGHT[t.area] ?? 1;
  const burst = BURSTS[t.id];
  return burst === undefined ? base : base * (1 + 6 / (1 + Math.exp(-(year - burst - 1.5))));
}

function countryWeight(c: CountryProfile, area: string, year: number): number {
  const dt = year - FIRST_YEAR;
  return c.size * (c.spec[area] ?? 1) * Math.exp((c.trend + (c.areaTrend?.[area] ?? 0)) * dt);
}

function invertedIndex(words: string[]): Record<string, number[]> {
  const index: Record<string, number[]> = {};
  words.forEach((w, i) => (index[w] ??= []).push(i));
  return index;
}

/** Generates the corpus record by record; memory stays flat whatever `works` is. */
export function* generateSyntheticWorks(options: GenerateOptions): Generator<SyntheticRecord> {
  const rand = createRandom(options.seed);
  const institutions = syntheticInstitutions();
  const years: number[] = [];
  for (let y = FIRST_YEAR; y <= LAST_YEAR; y++) years.push(y);
  const yWeights = yearWeights();
  const topicWeightsByYear = new Map(years.map((y) => [y, DEMO_TOPICS.map((t) => topicWeight(t, y))]));

  for (let i = 1; i <= options.works; i++) {
    const id = SYNTHETIC_WORK_BASE + i;
    const year = pickWeighted(rand, years, yWeights);
    const primary = pickWeighted(rand, DEMO_TOPICS, topicWeightsByYear.get(year)!);
    const sameArea = DEMO_TOPICS.filter((t) => t.area === primary.area && t.id !== primary.id);
    const others = [...sameArea].sort(() => rand() - 0.5).slice(0, Math.floor(rand() * 3));
    const topics = [primary, ...others];
    // Most works are about one of the Korean key technologies: a candidate topic of its recipe joins the work's
    // topics and words satisfying its query go into the abstract (and sometimes the title).
    const focus =
      rand() < TECHNOLOGY_FOCUS_SHARE
        ? FOCUS_TECHNOLOGIES[Math.floor(rand() * FOCUS_TECHNOLOGIES.length)]!
        : null;
    const focusTopic = focus ? focus.topics[Math.floor(rand() * focus.topics.length)]! : null;
    const focusPhrases = focus ? satisfyingPhrases(focus.query, rand) : [];
    const area = focus?.area ?? primary.area;

    // countries: a lead country, and with growing probability over time international partners
    const lead = pickWeighted(
      rand,
      COUNTRIES,
      COUNTRIES.map((c) => countryWeight(c, area, year)),
    );
    const countries = [lead];
    const pInternational = 0.12 + 0.011 * (year - FIRST_YEAR);
    if (rand() < pInternational) {
      const candidates = COUNTRIES.filter((c) => c !== lead);
      const partner = pickWeighted(
        rand,
        candidates,
        candidates.map(
          (c) =>
            countryWeight(c, area, year) *
            (AFFINITY[lead.code]?.[c.code] ?? AFFINITY[c.code]?.[lead.code] ?? 0.6),
        ),
      );
      countries.push(partner);
      if (rand() < 0.2) {
        const rest = candidates.filter((c) => c !== partner);
        countries.push(
          pickWeighted(
            rand,
            rest,
            rest.map((c) => c.size),
          ),
        );
      }
    }
    const nAuthors = Math.max(countries.length, Math.min(40, 1 + Math.floor(-Math.log(1 - rand()) * 4.5)));
    const authorships: Record<string, unknown>[] = [];
    let impact = 0;
    for (let a = 0; a < nAuthors; a++) {
      const country =
        a < countries.length
          ? countries[a]!
          : rand() < 0.7
            ? lead
            : countries[Math.floor(rand() * countries.length)]!;
      impact += country.impact;
      const pool = institutions.get(country.code)!;
      const r = rand();
      const insts =
        r < 0.04
          ? []
          : r < 0.86
            ? [pool[Math.floor(rand() * pool.length)]!]
            : [pool[Math.floor(rand() * pool.length)]!, pool[Math.floor(rand() * pool.length)]!];
      const unique = [...new Map(insts.map((x) => [x.id, x])).values()];
      const authorId =
        SYNTHETIC_AUTHOR_BASE + ((unique[0]?.id ?? pool[0]!.id) % 10_000) * 1000 + Math.floor(rand() * 400);
      const surname = country.surnames[Math.floor(rand() * country.surnames.length)]!;
      const name = `${String.fromCharCode(65 + Math.floor(rand() * 26))}. ${surname}`;
      const affiliation = unique.map((x) => `${x.name.replace(' (synthetic)', '')}, ${country.name}`);
      authorships.push({
        author_position: a === 0 ? 'first' : a === nAuthors - 1 ? 'last' : 'middle',
        author: {
          id: oa('A', authorId),
          display_name: name,
          orcid:
            rand() < 0.4
              ? `https://orcid.org/0000-000${Math.floor(rand() * 10)}-${String(authorId % 10000).padStart(4, '0')}-${String(i % 10000).padStart(4, '0')}`
              : null,
        },
        institutions: unique.map((x) => ({
          id: oa('I', x.id),
          display_name: x.name,
          ror: x.ror,
          country_code: x.country,
          type: x.type,
          lineage: [oa('I', x.id)],
        })),
        countries: unique.length > 0 ? [country.code] : [],
        is_corresponding: a === 0,
        raw_author_name: name,
        raw_affiliation_strings: affiliation,
        affiliations: unique.map((x, k) => ({
          raw_affiliation_string: affiliation[k],
          institution_ids: [oa('I', x.id)],
        })),
      });
    }
    impact /= nAuthors;

    const age = LAST_YEAR - year + 0.5;
    const cited = Math.max(
      0,
      Math.floor(Math.exp(1.7 + 1.25 * normal(rand)) * Math.min(1, age / 6) * impact - 1),
    );
    const countsByYear: { year: number; cited_by_count: number }[] = [];
    let left = cited;
    for (let y = LAST_YEAR; y >= Math.max(year, LAST_YEAR - 12) && left > 0; y--) {
      const c = y === Math.max(year, LAST_YEAR - 12) ? left : Math.floor(left * (0.15 + rand() * 0.2));
      countsByYear.push({ year: y, cited_by_count: c });
      left -= c;
    }

    const kw = primary.keywords;
    const k1 = kw[Math.floor(rand() * kw.length)]!;
    const k2 = kw[Math.floor(rand() * kw.length)]!;
    const title = TITLE_FORMS[Math.floor(rand() * TITLE_FORMS.length)]!.replace(
      '{a}',
      ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)]!,
    )
      .replace('{k1}', k1.toLowerCase())
      .replace('{k2}', k2.toLowerCase())
      .replace('{s}', STUDY[Math.floor(rand() * STUDY.length)]!);
    const focusTitle =
      focus && rand() < 0.35
        ? `${focusPhrases.join(' ')} ${title.charAt(0).toLowerCase()}${title.slice(1)}`
        : title;
    const title1 = focusTitle.charAt(0).toUpperCase() + focusTitle.slice(1);
    const words: string[] = [];
    const nWords = 140 + Math.floor(rand() * 160);
    const topicWords = kw.flatMap((k) => k.toLowerCase().split(/\s+/));
    for (let w = 0; w < nWords; w++)
      words.push(
        rand() < 0.2
          ? topicWords[Math.floor(rand() * topicWords.length)]!
          : VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!,
      );
    for (const phrase of focusPhrases)
      words.splice(Math.floor(rand() * words.length), 0, ...phrase.split(' '));
    const refs = Array.from({ length: i > 1 ? 10 + Math.floor(rand() * 40) : 0 }, () =>
      oa('W', SYNTHETIC_WORK_BASE + 1 + Math.floor(rand() * (i - 1))),
    );
    const related = Array.from({ length: 10 }, () =>
      oa('W', SYNTHETIC_WORK_BASE + 1 + Math.floor(rand() * options.works)),
    );
    const doi = `https://doi.org/10.99999/synthetic.${id}`;
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const partition = PARTITIONS[Math.floor(rand() * PARTITIONS.length)]!;
    const isOa = rand() < 0.45;
    const source = {
      id: oa('S', 9_400_000_000 + topics[0]!.subfield[0]),
      display_name: `Journal of ${primary.subfield[1]} (synthetic)`,
      issn_l: null,
      issn: null,
      is_oa: isOa,
      is_in_doaj: false,
      is_indexed_in_scopus: true,
      is_core: true,
      host_organization: null,
      host_organization_name: null,
      host_organization_lineage: [],
      host_organization_lineage_names: [],
      type: 'journal',
    };
    const location = {
      is_oa: isOa,
      landing_page_url: doi,
      pdf_url: null,
      source,
      license: isOa ? 'cc-by' : null,
      license_id: isOa ? 'https://openalex.org/licenses/cc-by' : null,
      version: 'publishedVersion',
      is_accepted: true,
      is_published: true,
    };
    const topicObj = (t: DemoTopic, score: number): Record<string, unknown> => ({
      id: oa('T', t.id),
      display_name: t.name,
      score,
      subfield: { id: `https://openalex.org/subfields/${t.subfield[0]}`, display_name: t.subfield[1] },
      field: { id: `https://openalex.org/fields/${t.field[0]}`, display_name: t.field[1] },
      domain: { id: `https://openalex.org/domains/${t.domain[0]}`, display_name: t.domain[1] },
    });
    const scores = topics.map((_, k) => Number((0.99 - k * 0.05 - rand() * 0.1).toFixed(4)));
    const institutionIds = new Set(
      authorships.flatMap((a) => (a.institutions as { id: string }[]).map((x) => x.id)),
    );
    const countryCodes = new Set(authorships.flatMap((a) => a.countries as string[]));
    const typeRoll = rand();
    const type =
      typeRoll < 0.82 ? 'article' : typeRoll < 0.9 ? 'review' : typeRoll < 0.96 ? 'preprint' : 'book-chapter';

    yield {
      partition,
      record: {
        id: oa('W', id),
        doi,
        title: title1,
        display_name: title1,
        publication_year: year,
        publication_date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
        ids: { openalex: oa('W', id), doi },
        language: 'en',
        primary_location: location,
        type,
        type_crossref: type === 'book-chapter' ? 'book-chapter' : 'journal-article',
        indexed_in: ['crossref'],
        open_access: {
          is_oa: isOa,
          oa_status: isOa ? 'gold' : 'closed',
          oa_url: isOa ? doi : null,
          any_repository_has_fulltext: isOa,
        },
        authorships,
        institution_assertions: [],
        countries_distinct_count: countryCodes.size,
        institutions_distinct_count: institutionIds.size,
        corresponding_author_ids: [(authorships[0]!.author as { id: string }).id],
        corresponding_institution_ids: (authorships[0]!.institutions as { id: string }[]).map((x) => x.id),
        apc_list: null,
        apc_paid: null,
        fwci: Number((cited / 12).toFixed(3)),
        has_fulltext: false,
        cited_by_count: cited,
        citation_normalized_percentile: null,
        cited_by_percentile_year: null,
        biblio: {
          volume: String(1 + (year - 1990)),
          issue: String(month),
          first_page: String(1 + Math.floor(rand() * 900)),
          last_page: null,
        },
        is_retracted: false,
        is_paratext: false,
        primary_topic: topicObj(primary, scores[0]!),
        topics: [
          ...topics.map((t, k) => topicObj(t, scores[k]!)),
          // the key technology's candidate topic; its place in the hierarchy is the primary topic's (synthetic)
          ...(focus && focusTopic !== null
            ? [
                {
                  ...topicObj(primary, 0),
                  id: oa('T', focusTopic),
                  display_name: focus.topicNames[focus.topics.indexOf(focusTopic)],
                  score: Number((0.6 + rand() * 0.35).toFixed(4)),
                },
              ]
            : []),
        ],
        keywords: [k1, k2]
          .filter((k, idx, arr) => arr.indexOf(k) === idx)
          .map((k) => ({
            id: `https://openalex.org/keywords/${k.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
            display_name: k,
            score: Number((0.3 + rand() * 0.6).toFixed(6)),
          })),
        concepts: topics.map((t, k) => ({
          id: oa('C', 9_500_000_000 + t.subfield[0]),
          wikidata: null,
          display_name: t.subfield[1],
          level: 1,
          score: scores[k],
        })),
        mesh: [],
        locations_count: 1,
        locations: [location],
        best_oa_location: isOa ? location : null,
        sustainable_development_goals: [],
        grants: [],
        datasets: [],
        versions: [],
        referenced_works_count: refs.length,
        referenced_works: refs,
        related_works: related,
        abstract_inverted_index: invertedIndex(words),
        cited_by_api_url: `https://api.openalex.org/works?filter=cites:W${id}`,
        counts_by_year: countsByYear,
        updated_date: `${partition}T00:00:00.000000`,
        created_date: `${year}-${String(month).padStart(2, '0')}-01`,
        is_synthetic: true,
      },
    };
  }
}
