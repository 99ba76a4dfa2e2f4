/**
 * The strategy-map page in a real browser on a small hand-made corpus: ranked partners with decomposed scores,
 * weights from the URL (as the sliders set them) changing the ranking, the partner view, and Korean labels.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { writeWorks, type WorkSpec } from '../helpers/openalex-works.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const TECH = 'kr2022.quantum.computing';

function corpus(): WorkSpec[] {
  const specs: WorkSpec[] = [];
  let id = 5000;
  const add = (n: number, countries: string[], topic: number, cited: number) => {
    for (let i = 0; i < n; i++)
      specs.push({
        id: id++,
        year: 2021 + (i % 5),
        title: 'Quantum computing with superconducting qubits',
        countries,
        topics: [[topic, 0.9]],
        cited,
      });
  };
  add(4, ['KR'], 10020, 5);
  add(10, ['US'], 10682, 20);
  add(12, ['CN'], 10682, 30);
  add(4, ['DE', 'KR'], 10020, 2);
  add(1, ['US', 'KR'], 10682, 10);
  return specs;
}

describe.skipIf(!BROWSER_AVAILABLE)('strategy map page in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'cetmap-strategy-web-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    await migrateToLatest(handle.db, { kind: handle.kind });
    await seedFirstRun(handle, () => {}, [taxonomySeeder]);
    await loadBuiltinCountries(handle.db);
    await seedStarterRecipes(handle.db);
    writeWorks(join(home, 'works.jsonl'), corpus());
    await ingestOpenAlex(handle, join(home, 'works.jsonl'));
    await classifyWorks(handle, { techIds: [TECH] });
    await rollup(handle);
    await handle.close();
    server = await startServerProcess({ args: ['--no-seed'], home });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const firstCountry = async (page: Page) =>
    page.getByTestId('strategy-table').locator('tbody tr').first().getAttribute('data-testid');

  it('ranks partners, follows the weights, opens a partner, and speaks Korean', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/strategy?tech=${TECH}`);
    const table = page.getByTestId('strategy-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 20_000 }).toBe(3);
    await expect.poll(() => page.getByTestId('partner-CN').textContent()).toContain('Market catch-up');
    await expect.poll(() => page.getByTestId('top5-stability').textContent()).toMatch(/%/);

    // Ties alone (as the sliders would set them): DE, whose works are all with KR, comes first.
    await page.goto(`${server.url}/strategy?tech=${TECH}&strength=0&complementarity=0&ties=1&momentum=0`);
    await expect.poll(() => firstCountry(page), { timeout: 20_000 }).toBe('partner-DE');
    // Strength alone without alignment: CN, the leader in the technology.
    await page.goto(
      `${server.url}/strategy?tech=${TECH}&strength=1&complementarity=0&ties=0&momentum=0&alignment=0`,
    );
    await expect.poll(() => firstCountry(page), { timeout: 20_000 }).toBe('partner-CN');
    // Moving a slider updates the URL and the ranking.
    await page.getByTestId('weight-alignment').fill('1');
    await expect.poll(() => page.url()).toMatch(/alignment=1/);
    await expect.poll(() => firstCountry(page), { timeout: 20_000 }).toBe('partner-US');

    await page.getByTestId('partner-US').getByRole('button').click();
    await expect
      .poll(() => page.getByTestId('partner-view').textContent(), { timeout: 20_000 })
      .toContain('Quantum computing');
    await expect.poll(() => page.getByTestId('strategy-orgs').textContent()).toContain('US University');

    await page.getByTestId('matrix-open').click();
    const matrix = page.getByTestId('strategy-matrix');
    await expect.poll(() => matrix.locator('tbody tr').count(), { timeout: 30_000 }).toBe(50);
    await expect.poll(() => matrix.locator('thead th').count()).toBe(4); // technology + US, CN, DE
    await expect.poll(() => page.getByTestId('strategy-xlsx').isEnabled()).toBe(true);

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('partner-US').textContent()).toContain('시장 추격형');
    // Method texts and notes come from the API in Korean too: no English sentences on a Korean screen.
    const method = await page.getByTestId('strategy-method').textContent();
    expect(method).toContain('상대국 기술수준');
    expect(method).not.toContain('technology level of the partner');
    await page.screenshot({ path: 'test-results/strategy-ko.png', fullPage: true });
    await context.close();
  });
});
