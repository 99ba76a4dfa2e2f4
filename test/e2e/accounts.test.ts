/**
 * Accounts in a real browser: a signed-out visitor sees only public sections; an analyst signs in, sees what the
 * analyst role allows and is refused the admin pages; an admin sees users and the audit log; both sign out.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectPath } from '../../src/shared/paths.js';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

const PASSWORD = 'a long and private passphrase';

describe.skipIf(!BROWSER_AVAILABLE)('signing in and out in a real browser', () => {
  const home = mkdtempSync(join(tmpdir(), 'cetmap-e2e-accounts-'));
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    for (const args of [
      ['users', 'create', 'admin', '--admin', '--display-name', 'Admin Park'],
      ['users', 'create', 'analyst', '--role', 'analyst', '--display-name', 'Analyst Kim'],
    ]) {
      const r = spawnSync(process.execPath, [projectPath('bin/cetmap.js'), ...args, '--password-stdin'], {
        input: `${PASSWORD}\n`,
        env: { ...process.env, CETMAP_HOME: home, DATABASE_URL: '' },
        encoding: 'utf8',
        timeout: 180_000,
      });
      expect(r.status, r.stderr).toBe(0);
    }
    server = await startServerProcess({ args: ['--no-seed'], home, env: { DATABASE_URL: '' } });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    expect(await server?.stop()).toBe(0);
    rmSync(home, { recursive: true, force: true });
  });

  const signIn = async (page: Page, username: string, password = PASSWORD) => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByTestId('sign-in-submit').click();
  };

  it('shows a signed-out visitor only the public sections', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(server.url);
    await expect.poll(() => page.getByTestId('header-sign-in').textContent()).toBe('Sign in');
    expect(await page.getByTestId('nav-technologies').count()).toBe(1);
    expect(await page.getByTestId('nav-programmes').count()).toBe(0);
    expect(await page.getByTestId('nav-security').count()).toBe(0);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${server.url}/admin/users`);
    await expect.poll(() => page.getByTestId('needs-sign-in').count()).toBe(1);
    await page.close();
  });

  it('refuses a wrong password', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await signIn(page, 'analyst', 'not the password at all');
    await expect
      .poll(() => page.getByTestId('sign-in-error').textContent())
      .toBe('Wrong username or password, or the account is disabled.');
    await page.close();
  });

  it('signs an analyst in, shows what the role allows, refuses the admin pages, and signs out', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, 'analyst');
    await expect.poll(() => page.getByTestId('profile-roles').textContent()).toBe('Analyst');
    expect(await page.getByTestId('header-user').textContent()).toBe('Signed in as Analyst Kim');
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'cetmap_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.getByTestId('nav-programmes').count()).toBe(1); // analysts read programmes
    expect(await page.getByTestId('nav-security').count()).toBe(0);
    expect(await page.getByTestId('nav-admin').count()).toBe(0);
    await page.goto(`${server.url}/admin/users`);
    await expect.poll(() => page.getByTestId('not-allowed').count()).toBe(1);
    expect(await page.getByTestId('users-table').count()).toBe(0);

    await page.goto(`${server.url}/profile`);
    const tokenForm = page.getByTestId('create-token');
    await tokenForm.getByLabel('Name').fill('nightly script');
    await tokenForm.getByLabel('taxonomy:write').check();
    await tokenForm.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByTestId('new-token').locator('code').textContent()).toMatch(/^cet_/);
    const token = (await page.getByTestId('new-token').locator('code').textContent())!;
    const viaToken = (await (
      await fetch(`${server.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${token}` } })
    ).json()) as { user: { via: string; permissions: string[] } };
    expect(viaToken.user).toMatchObject({ via: 'token', permissions: ['taxonomy:write'] });
    expect(await page.getByTestId('tokens-table').textContent()).toContain('nightly script');

    await page.getByTestId('sign-out').click();
    await expect.poll(() => page.getByTestId('header-sign-in').count()).toBe(1);
    expect(await page.getByTestId('nav-programmes').count()).toBe(0);
    const me = (await (await page.request.get(`${server.url}/api/v1/auth/me`)).json()) as { user: unknown };
    expect(me.user).toBeNull();
    await context.close();
  }, 90_000);

  it('shows an admin the users and the audit log, in Korean too', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await signIn(page, 'admin');
    await expect.poll(() => page.getByTestId('profile-roles').textContent()).toBe('Administrator');
    expect(await page.getByTestId('nav-admin').count()).toBe(1);
    await page.getByTestId('nav-admin').click();
    await page.getByRole('link', { name: 'Users and roles' }).click();
    await expect.poll(() => page.getByTestId('user-analyst').count()).toBe(1);
    expect(await page.getByTestId('user-analyst').textContent()).toContain('Analyst Kim');

    await page.goto(`${server.url}/admin/audit`);
    await expect.poll(() => page.getByTestId('audit-table').textContent()).toContain('auth.login');
    expect(await page.getByTestId('audit-table').textContent()).toContain('auth.login_failed');
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect
      .poll(() => page.getByTestId('audit-verify-result').textContent())
      .toMatch(/^Chain intact: \d+ entries verified\.$/);

    await page.getByTestId('lang-toggle').click();
    await expect.poll(() => page.getByTestId('header-user').textContent()).toBe('Admin Park 님으로 로그인됨');
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/accounts-audit-ko.png', fullPage: true });
    await page.goto(`${server.url}/profile`);
    await page.getByTestId('sign-out-all').click();
    await expect.poll(() => page.getByTestId('header-sign-in').count()).toBe(1);
    await context.close();
  }, 90_000);
});
