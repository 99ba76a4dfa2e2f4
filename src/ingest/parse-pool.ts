/**
 * Parses batches on worker threads so that JSON.parse and validation of one batch overlap with reading the
 * next and writing the previous. With 0 workers it parses inline. Results come back per batch; the caller
 * keeps them in order.
 */
import { createWorkerPool } from '../shared/worker-pool.js';
import { parseBatch, type ParsedBatch, type RawLine } from './parse-batch.js';

export interface ParsePool {
  readonly size: number;
  parse(lines: RawLine[], file: string, runId: number): Promise<ParsedBatch>;
  close(): Promise<void>;
}

export function createParsePool(size: number): ParsePool {
  const pool = createWorkerPool<{ lines: RawLine[]; file: string; runId: number }, ParsedBatch>({
    module: new URL('./parse-worker.js', import.meta.url),
    size,
    // JSON.parse of a batch leaves megabytes of short-lived objects: a larger young generation collects them
    // less often (in one measurement at 200k works: 6 % faster, ≈ 40 MB more per thread).
    youngGenerationMb: 96,
    inline: (m) => parseBatch(m.lines, m.file, m.runId),
  });
  return {
    size: pool.size,
    parse: (lines, file, runId) => pool.run({ lines, file, runId }),
    close: () => pool.close(),
  };
}
