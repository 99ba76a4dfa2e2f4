import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAggregate, loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { findKind } from '../../src/aggregates/import-kinds.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../../src/demo/demo-corpus.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { projectPath } from '../../src/shared/paths.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const ETO_DIR = projectPath('..', 'shared', 'data', 'eto-chip-supply-chain');
const HAVE_ETO = existsSync(ETO_DIR);
/** The first requests compute bursts and fits on the server: give them time. */
const WAIT = { timeout: 30_000 };

describe.skipIf(!BROWSER_AVAILABLE || !HAVE_ETO)('foresight page in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'cetmap-foresight-web-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    await migrateToLatest(handle.db, { kind: handle.kind });
    await seedFirstRun(handle, () => {}, [taxonomySeeder]);
    await loadBuiltinCountries(handle.db);
    await seedStarterRecipes(handle.db);
    await importAggregate(handle, findKind('eto-supply-chain')!, ETO_DIR);
    await loadDemoCorpus(handle, { works: 3000, seed: DEFAULT_DEMO_SEED });
    await classifyWorks(handle);
    await rollup(handle);
    await handle.close();
    server = await startServerProcess({ args: ['--no-seed'], home });
    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows emerging topics, a forecast with its backtest, chokepoints with attribution and a scenario', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/foresight?tech=kr2022.battery.next_gen`);
    await expect
      .poll(() => page.getByTestId('emerging-table').locator('tbody tr').count(), WAIT)
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('forecast-chart').count(), WAIT).toBe(1);
    await expect
      .poll(() => page.getByTestId('backtest-table').locator('tbody tr').count(), WAIT)
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('forecast-params').textContent(), WAIT).toMatch(/α = .*β\* =/);

    await page.goto(`${server.url}/foresight?tech=kr2022.semis&remove=NL`);
    await expect
      .poll(() => page.getByTestId('chokepoint-table').getByText('EUV lithography tools').count(), WAIT)
      .toBe(1);
    await expect
      .poll(() => page.getByTestId('supply-sources').textContent(), WAIT)
      .toContain('Emerging Technology Observatory');
    await expect
      .poll(() => page.getByTestId('scenario-table').locator('tbody tr').count(), WAIT)
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('supply-graph').count(), WAIT).toBe(1);

    // In Korean, the method texts the API sends are Korean as well.
    await page.getByTestId('lang-toggle').click();
    await expect
      .poll(() => page.locator('p.method').allTextContents(), WAIT)
      .toEqual(
        expect.arrayContaining([expect.stringContaining('병목입니다'), expect.stringContaining('노출도')]),
      );
    const methods = (await page.locator('p.method').allTextContents()).join(' ');
    expect(methods).not.toContain('An input is a chokepoint');
    expect(methods).not.toContain('Direct loss');
    await page.screenshot({ path: 'test-results/foresight-ko.png', fullPage: true });
    if (process.env.CETMAP_SCREENSHOT_DIR)
      await page.screenshot({
        path: join(process.env.CETMAP_SCREENSHOT_DIR, 'foresight.png'),
        fullPage: true,
      });
    await context.close();
  });
});
