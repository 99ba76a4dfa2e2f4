/**
 * Database side of the patent loader: one batch of one table is upserted, its quarantined records stored and
 * the file position moved, all in one transaction, so a killed run resumes where it stopped and a second run
 * over the same files changes nothing (a row is written only when a value differs from the stored one).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import { bookkeepingQueries, type QuarantineRecord } from '../ingest/ingest-queries.js';
import type { PatentTableKind, RowByKind } from './patentsview-tables.js';

export const PATENTS_SOURCE = 'patentsview';

interface Target {
  table: string;
  key: readonly string[];
  columns: readonly string[];
  /** Maps the parsed row's property names to the table's columns where they differ. */
  from?: Readonly<Record<string, string>>;
}

export const TARGETS: Record<PatentTableKind, Target> = {
  patent: {
    table: 'patent',
    key: ['id'],
    columns: ['type', 'grant_date', 'year', 'title', 'wipo_kind', 'num_claims', 'withdrawn'],
  },
  abstract: { table: 'patent', key: ['id'], columns: ['abstract'] },
  application: {
    table: 'patent_application',
    key: ['patent_id'],
    columns: ['application_id', 'application_type', 'filing_date'],
  },
  cpc: { table: 'patent_cpc', key: ['patent_id', 'sequence'], columns: ['symbol', 'cpc_type'] },
  assignee: {
    table: 'patent_assignee',
    key: ['patent_id', 'sequence'],
    columns: ['assignee_id', 'organization', 'assignee_type', 'location_id'],
  },
  inventor: {
    table: 'patent_inventor',
    key: ['patent_id', 'sequence'],
    columns: ['inventor_id', 'location_id'],
  },
  location: { table: 'patent_location', key: ['id'], columns: ['city', 'state', 'country'] },
};

export interface PatentBatchCounts {
  ingested: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  quarantined: number;
}

export interface PatentBatch<K extends PatentTableKind> {
  kind: K;
  rows: RowByKind[K][];
  quarantine: QuarantineRecord[];
  position: { path: string; size: number; mtimeMs: number; recordsDone: number; done: boolean };
  runId: number;
  sourceFile: string;
}

const CAST: Record<string, string> = {
  grant_date: 'date',
  filing_date: 'date',
  year: 'smallint',
  num_claims: 'integer',
  withdrawn: 'boolean',
  sequence: 'integer',
};

const ident = (s: string): RawBuilder<unknown> => sql.id(s);

/** Upserts rows; returns how many were new and how many changed (unchanged rows are not written). */
async function upsert<K extends PatentTableKind>(
  db: Kysely<Database>,
  kind: K,
  rows: readonly RowByKind[K][],
  extra: { runId: number; sourceFile: string },
): Promise<{ ingested: number; updated: number }> {
  if (rows.length === 0) return { ingested: 0, updated: 0 };
  const t = TARGETS[kind];
  const isPatent = kind === 'patent';
  const cols = [...t.key, ...t.columns];
  const allCols = isPatent ? [...cols, 'source_file', 'ingest_run_id'] : cols;
  const value = (row: RowByKind[K], c: string): unknown => {
    if (c === 'source_file') return extra.sourceFile;
    if (c === 'ingest_run_id') return extra.runId;
    return (row as unknown as Record<string, unknown>)[c];
  };
  const cast = (c: string, v: unknown): RawBuilder<unknown> =>
    CAST[c] ? sql`${v}::${sql.raw(CAST[c])}` : c === 'ingest_run_id' ? sql`${v}::bigint` : sql`${v}`;
  let ingested = 0;
  let updated = 0;
  // PostgreSQL allows 65,535 parameters per statement.
  const per = Math.max(1, Math.floor(30_000 / allCols.length));
  for (let i = 0; i < rows.length; i += per) {
    const chunk = rows.slice(i, i + per);
    const values = sql.join(chunk.map((r) => sql`(${sql.join(allCols.map((c) => cast(c, value(r, c))))})`));
    const setCols = isPatent ? [...t.columns, 'source_file', 'ingest_run_id'] : t.columns;
    const result = await sql<{ inserted: boolean }>`
      insert into ${ident(t.table)} (${sql.join(allCols.map(ident))}) values ${values}
      on conflict (${sql.join(t.key.map(ident))}) do update set
        ${sql.join(setCols.map((c) => sql`${ident(c)} = excluded.${ident(c)}`))}
      where (${sql.join(t.columns.map((c) => sql`${ident(t.table)}.${ident(c)}`))}, null)
        is distinct from (${sql.join(t.columns.map((c) => sql`excluded.${ident(c)}`))}, null)
      returning (xmax = 0) as inserted`.execute(db);
    for (const r of result.rows) {
      if (r.inserted) ingested++;
      else updated++;
    }
  }
  return { ingested, updated };
}

