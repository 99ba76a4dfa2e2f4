/**
 * Killing the loader mid-run (SIGKILL) and running it again gives exactly the row counts of one clean run.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { writeSyntheticCorpus } from '../../src/demo/write-corpus.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { tableCounts } from '../helpers/openalex-files.js';
import { TEST_TARGETS, createPostgresDatabase } from '../helpers/test-db.js';

const tmp = mkdtempSync(join(tmpdir(), 'cetmap-resume-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const corpus = join(tmp, 'corpus');
const WORKS = 2000;
const BATCH = 100;

/** Runs the child ingest and SIGKILLs it once it has committed a few batches; resolves with what it printed. */
function ingestAndKill(target: string): Promise<{ killed: boolean; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/helpers/ingest-child.ts', target, corpus, String(BATCH)],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const batches = out.split('\n').filter((l) => l.startsWith('progress')).length;
      if (!killed && batches >= 4) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', () => resolve({ killed, out }));
  });
}

async function open(target: string): Promise<DbHandle> {
  const handle = await openDatabase(
    target.startsWith('postgres')
      ? { kind: 'postgres', url: target, poolSize: 2 }
      : { kind: 'pglite', dataDir: target },
  );
  await migrateToLatest(handle.db, { kind: handle.kind });
  return handle;
}

describe('interrupted ingest', () => {
  it('prepares a small synthetic snapshot', async () => {
    const m = await writeSyntheticCorpus({ works: WORKS, seed: 11, out: corpus, partSize: 1000 });
    expect(m.meta.record_count).toBe(WORKS);
  });

  for (const kind of TEST_TARGETS) {
    it(`resumes after SIGKILL on ${kind} with the row counts of a clean run`, async () => {
      const dbs =
        kind === 'postgres' ? [await createPostgresDatabase(), await createPostgresDatabase()] : null;
      const [killedTarget, cleanTarget] = dbs
        ? dbs.map((d) => d.url)
        : [join(tmp, 'killed-db'), join(tmp, 'clean-db')];
      try {
        const run = await ingestAndKill(killedTarget!);
        expect(run.killed, run.out).toBe(true);
        expect(run.out).not.toMatch(/summary/); // it really died mid-run

        const resumed = await open(killedTarget!);
        const partial = await tableCounts(resumed);
        expect(partial.work).toBeGreaterThan(0);
        expect(partial.work).toBeLessThan(WORKS);
        const second = await ingestOpenAlex(resumed, corpus, { batchSize: BATCH, workers: 2 });
        expect(second.filesResumed + second.filesSkipped).toBeGreaterThan(0);
        expect(second.ingested + partial.work!).toBe(WORKS); // nothing counted twice, nothing lost
        const afterResume = await tableCounts(resumed);
        await resumed.close();

        const clean = await open(cleanTarget!);
        const one = await ingestOpenAlex(clean, corpus, { batchSize: BATCH }); // on the main thread, file by file
        expect(one).toMatchObject({ ingested: WORKS, quarantined: 0 });
        const cleanCounts = await tableCounts(clean);
        await clean.close();
        expect(afterResume).toEqual(cleanCounts);
      } finally {
        for (const d of dbs ?? []) await d.drop();
      }
    }, 120_000);
  }
});
