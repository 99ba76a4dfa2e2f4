import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/create-db.js';
import { createUser } from '../../src/auth/user-queries.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { applyDraftChange, createDraftVersion } from '../../src/taxonomy/revision-queries.js';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'correct horse battery staple';

describe.skipIf(!BROWSER_AVAILABLE)('technologies pages in a real browser', () => {
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    // Only the technology lists, not the demo corpus: load them first, then serve without seeding.
    const home = mkdtempSync(join(tmpdir(), 'cetmap-tech-web-'));
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    await migrateToLatest(handle.db, { kind: handle.kind });
    await seedFirstRun(handle, () => {}, [taxonomySeeder]);
    await createDraftVersion(handle.db, 'kr-2022', {
      id: 'kr-2027',
      idPrefix: 'kr2027',
      titleEn: 'Draft 2027',
    });
    await applyDraftChange(handle.db, 'kr-2027', {
      kind: 'merge',
      ids: ['kr2027.robot.mobility', 'kr2027.robot.hri'],
      into: { id: 'kr2027.robot.intelligence', nameEn: 'Robot intelligence', nameKo: '로봇 지능' },
      rationale: 'one capability in practice',
    });
    await createUser(handle.db, { username: 'analyst', password: PASSWORD, roles: ['analyst'] }, 'cli:test');
    await handle.close();
    server = await startServerProcess({ args: ['--no-seed'], home });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the kr-2022 tree, filters it, and opens a technology with its crosswalk in both languages', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/technologies`);
    const tree = page.getByTestId('tech-tree');
    await expect.poll(() => tree.locator(':scope > li').count()).toBe(12);
    await expect.poll(() => page.getByTestId('tree-count').textContent()).toBe('62 items');

    await page.getByTestId('tech-search').fill('quantum comp');
    await expect.poll(() => page.getByTestId('tree-count').textContent()).toBe('1 item matches');
    await tree.getByRole('link', { name: 'Quantum computing' }).click();
    await expect.poll(() => page.getByTestId('tech-name').textContent()).toBe('Quantum computing');
    const crosswalk = page.getByTestId('crosswalk');
    for (const list of ['us-2024', 'eu-2023', 'aspi-ctt'])
      await expect.poll(() => crosswalk.getByText(list).count()).toBe(1);

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('tech-name').textContent()).toBe('양자컴퓨팅');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/technology-ko.png', fullPage: true });
    await context.close();
  });

  it('compares kr-2022 with kr-2025 side by side', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/technologies/diff?from=kr-2022&to=kr-2025`);
    const table = page.getByTestId('diff-table');
    await expect.poll(() => table.locator('tr.diff-split').count()).toBe(3);
    const row = table.locator('tr.diff-split', { hasText: 'kr2022.semis.mpe' });
    expect(await row.locator('td').nth(1).textContent()).toContain('kr2025.semis_display.display_mpe');
    // A diff across jurisdictions is refused with the server's explanation.
    await page.getByTestId('diff-to').selectOption('us-2024');
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/different jurisdictions/);
    await context.close();
  });

  it("shows a draft's revision log and offers its id mapping for download", async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/technologies/kr-2027`);
    const log = page.getByTestId('change-log');
    await expect.poll(() => log.textContent()).toMatch(/Merge.*kr2027\.robot\.mobility, kr2027\.robot\.hri/);
    expect(await log.textContent()).toMatch(/Rationale: one capability in practice/);
    expect(await log.textContent()).not.toMatch(/not installed yet/); // the forum provides demand evidence

    await page.goto(`${server.url}/technologies/diff?from=kr-2022&to=kr-2027`);
    const link = page.getByTestId('mapping-download');
    await expect.poll(() => link.getAttribute('href')).toBeTruthy();
    const csv = decodeURIComponent((await link.getAttribute('href'))!.split(',').slice(1).join(','));
    expect(csv.split('\n')).toContain('kr2022.robot.hri,kr2027.robot.intelligence,merged');
    await context.close();
  });

  it('lets an analyst start a revision, rename a technology with a rationale and publish it', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${server.url}/technologies/kr-2022`);
    await expect.poll(() => page.getByTestId('tech-tree').locator(':scope > li').count()).toBe(12);
    expect(await page.getByTestId('start-draft').count()).toBe(0); // signed out: nothing to revise

    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Username').fill('analyst');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.url()).not.toMatch(/sign-in/);
    await page.goto(`${server.url}/technologies/kr-2022`);
    await page.getByTestId('start-draft').locator('summary').click();
    await page.getByTestId('draft-id').fill('kr-2031');
    await page.getByTestId('draft-prefix').fill('kr2031');
    await page.getByTestId('draft-title-en').fill('Revision 2031');
    await page.getByTestId('draft-create').click();
    await expect.poll(() => page.url()).toMatch(/\/technologies\/kr-2031$/);

    const panel = page.getByTestId('edit-draft');
    await panel.getByTestId('change-target').selectOption('kr2031.comms.6g');
    await panel.getByTestId('change-name-en').fill('6G and beyond');
    await panel.getByTestId('change-apply').click();
    // the rationale is required: nothing is sent without it
    expect(await page.getByTestId('change-log').count()).toBe(0);
    await panel.getByTestId('change-rationale').fill('matches the 2031 roadmap');
    await panel.getByTestId('change-apply').click();
    const log = page.getByTestId('change-log');
    await expect
      .poll(() => log.textContent())
      .toMatch(/Rename.*kr2031\.comms\.6g.*Rationale: matches the 2031 roadmap/);
    await expect.poll(() => page.getByTestId('tech-tree').textContent()).toContain('6G and beyond');

    await panel.getByTestId('draft-publish').click();
    await expect.poll(() => page.getByTestId('edit-draft').count()).toBe(0);
    expect(await page.getByTestId('start-draft').count()).toBe(1); // published: the next revision starts here
    await context.close();
  });
});
