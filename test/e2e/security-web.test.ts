/**
 * Research security in a real browser: a researcher reports a foreign data request, a reviewer of the same
 * organisation finds it at the top of the queue with its explanation, assigns it and decides it; an
 * administrator sees each step in the audit log. A researcher of another organisation sees nothing of it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { cliIn, createAccount, signedInPage } from '../helpers/e2e.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

describe.skipIf(!BROWSER_AVAILABLE)('research security in a real browser', () => {
  const home = mkdtempSync(join(tmpdir(), 'cetmap-e2e-security-'));
  const env = { ...process.env, CETMAP_HOME: home, DATABASE_URL: '' };
  let server: ServerProcess;
  let browser: Browser;

  const cli = cliIn(env);

  beforeAll(async () => {
    for (const [name, roleArgs, organisation] of [
      ['kim', ['--role', 'researcher'], 'KAIST'],
      ['yoon', ['--role', 'researcher'], 'POSTECH'],
      ['park', ['--role', 'security_reviewer'], 'KAIST'],
      ['root', ['--admin'], 'MSIT'],
    ] as const) {
      createAccount(cli, name, roleArgs, ['--organisation', organisation]);
    }
    const list = join(home, 'watchlist.csv');
    writeFileSync(
      list,
      'name,aliases,country,source,reason\nExample Defence Academy,EDA,XX,test list,dual-use research\n',
    );
    cli(['security', 'watchlist', 'import', list]);
    server = await startServerProcess({ args: ['--no-seed'], home, env: { DATABASE_URL: '' } });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    rmSync(home, { recursive: true, force: true });
  });

  const signedIn = (username: string, locale = 'en-GB'): Promise<Page> =>
    signedInPage(browser, server.url, username, { locale });

  let reference = '';

  it('a researcher submits a case and receives a reference number', async () => {
    const page = await signedIn('kim');
    await page.goto(`${server.url}/security/new`);
    const form = page.getByTestId('intake-form');
    await form.locator('select[name="caseType"]').selectOption('data-request');
    await form.locator('input[name="counterpartName"]').fill('Example Defense Academy');
    await form.locator('input[name="counterpartCountry"]').fill('xx');
    await expect.poll(() => form.locator('select[name="technologyIds"] option').count()).toBeGreaterThan(40);
    await form.locator('select[name="technologyIds"]').selectOption(['kr2022.semis.ai_chip']);
    await form
      .locator('textarea[name="description"]')
      .fill('They ask for the layout of our neuromorphic accelerator chip <script>window.__xss=1</script>.');
    await form.locator('input[name="undisclosed"]').check();
    await form.getByRole('button', { name: 'Submit the case' }).click();
    await page.getByTestId('case-saved').waitFor();
    reference = (await page.getByTestId('case-reference').textContent())!.trim();
    expect(reference).toMatch(/^RS-\d{4}-\d{6}$/);
    await page.getByRole('link', { name: 'Open the case' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('Submitted');
    expect(await page.getByTestId('screening').count()).toBe(0); // the explanation is for reviewers
    expect(await page.locator('text=<script>window.__xss=1</script>').count()).toBe(1); // shown as text
    expect(await page.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    await page.context().close();
  });

  it('a researcher of another organisation cannot open it', async () => {
    const page = await signedIn('yoon');
    await page.goto(`${server.url}/security/cases/${reference}`);
    await page.locator('.error').waitFor();
    expect(await page.locator('.error').textContent()).toContain('was not found');
    await page.context().close();
  });

  it('the reviewer sees it first in the queue with its explanation, and decides it (in Korean)', async () => {
    const page = await signedIn('park', 'ko-KR');
    await page.goto(`${server.url}/security/queue`);
    const row = page.getByTestId(`queue-${reference}`);
    await row.waitFor();
    expect(await row.getByTestId('risk').textContent()).toContain('위험 높음');
    await row.getByRole('link', { name: reference }).click();
    const screening = page.getByTestId('screening');
    await screening.waitFor();
    expect(await screening.getByTestId('fired-watchlist-entity').textContent()).toContain(
      'Example Defence Academy',
    );
    expect(await screening.getByTestId('fired-strategic-tech-picked').textContent()).toContain(
      'kr2022.semis.ai_chip',
    );
    await page.getByRole('button', { name: '내가 담당' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('심사 중');
    const decision = page.getByTestId('decision-form');
    await decision.locator('select[name="decision"]').selectOption('refuse');
    await decision.locator('textarea[name="reason"]').fill('전략기술의 비공개 설계 정보 요청');
    await decision.getByRole('button', { name: '결정 기록' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('불허');
    await page.context().close();
  });

  it('the audit log shows each step of the case', async () => {
    const page = await signedIn('root');
    await page.goto(`${server.url}/admin/audit`);
    const filters = page.getByTestId('audit-filters');
    await filters.getByLabel('Object id').fill(reference);
    await filters.getByRole('button', { name: 'Search' }).click();
    const table = page.getByTestId('audit-table');
    await expect
      .poll(async () => (await table.locator('tbody tr td:nth-child(4)').allTextContents()).reverse())
      .toEqual([
        'security.case.submitted',
        'security.case.screened',
        'security.case.assigned',
        'security.case.decided',
      ]);
    await page.context().close();
  });
});
