/**
 * `cetmap ingest openalex`: streams OpenAlex works from files into the database in batches. Bounded memory
 * (one batch parsing while the previous one is written), idempotent (a record replaces the stored one only
 * when its updated_date is newer), resumable (per-file line positions committed with each batch), and it never
 * stops on a bad record: malformed lines, invalid records and damaged gzip streams go to the quarantine.
 */
import { resolve } from 'node:path';
import type { DbHandle } from '../db/create-db.js';
import {
  deleteWorks,
  filePosition,
  markFileDone,
  finishIngestRun,
  openBatchWriter,
  resetFilePosition,
  startIngestRun,
  type BatchCounts,
  type QuarantineRecord,
} from './ingest-queries.js';
import { cutRaw, OPENALEX_SOURCE, type ParsedBatch, type RawLine } from './parse-batch.js';
import { createParsePool } from './parse-pool.js';
import { isGzip, readLines } from './read-lines.js';
import { listInputFiles, listMergedIdFiles, type InputFile } from './snapshot-files.js';
import { openAlexNumber } from './parse-openalex-work.js';

export { OPENALEX_SOURCE, parseLine } from './parse-batch.js';

export interface IngestProgress {
  bytes: number;
  totalBytes: number;
  records: number;
  file: string;
}

export interface IngestOptions {
  since?: string;
  /** Re-read files already recorded as done (the data still only changes where updated_date is newer). */
  force?: boolean;
  batchSize?: number;
  /**
   * Parse worker threads; 0 (the default) parses on the main thread. Two threads reach about 0.5–0.56 of the parse
   * floor instead of 0.34–0.40 on a 2-core machine, at about twice the peak RSS (docs/decisions/0003-evidence-ingest.md).
   */
  workers?: number;
  onProgress?: (p: IngestProgress) => void;
  onWarning?: (message: string) => void;
}

export interface IngestSummary extends BatchCounts {
  runId: number;
  files: number;
  filesSkipped: number;
  filesResumed: number;
  records: number;
  /** Works removed because OpenAlex merged them into others (merged_ids files of a snapshot). */
  merged: number;
  seconds: number;
}

