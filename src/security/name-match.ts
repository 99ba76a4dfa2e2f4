/**
 * Fuzzy matching of organisation names against a watch-list, across scripts and spellings.
 *
 * A name is normalised (Unicode compatibility form, accents stripped, Hangul and Cyrillic transliterated to Latin,
 * legal forms such as "Co., Ltd." and "주식회사" dropped, common abbreviations expanded) and split into tokens.
 * Tokens are either *generic* (university, institute, technology, …) or *distinctive* (everything else).
 * The score is 0.8 × the similarity of the distinctive parts + 0.2 × the agreement of the generic parts (Dice;
 * 1 when either side has none). Distinctive parts are compared after a phonetic fold ("Hyeondae" ~ "Hyundai"),
 * as the better of a soft token Dice (tokens paired by Jaro–Winkler ≥ 0.9) and the Jaro–Winkler of the joined
 * spelling damped by the length ratio ("Hua Wei" = "Huawei", but "Northwestern" ≠ "Northwestern Polytechnic"). Two institutes that share only a city or only generic words
 * ("Harbin Institute of Technology" / "Harbin Engineering University") stay below the usual threshold.
 * Chinese characters are not transliterated (that needs a dictionary): list such names as aliases.
 */

const LEGAL_FORMS = new Set([
  'co',
  'ltd',
  'inc',
  'corp',
  'corporation',
  'company',
  'limited',
  'llc',
  'gmbh',
  'plc',
  'sa',
  'ag',
  'jsc',
  'pjsc',
  'ooo',
  'oao',
  'ao',
  'pao',
  'kk',
  'bv',
  'nv',
  'the',
  'of',
  'and',
  'for',
  'de',
  'jusikhoesa',
  'ju',
  'i',
  'imeni',
]);

const ABBREVIATIONS: Readonly<Record<string, string>> = {
  univ: 'university',
  uni: 'university',
  inst: 'institute',
  institut: 'institute',
  tech: 'technology',
  technol: 'technology',
  technologies: 'technology',
  tekhnologiy: 'technology',
  acad: 'academy',
  akademiya: 'academy',
  natl: 'national',
  nat: 'national',
  sci: 'science',
  sciences: 'science',
  nauk: 'science',
  nauki: 'science',
  eng: 'engineering',
  engn: 'engineering',
  res: 'research',
  lab: 'laboratory',
  labs: 'laboratory',
  laboratories: 'laboratory',
  intl: 'international',
  grp: 'group',
  daehakgyo: 'university',
  daehak: 'university',
  yeonguso: 'institute',
  yeonguwon: 'institute',
  gisul: 'technology',
  gwahak: 'science',
  universitet: 'university',
  institutes: 'institute',
  universities: 'university',
  electronic: 'electronics',
  polytechnical: 'polytechnic',
  gesellschaft: 'society',
  laboratoriya: 'laboratory',
  universiteta: 'university',
};

/** Words that name a kind of organisation rather than a particular one. */
const GENERIC = new Set([
  'university',
  'institute',
  'technology',
  'academy',
  'national',
  'science',
  'engineering',
  'research',
  'laboratory',
  'international',
  'group',
  'center',
  'centre',
  'college',
  'school',
  'hospital',
  'state',
  'key',
  'holdings',
  'industries',
  'industry',
  'electronics',
  'systems',
  'physics',
  'applied',
  'foundation',
  'agency',
  'ministry',
  'department',
  'society',
]);

// Revised Romanization of Korean, letter by letter (no sound-change rules; good enough for matching).
const INITIALS = [
  'g',
  'kk',
  'n',
  'd',
  'tt',
  'r',
  'm',
  'b',
  'pp',
  's',
  'ss',
  '',
  'j',
  'jj',
  'ch',
  'k',
  't',
  'p',
  'h',
];
const MEDIALS = [
  'a',
  'ae',
  'ya',
  'yae',
  'eo',
  'e',
  'yeo',
  'ye',
  'o',
  'wa',
  'wae',
  'oe',
  'yo',
  'u',
  'wo',
  'we',
  'wi',
  'yu',
  'eu',
  'ui',
  'i',
];
const FINALS = [
  '',
  'k',
  'k',
  'k',
  'n',
  'n',
  'n',
  't',
  'l',
  'k',
  'm',
  'l',
  'l',
  'l',
  'p',
  'l',
  'm',
  'p',
  'p',
  't',
  't',
  'ng',
  't',
  't',
  'k',
  't',
  'p',
  't',
];

const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  і: 'i',
  ї: 'yi',
  є: 'ye',
  ґ: 'g',
};

/** Latin letters for Hangul syllables and Cyrillic letters; other characters unchanged. */
export function transliterate(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0xac00 && code <= 0xd7a3) {
      const s = code - 0xac00;
      out += INITIALS[Math.floor(s / 588)]! + MEDIALS[Math.floor((s % 588) / 28)]! + FINALS[s % 28]!;
      continue;
    }
    const lower = ch.toLowerCase();
    out += CYRILLIC[lower] ?? ch;
  }
  return out;
}

