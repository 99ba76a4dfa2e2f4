/**
 * Real-browser tests: playwright-core driving Debian's Chromium (no browser download).
 * Without /usr/bin/chromium the tests skip, unless CETMAP_REQUIRE_BROWSER=1 (CI), where they fail.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CETMAP_CHROMIUM ?? '/usr/bin/chromium';
export const BROWSER_AVAILABLE = existsSync(CHROMIUM_PATH) || process.env.CETMAP_REQUIRE_BROWSER === '1';

if (!existsSync(CHROMIUM_PATH) && !BROWSER_AVAILABLE) {
  console.warn(`browser tests skipped: ${CHROMIUM_PATH} not found (apt-get install -y chromium)`);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}
