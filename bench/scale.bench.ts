/**
 * The scale curve: ingest + classification + rollup of synthetic corpora of growing size on PostgreSQL, with time
 * and database size per work, to extrapolate to the full OpenAlex snapshot (docs/scale.md). Sizes:
 * CETMAP_BENCH_SCALE_SIZES (default 100000,300000; the curve is 100000,1000000,3000000). Needs
 * CETMAP_BENCH_PG_URL (or CETMAP_TEST_PG_URL / DATABASE_URL), an admin URL: one database per size, dropped after.
 * Floor in the same run: read + gunzip + JSON.parse of the same files (bench/ingest-worker.mjs floor, on the compiled
 * code like the ingest benchmark).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { ensureBuild } from '../scripts/ensure-build.mjs';
import { benchCorpus, postgresSettingsNote, type Bench } from './harness.js';

/** Runs node with these arguments and returns the JSON object on the last line it prints. */
const lastJson = (...nodeArgs: string[]): Record<string, number> =>
  JSON.parse(
    execFileSync(process.execPath, nodeArgs, {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .at(-1)!,
  ) as Record<string, number>;

async function query<T>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

const bench: Bench = async (ctx) => {
  const sizes = (process.env.CETMAP_BENCH_SCALE_SIZES ?? '100000,300000').split(',').map(Number);
  const pgUrl = process.env.CETMAP_BENCH_PG_URL ?? process.env.CETMAP_TEST_PG_URL ?? process.env.DATABASE_URL;
  const figures: Record<string, number | string> = {};
  const floors: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  // Ingest with parse threads (cetmap ingest --workers): the fastest setting when memory is not the limit.
  const ingestThreads = Number(process.env.CETMAP_BENCH_SCALE_INGEST_WORKERS ?? 2);
  const notes = [
    'synthetic corpus (seed 7), PostgreSQL 15 on the same 2-core machine; one round per size',
    `ingest with ${ingestThreads} parse thread(s) (CETMAP_BENCH_SCALE_INGEST_WORKERS)`,
    'ingest = bench/standing-worker.ts load (includes process start and migrations); pipeline = ingest + classify + rollup',
  ];
  if (pgUrl) notes.push(await postgresSettingsNote(pgUrl));
  if (!pgUrl) return { figures, floors, ratios, notes: [...notes, 'not run: no PostgreSQL URL'] };
  ensureBuild({ quiet: true }); // the floor runs on the compiled code
  const tmp = mkdtempSync(join(tmpdir(), 'cetmap-bench-scale-'));
  try {
    for (const size of sizes) {
      const { dir, temporary } = await benchCorpus(tmp, size, 7);
      const floor = lastJson('bench/ingest-worker.mjs', 'floor', dir);
      floors[`parse_floor_s_${size}`] = round(floor.seconds!, 2);
      const name = `cetmap_bench_scale_${size}_${process.pid}`;
      await query(pgUrl, `create database ${name}`); // generated name, not input
      const url = new URL(pgUrl);
      url.pathname = `/${name}`;
      try {
        const started = process.hrtime.bigint();
        lastJson(
          '--import',
          'tsx',
          'bench/standing-worker.ts',
          'load',
          dir,
          url.toString(),
          String(ingestThreads),
        );
        const ingestS = Number(process.hrtime.bigint() - started) / 1e9;
        const m = lastJson('--import', 'tsx', 'bench/standing-worker.ts', 'measure', url.toString());
        const [sizeRow] = await query<{ bytes: string }>(
          url.toString(),
          'select pg_database_size(current_database()) as bytes',
        );
        const bytes = sizeRow!.bytes;
        const total = ingestS + m.classify_s! + m.rollup_s!;
        figures[`ingest_s_${size}`] = round(ingestS, 1);
        figures[`classify_s_${size}`] = round(m.classify_s!, 1);
        figures[`rollup_s_${size}`] = round(m.rollup_s!, 1);
        figures[`pipeline_s_${size}`] = round(total, 1);
        figures[`pipeline_us_per_work_${size}`] = Math.round((total / size) * 1e6);
        figures[`database_bytes_per_work_${size}`] = Math.round(Number(bytes) / size);
        ratios[`ingest_vs_parse_floor_${size}`] = round(floor.seconds! / ingestS);
        ctx.log(
          `${size}: ingest ${round(ingestS, 1)} s (floor ${round(floor.seconds!, 1)} s), classify ${round(m.classify_s!, 1)} s, rollup ${round(m.rollup_s!, 1)} s; ${Math.round(Number(bytes) / size)} bytes per work`,
        );
      } finally {
        await query(pgUrl, `drop database if exists ${name} with (force)`);
        if (temporary) rmSync(dir, { recursive: true, force: true });
      }
    }
    const perWork = sizes.map((s) => figures[`pipeline_us_per_work_${s}`] as number);
    if (perWork.length > 1) ratios.cost_per_work_largest_vs_smallest = round(perWork.at(-1)! / perWork[0]!);
    const largest = sizes.at(-1)!;
    // Straight-line extrapolation on one node from the largest size measured (the cost per work is flat).
    figures.extrapolated_hours_250M_one_node = round(
      ((figures[`pipeline_us_per_work_${largest}`] as number) * 250e6) / 1e6 / 3600,
      1,
    );
    figures.extrapolated_tb_250M = round(
      ((figures[`database_bytes_per_work_${largest}`] as number) * 250e6) / 1e12,
      2,
    );
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { figures, floors, ratios, notes };
};
export default bench;
