import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

interface HomeFlows {
  params: { targetYear: number; minCell: number };
  technologies: Array<{
    techId: string;
    kind: string;
    inflow: number | null;
    outflow: number | null;
    net: number | null;
  }>;
}

describe.skipIf(!BROWSER_AVAILABLE)('talent page in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  // The first start seeds the demo corpus and the synthetic talent data (careers, job postings).
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows KR net flows per technology as in the API, draws the Sankey and exports CSV', async () => {
    const api = (await (await fetch(`${server.url}/api/v1/talent/home/KR/flows`)).json()) as HomeFlows;
    const fields = api.technologies.filter((t) => t.kind === 'field');
    expect(fields).toHaveLength(12);
    const shown = fields.filter((t) => t.net !== null && t.net !== 0);
    expect(shown.length).toBeGreaterThan(0); // the demo has moves to show

    const page = await browser.newPage({ locale: 'en-GB', acceptDownloads: true });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && !/401/.test(m.text()) && errors.push(m.text()));
    await page.goto(`${server.url}/talent`);
    await expect
      .poll(() => page.getByTestId('talent-flows-table').isVisible(), { timeout: 60_000 })
      .toBe(true);
    for (const t of fields) {
      const text = (await page.getByTestId(`talent-net-${t.techId}`).textContent())!.replace(/[\s,]/g, '');
      expect(text).toBe(t.net === null ? 'suppressed' : t.net > 0 ? `+${t.net}` : String(t.net));
    }
    expect(await page.getByTestId('synthetic-banner').isVisible()).toBe(true);

    // The Sankey for the selected technology, with the returnee and at-risk aggregates.
    await page.getByTestId('talent-tech-select').selectOption(shown[0]!.techId);
    await expect
      .poll(
        async () =>
          (await page.getByTestId('talent-sankey').locator('canvas').count()) +
          (await page.getByTestId('talent-sankey-empty').count()),
        { timeout: 30_000 },
      )
      .toBeGreaterThan(0);
    expect(await page.getByTestId('talent-returnees').textContent()).toMatch(/^(\d+|<5)$/);
    // Person-level list: the public is asked to sign in.
    await expect.poll(() => page.getByTestId('needs-sign-in').count(), { timeout: 30_000 }).toBe(1);
    expect(await page.getByTestId('talent-top-list').count()).toBe(0);

    // CSV export of the same numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('talent-flows-csv').click(),
    ]);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^# KR researcher flows \d{4}; .*SYNTHETIC DEMO DATA/);
    for (const t of fields) {
      const row = csv.find((l) => l.startsWith(`${t.techId},`))!;
      expect(row.split(',').at(-1)).toBe(t.net === null ? 'suppressed' : String(t.net));
    }

    // Workforce demand from the synthetic postings, by region.
    await expect
      .poll(() => page.getByTestId('talent-region-chart').isVisible(), { timeout: 30_000 })
      .toBe(true);

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('인재');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/talent-ko.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
