/**
 * Benchmark plumbing: each bench/<name>.bench.ts default-exports a function that returns its figures,
 * and the machine's floor measured in the same run; results go to bench/results/<name>.json.
 * The machine is noisy: measure several rounds and report medians and ratios, not single timings.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { cpus, freemem, totalmem } from 'node:os';
import { join } from 'node:path';
import { writeSyntheticCorpus, type CorpusManifest } from '../src/demo/write-corpus.js';

export interface BenchContext {
  /** Runs fn `rounds` times and returns the median of what it returns (a rate or a duration). */
  median(rounds: number, fn: () => Promise<number> | number): Promise<number>;
  log(line: string): void;
}

export interface BenchResult {
  /** What cetmap achieved, with units in the key names (e.g. works_per_s). */
  figures: Record<string, number | string>;
  /** The same machine's floor for the same work, measured in the same run. */
  floors: Record<string, number>;
  /** figures ÷ floors, named for what they compare; the numbers to watch over time. */
  ratios: Record<string, number>;
  notes?: string[];
}

export type Bench = (ctx: BenchContext) => Promise<BenchResult>;

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

export function machineFacts(): Record<string, string | number> {
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    free_memory_gib_at_start: Math.round((freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

export const benchContext = (log: (line: string) => void): BenchContext => ({
  log,
  async median(rounds, fn) {
    const values: number[] = [];
    for (let i = 0; i < rounds; i++) values.push(await fn());
    return median(values);
  },
});

/** The PostgreSQL server's settings that move the figures most, for the notes of a benchmark that used it. */
export async function postgresSettingsNote(url: string): Promise<string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const names = [
      'server_version',
      'shared_buffers',
      'max_wal_size',
      'fsync',
      'synchronous_commit',
      'work_mem',
    ];
    const values: string[] = [];
    for (const name of names) values.push(`${name}=${(await client.query(`show ${name}`)).rows[0][name]}`);
    return `PostgreSQL settings: ${values.join(', ')}`;
  } finally {
    await client.end();
  }
}

/**
 * A synthetic corpus for a benchmark: generated under `tmp`, or kept in CETMAP_BENCH_CORPUS_DIR and reused by later
 * runs and other benchmarks (the generator is deterministic for a size and seed). `temporary` says whether the
 * caller should delete it.
 */
export async function benchCorpus(
  tmp: string,
  works: number,
  seed: number,
): Promise<{ dir: string; manifest: CorpusManifest; temporary: boolean }> {
  const keep = process.env.CETMAP_BENCH_CORPUS_DIR;
  const dir = join(keep ?? tmp, `corpus-${works}-seed${seed}`);
  const manifestPath = join(dir, 'data', 'works', 'manifest');
  if (keep && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as CorpusManifest;
    if (manifest.meta.record_count === works) return { dir, manifest, temporary: false };
  }
  rmSync(dir, { recursive: true, force: true });
  const manifest = await writeSyntheticCorpus({ works, seed, out: dir });
  return { dir, manifest, temporary: !keep };
}
