/**
 * Parses one OpenAlex Work object (snapshot line or API result) into the rows cetmap stores.
 * Validates only the fields cetmap uses; everything else in the record is ignored. Pure: no I/O.
 */
import { z } from 'zod';
import {
  workWeights,
  type CountryWeight,
  type CreditAffiliation,
  type InstitutionWeight,
} from '../core/country-credit.js';

export interface ParsedAuthorship {
  position: number;
  authorId: number | null;
  authorName: string | null;
  institutionIds: number[];
  countryCodes: string[];
  isCorresponding: boolean;
}

export interface ParsedInstitution {
  id: number;
  ror: string | null;
  name: string | null;
  country: string | null;
  type: string | null;
}

export interface ParsedWork {
  id: number;
  doi: string | null;
  year: number | null;
  publicationDate: string | null;
  type: string | null;
  language: string | null;
  title: string | null;
  /** Rebuilt from OpenAlex's inverted index (word → positions), for classification by keyword queries. */
  abstract: string | null;
  citedBy: number;
  primaryTopicId: number | null;
  subfieldId: number | null;
  fieldId: number | null;
  isRetracted: boolean;
  isParatext: boolean;
  authorsTruncated: boolean;
  /** The record's `updated_date`, normalised to an ISO timestamp without zone (OpenAlex writes UTC). */
  updatedDate: string;
  synthetic: boolean;
  authorships: ParsedAuthorship[];
  institutions: ParsedInstitution[];
  topics: { topicId: number; score: number }[];
  keywords: { keyword: string; score: number | null }[];
  countries: CountryWeight[];
  /** Each institution's author-level fractional credit (methods.md §1), for institution rollups. */
  institutionCredit: InstitutionWeight[];
}

export type ParseResult = { work: ParsedWork } | { errors: string[] };

/** The number in an OpenAlex id (`https://openalex.org/W123`, `W123`, `https://openalex.org/subfields/1702`). */
const ID_PATTERNS = new Map<string, RegExp>();

export function openAlexNumber(id: string | null | undefined, prefix: string): number | null {
  if (!id) return null;
  let pattern = ID_PATTERNS.get(prefix);
  if (!pattern) ID_PATTERNS.set(prefix, (pattern = new RegExp(`(?:^|/)${prefix}(\\d{1,15})$`, 'i')));
  const match = pattern.exec(id.trim());
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? n : null;
}

const workId = z
  .string()
  .refine((s) => openAlexNumber(s, 'W') !== null, 'must be an OpenAlex work id (W followed by digits)');
const nullableString = z.string().nullish();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ][\d:.]+)?(Z|[+-]\d{2}:?\d{2})?$/, 'must be an ISO date or timestamp');

const institutionSchema = z.object({
  id: nullableString,
  display_name: nullableString,
  ror: nullableString,
  country_code: nullableString,
  type: nullableString,
});

const authorshipSchema = z.object({
  author_position: nullableString,
  author: z.object({ id: nullableString, display_name: nullableString }).nullish(),
  institutions: z.array(institutionSchema).nullish(),
  countries: z.array(z.string()).nullish(),
  is_corresponding: z.boolean().nullish(),
});

const topicSchema = z.object({
  id: z.string(),
  score: z.number().nullish(),
  subfield: z.object({ id: nullableString }).nullish(),
  field: z.object({ id: nullableString }).nullish(),
});

const workSchema = z.object({
  id: workId,
  updated_date: isoDate,
  doi: nullableString,
  title: nullableString,
  display_name: nullableString,
  publication_year: z.number().int().min(1000).max(2100).nullish(),
  publication_date: isoDate.nullish(),
  language: nullableString,
  type: nullableString,
  cited_by_count: z.number().int().min(0).nullish(),
  is_retracted: z.boolean().nullish(),
  is_paratext: z.boolean().nullish(),
  is_authors_truncated: z.boolean().nullish(),
  authorships: z.array(authorshipSchema).nullish(),
  primary_topic: topicSchema.nullish(),
  topics: z.array(topicSchema).nullish(),
  keywords: z
    .array(z.object({ display_name: nullableString, id: nullableString, score: z.number().nullish() }))
    .nullish(),
  is_synthetic: z.boolean().nullish(),
  // Checked while the abstract is rebuilt (abstractFromInvertedIndex): one pass over hundreds of words instead
  // of a zod record of arrays, which cost more than the rest of the record.
  abstract_inverted_index: z.unknown().optional(),
});

const COUNTRY = /^[A-Z]{2}$/;
const cleanCountry = (c: string | null | undefined): string | null => {
  const upper = c?.trim().toUpperCase();
  return upper && COUNTRY.test(upper) ? upper : null;
};
// PostgreSQL text cannot hold NUL characters, which occasionally occur in scraped titles.
const cleanText = (s: string | null | undefined): string | null =>
  s == null ? null : s.replaceAll('\u0000', '');

/** Longest abstract kept; longer ones are cut (classification needs the opening, not every word). */
export const ABSTRACT_MAX_CHARS = 10_000;

