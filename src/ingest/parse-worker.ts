/** A parse worker thread: turns batches of raw lines into COPY text off the main thread. */
import { serveRequests } from '../shared/worker-pool.js';
import { parseBatch, type RawLine } from './parse-batch.js';

serveRequests((m: { lines: RawLine[]; file: string; runId: number }) => parseBatch(m.lines, m.file, m.runId));
