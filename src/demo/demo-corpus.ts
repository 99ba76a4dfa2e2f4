/**
 * `cetmap demo`: generates a small synthetic corpus, ingests it like a real snapshot, and records it as a
 * synthetic data set. Used by the first start of `npm start` and on request with a larger --works.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DbHandle } from '../db/create-db.js';
import { ingestOpenAlex, type IngestSummary } from '../ingest/ingest-openalex.js';
import { recordDemoDataset } from './demo-queries.js';
import { writeSyntheticCorpus } from './write-corpus.js';

/** Size of the corpus loaded on first start: small enough to keep the first start quick. */
export const FIRST_RUN_DEMO_WORKS = 15_000;
export const DEFAULT_DEMO_SEED = 20_260_101;

export async function loadDemoCorpus(
  handle: DbHandle,
  options: { works: number; seed: number; log?: (line: string) => void },
): Promise<IngestSummary> {
  const dir = mkdtempSync(join(tmpdir(), 'cetmap-demo-'));
  try {
    const started = Date.now();
    await writeSyntheticCorpus({ works: options.works, seed: options.seed, out: dir, partSize: 25_000 });
    options.log?.(
      `generated ${options.works} synthetic works in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const summary = await ingestOpenAlex(handle, dir);
    await recordDemoDataset(handle.db, options);
    return summary;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
