import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

describe.skipIf(!BROWSER_AVAILABLE)('plan target tracker in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  // The first start seeds the demo corpus, the standing facts and a synthetic portfolio.
  beforeAll(async () => {
    server = await startServerProcess();
    browser = await launchBrowser();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows every plan target with its measurement and status, in English and Korean', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await page.goto(`${server.url}/targets`);
    await expect.poll(() => page.locator('[data-testid^="target-"]').count(), { timeout: 30_000 }).toBe(11);
    const leading = page.getByTestId('target-standing.world_leading');
    await expect.poll(() => leading.textContent()).toMatch(/World-leading CET fields/);
    expect(await leading.textContent()).toMatch(/standing indicators/);
    expect(await page.getByTestId('target-budget.cet_total').textContent()).toMatch(/trillion won/);
    expect(await page.getByTestId('synthetic-banner').isVisible()).toBe(true);
    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('target-budget.cet_total').textContent()).toMatch(/조원/);
    // the measurement's source is Korean too
    expect(await leading.textContent()).toMatch(/기술 위상 지표/);
    expect(await leading.textContent()).not.toMatch(/standing indicators/);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/targets-ko.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 120_000);
});
