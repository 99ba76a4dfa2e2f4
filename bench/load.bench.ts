/**
 * Serving under load: the real server (`cetmap serve`, child process) on a PostgreSQL database with a classified
 * and rolled-up synthetic corpus, driven by autocannon on 127.0.0.1 at 8, 32 and 128 concurrent connections.
 * Requests rotate over the standing of every key technology, the country profile and strategy maps:
 *   cached   — the normal case: responses served from the vintage-keyed cache after the first request per URL;
 *   computed — every request carries a unique query parameter, so every response is computed afresh.
 * Floor in the same run: the same server's cheapest route (/api/v1/health). Latencies are per request
 * (p50/p95/p99 computed from every response time). Size: CETMAP_BENCH_LOAD_WORKS (default 100000; the issue's
 * check is 1000000). Needs CETMAP_BENCH_PG_URL (or CETMAP_TEST_PG_URL / DATABASE_URL), an admin URL.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import pg from 'pg';
import { writeSyntheticCorpus } from '../src/demo/write-corpus.js';
import { startServerProcess } from '../test/helpers/server-process.js';
import { median, type Bench, postgresSettingsNote } from './harness.js';

const CONNECTIONS = [8, 32, 128];
const SECONDS = Number(process.env.CETMAP_BENCH_LOAD_SECONDS ?? 10);

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

interface LoadFigures {
  requests_per_s: number;
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
  errors: number;
  non_2xx: number;
}

async function drive(
  base: string,
  paths: string[],
  connections: number,
  unique: boolean,
): Promise<LoadFigures> {
  const times: number[] = [];
  let n = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections,
        duration: SECONDS,
        requests: [
          {
            setupRequest: (req) => {
              const path = paths[n++ % paths.length]!;
              const sep = path.includes('?') ? '&' : '?';
              return { ...req, path: unique ? `${path}${sep}_=${n}` : path };
            },
          },
        ],
      },
      (error, r) => (error ? reject(error as Error) : resolve(r)),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests_per_s: Math.round(result.requests.average),
    p50_ms: round(percentile(times, 50)),
    p95_ms: round(percentile(times, 95)),
    p99_ms: round(percentile(times, 99)),
    errors: result.errors + result.timeouts,
    non_2xx: result.non2xx,
  };
}

const bench: Bench = async (ctx) => {
  const size = Number(process.env.CETMAP_BENCH_LOAD_WORKS ?? 100_000);
  const pgUrl = process.env.CETMAP_BENCH_PG_URL ?? process.env.CETMAP_TEST_PG_URL ?? process.env.DATABASE_URL;
  const figures: Record<string, number | string> = { works: size, seconds_per_level: SECONDS };
  const floors: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const notes = [
    'server and load generator on the same 2-core machine (127.0.0.1): the generator takes CPU from the server',
    'cached = vintage-keyed response cache (after the first request per URL); computed = unique URL per request',
  ];
  if (pgUrl) notes.push(await postgresSettingsNote(pgUrl));
  if (!pgUrl) return { figures, floors, ratios, notes: [...notes, 'not run: no PostgreSQL URL'] };
  const tmp = mkdtempSync(join(tmpdir(), 'cetmap-bench-load-'));
  const name = `cetmap_bench_load_${process.pid}`;
  await admin(pgUrl, `create database ${name}`); // generated name, not input
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  try {
    const dir = join(tmp, 'corpus');
    await writeSyntheticCorpus({ works: size, seed: 7, out: dir });
    ctx.log(`${size} works generated; loading, classifying and rolling up on PostgreSQL`);
    const worker = (...args: string[]) =>
      execFileSync(process.execPath, ['--import', 'tsx', 'bench/standing-worker.ts', ...args], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
    worker('load', dir, url.toString());
    worker('measure', url.toString());
    rmSync(dir, { recursive: true, force: true });

    // The per-address rate limit would turn the load into 429s: raised for this loopback run only.
    const server = await startServerProcess({
      args: ['--no-seed'],
      env: { DATABASE_URL: url.toString(), CETMAP_RATE_LIMIT_PER_MINUTE: '10000000' },
    });
    try {
      const kr = (await (await fetch(`${server.url}/api/v1/countries/KR/standing`)).json()) as {
        technologies: Array<{ techId: string; kind: string }>;
      };
      const techs = kr.technologies.map((t) => t.techId);
      const paths = [
        ...techs.map((t) => `/api/v1/technologies/${t}/standing`),
        '/api/v1/countries/KR/standing',
        ...techs.slice(0, 5).map((t) => `/api/v1/strategy/technologies/${t}`),
      ];
      figures.urls = paths.length;
      for (const connections of CONNECTIONS) {
        const floor = await drive(server.url, ['/api/v1/health'], connections, false);
        floors[`health_p95_ms_c${connections}`] = floor.p95_ms;
        floors[`health_requests_per_s_c${connections}`] = floor.requests_per_s;
        for (const [mode, unique] of [
          ['cached', false],
          ['computed', true],
        ] as const) {
          // Warm the cache (a computed pass before evicts the entries with its unique URLs).
          if (!unique)
            for (const path of paths) await fetch(`${server.url}${path}`).then((r) => r.arrayBuffer());
          const f = await drive(server.url, paths, connections, unique);
          for (const [k, v] of Object.entries(f)) figures[`${mode}_${k}_c${connections}`] = v;
          ratios[`${mode}_requests_vs_health_c${connections}`] =
            Math.round((f.requests_per_s / floor.requests_per_s) * 1000) / 1000;
          ctx.log(
            `  c=${connections} ${mode}: ${f.requests_per_s} req/s, p50 ${f.p50_ms} ms, p95 ${f.p95_ms} ms, p99 ${f.p99_ms} ms, errors ${f.errors}, non-2xx ${f.non_2xx} (health: ${floor.requests_per_s} req/s)`,
          );
        }
      }
      figures.median_cached_p95_ms = median(CONNECTIONS.map((c) => Number(figures[`cached_p95_ms_c${c}`])));
    } finally {
      await server.stop();
    }
  } finally {
    await admin(pgUrl, `drop database if exists ${name} with (force)`);
    rmSync(tmp, { recursive: true, force: true });
  }
  return { figures, floors, ratios, notes };
};
export default bench;
