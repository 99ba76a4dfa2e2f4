/** A parse worker thread: turns batches of raw lines into COPY text off the main thread. */
import { parentPort } from 'node:worker_threads';
import { parseBatch, type RawLine } from './parse-batch.js';

parentPort?.on('message', (m: { id: number; lines: RawLine[]; file: string; runId: number }) => {
  try {
    parentPort!.postMessage({ id: m.id, result: parseBatch(m.lines, m.file, m.runId) });
  } catch (error) {
    parentPort!.postMessage({ id: m.id, error: (error as Error).message });
  }
});
