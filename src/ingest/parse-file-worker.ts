/**
 * A parse thread: reads and parses the file it is given (parse-file.ts) and sends each batch to the main thread,
 * at most one batch ahead of what the main thread has taken, so that memory stays at a few batches.
 */
import { parentPort } from 'node:worker_threads';
import { parseFileBatches, type FileJob } from './parse-file.js';
import type { ThreadReply, ThreadRequest } from './file-parsers.js';
import { batchBuffers } from './work-rows.js';

const AHEAD = 1;
let credit = 0;
let wake: (() => void) | null = null;
const send = (reply: ThreadReply): void =>
  parentPort!.postMessage(
    reply,
    reply.type === 'batch' && reply.batch.copy ? batchBuffers(reply.batch.copy) : [],
  );

async function run(job: FileJob): Promise<void> {
  credit = AHEAD;
  try {
    for await (const batch of parseFileBatches(job)) {
      while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      send({ type: 'batch', batch });
    }
    send({ type: 'end' });
  } catch (error) {
    send({ type: 'error', message: (error as Error).message });
  }
}

parentPort?.on('message', (m: ThreadRequest) => {
  if (m.type === 'taken') {
    credit++;
    wake?.();
    wake = null;
  } else void run(m.job);
});
