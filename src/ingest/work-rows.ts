/**
 * Turns a batch of parsed works into PostgreSQL COPY text (one block per staging table). Pure: no I/O.
 * COPY text format: tab-separated, `\N` for null, backslash escapes for backslash, tab, newline and CR.
 */
import type { ParsedWork } from './parse-openalex-work.js';

export type CopyValue = string | number | boolean | null | readonly (string | number)[];

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };
const NEEDS_ESCAPE = /[\\\t\n\r]/;
// Most values need no escape: testing first skips building a new string for them.
const escapeText = (s: string): string =>
  NEEDS_ESCAPE.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]!) : s;

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

/**
 * COPY targets and their columns. New works are copied straight into `work`; works that replace an older stored
 * version go through the staging table `stage_work` (an upsert). Institutions are staged too (an upsert shared
 * between works, the newest work's version winning); the per-work child rows are copied straight into their
 * tables, only for works that are new or newer.
 */
export const COPY_TARGETS = {
  work: {
    table: 'work',
    columns: [
      'id',
      'doi',
      'year',
      'publication_date',
      'type',
      'language',
      'title',
      'abstract',
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
  },
  institution: {
    table: 'stage_institution',
    columns: ['id', 'ror', 'name', 'country', 'type', 'seen_date'],
  },
  authorship: {
    table: 'authorship',
    columns: [
      'work_id',
      'position',
      'author_id',
      'author_name',
      'institution_ids',
      'country_codes',
      'is_corresponding',
    ],
  },
  topic: { table: 'work_topic', columns: ['work_id', 'topic_id', 'score'] },
  keyword: { table: 'work_keyword', columns: ['work_id', 'keyword', 'score'] },
  country: { table: 'work_country', columns: ['work_id', 'country', 'frac', 'full_count'] },
  institutionCredit: { table: 'work_institution', columns: ['work_id', 'institution_id', 'frac'] },
} as const;

export type CopyPart = keyof typeof COPY_TARGETS;

/** The rows hanging off a work, copied straight into their tables for new and newer works (not staged). */
export const CHILD_PARTS = ['authorship', 'topic', 'keyword', 'country', 'institutionCredit'] as const;
export const CHILD_TABLES = CHILD_PARTS.map((part) => COPY_TARGETS[part].table);
/** The targets with rows per work; institutions are collected per batch instead (BatchInstitutions). */
export const WORK_PARTS = ['work', ...CHILD_PARTS] as const;
export type WorkPart = (typeof WORK_PARTS)[number];

/** The COPY lines of one work, per target. */
export type WorkCopyRows = Record<WorkPart, string>;

/**
 * The institutions a batch's works list, each once, as given on the newest of those works: the COPY fields
 * (id, ror, name, country, type) and that work's updated_date, in matching order.
 */
export interface BatchInstitutions {
  fields: string[];
  seenDates: string[];
  ids: number[];
}

/** One COPY target's rows for a whole batch, as UTF-8, with each work's share of the bytes in batch order. */
export interface EncodedPart {
  bytes: Uint8Array;
  lengths: Uint32Array;
}

/**
 * A batch's rows, encoded where they were parsed (in a parse thread, the buffers are moved to the main thread
 * without a copy), so that the main thread only picks byte ranges and sends them.
 */
export interface BatchCopy {
  /** Work ids in batch order, after removing duplicates. */
  ids: number[];
  /** Each work's updated_date as written in its COPY line (same order), to decide new / newer / unchanged. */
  updatedDates: string[];
  parts: Record<WorkPart, EncodedPart>;
  institutions: BatchInstitutions;
  /** Records dropped because a newer (or equal, later) copy of the same work is in the batch. */
  duplicates: number;
}

export function workCopyRows(w: ParsedWork, runId: number): WorkCopyRows {
  return {
    work: copyLine([
      w.id,
      w.doi,
      w.year,
      w.publicationDate,
      w.type,
      w.language,
      w.title,
      w.abstract,
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
    authorship: w.authorships
      .map((a) =>
        copyLine([
          w.id,
          a.position,
          a.authorId,
          a.authorName,
          a.institutionIds,
          a.countryCodes,
          a.isCorresponding,
        ]),
      )
      .join(''),
    topic: w.topics.map((t) => copyLine([w.id, t.topicId, t.score])).join(''),
    keyword: w.keywords.map((k) => copyLine([w.id, k.keyword, k.score])).join(''),
    country: w.countries.map((c) => copyLine([w.id, c.country, c.frac, c.full])).join(''),
    institutionCredit: w.institutionCredit.map((i) => copyLine([w.id, i.institutionId, i.frac])).join(''),
  };
}

const encoder = new TextEncoder();
/**
 * COPY text as UTF-8 in a buffer of its own (Buffer.from may hand out a slice of a shared pool, which cannot move to
 * another thread).
 */
export const encodeCopyText = (text: string): Uint8Array => encoder.encode(text);

function encodePart(rows: readonly WorkCopyRows[], part: WorkPart): EncodedPart {
  const lengths = new Uint32Array(rows.length);
  let text = '';
  rows.forEach((r, i) => {
    text += r[part];
    lengths[i] = Buffer.byteLength(r[part]);
  });
  return { bytes: encodeCopyText(text), lengths };
}

/**
 * Collects a batch's COPY rows work by work, keeping one record per work id: the newest `updated_date`, the later
 * record on a tie.
 */
export function createBatchCopyBuilder(runId: number): {
  add(work: ParsedWork): void;
  /** The batch so far, or null when it holds no work. */
  finish(): BatchCopy | null;
} {
  const works = new Map<number, WorkCopyRows>();
  const updatedDates = new Map<number, string>();
  const institutions = new Map<number, { fields: string; seenDate: string }>();
  let duplicates = 0;
  return {
    add(w) {
      for (const i of w.institutions) {
        const known = institutions.get(i.id);
        if (!known || w.updatedDate >= known.seenDate)
          institutions.set(i.id, {
            fields: copyLine([i.id, i.ror, i.name, i.country, i.type]).slice(0, -1),
            seenDate: w.updatedDate,
          });
      }
      const seen = updatedDates.get(w.id);
      if (seen !== undefined) {
        duplicates++;
        if (w.updatedDate < seen) return;
      }
      works.set(w.id, workCopyRows(w, runId));
      updatedDates.set(w.id, w.updatedDate);
    },
    finish() {
      if (works.size === 0) return null;
      const rows = [...works.values()];
      const parts = Object.fromEntries(WORK_PARTS.map((part) => [part, encodePart(rows, part)])) as Record<
        WorkPart,
        EncodedPart
      >;
      const listed = [...institutions.values()];
      return {
        ids: [...works.keys()],
        updatedDates: [...updatedDates.values()],
        parts,
        institutions: {
          ids: [...institutions.keys()],
          fields: listed.map((i) => i.fields),
          seenDates: listed.map((i) => i.seenDate),
        },
        duplicates,
      };
    },
  };
}

export function buildBatchCopy(works: readonly ParsedWork[], runId: number): BatchCopy | null {
  const builder = createBatchCopyBuilder(runId);
  for (const w of works) builder.add(w);
  return builder.finish();
}

/** The buffers of a batch, to move them to another thread instead of copying them. */
export const batchBuffers = (batch: BatchCopy): ArrayBuffer[] =>
  Object.values(batch.parts).flatMap((p) => [p.bytes.buffer as ArrayBuffer, p.lengths.buffer as ArrayBuffer]);

/**
 * The COPY data of one target for the batch: the works in `only` if given, leaving out those in `skip`; byte ranges
 * of the encoded rows, adjacent works joined into one range.
 */
export function copyChunks(
  batch: BatchCopy,
  part: WorkPart,
  select: { skip?: ReadonlySet<number>; only?: ReadonlySet<number> } = {},
): Uint8Array[] {
  const { bytes, lengths } = batch.parts[part];
  if (!select.skip?.size && !select.only) return bytes.length > 0 ? [bytes] : [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  let runStart = -1;
  batch.ids.forEach((id, i) => {
    const keep = !select.skip?.has(id) && (!select.only || select.only.has(id));
    if (keep && runStart === -1) runStart = offset;
    if (!keep && runStart !== -1) {
      if (offset > runStart) chunks.push(bytes.subarray(runStart, offset));
      runStart = -1;
    }
    offset += lengths[i]!;
  });
  if (runStart !== -1 && offset > runStart) chunks.push(bytes.subarray(runStart, offset));
  return chunks;
}
