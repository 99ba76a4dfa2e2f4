/**
 * Turns a batch of parsed works into PostgreSQL COPY text (one block per staging table). Pure: no I/O.
 * COPY text format: tab-separated, `\N` for null, backslash escapes for backslash, tab, newline and CR.
 */
import type { ParsedWork } from './parse-openalex-work.js';

export type CopyValue = string | number | boolean | null | readonly (string | number)[];

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const escapeText = (s: string): string => s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!);

/** An array literal; elements are quoted so any text survives. */
const arrayLiteral = (values: readonly (string | number)[]): string =>
  `{${values.map((v) => (typeof v === 'number' ? String(v) : `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`)).join(',')}}`;

export function copyField(value: CopyValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '\\N';
    return String(value);
  }
  if (Array.isArray(value)) return escapeText(arrayLiteral(value));
  return escapeText(value as string);
}

export const copyLine = (values: readonly CopyValue[]): string => values.map(copyField).join('\t') + '\n';

/** Staging tables and their columns, in COPY order. */
export const STAGE_COLUMNS = {
  stage_work: [
    'id',
    'doi',
    'year',
    'publication_date',
    'type',
    'language',
    'title',
    'cited_by',
    'primary_topic_id',
    'subfield_id',
    'field_id',
    'is_retracted',
    'is_paratext',
    'authors_truncated',
    'updated_date',
    'synthetic',
    'ingest_run_id',
  ],
  stage_authorship: [
    'work_id',
    'position',
    'author_id',
    'author_name',
    'institution_ids',
    'country_codes',
    'is_corresponding',
  ],
  stage_institution: ['work_id', 'id', 'ror', 'name', 'country', 'type'],
  stage_topic: ['work_id', 'topic_id', 'score'],
  stage_keyword: ['work_id', 'keyword', 'score'],
  stage_country: ['work_id', 'country', 'frac', 'full_count'],
} as const;

export type StageTable = keyof typeof STAGE_COLUMNS;

export interface BatchCopy {
  /** COPY text per staging table. */
  text: Record<StageTable, string>;
  /** Works in the batch after removing duplicates. */
  works: number;
  /** Records dropped because a newer (or equal, later) copy of the same work is in the batch. */
  duplicates: number;
}

/** Keeps one record per work id: the newest `updated_date`, the later line on a tie. */
export function dedupeWorks(works: readonly ParsedWork[]): ParsedWork[] {
  const byId = new Map<number, ParsedWork>();
  for (const w of works) {
    const seen = byId.get(w.id);
    if (!seen || w.updatedDate >= seen.updatedDate) byId.set(w.id, w);
  }
  return [...byId.values()];
}

export function buildBatchCopy(works: readonly ParsedWork[], runId: number): BatchCopy {
  const unique = dedupeWorks(works);
  const out: Record<StageTable, string[]> = {
    stage_work: [],
    stage_authorship: [],
    stage_institution: [],
    stage_topic: [],
    stage_keyword: [],
    stage_country: [],
  };
  for (const w of unique) {
    out.stage_work.push(
      copyLine([
        w.id,
        w.doi,
        w.year,
        w.publicationDate,
        w.type,
        w.language,
        w.title,
        w.citedBy,
        w.primaryTopicId,
        w.subfieldId,
        w.fieldId,
        w.isRetracted,
        w.isParatext,
        w.authorsTruncated,
        w.updatedDate,
        w.synthetic,
        runId,
      ]),
    );
    for (const a of w.authorships) {
      out.stage_authorship.push(
        copyLine([
          w.id,
          a.position,
          a.authorId,
          a.authorName,
          a.institutionIds,
          a.countryCodes,
          a.isCorresponding,
        ]),
      );
    }
    for (const i of w.institutions)
      out.stage_institution.push(copyLine([w.id, i.id, i.ror, i.name, i.country, i.type]));
    for (const t of w.topics) out.stage_topic.push(copyLine([w.id, t.topicId, t.score]));
    for (const k of w.keywords) out.stage_keyword.push(copyLine([w.id, k.keyword, k.score]));
    for (const c of w.countries) out.stage_country.push(copyLine([w.id, c.country, c.frac, c.full]));
  }
  return {
    text: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join('')])) as Record<
      StageTable,
      string
    >,
    works: unique.length,
    duplicates: works.length - unique.length,
  };
}
