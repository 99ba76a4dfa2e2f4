/**
 * The standing pages in a real browser: dashboard, technology standing and country profile, in English and
 * Korean, on a small synthetic corpus (classified and rolled up before the server starts). Checks sorting,
 * the CSV download, the lazily loaded map and chart, console errors and axe; saves screenshots to test-results/.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countriesSeeder } from '../../src/aggregates/countries-seeder.js';
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../../src/demo/demo-corpus.js';
import { demoCorpusSeeder } from '../../src/demo/demo-seeder.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { analysisSeeder } from '../../src/indicators/analysis-seeder.js';
import type { CountryStandingResponse } from '../../src/shared/schemas/standing.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { ingestPatents } from '../../src/patents/ingest-patents.js';
import { classifyPatents, rollupPatents } from '../../src/patents/patent-classify-queries.js';
import { writeHandMade } from '../patents/patent-files.js';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const SHOTS = 'test-results';
const DEMO_WORKS = 4000;

/** Console errors and failed requests of a page, so that a test can assert there were none. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('response', (r) => {
    if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`);
  });
  return errors;
}

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe.skipIf(!BROWSER_AVAILABLE)('standing pages in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;
  let field: string; // the field with most works, so that every panel has data
  let home: string;

  beforeAll(async () => {
    // Countries, technology lists, a small synthetic corpus, then classification and rollup; serve without seeding.
    home = mkdtempSync(join(tmpdir(), 'cetmap-standing-web-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    await migrateToLatest(handle.db, { kind: handle.kind });
    const smallCorpus = {
      ...demoCorpusSeeder,
      run: async (h: typeof handle) => {
        await loadDemoCorpus(h, { works: DEMO_WORKS, seed: DEFAULT_DEMO_SEED, log: () => {} });
      },
    };
    await seedFirstRun(handle, () => {}, [countriesSeeder, taxonomySeeder, smallCorpus, analysisSeeder]);
    // A few hand-made patent grants with located inventors and assignees, for the papers-vs-patents panel.
    await ingestPatents(handle, writeHandMade(join(home, 'patents')));
    await classifyPatents(handle.db);
    await rollupPatents(handle.db);
    await handle.close();
    server = await startServerProcess({ args: ['--no-seed'], home });
    browser = await launchBrowser();
    const kr = (await (
      await fetch(`${server.url}/api/v1/countries/KR/standing`)
    ).json()) as CountryStandingResponse;
    field = kr.technologies.filter((t) => t.kind === 'field').sort((a, b) => b.worldWorks - a.worldWorks)[0]!
      .techId;
    mkdirSync(SHOTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    if (server) writeFileSync(join(SHOTS, 'standing-web-server.log'), server.output());
    await server?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const open = async (
    locale = 'en-GB',
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }> => {
    const context = await browser.newContext({
      locale,
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    return { context, page, errors: watch(page) };
  };

  it('opens the dashboard quickly: 12 field cards, plan goals, method and the synthetic banner', async () => {
    // One visit warms the server (first queries); then a cold browser (new context, empty cache) is timed from
    // navigation start until the 12 cards are drawn and a frame is painted.
    const warm = await open();
    await warm.page.goto(server.url);
    await expect.poll(() => warm.page.getByTestId('cet-card').count(), { timeout: 30_000 }).toBe(12);
    await warm.context.close();
    const { context, page, errors } = await open();
    await page.goto(server.url);
    // Checked on every animation frame, in the page: the time is taken when the 12th card is there.
    const ready = await page.waitForFunction(
      "document.querySelectorAll('[data-testid=cet-card]').length >= 12 && performance.now()",
      undefined,
      { polling: 'raf', timeout: 15_000 },
    );
    const interactiveMs = (await ready.jsonValue()) as number;
    const cards = page.getByTestId('cet-card');
    await page.getByTestId('counting').focus();
    // Budget 1.5 s (bench/results/web.json measures it on a quiet machine); when the machine is busier than its
    // cores (CI running other suites beside this one), twice that, and the load is recorded with the figure.
    const load = loadavg()[0]!;
    const budgetMs = load > cpus().length ? 3000 : 1500;
    writeFileSync(
      join(SHOTS, 'web-dashboard-timing.json'),
      JSON.stringify(
        { dashboardInteractiveMs: Math.round(interactiveMs), budgetMs, loadAverage1m: load },
        null,
        2,
      ),
    );
    expect(interactiveMs).toBeLessThan(budgetMs);

    await expect.poll(() => page.getByTestId('synthetic-banner').isVisible()).toBe(true);
    expect(await page.getByTestId('goal-top3').count()).toBe(3);
    expect(await page.getByTestId('goal-world-leading').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('method-footer').textContent()).toMatch(/Window \d{4}–\d{4}/);
    // Every card names its rank as "n of m" or shows the dash with a reason.
    const ranks = await page.getByTestId('card-rank').allTextContents();
    expect(ranks.every((r) => /^\d+ of \d+$/.test(r) || r === '–')).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'dashboard-en.png'), fullPage: true });

    // The home country lives in the URL.
    await page.getByTestId('country-picker').selectOption('JP');
    await expect.poll(() => new URL(page.url()).searchParams.get('country')).toBe('JP');
    await expect.poll(() => page.locator('.intro').first().textContent()).toMatch(/Japan/);
    await page.getByTestId('country-picker').selectOption('KR');
    await expect.poll(() => new URL(page.url()).searchParams.get('country')).toBe(null);

    // Korean and back.
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('대시보드');
    await expect.poll(() => page.locator('.intro').first().textContent()).toMatch(/대한민국|한국/);
    expect(await page.getByTestId('goals').textContent()).toMatch(/기본계획 목표/);
    await page.screenshot({ path: join(SHOTS, 'dashboard-ko.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Dashboard');

    // A card leads to the technology's standing page.
    await cards.first().getByRole('link').click();
    await expect.poll(() => page.url()).toMatch(/\/technologies\/kr-2022\/kr2022\.[a-z_]+\/standing/);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a technology: sorts the ranking, downloads the CSV, draws the map and the chart', async () => {
    const { context, page, errors } = await open();
    await page.goto(`${server.url}/technologies/kr-2022/${field}/standing`);
    const table = page.getByTestId('ranking-table');
    const rows = table.locator('tbody tr');
    await expect
      .poll(() => rows.count(), { timeout: 15_000 })
      .toBeGreaterThan(3)
      .catch(async (e: unknown) => {
        await page.screenshot({ path: join(SHOTS, 'technology-standing-failed.png'), fullPage: true });
        throw new Error(`${String(e)}; console: ${errors.join(' | ')}`);
      });
    const n = await rows.count();
    expect(await page.getByTestId('home-panel').textContent()).toMatch(/South Korea/);
    expect(await table.locator('tbody tr.home-row').getAttribute('data-country')).toBe('KR');

    // Sort by world share, descending then ascending; the state goes to the URL.
    const shares = async () =>
      (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-country') ?? ''))) as string[];
    const byRank = await shares();
    await page.getByTestId('sort-worldShare').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('sort')).toBe('worldShare');
    await expect.poll(() => table.locator('th[aria-sort="descending"]').count()).toBe(1);
    const api = (await (await fetch(`${server.url}/api/v1/technologies/${field}/standing`)).json()) as {
      countries: Array<{ country: string; worldShare: number | null }>;
    };
    const expected = [...api.countries]
      .sort((a, b) => (b.worldShare ?? -1) - (a.worldShare ?? -1))
      .map((c) => c.country);
    await expect.poll(async () => (await shares())[0]).toBe(expected[0]);
    await page.getByTestId('sort-worldShare').click();
    await expect.poll(() => table.locator('th[aria-sort="ascending"]').count()).toBe(1);
    await expect.poll(async () => (await shares()).at(-1)).toBe(expected[0]);
    await page.getByTestId('sort-rank').click();
    await expect.poll(shares).toEqual(byRank);

    // The CSV download: the server's CSV of the same ranking, one row per table row.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('csv-download').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(
      new RegExp(`^${field.replace(/\./g, '\\.')}-standing-\\d{4}-\\d{4}\\.csv$`),
    );
    const csv = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(csv[0]).toMatch(/^# .*SYNTHETIC DEMO DATA/);
    expect(csv[1]).toBe(
      'rank,country,works,world_share,top10,top10_world_share,top10_output_share,mncs,cagr,rca,rsi,level,band,gap_years,class',
    );
    expect(csv.length - 2).toBe(n);
    expect(csv.slice(2).map((l) => l.split(',')[1])).toEqual(byRank);

    // The map (lazy chunk): countries with works are shaded, the home country outlined.
    const map = page.getByTestId('world-map');
    await map.scrollIntoViewIfNeeded();
    await expect.poll(() => map.locator('path').count(), { timeout: 15_000 }).toBeGreaterThan(100);
    expect(await map.locator('path[fill^="rgb("]').count()).toBeGreaterThan(3);
    await page.getByTestId('map-metric').selectOption('worldShare');
    await expect.poll(() => new URL(page.url()).searchParams.get('map')).toBe('worldShare');
    // The chart (lazy chunk) draws on a canvas.
    await expect
      .poll(() => page.getByTestId('series-chart').locator('canvas').count(), { timeout: 15_000 })
      .toBe(1);
    expect(await page.getByTestId('concentration').textContent()).toMatch(/Herfindahl/);

    // XLSX (lazy chunk) and the chart as PNG.
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('xlsx-download').click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    expect(
      readFileSync((await xlsx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByTestId('chart-png').click()]);
    expect(png.suggestedFilename()).toMatch(/\.png$/);
    expect(
      readFileSync((await png.path())!)
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');

    expect(await seriousViolations(page)).toEqual([]);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'technology-standing-en.png'), fullPage: true });
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('csv-download').textContent()).toBe('CSV 내려받기');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, 'technology-standing-ko.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows a country profile across the key technologies in both languages', async () => {
    const { context, page, errors } = await open('ko-KR');
    await page.goto(`${server.url}/countries/KR`);
    await expect
      .poll(() => page.getByTestId('country-title').textContent(), { timeout: 15_000 })
      .toBe('대한민국');
    const rows = page.getByTestId('profile-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(62);
    expect(await page.getByTestId('goals').isVisible()).toBe(true);
    // Collaboration partners from the strategy map's partner scores.
    await expect.poll(() => page.getByTestId('partners').locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: join(SHOTS, 'country-ko.png'), fullPage: true });
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('country-title').textContent()).toBe('South Korea');
    await page.screenshot({ path: join(SHOTS, 'country-en.png'), fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${server.url}/countries`);
    await page.getByTestId('country-search').fill('germ');
    await page.getByTestId('country-list').getByRole('link', { name: 'Germany' }).click();
    await expect.poll(() => page.getByTestId('country-title').textContent()).toBe('Germany');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('shows papers and patents side by side, with the commercialization-gap rule explained', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors = watch(page);
    await page.goto(
      `${server.url}/technologies/kr-2022/kr2022.quantum.communication/standing?from=2020&to=2021`,
    );
    const panel = page.getByTestId('patent-panel');
    await expect
      .poll(() => panel.getByTestId('patent-table').locator('tbody tr').count(), { timeout: 30_000 })
      .toBeGreaterThanOrEqual(2);
    const text = (await panel.textContent())!;
    expect(text).toMatch(/RTA/);
    expect(text).toMatch(/Commercialization-gap rule/);
    await panel.getByTestId('patent-basis').selectOption('assignee');
    await expect
      .poll(async () => (await panel.getByTestId('patent-table').textContent())!)
      .toContain('Japan');
    await page.getByTestId('lang-toggle').click();
    await expect.poll(async () => (await panel.textContent())!).toMatch(/현시기술우위|RTA/);
    await panel.screenshot({ path: join(SHOTS, 'technology-patents-ko.png') });
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('keeps the main bundle within 400 KB gzip, with charts, map and XLSX in their own chunks', async () => {
    const { gzipSync } = await import('node:zlib');
    const index = readFileSync('dist/web/index.html', 'utf8');
    const main = /assets\/(index-[\w-]+\.js)/.exec(index)![1]!;
    const gz = (f: string) => gzipSync(readFileSync(join('dist/web/assets', f))).length;
    expect(gz(main)).toBeLessThan(400 * 1024);
    const mainText = readFileSync(join('dist/web/assets', main), 'utf8');
    expect(mainText).not.toMatch(/echarts|geoEqualEarth|sharedStrings\.xml/);
  });
});
