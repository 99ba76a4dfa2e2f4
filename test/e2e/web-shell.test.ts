import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { createPostgresDatabase, postgresAdminUrl } from '../helpers/test-db.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

describe.skipIf(!BROWSER_AVAILABLE)('web shell in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServerProcess({ args: ['--no-seed'] });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    const code = await server?.stop();
    expect(code).toBe(0); // graceful shutdown on SIGTERM
  });

  it('opens in English, switches to Korean, and remembers the choice', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('nav-technologies').textContent()).toBe('Technologies');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('nav-technologies').textContent()).toBe('기술');
    expect(await page.getByTestId('nav-strategy').textContent()).toBe('전략지도');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');

    await page.reload();
    await expect.poll(() => page.getByTestId('nav-dashboard').textContent()).toBe('대시보드');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/web-shell-ko.png', fullPage: true });
    await context.close();
  });

  it('shows the server health on the system page, from a deep link', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/system`);
    await expect.poll(() => page.getByTestId('health-database').textContent()).toBe('Embedded (PGlite)');
    await context.close();
  });
});

describe.skipIf(!BROWSER_AVAILABLE || !postgresAdminUrl())('web shell on a PostgreSQL server', () => {
  it('serves the app on PostgreSQL when DATABASE_URL is set', async () => {
    const database = await createPostgresDatabase();
    const server = await startServerProcess({ args: ['--no-seed'], env: { DATABASE_URL: database.url } });
    const browser = await launchBrowser();
    try {
      const health = (await (await fetch(`${server.url}/api/v1/health`)).json()) as { database: string };
      expect(health.database).toBe('postgres');
      const page = await browser.newPage({ locale: 'en-GB' });
      await page.goto(`${server.url}/system`);
      await expect.poll(() => page.getByTestId('health-database').textContent()).toBe('PostgreSQL server');
    } finally {
      await browser.close();
      expect(await server.stop()).toBe(0);
      await database.drop();
    }
  }, 240_000);
});
