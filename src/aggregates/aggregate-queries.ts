/**
 * Writes aggregate data sets. Each file is imported in one transaction that first removes what the same file
 * loaded before, so importing it again gives the same rows (idempotent) and a failed import changes nothing.
 * Bad records go to the quarantine with their location and reason; the rest still load.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DbHandle } from '../db/create-db.js';
import type { Database } from '../db/schema.js';
import { CetmapError } from '../shared/errors.js';
import { BUILTIN_COUNTRIES, CountryResolver } from './country-resolver.js';
import { readCsvRecords } from './csv-records.js';
import {
  describeRowError,
  type FileSpec,
  type ImportKind,
  type Row,
  type TargetTable,
} from './import-kinds.js';

export interface ImportFileReport {
  file: string;
  records: number;
  rows: number;
  quarantined: number;
}

export interface ImportReport {
  kind: string;
  dataset: string;
  directory: string;
  files: ImportFileReport[];
  rows: number;
  quarantined: number;
}

const MAX_PARAMETERS = 30_000; // well under PostgreSQL's 65,535 bind parameters per statement
const RAW_LIMIT = 100_000;

/** Rows to remove before re-importing `file`: the file's own rows, or the whole table it alone fills. */
function clearPrevious(trx: Transaction<Database>, kind: ImportKind, spec: FileSpec) {
  if (spec.table === 'statistic') {
    return trx
      .deleteFrom('statistic')
      .where('dataset', '=', kind.dataset)
      .where('source_file', '=', spec.file)
      .execute();
  }
  if (spec.table === 'statistic_series') {
    return trx.deleteFrom('statistic_series').where('dataset', '=', kind.dataset).execute();
  }
  return trx.deleteFrom(spec.table).execute();
}

async function insertRows(trx: Transaction<Database>, table: TargetTable, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!).length;
  const chunk = Math.max(1, Math.floor(MAX_PARAMETERS / columns));
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows
      .slice(i, i + chunk)
      .map((r) => ('dims' in r ? { ...r, dims: JSON.stringify(r.dims) } : r));
    await trx
      .insertInto(table)
      .values(values as never)
      .execute();
  }
}

export const quarantineSource = (kind: ImportKind): string => `import:${kind.kind}`;

async function importFile(
  trx: Transaction<Database>,
  kind: ImportKind,
  spec: FileSpec,
  path: string,
  countries: CountryResolver,
): Promise<ImportFileReport> {
  await clearPrevious(trx, kind, spec);
  const source = quarantineSource(kind);
  // Earlier problems in this file count as resolved unless they are found again below.
  await trx
    .updateTable('quarantine')
    .set({ resolved_at: sql`now()` })
    .where('source', '=', source)
    .where('locator', 'like', `${spec.file}:%`)
    .where('resolved_at', 'is', null)
    .execute();

  const report: ImportFileReport = { file: spec.file, records: 0, rows: 0, quarantined: 0 };
  const seen = new Map<string, number>();
  const merged = new Map<string, Row>(); // only for files whose spec merges repeated keys
  let buffer: Row[] = [];
  let bad: QuarantineEntry[] = [];
  for await (const record of readCsvRecords(path, spec.columns)) {
    report.records++;
    let rows: Row[] = [];
    let problem: string | undefined = record.fieldCountError;
    if (!problem) {
      try {
        rows = spec.toRows(record.values, {
          countries,
          dataset: kind.dataset,
          file: spec.file,
          line: record.line,
        });
      } catch (error) {
        problem = describeRowError(error)
          .map((i) => `${i.field}: ${i.message}`)
          .join('; ');
      }
    }
    for (const row of problem ? [] : rows) {
      const key = spec.key?.(row);
      if (key === undefined) continue;
      if (spec.merge) {
        const earlier = merged.get(key);
        merged.set(key, earlier ? spec.merge(earlier, row) : row);
        continue;
      }
      const first = seen.get(key);
      if (first !== undefined) problem = `duplicate of line ${first} (${key})`;
      else seen.set(key, record.line);
    }
    if (problem) {
      report.quarantined++;
      bad.push({
        source,
        locator: `${spec.file}:${record.line}`,
        reason: problem,
        raw: JSON.stringify(record.values).slice(0, RAW_LIMIT),
      });
      if (bad.length >= 1000) bad = await quarantineEntries(trx, bad);
      continue;
    }
    if (spec.merge) continue;
    buffer.push(...rows);
    report.rows += rows.length;
    if (buffer.length >= 5000) {
      await insertRows(trx, spec.table, buffer);
      buffer = [];
    }
  }
  if (spec.merge) {
    buffer = [...merged.values()];
    report.rows = buffer.length;
  }
  await insertRows(trx, spec.table, buffer);
  await quarantineEntries(trx, bad);
  return report;
}

