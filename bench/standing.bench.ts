/**
 * Classification + rollups on synthetic corpora of several sizes, on PostgreSQL (when configured) and PGlite,
 * each beside its floors measured in the same run: reading the inputs classification needs, and a plain
 * aggregation over the rollup's joins. Sizes: CETMAP_BENCH_STANDING_SIZES (default 20000,60000; the issue's
 * check is 100000,300000,1000000). PostgreSQL: CETMAP_BENCH_PG_URL, else CETMAP_TEST_PG_URL or DATABASE_URL
 * (an admin URL: a fresh database is created and dropped per size). PGlite: BENCH_STANDING_PGLITE=0 skips it;
 * it runs up to BENCH_STANDING_PGLITE_MAX works (default 300,000).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { benchCorpus, postgresSettingsNote, type Bench } from './harness.js';

const run = (...args: string[]): Record<string, number> =>
  JSON.parse(
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/standing-worker.ts', ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'inherit'],
    })
      .trim()
      .split('\n')
      .at(-1)!,
  ) as Record<string, number>;

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const round = (x: number, digits = 3): number => Math.round(x * 10 ** digits) / 10 ** digits;

const bench: Bench = async (ctx) => {
  const sizes = (process.env.CETMAP_BENCH_STANDING_SIZES ?? '20000,60000').split(',').map(Number);
  const pgUrl = process.env.CETMAP_BENCH_PG_URL ?? process.env.CETMAP_TEST_PG_URL ?? process.env.DATABASE_URL;
  const tmp = mkdtempSync(join(tmpdir(), 'cetmap-bench-standing-'));
  // The embedded database is for a laptop's corpus: measured up to this size (BENCH_STANDING_PGLITE_MAX).
  const pgliteMax = Number(process.env.BENCH_STANDING_PGLITE_MAX ?? 300_000);
  const figures: Record<string, number | string> = {};
  const floors: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const notes = [
    'synthetic corpus (cetmap demo generate, seed 7), 50 starter recipes; classification of every work (--all)',
    'one round per size on a shared 2-core machine: compare ratios within this run',
  ];
  if (pgUrl) notes.push(await postgresSettingsNote(pgUrl));
  try {
    for (const size of sizes) {
      const { dir, temporary } = await benchCorpus(tmp, size, 7);
      const targets: Array<[string, string, () => Promise<void>]> = [];
      if (pgUrl) {
        const name = `cetmap_bench_standing_${size}_${process.pid}`;
        await admin(pgUrl, `create database ${name}`);
        const url = new URL(pgUrl);
        url.pathname = `/${name}`;
        targets.push([
          'postgres',
          url.toString(),
          () => admin(pgUrl, `drop database if exists ${name} with (force)`),
        ]);
      } else notes.push('PostgreSQL not configured: PGlite only');
      if (process.env.BENCH_STANDING_PGLITE !== '0' && size <= pgliteMax)
        targets.push(['pglite', join(tmp, `pglite-${size}`), async () => {}]);
      for (const [kind, target, cleanup] of targets) {
        try {
          run('load', dir, target);
          const m = run('measure', target);
          const total = m.classify_s! + m.rollup_s!;
          figures[`${kind}_works_${size}`] = m.works!;
          figures[`${kind}_classify_s_${size}`] = round(m.classify_s!, 2);
          figures[`${kind}_rollup_s_${size}`] = round(m.rollup_s!, 2);
          figures[`${kind}_works_per_s_${size}`] = Math.round(m.works! / total);
          figures[`${kind}_peak_rss_mb_${size}`] = m.peak_rss_mb!;
          floors[`${kind}_read_floor_s_${size}`] = round(m.read_floor_s!, 2);
          floors[`${kind}_aggregate_floor_s_${size}`] = round(m.aggregate_floor_s!, 2);
          ratios[`${kind}_classify_vs_read_floor_${size}`] = round(m.read_floor_s! / m.classify_s!);
          ratios[`${kind}_rollup_vs_aggregate_floor_${size}`] = round(m.aggregate_floor_s! / m.rollup_s!);
          ctx.log(
            `${kind} ${size}: classify ${round(m.classify_s!, 1)} s (read floor ${round(m.read_floor_s!, 1)} s), ` +
              `rollup ${round(m.rollup_s!, 1)} s (aggregate floor ${round(m.aggregate_floor_s!, 1)} s), ${Math.round(m.works! / total)} works/s`,
          );
        } finally {
          await cleanup();
        }
      }
      if (temporary) rmSync(dir, { recursive: true, force: true });
    }
    for (const kind of ['postgres', 'pglite']) {
      const perWork = sizes
        .map((s) =>
          (figures[`${kind}_classify_s_${s}`] as number | undefined) !== undefined
            ? ((figures[`${kind}_classify_s_${s}`] as number) +
                (figures[`${kind}_rollup_s_${s}`] as number)) /
              s
            : null,
        )
        .filter((x): x is number => x !== null);
      if (perWork.length > 1)
        ratios[`${kind}_cost_per_work_largest_vs_smallest`] = round(perWork.at(-1)! / perWork[0]!);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return { figures, floors, ratios, notes };
};
export default bench;
