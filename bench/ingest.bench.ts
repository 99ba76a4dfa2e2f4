/**
 * Ingest throughput against the parse floor, measured in the same run on the same synthetic snapshot:
 * (a) read + gunzip + JSON.parse, (b) cetmap ingest into PostgreSQL (when a server is configured) and PGlite.
 * Several corpus sizes show whether cost grows linearly; each measurement runs in its own process for its
 * peak RSS. Sizes: CETMAP_BENCH_INGEST_SIZES (default 50000,200000; add 1000000 for the full check).
 * PostgreSQL: CETMAP_BENCH_PG_URL, else CETMAP_TEST_PG_URL or DATABASE_URL (an admin URL: a fresh database
 * is created and dropped per size). PostgreSQL is measured with CETMAP_BENCH_INGEST_WORKERS parse threads (default 2,
 * what `cetmap ingest openalex` uses on two cores or more) and with everything on the main thread (`--workers 0`);
 * PGlite with the parse threads. BENCH_INGEST_PGLITE=0 skips PGlite, which runs up to BENCH_INGEST_PGLITE_MAX works
 * (default 200,000).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBuild } from '../scripts/ensure-build.mjs';
import { benchCorpus, postgresSettingsNote, type Bench } from './harness.js';

interface Measurement {
  works: number;
  seconds: number;
  peak_rss_mb: number;
}

const measure = (mode: string, dir: string, target?: string, workers = 0): Measurement => {
  const out = execFileSync(
    process.execPath,
    ['bench/ingest-worker.mjs', mode, dir, ...(target ? [target, String(workers)] : [])],
    { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measurement;
};

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

const bench: Bench = async (ctx) => {
  const sizes = (process.env.CETMAP_BENCH_INGEST_SIZES ?? '50000,200000').split(',').map(Number);
  const pgUrl = process.env.CETMAP_BENCH_PG_URL ?? process.env.CETMAP_TEST_PG_URL ?? process.env.DATABASE_URL;
  const tmp = mkdtempSync(join(tmpdir(), 'cetmap-bench-ingest-'));
  // The embedded database is for a laptop's corpus: measured up to this size.
  const pgliteMax = Number(process.env.BENCH_INGEST_PGLITE_MAX ?? 200_000);
  const threads = Number(process.env.CETMAP_BENCH_INGEST_WORKERS ?? 2);
  const figures: Record<string, number | string> = {};
  const floors: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const notes = [
    'synthetic OpenAlex-shaped snapshot (cetmap demo generate, seed 7), 4 updated_date partitions',
    'each measurement in its own process, on the compiled code the cetmap command runs (dist/); peak RSS is that process (for PGlite it includes the WASM database)',
    'one round per size: the machine is shared; compare ratios measured in the same run',
  ];
  if (pgUrl) notes.push(await postgresSettingsNote(pgUrl));
  ensureBuild({ quiet: true }); // what users run: tsx's loader alone adds about 100 MB of RSS per process
  try {
    for (const size of sizes) {
      const started = Date.now();
      const { dir, manifest, temporary } = await benchCorpus(tmp, size, 7);
      ctx.log(
        `${size} works: ready ${(manifest.meta.content_length / 2 ** 20).toFixed(0)} MB gzip in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      const floor = measure('floor', dir);
      const floorRate = floor.works / floor.seconds;
      floors[`parse_floor_works_per_s_${size}`] = Math.round(floorRate);
      figures[`parse_floor_peak_rss_mb_${size}`] = floor.peak_rss_mb;
      ctx.log(`  floor: ${Math.round(floorRate)} works/s, peak RSS ${floor.peak_rss_mb} MB`);

      const record = (mode: string, m: Measurement): void => {
        const rate = m.works / m.seconds;
        figures[`${mode}_works_per_s_${size}`] = Math.round(rate);
        figures[`${mode}_seconds_${size}`] = round(m.seconds, 1);
        figures[`${mode}_peak_rss_mb_${size}`] = m.peak_rss_mb;
        ratios[`${mode}_vs_floor_${size}`] = round(rate / floorRate);
        ctx.log(
          `  ${mode}: ${Math.round(rate)} works/s (${round(rate / floorRate)} of floor), peak RSS ${m.peak_rss_mb} MB`,
        );
        if (m.works !== size) notes.push(`${mode} at ${size}: ingested ${m.works} works, expected ${size}`);
      };

      if (pgUrl) {
        for (const workers of [threads, 0]) {
          const name = `cetmap_bench_${process.pid}_${size}_${workers}`;
          await admin(pgUrl, (c) => c.query(`create database ${name}`)); // generated name, not input
          const url = new URL(pgUrl);
          url.pathname = `/${name}`;
          try {
            record(`postgres_${workers}_threads`, measure('postgres', dir, url.toString(), workers));
          } finally {
            await admin(pgUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
          }
        }
      } else {
        notes.push('PostgreSQL not measured: set CETMAP_BENCH_PG_URL (or CETMAP_TEST_PG_URL / DATABASE_URL)');
      }
      if (process.env.BENCH_INGEST_PGLITE !== '0' && size <= pgliteMax) {
        const dataDir = join(tmp, `pglite-${size}`);
        record(`pglite_${threads}_threads`, measure('pglite', dir, dataDir, threads));
        rmSync(dataDir, { recursive: true, force: true });
      } else
        notes.push(`PGlite not measured at ${size} works (BENCH_INGEST_PGLITE, BENCH_INGEST_PGLITE_MAX)`);
      if (temporary) rmSync(dir, { recursive: true, force: true });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { figures, floors, ratios, notes };
};
export default bench;