interface QuarantineEntry {
  source: string;
  locator: string;
  reason: string;
  raw: string;
}

/** Records bad records (again): a record quarantined before keeps its id and is marked unresolved. */
async function quarantineEntries(
  trx: Transaction<Database>,
  entries: QuarantineEntry[],
): Promise<QuarantineEntry[]> {
  if (entries.length > 0) {
    await trx
      .insertInto('quarantine')
      .values(entries.map((e) => ({ ...e, run_id: null })))
      .onConflict((oc) =>
        oc.columns(['source', 'locator']).doUpdateSet((eb) => ({
          reason: eb.ref('excluded.reason'),
          raw: eb.ref('excluded.raw'),
          seen_at: sql`now()`,
          resolved_at: null,
        })),
      )
      .execute();
  }
  return [];
}

/** Imports one data set from its folder; files are checked to exist before anything is written. */
export async function importAggregate(
  handle: DbHandle,
  kind: ImportKind,
  directory: string,
  options: { countries?: CountryResolver; onFile?: (report: ImportFileReport) => void } = {},
): Promise<ImportReport> {
  const missing = kind.files.filter((f) => !existsSync(join(directory, f.file)));
  if (missing.length > 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${directory} is not a ${kind.kind} data set: missing ${missing.map((f) => f.file).join(', ')}`,
      {
        issues: missing.map((f) => ({ field: f.file, message: 'file not found', location: directory })),
      },
    );
  }
  const countries = options.countries ?? new CountryResolver();
  const files: ImportFileReport[] = [];
  for (const spec of kind.files) {
    const report = await handle.db
      .transaction()
      .execute((trx) => importFile(trx, kind, spec, join(directory, spec.file), countries));
    files.push(report);
    options.onFile?.(report);
  }
  const rows = files.reduce((s, f) => s + f.rows, 0);
  await recordDataset(handle.db, {
    id: `import:${kind.dataset}`,
    kind: kind.kind,
    title: kind.title,
    source: kind.source,
    licence: kind.licence,
    rows,
  });
  return {
    kind: kind.kind,
    dataset: kind.dataset,
    directory,
    files,
    rows,
    quarantined: files.reduce((s, f) => s + f.quarantined, 0),
  };
}

export async function recordDataset(
  db: Kysely<Database>,
  d: {
    id: string;
    kind: string;
    title: string;
    source: string;
    licence: string;
    rows: number;
    synthetic?: boolean;
  },
): Promise<void> {
  const values = {
    title: d.title,
    source: d.source,
    licence: d.licence,
    row_count: d.rows,
    synthetic: d.synthetic ?? false,
  };
  await db
    .insertInto('dataset')
    .values({ id: d.id, kind: d.kind, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet({ ...values, loaded_at: sql`now()` }))
    .execute();
}

/** Loads the built-in country table (shipped with cetmap) unless countries are already present. */
export async function loadBuiltinCountries(db: Kysely<Database>): Promise<number> {
  const existing = await db
    .selectFrom('country')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  if (Number(existing?.n ?? 0) > 0) return 0;
  await db.transaction().execute((trx) =>
    insertRows(
      trx,
      'country',
      BUILTIN_COUNTRIES.map((c) => ({
        alpha2: c.alpha2,
        alpha3: c.alpha3,
        numeric_code: c.numeric,
        name_en: c.name_en,
        name_ko: c.name_ko,
        region: c.region,
        sub_region: c.sub_region,
        world_atlas_id: c.world_atlas_id,
        source: 'built-in',
      })),
    ),
  );
  return BUILTIN_COUNTRIES.length;
}

/** Imports every data set whose folder is found in `directory` (countries first, so names resolve). */
export async function importAllAggregates(
  handle: DbHandle,
  directory: string,
  kinds: readonly ImportKind[],
  options: { onKind?: (kind: ImportKind) => void; onFile?: (report: ImportFileReport) => void } = {},
): Promise<ImportReport[]> {
  const found = kinds.filter((k) => existsSync(join(directory, k.folder)));
  if (found.length === 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `${directory} holds none of the known data set folders (${kinds.map((k) => k.folder).join(', ')}).`,
    );
  }
  const reports: ImportReport[] = [];
  for (const kind of found) {
    options.onKind?.(kind);
    reports.push(
      await importAggregate(handle, kind, join(directory, kind.folder), { onFile: options.onFile }),
    );
  }
  return reports;
}
