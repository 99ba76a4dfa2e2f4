/**
 * Worker threads for CPU-bound steps, so they overlap with the database reads and writes on the main thread: a small
 * pool for pure request → answer steps (classification; requests go round-robin, each answer comes back with its
 * request's promise; with size 0 the step runs inline, the same code without threads), and `startThread` for
 * threads with a protocol of their own (the ingest's file parsers).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parentPort, Worker } from 'node:worker_threads';

export interface WorkerPool<Req, Res> {
  readonly size: number;
  run(request: Req): Promise<Res>;
  close(): Promise<void>;
}

export interface WorkerPoolOptions<Req, Res> {
  /** The worker module as compiled JavaScript (its .ts sibling is used when running from sources). */
  module: URL;
  size: number;
  /** Given to every worker as workerData (for example the recipes to compile once). */
  workerData?: unknown;
  /**
   * The worker's young generation in MB (V8's default when absent). Steps that make much short-lived garbage (JSON
   * records) spend less time collecting it with more, at the cost of memory.
   */
  youngGenerationMb?: number;
  /** The same step without threads, for size 0 or when the worker module is missing. */
  inline: (request: Req) => Res;
}

/**
 * The worker module: compiled JavaScript, or the TypeScript source when running from sources (tests, dev),
 * loaded through tsx's loader registered inside the worker.
 */
function workerScript(js: URL): { code: string | URL; eval: boolean } | null {
  if (existsSync(fileURLToPath(js))) return { code: js, eval: false };
  const ts = new URL(js.href.replace(/\.js$/, '.ts'));
  if (!existsSync(fileURLToPath(ts))) return null;
  const code =
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); })` +
    `.catch((e) => { throw e; });`;
  return { code, eval: true };
}

export interface ThreadOptions {
  workerData?: unknown;
  youngGenerationMb?: number;
}

/**
 * Starts one worker thread on a worker module (compiled JavaScript, or its .ts sibling through tsx when running
 * from sources); null when neither exists, so that the caller runs the step inline.
 */
export function startThread(module: URL, options: ThreadOptions = {}): Worker | null {
  const script = workerScript(module);
  if (!script) return null;
  return new Worker(script.code, {
    eval: script.eval,
    workerData: options.workerData,
    ...(options.youngGenerationMb
      ? { resourceLimits: { maxYoungGenerationSizeMb: options.youngGenerationMb } }
      : {}),
  });
}

export function createWorkerPool<Req, Res>(options: WorkerPoolOptions<Req, Res>): WorkerPool<Req, Res> {
  const inline: WorkerPool<Req, Res> = {
    size: 0,
    run: async (request) => options.inline(request),
    close: async () => {},
  };
  if (options.size <= 0 || !workerScript(options.module)) return inline;
  const name = fileURLToPath(options.module).split('/').pop();
  const waiting = new Map<number, { resolve: (r: Res) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const workers = Array.from({ length: options.size }, () => {
    const worker = startThread(options.module, options)!;
    worker.on('message', (m: { id: number; result?: Res; error?: string }) => {
      const w = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error !== undefined) w?.reject(new Error(`${name}: ${m.error}`));
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
  return {
    size: options.size,
    run(request) {
      if (failure) return Promise.reject(failure);
      const id = next++;
      const worker = workers[id % workers.length]!;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, request });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** The worker side: answers each request with handle's result, or with the error's message. */
export function serveRequests<Req, Res>(handle: (request: Req) => Res): void {
  parentPort?.on('message', (m: { id: number; request: Req }) => {
    try {
      parentPort!.postMessage({ id: m.id, result: handle(m.request) });
    } catch (error) {
      parentPort!.postMessage({ id: m.id, error: (error as Error).message });
    }
  });
}
