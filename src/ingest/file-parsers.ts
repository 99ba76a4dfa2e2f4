/**
 * Parses input files on worker threads, one file per thread, so that reading, gunzip, JSON.parse and validation of
 * several files run on several cores while the main thread only writes to the database. With 0 threads the same
 * code (parse-file.ts) runs on the main thread, overlapping with the database only while a write is in flight.
 */
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { CetmapError } from '../shared/errors.js';
import { startThread } from '../shared/worker-pool.js';
import { parseFileBatches, type FileBatch, type FileJob } from './parse-file.js';

export type ThreadRequest = { type: 'job'; job: FileJob } | { type: 'taken' };
export type ThreadReply =
  { type: 'batch'; batch: FileBatch } | { type: 'end' } | { type: 'error'; message: string };

export interface FileParsers {
  /** Files parsed at the same time: the number of threads, or 1 on the main thread. */
  readonly concurrency: number;
  parse(job: FileJob): AsyncGenerator<FileBatch>;
  close(): Promise<void>;
}

const MODULE = new URL('./parse-file-worker.js', import.meta.url);
// JSON.parse leaves megabytes of short-lived objects per batch: a young generation larger than V8's default collects
// them less often. At 200k works with two threads: 48 MB as fast as 64 or 96 MB, at 315 MB peak RSS instead of 372
// or 396 MB; 32 MB no faster.
const YOUNG_GENERATION_MB = 48;

/**
 * The number of parse threads `cetmap ingest openalex` uses unless told: two where there are two cores or more (at
 * 1M works on two cores, 0.87 of the parse floor instead of 0.66 on the main thread, for about 120 MB more peak
 * RSS: bench/results/ingest.json), none on one core.
 */
export const defaultParseThreads = (): number => (availableParallelism() >= 2 ? 2 : 0);

export function createFileParsers(threads: number): FileParsers {
  if (threads <= 0) return { concurrency: 1, parse: parseFileBatches, close: async () => {} };
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  // The caller parses at most `concurrency` files at a time, so this spawns at most that many threads.
  const acquire = (): Worker | null => {
    const worker = idle.pop() ?? startThread(MODULE, { youngGenerationMb: YOUNG_GENERATION_MB });
    if (worker) all.add(worker);
    return worker;
  };
  const release = (worker: Worker, reusable: boolean): void => {
    if (reusable) idle.push(worker);
    else {
      all.delete(worker);
      void worker.terminate();
    }
  };

  async function* parse(job: FileJob): AsyncGenerator<FileBatch> {
    const worker = acquire();
    if (!worker) {
      yield* parseFileBatches(job); // compiled worker module missing: parse here
      return;
    }
    const replies: ThreadReply[] = [];
    let notify: (() => void) | null = null;
    const receive = (reply: ThreadReply): void => {
      replies.push(reply);
      notify?.();
      notify = null;
    };
    const onError = (error: Error): void => receive({ type: 'error', message: error.message });
    const onExit = (code: number): void =>
      receive({ type: 'error', message: `the parse thread stopped (exit code ${code})` });
    worker.on('message', receive);
    worker.on('error', onError);
    worker.on('exit', onExit);
    let finished = false;
    try {
      worker.postMessage({ type: 'job', job } satisfies ThreadRequest);
      for (;;) {
        while (replies.length === 0) await new Promise<void>((resolve) => (notify = resolve));
        const reply = replies.shift()!;
        if (reply.type === 'end') {
          finished = true;
          return;
        }
        if (reply.type === 'error')
          throw new CetmapError('CET_INTERNAL', `parsing ${job.path} failed: ${reply.message}`);
        worker.postMessage({ type: 'taken' } satisfies ThreadRequest);
        yield reply.batch;
      }
    } finally {
      worker.off('message', receive);
      worker.off('error', onError);
      worker.off('exit', onExit);
      // a thread left mid-file (the caller stopped early) may still be sending: it is not reused
      release(worker, finished);
    }
  }

  return {
    concurrency: threads,
    parse,
    async close() {
      await Promise.all([...all].map((w) => w.terminate()));
      all.clear();
    },
  };
}