const MAX_POSITION = 100_000;
const BAD_INDEX = 'must map each word to its positions (integers 0–100,000)';

/**
 * Rebuilds an abstract from OpenAlex's inverted index (each word with the positions where it occurs), checking
 * the index as it goes: an object whose values are arrays of integer positions 0–100,000.
 */
export function abstractFromInvertedIndex(index: unknown): { text: string | null } | { error: string } {
  if (index === null || index === undefined) return { text: null };
  if (typeof index !== 'object' || Array.isArray(index)) return { error: BAD_INDEX };
  const words: string[] = [];
  for (const word in index) {
    const positions = (index as Record<string, unknown>)[word];
    if (!Array.isArray(positions)) return { error: BAD_INDEX };
    for (const p of positions) {
      if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > MAX_POSITION)
        return { error: BAD_INDEX };
      words[p] = word;
    }
  }
  return { text: joinWords(words) };
}

/** The words in position order, one space apart, cut at ABSTRACT_MAX_CHARS; null when there are none. */
function joinWords(words: readonly (string | undefined)[]): string | null {
  let text = '';
  for (const w of words) {
    if (w === undefined) continue;
    text = text === '' ? w : `${text} ${w}`;
    if (text.length >= ABSTRACT_MAX_CHARS) break;
  }
  return text === '' ? null : text.slice(0, ABSTRACT_MAX_CHARS);
}

const INDEX_KEY = '"abstract_inverted_index"';
/** Put in place of the index that readInvertedIndex took out, to check that it was the record's own. */
export const INDEX_TAKEN = 'cetmap:abstract-read-from-text';

/**
 * Takes the abstract straight out of a raw record's text, before JSON.parse: an inverted index has one key per
 * distinct word, and JSON.parse builds such objects slowly (in one measurement it cost as much as the rest of the
 * record). Returns the rebuilt abstract and the line with the index replaced by the string INDEX_TAKEN, or null
 * whenever the index is not plainly an object of words to integer positions 0–100,000 with no word twice and no
 * position twice; the caller then parses the whole line as before. Where it returns a result, that result equals
 * abstractFromInvertedIndex's on the parsed index (property test in test/ingest/abstract.test.ts).
 */
export function readInvertedIndex(line: string): { abstract: string | null; rest: string } | null {
  const key = line.indexOf(INDEX_KEY);
  if (key === -1) return null;
  let i = key + INDEX_KEY.length;
  const space = (): void => {
    for (let c = line.charCodeAt(i); c === 32 || c === 9 || c === 10 || c === 13; c = line.charCodeAt(++i));
  };
  const expect = (code: number): boolean => {
    space();
    if (line.charCodeAt(i) !== code) return false;
    i++;
    return true;
  };
  if (!expect(0x3a /* : */)) return null;
  space();
  const start = i;
  if (!expect(0x7b /* { */)) return null;
  const words: string[] = [];
  const seen = new Set<string>();
  space();
  let more = line.charCodeAt(i) !== 0x7d; /* } */
  if (!more) i++;
  while (more) {
    if (!expect(0x22 /* " */)) return null;
    const open = i - 1;
    let escaped = false;
    for (let c = line.charCodeAt(i); c !== 0x22; c = line.charCodeAt(i)) {
      if (Number.isNaN(c) || c < 0x20) return null; // end of line or a control character: not valid JSON
      if (c === 0x5c /* \ */) {
        escaped = true;
        i++;
      }
      i++;
    }
    i++;
    let word: string;
    try {
      word = escaped ? (JSON.parse(line.slice(open, i)) as string) : line.slice(open + 1, i - 1);
    } catch {
      return null;
    }
    if (seen.has(word)) return null;
    seen.add(word);
    if (!expect(0x3a /* : */) || !expect(0x5b /* [ */)) return null;
    space();
    let positions = line.charCodeAt(i) !== 0x5d; /* ] */
    if (!positions) i++;
    while (positions) {
      const first = i;
      let p = 0;
      for (let c = line.charCodeAt(i); c >= 0x30 && c <= 0x39; c = line.charCodeAt(++i))
        p = p * 10 + c - 0x30;
      const digits = i - first;
      if (digits === 0 || digits > 6 || (digits > 1 && line.charCodeAt(first) === 0x30) || p > MAX_POSITION)
        return null;
      const after = line.charCodeAt(i);
      if (after === 0x2e /* . */ || after === 0x65 /* e */ || after === 0x45 /* E */) return null;
      if (words[p] !== undefined) return null;
      words[p] = word;
      space();
      const next = line.charCodeAt(i++);
      if (next === 0x5d /* ] */) positions = false;
      else if (next !== 0x2c /* , */) return null;
      else space();
    }
    space();
    const next = line.charCodeAt(i++);
    if (next === 0x7d /* } */) more = false;
    else if (next !== 0x2c /* , */) return null;
  }
  return {
    abstract: joinWords(words),
    rest: `${line.slice(0, start)}"${INDEX_TAKEN}"${line.slice(i)}`,
  };
}

