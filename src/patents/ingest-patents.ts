/**
 * `cetmap ingest patents <dir>`: loads the PatentsView granted-patent bulk tables (g_patent, g_patent_abstract,
 * g_application, g_cpc_current, g_assignee_disambiguated, g_inventor_disambiguated, g_location_disambiguated)
 * from a directory of .tsv / .tsv.zip / .csv files. Streaming (one batch in memory), idempotent (a second run
 * over the same files writes nothing), resumable (each batch commits its file position) and it never stops on
 * a bad record: unreadable or invalid records go to the quarantine with file, line and reason.
 *
 * Countries come only from the location table, at rollup time: without g_location_disambiguated, patents load
 * without countries and the summary says so. Nothing is guessed (assignee_type "US company" is not a country).
 */
import { resolve } from 'node:path';
import type { DbHandle } from '../db/create-db.js';
import {
  filePosition,
  finishIngestRun,
  resetFilePosition,
  startIngestRun,
  type QuarantineRecord,
} from '../ingest/ingest-queries.js';
import { CetmapError } from '../shared/errors.js';
import { patentCounts, writePatentBatch, PATENTS_SOURCE, type PatentCounts } from './patent-queries.js';
import {
  PATENTSVIEW_NAME,
  TABLE_ORDER,
  parseRecord,
  type PatentTableKind,
  type RowByKind,
} from './patentsview-tables.js';
import { listTableFiles, openTable, type TableFile } from './read-table.js';

export interface PatentIngestOptions {
  force?: boolean;
  batchSize?: number;
  onProgress?: (p: { file: string; table: PatentTableKind; records: number }) => void;
  onWarning?: (message: string) => void;
}

export interface TableSummary {
  file: string;
  records: number;
  ingested: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  quarantined: number;
  skipped: boolean;
  resumedAt: number;
}

export interface PatentIngestSummary {
  runId: number;
  tables: Partial<Record<PatentTableKind, TableSummary[]>>;
  /** Files that are not a PatentsView table cetmap reads (their header did not match). */
  ignored: string[];
  records: number;
  ingested: number;
  updated: number;
  unchanged: number;
  quarantined: number;
  /** What the database holds after the run. */
  totals: PatentCounts;
  /** True when no location table has been loaded: patents have no countries yet. */
  countriesUnresolved: boolean;
  notes: string[];
  seconds: number;
}

const cutRaw = (s: string | null): string | null => (s === null ? null : s.slice(0, 20_000));

