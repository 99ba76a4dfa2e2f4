/** Shared steps of the browser tests: the real CLI on a test home, and signing in through the sign-in page. */
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import { projectPath } from '../../src/shared/paths.js';

export const E2E_PASSWORD = 'a long and private passphrase';

/** Runs `bin/cetmap.js` (as `npx cetmap` would) with the given environment; fails the test on a non-zero exit. */
export const cliIn =
  (env: NodeJS.ProcessEnv) =>
  (args: string[], input?: string): string => {
    const r = spawnSync(process.execPath, [projectPath('bin/cetmap.js'), ...args], {
      input,
      env,
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

/** Creates an account with the CLI: `roles` like ['--admin'] or ['--role', 'researcher']. */
export const createAccount = (
  cli: ReturnType<typeof cliIn>,
  username: string,
  roleArgs: readonly string[],
  extra: readonly string[] = [],
): void => {
  cli(['users', 'create', username, ...roleArgs, ...extra, '--password-stdin'], `${E2E_PASSWORD}\n`);
};

/** A new browser context signed in as `username` (whatever the page language). */
export async function signedInPage(
  browser: Browser,
  serverUrl: string,
  username: string,
  options: { locale?: string; password?: string } = {},
): Promise<Page> {
  const context = await browser.newContext({ locale: options.locale ?? 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${serverUrl}/sign-in`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(options.password ?? E2E_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect.poll(() => page.getByTestId('header-user').count()).toBe(1);
  return page;
}