/** Keeps the last record of each key within a batch (a key may appear once per statement). */
function lastPerKey<K extends PatentTableKind>(
  kind: K,
  rows: readonly RowByKind[K][],
): { rows: RowByKind[K][]; duplicates: number } {
  const key = TARGETS[kind].key;
  const byKey = new Map<string, RowByKind[K]>();
  for (const r of rows)
    byKey.set(key.map((k) => String((r as unknown as Record<string, unknown>)[k])).join('\u0000'), r);
  return { rows: [...byKey.values()], duplicates: rows.length - byKey.size };
}

export async function writePatentBatch<K extends PatentTableKind>(
  db: Kysely<Database>,
  batch: PatentBatch<K>,
): Promise<PatentBatchCounts> {
  return db.transaction().execute(async (trx) => {
    const unique = lastPerKey(batch.kind, batch.rows);
    const written = await upsert(trx, batch.kind, unique.rows, batch);
    const counts: PatentBatchCounts = {
      ...written,
      unchanged: unique.rows.length - written.ingested - written.updated,
      duplicates: unique.duplicates,
      quarantined: batch.quarantine.length,
    };
    const p = batch.position;
    // The same bookkeeping as the works loader; a record met twice in one batch counts as unchanged for the file.
    const bookkeeping = bookkeepingQueries(
      trx,
      batch.runId,
      batch.quarantine,
      { path: p.path, size: p.size, mtimeMs: p.mtimeMs, linesDone: p.recordsDone, done: p.done },
      {
        ingested: counts.ingested,
        updated: counts.updated,
        unchanged: counts.unchanged + counts.duplicates,
        quarantined: counts.quarantined,
      },
    );
    for (const compiled of bookkeeping) await trx.executeQuery(compiled);
    return counts;
  });
}

export interface PatentCounts {
  patents: number;
  withAbstract: number;
  cpcRows: number;
  patentsWithCpc: number;
  inventors: number;
  assignees: number;
  locations: number;
  /** Inventor rows whose location resolves to a country. */
  inventorsLocated: number;
  assigneesLocated: number;
}

export async function patentCounts(db: Kysely<Database>): Promise<PatentCounts> {
  const r = await sql<Record<keyof PatentCounts, number>>`select
    (select count(*) from patent where year is not null)::int as "patents",
    (select count(*) from patent where abstract is not null)::int as "withAbstract",
    (select count(*) from patent_cpc)::int as "cpcRows",
    (select count(distinct patent_id) from patent_cpc)::int as "patentsWithCpc",
    (select count(*) from patent_inventor)::int as "inventors",
    (select count(*) from patent_assignee)::int as "assignees",
    (select count(*) from patent_location)::int as "locations",
    (select count(*) from patent_inventor i join patent_location l on l.id = i.location_id
       where l.country is not null)::int as "inventorsLocated",
    (select count(*) from patent_assignee a join patent_location l on l.id = a.location_id
       where l.country is not null)::int as "assigneesLocated"`.execute(db);
  const row = r.rows[0]!;
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)])) as unknown as PatentCounts;
}