export async function ingestPatents(
  handle: DbHandle,
  input: string,
  options: PatentIngestOptions = {},
): Promise<PatentIngestSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 2000;
  const db = handle.db;
  const candidates = listTableFiles(input);
  // Recognise every file by its header first, then load in table order (patents before what hangs off them).
  const found: Array<{ file: TableFile; table: PatentTableKind }> = [];
  const ignored: string[] = [];
  for (const file of candidates) {
    const t = await openTable(file.path);
    t.close();
    if (t.table) found.push({ file, table: t.table });
    else ignored.push(file.path);
  }
  if (found.length === 0) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `No PatentsView table found in ${input}: expected the g_ tables (${TABLE_ORDER.map((k) => PATENTSVIEW_NAME[k]).join(', ')}) with their header rows.`,
    );
  }
  for (const path of ignored)
    options.onWarning?.(`${path}: not a PatentsView g_ table cetmap reads; skipped`);
  found.sort((a, b) => TABLE_ORDER.indexOf(a.table) - TABLE_ORDER.indexOf(b.table));

  const runId = await startIngestRun(db, PATENTS_SOURCE, resolve(input));
  const summary: PatentIngestSummary = {
    runId,
    tables: {},
    ignored,
    records: 0,
    ingested: 0,
    updated: 0,
    unchanged: 0,
    quarantined: 0,
    totals: undefined as unknown as PatentCounts,
    countriesUnresolved: false,
    notes: [],
    seconds: 0,
  };
  try {
    for (const { file, table } of found) {
      const s: TableSummary = {
        file: file.path,
        records: 0,
        ingested: 0,
        updated: 0,
        unchanged: 0,
        duplicates: 0,
        quarantined: 0,
        skipped: false,
        resumedAt: 0,
      };
      (summary.tables[table] ??= []).push(s);
      const position = await filePosition(db, file);
      if (position?.done && !options.force) {
        s.skipped = true;
        continue;
      }
      if (options.force || !position) await resetFilePosition(db, file.path);
      const startAt = options.force ? 0 : (position?.linesDone ?? 0);
      s.resumedAt = startAt;
      await loadFile(db, file, table, startAt, batchSize, runId, s, options);
      summary.records += s.records;
      summary.ingested += s.ingested;
      summary.updated += s.updated;
      summary.unchanged += s.unchanged + s.duplicates;
      summary.quarantined += s.quarantined;
    }
    await finishIngestRun(db, runId, summary.quarantined > 0 ? 'done-with-quarantine' : 'done');
  } catch (error) {
    await finishIngestRun(db, runId, 'failed').catch(() => undefined);
    throw error;
  }
  summary.totals = await patentCounts(db);
  summary.countriesUnresolved = summary.totals.locations === 0;
  if (summary.countriesUnresolved) {
    summary.notes.push(
      'No location table (g_location_disambiguated) is loaded: patents have no inventor or assignee countries, ' +
        'and country indicators will show them as UNKNOWN. Load the location table to resolve them; nothing is guessed.',
    );
  } else if (summary.totals.inventorsLocated < summary.totals.inventors) {
    summary.notes.push(
      `${summary.totals.inventors - summary.totals.inventorsLocated} of ${summary.totals.inventors} inventor rows have no located country; their share counts as UNKNOWN.`,
    );
  }
  const present = new Set(found.map((f) => f.table));
  const missing = TABLE_ORDER.filter((k) => !present.has(k));
  if (missing.length > 0)
    summary.notes.push(`Tables not in this input: ${missing.map((k) => PATENTSVIEW_NAME[k]).join(', ')}.`);
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

async function loadFile<K extends PatentTableKind>(
  db: DbHandle['db'],
  file: TableFile,
  table: K,
  startAt: number,
  batchSize: number,
  runId: number,
  s: TableSummary,
  options: PatentIngestOptions,
): Promise<void> {
  const opened = await openTable(file.path);
  let rows: RowByKind[K][] = [];
  let quarantine: QuarantineRecord[] = [];
  let done = startAt;
  const flush = async (finished: boolean): Promise<void> => {
    const counts = await writePatentBatch(db, {
      kind: table,
      rows,
      quarantine,
      position: {
        path: file.path,
        size: file.size,
        mtimeMs: file.mtimeMs,
        recordsDone: done,
        done: finished,
      },
      runId,
      sourceFile: file.path,
    });
    s.ingested += counts.ingested;
    s.updated += counts.updated;
    s.unchanged += counts.unchanged;
    s.duplicates += counts.duplicates;
    s.quarantined += counts.quarantined;
    rows = [];
    quarantine = [];
    options.onProgress?.({ file: file.path, table, records: s.records });
  };
  for await (const item of opened.items) {
    if (item.index <= startAt) continue;
    done = item.index;
    s.records++;
    const locator = `${opened.name}:${item.line}`;
    if (item.kind === 'bad') {
      quarantine.push({
        source: PATENTS_SOURCE,
        locator,
        reason: `${PATENTSVIEW_NAME[table]} record unreadable: ${item.reason}`,
        raw: cutRaw(item.raw),
      });
    } else {
      const parsed = parseRecord(table, item.values);
      if ('row' in parsed) rows.push(parsed.row);
      else
        quarantine.push({
          source: PATENTS_SOURCE,
          locator,
          reason: `${PATENTSVIEW_NAME[table]}: ${parsed.reason}`,
          raw: cutRaw(item.raw),
        });
    }
    if (rows.length + quarantine.length >= batchSize) await flush(false);
  }
  await flush(true);
}
