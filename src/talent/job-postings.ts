/**
 * Job postings (pure): the CSV schema, validation with every problem located (row, column), and classification
 * into technologies with the recipes' query language (occupation = title, skills text = abstract, tags).
 *
 * CSV columns (header row required, UTF-8, comma-separated, quotes as RFC 4180):
 *   date        YYYY-MM-DD or YYYY-MM (the month the posting was published)          required
 *   employer    employer name                                                        required
 *   region      Korean region: ISO 3166-2:KR code (KR-11), English or Korean name     required
 *   occupation  occupation / job title                                               required
 *   skills      free text: skills and requirements                                   required (may be empty)
 *   tech_tags   technology ids separated by ';' (e.g. kr2022.semis.memory)           optional
 */
import { parse } from 'csv-parse/sync';
import type { FieldIssue } from '../shared/errors.js';
import { matches, prepareDocument, type QueryNode } from '../classify/query-language.js';

/** The 17 first-level divisions of Korea (ISO 3166-2:KR), with English and Korean names. */
export const KR_REGIONS = [
  { code: 'KR-11', en: 'Seoul', ko: '서울특별시' },
  { code: 'KR-26', en: 'Busan', ko: '부산광역시' },
  { code: 'KR-27', en: 'Daegu', ko: '대구광역시' },
  { code: 'KR-28', en: 'Incheon', ko: '인천광역시' },
  { code: 'KR-29', en: 'Gwangju', ko: '광주광역시' },
  { code: 'KR-30', en: 'Daejeon', ko: '대전광역시' },
  { code: 'KR-31', en: 'Ulsan', ko: '울산광역시' },
  { code: 'KR-50', en: 'Sejong', ko: '세종특별자치시' },
  { code: 'KR-41', en: 'Gyeonggi', ko: '경기도' },
  { code: 'KR-42', en: 'Gangwon', ko: '강원특별자치도' },
  { code: 'KR-43', en: 'North Chungcheong', ko: '충청북도' },
  { code: 'KR-44', en: 'South Chungcheong', ko: '충청남도' },
  { code: 'KR-45', en: 'North Jeolla', ko: '전북특별자치도' },
  { code: 'KR-46', en: 'South Jeolla', ko: '전라남도' },
  { code: 'KR-47', en: 'North Gyeongsang', ko: '경상북도' },
  { code: 'KR-48', en: 'South Gyeongsang', ko: '경상남도' },
  { code: 'KR-49', en: 'Jeju', ko: '제주특별자치도' },
] as const;

const REGION_LOOKUP = new Map<string, string>();
for (const r of KR_REGIONS) {
  for (const name of [r.code, r.en, r.ko]) REGION_LOOKUP.set(name.toLowerCase(), r.code);
}
REGION_LOOKUP.set('강원도', 'KR-42');
REGION_LOOKUP.set('전라북도', 'KR-45');
REGION_LOOKUP.set('gangwon-do', 'KR-42');
REGION_LOOKUP.set('gyeonggi-do', 'KR-41');

export const regionCode = (value: string): string | undefined =>
  REGION_LOOKUP.get(value.trim().toLowerCase());

export const REQUIRED_COLUMNS = ['date', 'employer', 'region', 'occupation', 'skills'] as const;
export const OPTIONAL_COLUMNS = ['tech_tags'] as const;

export interface PostingRow {
  sourceRow: number;
  postedOn: string;
  employer: string;
  region: string;
  occupation: string;
  skills: string;
  techTags: string[];
}

export interface ParsedPostings {
  rows: PostingRow[];
  issues: FieldIssue[];
}

const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

function validDate(value: string): string | null {
  const m = DATE.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d] = m;
  const date = `${y}-${mo}-${d ?? '01'}`;
  const parsed = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== date) return null;
  return date;
}

/**
 * Parses and validates a postings CSV. Every problem is reported with its location (`file:row`, row = line of
 * the CSV counting the header as row 1) and column; the caller writes nothing when there is any issue.
 */
export function parsePostingsCsv(text: string, file: string, knownTech: ReadonlySet<string>): ParsedPostings {
  const issues: FieldIssue[] = [];
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  } catch (e) {
    const err = e as Error & { lines?: number };
    return {
      rows: [],
      issues: [{ field: 'csv', message: err.message, location: `${file}:${err.lines ?? '?'}` }],
    };
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  for (const col of REQUIRED_COLUMNS) {
    if (!header.includes(col))
      issues.push({ field: col, message: 'required column is missing', location: `${file}:1` });
  }
  if (issues.length > 0) return { rows: [], issues };
  const idx = (col: string) => header.indexOf(col);
  const rows: PostingRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const rec = records[i]!;
    const row = i + 1;
    const location = `${file}:${row}`;
    const get = (col: string) => (idx(col) >= 0 ? (rec[idx(col)] ?? '').trim() : '');
    const before = issues.length;
    if (rec.length !== header.length)
      issues.push({
        field: 'row',
        message: `has ${rec.length} fields, the header has ${header.length}`,
        location,
      });
    const date = validDate(get('date'));
    if (!date)
      issues.push({ field: 'date', message: `"${get('date')}" is not YYYY-MM-DD or YYYY-MM`, location });
    const region = regionCode(get('region'));
    if (!region)
      issues.push({
        field: 'region',
        message: `"${get('region')}" is not a Korean region (ISO 3166-2:KR code, English or Korean name)`,
        location,
      });
    for (const col of ['employer', 'occupation'] as const)
      if (!get(col)) issues.push({ field: col, message: 'is empty', location });
    const tags = get('tech_tags')
      .split(';')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const tag of tags)
      if (!knownTech.has(tag))
        issues.push({ field: 'tech_tags', message: `unknown technology id "${tag}"`, location });
    if (issues.length > before) continue;
    rows.push({
      sourceRow: row,
      postedOn: date!,
      employer: get('employer'),
      region: region!,
      occupation: get('occupation'),
      skills: get('skills'),
      techTags: [...new Set(tags)],
    });
  }
  return { rows, issues };
}

export interface PostingRecipe {
  techId: string;
  version: number;
  query: QueryNode;
}

/** The technologies a posting belongs to: its tags, and every technology whose query matches its text. */
export function classifyPosting(
  row: Pick<PostingRow, 'occupation' | 'skills' | 'techTags'>,
  recipes: readonly PostingRecipe[],
): Array<{ techId: string; matchedBy: 'tag' | 'query'; recipeVersion: number | null }> {
  const out = new Map<string, { techId: string; matchedBy: 'tag' | 'query'; recipeVersion: number | null }>();
  for (const tag of row.techTags) out.set(tag, { techId: tag, matchedBy: 'tag', recipeVersion: null });
  const doc = prepareDocument({ title: row.occupation, abstract: row.skills });
  for (const r of recipes) {
    if (out.has(r.techId)) continue;
    if (matches(r.query, doc))
      out.set(r.techId, { techId: r.techId, matchedBy: 'query', recipeVersion: r.version });
  }
  return [...out.values()];
}

/** Header and rows of a postings CSV (used by the synthetic generator and tests). */
export function postingsCsv(rows: ReadonlyArray<Omit<PostingRow, 'sourceRow'>>): string {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const lines = ['date,employer,region,occupation,skills,tech_tags'];
  for (const r of rows)
    lines.push(
      [r.postedOn, r.employer, r.region, r.occupation, r.skills, r.techTags.join(';')].map(q).join(','),
    );
  return lines.join('\n') + '\n';
}
