/**
 * The CETs Innovation Forum in a real browser: a citizen signs in and proposes adding a technology (with an XSS
 * attempt in the body), another citizen supports it and posts a spam comment, the first reports it, a moderator
 * hides it from the queue, the public no longer sees it, and the Registry's revision draft shows the demand.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { cliIn, createAccount, signedInPage } from '../helpers/e2e.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const NAME = 'Neuromorphic computing';

describe.skipIf(!BROWSER_AVAILABLE)('the forum in a real browser', () => {
  const home = mkdtempSync(join(tmpdir(), 'cetmap-e2e-forum-'));
  const env = { ...process.env, CETMAP_HOME: home, DATABASE_URL: '' };
  let server: ServerProcess;
  let browser: Browser;

  const cli = cliIn(env);

  beforeAll(async () => {
    for (const [name, role, display] of [
      ['citizen-a', 'public', 'Citizen Lee'],
      ['citizen-b', 'public', 'Citizen Choi'],
      ['moderator', 'admin', 'Moderator Han'],
    ] as const) {
      createAccount(cli, name, role === 'admin' ? ['--admin'] : ['--role', role], [
        '--display-name',
        display,
      ]);
    }
    cli([
      'taxonomy',
      'draft',
      'kr-2025',
      '--id',
      'kr-2027',
      '--prefix',
      'kr2027',
      '--title',
      'Draft revision 2027',
    ]);
    server = await startServerProcess({ args: ['--no-seed'], home, env: { DATABASE_URL: '' } });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    rmSync(home, { recursive: true, force: true });
  });

  const signedIn = async (username: string): Promise<Page> => {
    const page = await signedInPage(browser, server.url, username);
    page.on('dialog', (d) => void d.accept('spam advertising'));
    return page;
  };
  const xssFired = (page: Page) =>
    page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss ?? 0);

  it('runs a proposal from compose to the demand signal on the revision draft', async () => {
    const errors: string[] = [];

    // A citizen proposes adding a technology under the AI field, with an XSS attempt in the body.
    const a = await signedIn('citizen-a');
    a.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await a.goto(`${server.url}/forum`);
    await a.getByTestId('forum-compose-link').click();
    await expect.poll(() => a.getByTestId('compose-tech').locator('option').count()).toBeGreaterThan(10);
    await a.getByTestId('compose-kind').selectOption('add_technology');
    await a.getByTestId('compose-tech').selectOption('kr2025.ai');
    await a.getByTestId('compose-name').fill(NAME);
    await a
      .getByTestId('compose-title')
      .fill('Add neuromorphic computing <img src=x onerror="window.__xss=1">');
    await a
      .getByTestId('compose-body')
      .fill(
        'Brain-inspired chips need **national** support.\n\n<script>window.__xss=1</script>\n\n[x](javascript:window.__xss=1)',
      );
    await a.getByTestId('compose-submit').click();
    await expect
      .poll(() => a.getByTestId('proposal-title').textContent())
      .toContain('Add neuromorphic computing');
    const proposalUrl = a.url();
    expect(proposalUrl).toMatch(/\/forum\/\d+$/);
    expect(await a.getByTestId('proposal-body').locator('strong').textContent()).toBe('national');
    expect(await a.getByTestId('proposal-body').textContent()).toContain('<script>window.__xss=1</script>');
    expect(await a.getByTestId('proposal-body').locator('script, img, a[href^="javascript"]').count()).toBe(
      0,
    );
    expect(await xssFired(a)).toBe(0);

    // Another citizen supports it and posts a spam comment.
    const b = await signedIn('citizen-b');
    await b.goto(proposalUrl);
    await b.getByTestId('support-button').click();
    await expect.poll(() => b.getByTestId('support-count').textContent()).toBe('1 support');
    await b.getByTestId('comment-form').getByRole('textbox').fill('Cheap followers, best price, visit now');
    await b.getByTestId('comment-form').getByRole('button').click();
    await expect.poll(() => b.getByTestId('comment-list').textContent()).toContain('Cheap followers');

    // The author reports it; a moderator hides it from the queue with a reason.
    await a.reload();
    const comment = a.locator('li[data-testid^="comment-"]').filter({ hasText: 'Cheap followers' });
    await expect.poll(() => comment.count()).toBe(1);
    const commentId = (await comment.getAttribute('data-testid'))!.replace('comment-', '');
    await a.getByTestId(`report-comment-${commentId}`).click();
    await expect.poll(() => a.getByText('Reported to the moderators').count()).toBe(1);

    const m = await signedIn('moderator');
    await m.goto(`${server.url}/forum`);
    await m.getByTestId('forum-moderation-link').click();
    const row = `comment-${commentId}`;
    await expect.poll(() => m.getByTestId(`queue-${row}`).textContent()).toContain('spam advertising');
    await m.getByTestId(`reason-${row}`).fill('commercial spam');
    await m.getByTestId(`queue-hide-${row}`).click();
    await expect.poll(() => m.getByTestId('queue-empty').count()).toBe(1);

    // The public no longer sees the comment; the moderator still does, marked hidden.
    const anon = await browser.newPage({ locale: 'en-GB' });
    await anon.goto(proposalUrl);
    await expect.poll(() => anon.getByTestId('support-count').textContent()).toBe('1 support');
    expect(await anon.getByTestId('comment-list').textContent()).not.toContain('Cheap followers');
    expect(await xssFired(anon)).toBe(0);
    await m.goto(proposalUrl);
    await expect
      .poll(() => m.getByTestId(`comment-${commentId}`).textContent())
      .toContain('Hidden by a moderator');

    // The revision draft shows the demand signal beside its change log, in English and Korean.
    await anon.goto(`${server.url}/technologies/kr-2027`);
    const panel = anon.getByTestId('demand-new');
    await expect.poll(() => panel.textContent(), { timeout: 30_000 }).toContain(NAME);
    const demandRow = panel.locator('tbody tr').filter({ hasText: NAME });
    expect(await demandRow.locator('td').nth(1).textContent()).toBe('+1 / −0');
    expect(await demandRow.locator('td').nth(2).textContent()).toBe('2'); // the author and the supporter
    expect(await demandRow.textContent()).toContain('kr2027.ai');
    await anon.getByTestId('lang-toggle').click();
    await expect.poll(() => anon.getByTestId('demand-panel').textContent()).toContain('국민 수요');
    mkdirSync('test-results', { recursive: true });
    await anon.screenshot({ path: 'test-results/forum-demand-ko.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