export interface NormalisedName {
  tokens: string[];
  distinctive: string[];
  generic: string[];
}

export function normaliseName(name: string): NormalisedName {
  // Transliterate first: NFKD would split Hangul syllables into jamo.
  const latin = transliterate(name.replace(/\(주\)|㈜|주식회사/g, ' '))
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ');
  const tokens = latin
    .split(' ')
    .filter(Boolean)
    .map((t) => ABBREVIATIONS[t] ?? t)
    .filter((t) => !LEGAL_FORMS.has(t));
  return {
    tokens,
    distinctive: tokens.filter((t) => !GENERIC.has(t)),
    generic: tokens.filter((t) => GENERIC.has(t)),
  };
}

/** Folds spellings that romanisations of the same sound differ by (Revised vs McCune–Reischauer and habit). */
const phoneticFold = (s: string): string =>
  s
    .replace(/eo/g, 'u')
    .replace(/eu/g, 'u')
    .replace(/ae/g, 'a')
    .replace(/oo/g, 'u')
    .replace(/ou/g, 'u')
    .replace(/ph/g, 'f')
    .replace(/([bcdfghjklmnpqrstvz])w/g, '$1u')
    .replace(/kh/g, 'h')
    .replace(/ck/g, 'k')
    .replace(/([a-z])\1/g, '$1');

export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Array<boolean>(a.length).fill(false);
  const bMatched = new Array<boolean>(b.length).fill(false);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const lo = Math.max(0, i - window);
    const hi = Math.min(b.length - 1, i + window);
    for (let j = lo; j <= hi; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[k]) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Similarity of two organisation names in [0, 1] (1 = the same after normalisation). */
export function nameSimilarity(a: string, b: string): number {
  return normalisedSimilarity(normaliseName(a), normaliseName(b));
}

export function normalisedSimilarity(a: NormalisedName, b: NormalisedName): number {
  if (a.tokens.length === 0 || b.tokens.length === 0) return 0;
  // A name made only of generic words ("National University") is compared on all its words.
  const da = (a.distinctive.length > 0 ? a.distinctive : a.tokens).map(phoneticFold);
  const db = (b.distinctive.length > 0 ? b.distinctive : b.tokens).map(phoneticFold);
  const distinctive = Math.max(softDice(da, db), joinedSimilarity(da.join(''), db.join('')));
  return 0.8 * distinctive + 0.2 * genericAgreement(a.generic, b.generic);
}

/** Token Dice where a token counts by its best Jaro–Winkler partner on the other side (if ≥ 0.9). */
function softDice(a: readonly string[], b: readonly string[]): number {
  const best = (t: string, other: readonly string[]) => {
    let m = 0;
    for (const o of other) m = Math.max(m, jaroWinkler(t, o));
    return m >= 0.9 ? m : 0;
  };
  let sum = 0;
  for (const t of a) sum += best(t, b);
  for (const t of b) sum += best(t, a);
  return sum / (a.length + b.length);
}

/** Jaro–Winkler of the joined spellings ("hua wei" = "huawei"), damped when the lengths differ. */
const joinedSimilarity = (a: string, b: string): number =>
  jaroWinkler(a, b) * Math.sqrt(Math.min(a.length, b.length) / Math.max(a.length, b.length));

/** Dice of the generic words; 1 when either side has none ("Huawei" vs "Huawei Technologies"). */
function genericAgreement(a: readonly string[], b: readonly string[]): number {
  const sa = new Set(a);
  const sb = new Set(b);
  if (sa.size === 0 || sb.size === 0) return 1;
  let both = 0;
  for (const t of sa) if (sb.has(t)) both++;
  return (2 * both) / (sa.size + sb.size);
}

export interface WatchEntity {
  id: number;
  name: string;
  aliases: readonly string[];
  country: string | null;
  source: string;
  reason: string | null;
}

export interface WatchMatch {
  entity: WatchEntity;
  /** The entity's name or alias that matched best, and the score. */
  matchedName: string;
  queried: string;
  score: number;
}

/** Watch-list entities whose name or an alias scores at least `minScore` against one of the names, best first. */
export function matchWatchlist(
  names: readonly string[],
  entities: readonly WatchEntity[],
  minScore: number,
): WatchMatch[] {
  const queries = names.filter((n) => n.trim() !== '').map((n) => ({ n, norm: normaliseName(n) }));
  const out: WatchMatch[] = [];
  for (const entity of entities) {
    let best: WatchMatch | null = null;
    for (const candidate of [entity.name, ...entity.aliases]) {
      const norm = normaliseName(candidate);
      for (const q of queries) {
        const score = normalisedSimilarity(q.norm, norm);
        if (!best || score > best.score) best = { entity, matchedName: candidate, queried: q.n, score };
      }
    }
    if (best && best.score >= minScore) out.push(best);
  }
  return out.sort((x, y) => y.score - x.score);
}
