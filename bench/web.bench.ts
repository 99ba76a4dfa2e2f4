/**
 * The web app's weight and the dashboard's speed: gzip size of every built chunk (main bundle budget 400 KB),
 * and the time from navigation start until the dashboard's 12 cards are drawn, in Chromium, on localhost with a
 * small synthetic corpus. Floor: the same app shell drawing a page that needs no standing data (404 page).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { countriesSeeder } from '../src/aggregates/countries-seeder.js';
import { buildApp } from '../src/api/app.js';
import { openDatabase } from '../src/db/create-db.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../src/demo/demo-corpus.js';
import { demoCorpusSeeder } from '../src/demo/demo-seeder.js';
import { seedFirstRun } from '../src/demo/first-run.js';
import { analysisSeeder } from '../src/indicators/analysis-seeder.js';
import { projectPath } from '../src/shared/paths.js';
import { taxonomySeeder } from '../src/taxonomy/builtin-seeder.js';
import { launchBrowser } from '../test/helpers/browser.js';
import type { Bench } from './harness.js';

const DEMO_WORKS = 15_000;
const BUDGET_KB = 400;

/** Time from navigation start until `selector` matches `count` elements (checked on each animation frame). */
async function timeTo(browser: Browser, url: string, selector: string, count: number): Promise<number> {
  const context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  // A string, not a function: this file is type-checked without the DOM library. Checked on every frame.
  const ready = await page.waitForFunction(
    `document.querySelectorAll(${JSON.stringify(selector)}).length >= ${count} && performance.now()`,
    undefined,
    { polling: 'raf' },
  );
  const ms = (await ready.jsonValue()) as number;
  await context.close();
  return ms;
}

const bench: Bench = async (ctx) => {
  execFileSync(
    process.execPath,
    [projectPath('node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
    {
      cwd: projectPath(),
      stdio: 'inherit',
    },
  );
  const assets = projectPath('dist/web/assets');
  const index = readFileSync(projectPath('dist/web/index.html'), 'utf8');
  const main = /assets\/(index-[\w-]+\.js)/.exec(index)![1]!;
  const kb = (f: string) => Math.round((gzipSync(readFileSync(join(assets, f))).length / 1024) * 10) / 10;
  const chunks = Object.fromEntries(
    readdirSync(assets)
      .filter((f) => /\.(js|css)$/.test(f))
      .map((f) => [`gzip_kb_${f.replace(/-[\w-]{8}\.(js|css)$/, '.$1')}`, kb(f)]),
  );
  ctx.log(`main bundle ${kb(main)} KB gzip; chunks ${JSON.stringify(chunks)}`);

  const handle = await openDatabase({ kind: 'pglite', dataDir: undefined });
  await migrateToLatest(handle.db, { kind: handle.kind });
  const corpus = {
    ...demoCorpusSeeder,
    run: async (h: typeof handle) => {
      await loadDemoCorpus(h, { works: DEMO_WORKS, seed: DEFAULT_DEMO_SEED, log: () => {} });
    },
  };
  await seedFirstRun(handle, () => {}, [countriesSeeder, taxonomySeeder, corpus, analysisSeeder]);
  const app = await buildApp({ handle }, { rateLimitPerMinute: 1_000_000 });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await launchBrowser();
  try {
    await timeTo(browser, url, '[data-testid=cet-card]', 12); // warm the server's caches once
    const dashboard = await ctx.median(5, () => timeTo(browser, url, '[data-testid=cet-card]', 12));
    const shell = await ctx.median(5, () => timeTo(browser, `${url}/no-such-page`, 'main h1', 1));
    return {
      figures: {
        main_bundle_gzip_kb: kb(main),
        main_bundle_budget_kb: BUDGET_KB,
        ...chunks,
        dashboard_interactive_ms: Math.round(dashboard),
        load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
        demo_works: DEMO_WORKS,
        database: 'pglite (memory)',
      },
      floors: { app_shell_interactive_ms: Math.round(shell) },
      ratios: {
        main_bundle_vs_budget: Math.round((kb(main) / BUDGET_KB) * 1000) / 1000,
        dashboard_vs_app_shell: Math.round((dashboard / shell) * 100) / 100,
      },
      notes: [
        'interactive = navigation start until the 12 field cards are in the DOM, checked on every animation frame',
        'median of 5 cold page loads (new browser context each), Chromium headless, localhost; budget 1500 ms',
        'load_average_1m: other work on the machine during the run (2 cores); the figure rises with it',
        'echarts, the world map (d3-geo + world-atlas) and the XLSX writer load on demand in their own chunks',
      ],
    };
  } finally {
    await browser.close();
    await app.close();
    await handle.close();
  }
};

export default bench;