export async function ingestOpenAlex(
  handle: DbHandle,
  input: string,
  options: IngestOptions = {},
): Promise<IngestSummary> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 1000;
  const files = listInputFiles(input, { since: options.since });
  const totalBytes = files.reduce((a, f) => a + f.size, 0);
  const db = handle.db;
  const runId = await startIngestRun(db, OPENALEX_SOURCE, resolve(input));
  const summary: IngestSummary = {
    runId,
    files: files.length,
    filesSkipped: 0,
    filesResumed: 0,
    records: 0,
    merged: 0,
    ingested: 0,
    updated: 0,
    unchanged: 0,
    quarantined: 0,
    seconds: 0,
  };
  const writer = await openBatchWriter(handle);
  const pool = createParsePool(options.workers ?? 0);
  let bytesBefore = 0;
  let pending: Promise<void> = Promise.resolve();
  try {
    for (const file of files) {
      const position = await filePosition(db, file);
      if (position?.done && !options.force) {
        summary.filesSkipped++;
        bytesBefore += file.size;
        continue;
      }
      if (options.force || !position) await resetFilePosition(db, file.path);
      const startLine = options.force ? 0 : (position?.linesDone ?? 0);
      if (startLine > 0) summary.filesResumed++;

      const source = readLines(file.path);
      let lines: RawLine[] = [];
      let lastLine = startLine;
      let records = 0;
      const broken: QuarantineRecord[] = [];
      // Batches being parsed, oldest first; they are written strictly in this order.
      const parsing: { parsed: Promise<ParsedBatch>; linesDone: number }[] = [];
      const writeOldest = async (done: boolean): Promise<void> => {
        const oldest = parsing.shift()!;
        const parsed = await oldest.parsed;
        const batch = {
          copy: parsed.copy,
          quarantine: done ? [...parsed.quarantine, ...broken] : parsed.quarantine,
          position: {
            path: file.path,
            size: file.size,
            mtimeMs: file.mtimeMs,
            linesDone: oldest.linesDone,
            done,
          },
          runId,
        };
        await pending; // one batch in the database at a time, in order, so positions only move forward
        pending = writer.write(batch).then((counts) => {
          summary.ingested += counts.ingested;
          summary.updated += counts.updated;
          summary.unchanged += counts.unchanged;
          summary.quarantined += counts.quarantined;
        });
        pending.catch(() => undefined); // awaited at the next write; this only keeps it from counting as unhandled
      };
      const dispatch = (): void => {
        const parsed = pool.parse(lines, file.path, runId);
        parsed.catch(() => undefined); // awaited in writeOldest
        parsing.push({ parsed, linesDone: lastLine });
        lines = [];
      };
      const report = (): void =>
        options.onProgress?.({
          bytes: bytesBefore + source.bytesRead(),
          totalBytes,
          records: summary.records,
          file: file.path,
        });

      for await (const item of source.lines) {
        if (item.kind === 'broken') {
          broken.push({
            source: OPENALEX_SOURCE,
            locator: `${file.path}:${item.lineNo}`,
            reason: `${isGzip(file.path) ? 'damaged gzip stream' : 'unreadable file'} after line ${item.lineNo - 1}: ${item.message}`,
            raw: item.partial ? cutRaw(item.partial) : null,
          });
          summary.records++;
          records++;
          break;
        }
        if (item.lineNo <= startLine) continue;
        lastLine = item.lineNo;
        if (item.text.trim() === '') continue;
        summary.records++;
        records++;
        lines.push({ lineNo: item.lineNo, text: item.text });
        if (lines.length >= batchSize) {
          dispatch();
          // keep every worker busy, and no more: memory stays at a few batches
          if (parsing.length > pool.size) await writeOldest(false);
          report();
        }
      }
      dispatch();
      while (parsing.length > 0) await writeOldest(parsing.length === 1);
      await pending;
      report();
      if (startLine === 0 && file.expectedRecords !== null && file.expectedRecords !== records) {
        options.onWarning?.(
          `${file.path}: the manifest lists ${file.expectedRecords} records, the file held ${records}`,
        );
      }
      bytesBefore += file.size;
    }
    for (const file of listMergedIdFiles(input, { since: options.since })) {
      const position = await filePosition(db, file);
      if (position?.done && !options.force) {
        summary.filesSkipped++;
        continue;
      }
      summary.files++;
      const result = await applyMergedIds(db, file);
      summary.merged += result.merged;
      if (result.quarantine.length > 0) {
        const counts = await writer.write({ copy: null, quarantine: result.quarantine, runId });
        summary.quarantined += counts.quarantined;
        summary.records += result.quarantine.length;
      }
      await markFileDone(db, { ...file, lines: result.lines }, runId);
    }
    await finishIngestRun(db, runId, summary.quarantined > 0 ? 'done-with-quarantine' : 'done');
  } catch (error) {
    await pending.catch(() => undefined);
    await finishIngestRun(db, runId, 'failed').catch(() => undefined);
    throw error;
  } finally {
    await pool.close();
    await writer.close();
  }
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}

/** Deletes the works listed in one merged-ids CSV (merge_date,id,merge_into_id); bad lines go to quarantine. */
async function applyMergedIds(
  db: DbHandle['db'],
  file: InputFile,
): Promise<{ merged: number; lines: number; quarantine: QuarantineRecord[] }> {
  const quarantine: QuarantineRecord[] = [];
  let ids: number[] = [];
  let merged = 0;
  let lines = 0;
  let idColumn = 1;
  for await (const item of readLines(file.path).lines) {
    const locator = `${file.path}:${item.lineNo}`;
    if (item.kind === 'broken') {
      quarantine.push({
        source: OPENALEX_SOURCE,
        locator,
        reason: `damaged gzip stream: ${item.message}`,
        raw: item.partial ? cutRaw(item.partial) : null,
      });
      break;
    }
    lines = item.lineNo;
    const cells = item.text.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    if (item.lineNo === 1 && cells.includes('id')) {
      idColumn = cells.indexOf('id');
      continue;
    }
    if (item.text.trim() === '') continue;
    const id = openAlexNumber(cells[idColumn], 'W');
    if (id === null) {
      quarantine.push({
        source: OPENALEX_SOURCE,
        locator,
        reason: 'merged-ids line without a work id',
        raw: cutRaw(item.text),
      });
      continue;
    }
    ids.push(id);
    if (ids.length >= 5000) {
      merged += await deleteWorks(db, ids);
      ids = [];
    }
  }
  merged += await deleteWorks(db, ids);
  return { merged, lines, quarantine };
}
