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
  type BatchWrite,
  type QuarantineRecord,
} from './ingest-queries.js';
import { cutRaw, OPENALEX_SOURCE } from './parse-line.js';
import { createFileParsers } from './file-parsers.js';
import { readLines } from './read-lines.js';
import { listInputFiles, listMergedIdFiles, type InputFile } from './snapshot-files.js';
import { openAlexNumber } from './parse-openalex-work.js';

export { OPENALEX_SOURCE, parseLine } from './parse-line.js';

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
   * Parse threads, each reading and parsing a file of its own (so as many files at a time); 0 (the default) parses
   * on the main thread, one file at a time (docs/decisions/0003-evidence-ingest.md).
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
  const parsers = createFileParsers(options.workers ?? 0);
  // One batch in the database at a time (one connection); each file's batches in order, so positions only move
  // forward.
  let writing: Promise<unknown> = Promise.resolve();
  const write = (batch: BatchWrite): Promise<void> => {
    const written = writing
      .then(() => writer.write(batch))
      .then((counts) => {
        summary.ingested += counts.ingested;
        summary.updated += counts.updated;
        summary.unchanged += counts.unchanged;
        summary.quarantined += counts.quarantined;
      });
    writing = written.catch(() => undefined);
    return written;
  };
  let bytesDone = 0;
  const bytesReading = new Map<string, number>();
  const failures: unknown[] = []; // the first error stops the run: no new files, no further batches

  const ingestFile = async (file: InputFile, startLine: number): Promise<void> => {
    let records = 0;
    let previous: Promise<void> = Promise.resolve();
    for await (const batch of parsers.parse({ path: file.path, startLine, batchSize, runId })) {
      await previous;
      if (failures.length > 0) break;
      records += batch.records;
      summary.records += batch.records;
      bytesReading.set(file.path, batch.bytesRead);
      const { path, size, mtimeMs } = file;
      previous = write({
        copy: batch.copy,
        quarantine: batch.quarantine,
        position: { path, size, mtimeMs, linesDone: batch.linesDone, done: batch.done },
        runId,
      });
      previous.catch(() => undefined); // awaited with the next batch or below
      let reading = 0;
      for (const bytes of bytesReading.values()) reading += bytes;
      options.onProgress?.({ bytes: bytesDone + reading, totalBytes, records: summary.records, file: path });
    }
    await previous;
    bytesReading.delete(file.path);
    bytesDone += file.size;
    if (startLine === 0 && file.expectedRecords !== null && file.expectedRecords !== records) {
      options.onWarning?.(
        `${file.path}: the manifest lists ${file.expectedRecords} records, the file held ${records}`,
      );
    }
  };

  const running = new Set<Promise<void>>();
  try {
    try {
      for (const file of files) {
        if (failures.length > 0) break;
        const position = await filePosition(db, file);
        if (position?.done && !options.force) {
          summary.filesSkipped++;
          bytesDone += file.size;
          continue;
        }
        if (options.force || !position) await resetFilePosition(db, file.path);
        const startLine = options.force ? 0 : (position?.linesDone ?? 0);
        if (startLine > 0) summary.filesResumed++;
        const task = ingestFile(file, startLine).catch((error: unknown) => void failures.push(error));
        running.add(task);
        void task.then(() => running.delete(task));
        while (running.size >= parsers.concurrency) await Promise.race(running);
      }
    } finally {
      await Promise.all(running);
    }
    if (failures.length > 0) throw failures[0];
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
    await finishIngestRun(db, runId, 'failed').catch(() => undefined);
    throw error;
  } finally {
    await parsers.close();
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
