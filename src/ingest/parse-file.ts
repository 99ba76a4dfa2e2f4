/**
 * Reads one input file from a given line on and turns it into batches ready for the database: COPY rows of the
 * valid works, quarantine records for the bad lines, and the position reached. Each line is parsed as soon as it
 * is read, so the raw text and the parsed record die young; only the batch's COPY rows are kept until it is full.
 * Runs the same on the main thread and in a parse thread (file-parsers.ts).
 */
import { parseLine, cutRaw, OPENALEX_SOURCE } from './parse-line.js';
import type { QuarantineRecord } from './ingest-queries.js';
import { isGzip, readLines } from './read-lines.js';
import { createBatchCopyBuilder, type BatchCopy } from './work-rows.js';

export interface FileJob {
  path: string;
  /** Lines already done in an earlier run (skipped). */
  startLine: number;
  /** Records per batch. */
  batchSize: number;
  runId: number;
}

export interface FileBatch {
  copy: BatchCopy | null;
  quarantine: QuarantineRecord[];
  /** The last line this batch covers: the position a later run resumes after. */
  linesDone: number;
  /** Records in this batch: non-empty lines, and a damaged stream's remainder. */
  records: number;
  /** Bytes of the file read so far (compressed bytes for .gz), for progress. */
  bytesRead: number;
  /** The file's last batch; always sent, even when empty, so that the file is recorded as done. */
  done: boolean;
}

export async function* parseFileBatches(job: FileJob): AsyncGenerator<FileBatch> {
  const source = readLines(job.path);
  let builder = createBatchCopyBuilder(job.runId);
  let quarantine: QuarantineRecord[] = [];
  let records = 0;
  let linesDone = job.startLine;
  const take = (done: boolean): FileBatch => {
    const batch = {
      copy: builder.finish(),
      quarantine,
      linesDone,
      records,
      bytesRead: source.bytesRead(),
      done,
    };
    builder = createBatchCopyBuilder(job.runId);
    quarantine = [];
    records = 0;
    return batch;
  };
  for await (const item of source.lines) {
    if (item.kind === 'broken') {
      quarantine.push({
        source: OPENALEX_SOURCE,
        locator: `${job.path}:${item.lineNo}`,
        reason: `${isGzip(job.path) ? 'damaged gzip stream' : 'unreadable file'} after line ${item.lineNo - 1}: ${item.message}`,
        raw: item.partial ? cutRaw(item.partial) : null,
      });
      records++;
      break;
    }
    if (item.lineNo <= job.startLine) continue;
    linesDone = item.lineNo;
    if (item.text.trim() === '') continue;
    records++;
    const parsed = parseLine(item.text);
    if ('work' in parsed) builder.add(parsed.work);
    else
      quarantine.push({
        source: OPENALEX_SOURCE,
        locator: `${job.path}:${item.lineNo}`,
        reason: parsed.reason,
        raw: cutRaw(item.text),
      });
    if (records >= job.batchSize) yield take(false);
  }
  yield take(true);
}
