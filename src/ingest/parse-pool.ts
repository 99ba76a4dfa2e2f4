/**
 * Parses batches on worker threads so that JSON.parse and validation of one batch overlap with reading the
 * next and writing the previous. With 0 workers it parses inline. Results come back per batch; the caller
 * keeps them in order.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseBatch, type ParsedBatch, type RawLine } from './parse-batch.js';

export interface ParsePool {
  readonly size: number;
  parse(lines: RawLine[], file: string, runId: number): Promise<ParsedBatch>;
  close(): Promise<void>;
}

/**
 * The worker module: compiled JavaScript, or the TypeScript source when running from sources (tests, dev),
 * loaded through tsx's loader registered inside the worker.
 */
function workerScript(): { code: string | URL; eval: boolean } | null {
  const js = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { code: js, eval: false };
  const ts = new URL('./parse-worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(ts))) return null;
  const code =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); })` +
    `.catch((e) => { throw e; });`;
  return { code, eval: true };
}

export function createParsePool(size: number): ParsePool {
  const script = size > 0 ? workerScript() : null;
  if (!script) {
    return {
      size: 0,
      parse: async (lines, file, runId) => parseBatch(lines, file, runId),
      close: async () => {},
    };
  }
  const waiting = new Map<number, { resolve: (b: ParsedBatch) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(script.code, { eval: script.eval });
    worker.on('message', (m: { id: number; result?: ParsedBatch; error?: string }) => {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`parse worker: ${m.error}`));
      else w?.resolve(m.result!);
    });
    worker.on('error', (error) => {
      failure = error;
      for (const w of waiting.values()) w.reject(error);
      waiting.clear();
    });
    return worker;
  });
  let next = 0;
  let turn = 0;
  return {
    size,
    parse(lines, file, runId) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      const worker = workers[turn++ % workers.length]!;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, lines, file, runId });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