/** `updated_date` as an ISO timestamp without zone, so that comparisons order correctly. */
function normaliseTimestamp(s: string): string {
  return s.length === 10 ? `${s}T00:00:00` : s.replace(' ', 'T').replace(/(Z|[+-]\d{2}:?\d{2})$/, '');
}

/**
 * `abstract`: the abstract already read from the record's text (readInvertedIndex); the record's
 * abstract_inverted_index is then INDEX_TAKEN and is not read again.
 */
export function parseOpenAlexWork(input: unknown, abstractRead?: { text: string | null }): ParseResult {
  const parsed = workSchema.safeParse(input);
  const abstract =
    abstractRead ??
    abstractFromInvertedIndex(
      (input as { abstract_inverted_index?: unknown } | null)?.abstract_inverted_index,
    );
  const abstractErrors = 'error' in abstract ? [`abstract_inverted_index: ${abstract.error}`] : [];
  if (!parsed.success) {
    return {
      errors: [
        ...parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`),
        ...abstractErrors,
      ],
    };
  }
  if ('error' in abstract) return { errors: abstractErrors };
  const w = parsed.data;
  const institutions = new Map<number, ParsedInstitution>();
  const authorships: ParsedAuthorship[] = [];
  const creditByAuthor = new Map<string, CreditAffiliation[]>();
  (w.authorships ?? []).forEach((a, position) => {
    const authorId = openAlexNumber(a.author?.id, 'A');
    const affiliations: CreditAffiliation[] = [];
    const institutionIds: number[] = [];
    for (const inst of a.institutions ?? []) {
      const id = openAlexNumber(inst.id, 'I');
      const country = cleanCountry(inst.country_code);
      if (id === null) continue;
      if (!institutionIds.includes(id)) institutionIds.push(id);
      affiliations.push({ institution: `I${id}`, country });
      if (!institutions.has(id)) {
        institutions.set(id, {
          id,
          ror: cleanText(inst.ror),
          name: cleanText(inst.display_name),
          country,
          type: cleanText(inst.type),
        });
      }
    }
    const listed = [...new Set((a.countries ?? []).map(cleanCountry).filter((c): c is string => c !== null))];
    // Without institutions, the authorship's countries act as pseudo-affiliations (methods.md §1).
    if (affiliations.length === 0)
      for (const c of listed) affiliations.push({ institution: `country:${c}`, country: c });
    const countryCodes = [
      ...new Set([...affiliations.map((x) => x.country).filter((c): c is string => c !== null), ...listed]),
    ].sort();
    // The same author listed twice counts once; an authorship without an author id is its own author.
    const key = authorId !== null ? `A${authorId}` : `pos${position}`;
    const existing = creditByAuthor.get(key);
    if (existing) existing.push(...affiliations);
    else creditByAuthor.set(key, affiliations);
    authorships.push({
      position,
      authorId,
      authorName: cleanText(a.author?.display_name),
      institutionIds,
      countryCodes,
      isCorresponding: a.is_corresponding ?? false,
    });
  });

  const topics = new Map<number, number>();
  for (const t of w.topics ?? []) {
    const id = openAlexNumber(t.id, 'T');
    if (id !== null && !topics.has(id)) topics.set(id, t.score ?? 0);
  }
  const keywords = new Map<string, number | null>();
  for (const k of w.keywords ?? []) {
    const keyword = cleanText(k.display_name)?.trim().toLowerCase();
    if (keyword && !keywords.has(keyword)) keywords.set(keyword, k.score ?? null);
  }
  const primary = w.primary_topic ?? null;
  const weights = workWeights([...creditByAuthor.values()]);

  return {
    work: {
      id: openAlexNumber(w.id, 'W')!,
      doi: cleanText(w.doi?.replace(/^https?:\/\/(dx\.)?doi\.org\//i, '').toLowerCase() ?? null),
      year: w.publication_year ?? null,
      publicationDate: w.publication_date ? w.publication_date.slice(0, 10) : null,
      type: cleanText(w.type),
      language: cleanText(w.language),
      title: cleanText(w.title ?? w.display_name),
      abstract: cleanText(abstract.text),
      citedBy: w.cited_by_count ?? 0,
      primaryTopicId: primary ? openAlexNumber(primary.id, 'T') : null,
      subfieldId: openAlexNumber(primary?.subfield?.id, 'subfields/'),
      fieldId: openAlexNumber(primary?.field?.id, 'fields/'),
      isRetracted: w.is_retracted ?? false,
      isParatext: w.is_paratext ?? false,
      authorsTruncated: w.is_authors_truncated ?? false,
      updatedDate: normaliseTimestamp(w.updated_date),
      synthetic: w.is_synthetic ?? false,
      authorships,
      institutions: [...institutions.values()],
      topics: [...topics].map(([topicId, score]) => ({ topicId, score })),
      keywords: [...keywords].map(([keyword, score]) => ({ keyword, score })),
      countries: weights.countries,
      institutionCredit: weights.institutions,
    },
  };
}
