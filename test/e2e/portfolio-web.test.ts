/**
 * Programmes and performance in a real browser: the overview at /programmes draws the budget chart (CET × ministry
 * × year, stacked), a CET's board shows its KPIs and milestone slippage, and a programme manager submits an annual
 * review with a recommended budget change that then shows next to the next year's budget line and in the overview.
 */
import { AxeBuilder } from '@axe-core/playwright';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_AVAILABLE, launchBrowser } from '../helpers/browser.js';
import { cliIn, createAccount, signedInPage } from '../helpers/e2e.js';
import { startServerProcess, type ServerProcess } from '../helpers/server-process.js';

async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}
const CET = 'kr2022.quantum';

describe.skipIf(!BROWSER_AVAILABLE)('programmes and performance in a real browser', () => {
  const home = mkdtempSync(join(tmpdir(), 'cetmap-e2e-portfolio-'));
  const env = { ...process.env, CETMAP_HOME: home, DATABASE_URL: '' };
  let server: ServerProcess;
  let browser: Browser;

  beforeAll(async () => {
    createAccount(cliIn(env), 'pm', ['--role', 'programme_manager']);
    // The first start seeds the demo corpus, a synthetic portfolio and synthetic missions, KPIs and reviews.
    server = await startServerProcess({ home, env: { DATABASE_URL: '' } });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    rmSync(home, { recursive: true, force: true });
  });

  const signedIn = (locale = 'en-GB'): Promise<Page> => signedInPage(browser, server.url, 'pm', { locale });

  it('shows the overview chart and a KPI board, and a review’s recommended change next to the budget line', async () => {
    const page = await signedIn();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

    // Overview: the stacked bar chart is drawn and every CET field has a row with a link to its board.
    await page.goto(`${server.url}/programmes`);
    const chart = page.getByTestId('budget-chart');
    await chart.locator('canvas').waitFor({ timeout: 30_000 });
    const box = await chart.locator('canvas').first().boundingBox();
    expect(box!.width).toBeGreaterThan(300);
    expect(box!.height).toBeGreaterThan(200);
    await expect.poll(() => page.locator('[data-testid^="cet-row-"]').count()).toBe(12);
    expect(await page.getByTestId(`cet-row-${CET}`).textContent()).toMatch(/bn KRW/);
    expect(await page.getByTestId('synthetic-banner').isVisible()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);

    // The board: KPIs with status and owner, milestones with their slippage in days.
    await page.getByTestId(`board-link-${CET}`).click();
    const board = page.getByTestId('kpi-board');
    await board.waitFor({ timeout: 30_000 });
    await expect.poll(() => board.locator('tbody tr').count()).toBe(3);
    expect(await board.textContent()).toMatch(/Technology level against the leader/);
    expect(await board.textContent()).toMatch(/On track|At risk|Off track/);
    expect(await page.locator('[data-testid^="milestone-"]').count()).toBe(6);
    expect(await page.locator('[data-testid^="milestone-"]').first().textContent()).toMatch(/\d+ days/);
    expect(await seriousViolations(page)).toEqual([]);

    // A programme manager reviews 2025 and recommends +2,500 million won for 2026.
    const before = (await (
      await page.request.get(`${server.url}/api/v1/portfolio/budget-lines?cet=${CET}`)
    ).json()) as { lines: Array<{ year: number; recommendedChangeKrw: number }> };
    const beforeChange = before.lines.find((l) => l.year === 2026)?.recommendedChangeKrw ?? 0;
    await page.getByTestId('review-link').click();
    const form = page.getByTestId('review-form');
    await form.waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await form.locator('select[name="year"]').selectOption('2025');
    await form.locator('select[name="score-technology"]').selectOption('4');
    await form.locator('select[name="score-talent"]').selectOption('2');
    await form
      .locator('textarea[name="comment-talent"]')
      .fill('박사급 인력 부족 / too few doctoral researchers');
    await form.locator('input[name="changeMillion"]').fill('2500');
    await expect.poll(() => page.getByTestId('change-preview').textContent()).toBe('+2.5 bn KRW');
    await form.locator('textarea[name="rationale"]').fill('Talent gap slows the quantum computing mission');
    await page.getByTestId('review-submit').click();

    // Back on the board: the change is next to the 2026 budget line, with the reviewer, and the review is listed.
    const expected = new Intl.NumberFormat('en-GB', {
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    }).format((beforeChange + 2_500_000_000) / 1e9);
    const line = page.getByTestId('recommended-2026');
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain('user:pm');
    expect(await line.textContent()).toContain(`${expected} bn KRW`);
    expect(await page.getByTestId('budget-line-2026').textContent()).toMatch(/bn KRW.*bn KRW/);
    expect(await page.locator('[data-testid^="review-"]').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/user:pm.*Talent: 2 \/ 5 — 박사급 인력 부족/s)]),
    );

    // The change history names the reviewer; the form reopens with the review, and a change is kept before/after.
    await expect
      .poll(() => page.getByTestId('history').textContent())
      .toMatch(/user:pm\s*Review \d+\s*created/);
    await page.getByTestId('review-link').click();
    await page.getByTestId('editing-own').waitFor();
    expect(await form.locator('input[name="changeMillion"]').inputValue()).toBe('2500');
    await form.locator('input[name="changeMillion"]').fill('1000');
    await page.getByTestId('review-submit').click();
    const changed = new Intl.NumberFormat('en-GB', {
      maximumFractionDigits: 1,
      signDisplay: 'exceptZero',
    }).format((beforeChange + 1_000_000_000) / 1e9);
    await expect.poll(() => line.textContent(), { timeout: 30_000 }).toContain(`${changed} bn KRW`);
    await expect
      .poll(() => page.getByTestId('history').textContent())
      .toContain('recommendedChangeKrw: 2500000000 → 1000000000');

    // The overview shows the latest recommendation for the CET.
    await page.goto(`${server.url}/programmes`);
    await expect
      .poll(() => page.getByTestId(`latest-recommended-${CET}`).textContent(), { timeout: 30_000 })
      .toBe(`${changed} bn KRW for 2026`);
    await page.getByTestId('budget-chart').locator('canvas').waitFor({ timeout: 30_000 });
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/programmes-en.png', fullPage: true });

    // An import with a bad KPI row is rejected with its location and writes nothing.
    const errorsBefore = errors.length;
    const importForm = page.getByTestId('import-form');
    await importForm.locator('input[name="kpis"]').setInputFiles({
      name: 'kpis.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'id,cet,mission_id,name_ko,name_en,unit,direction,baseline,baseline_year,owner_ministry\n' +
          'kpi-web-1,kr2022.quantum,,웹 지표,Web KPI,count,increase,1,2023,MSIT\n' +
          'kpi-web-2,kr2022.quantum,,웹 지표 2,Web KPI 2,count,sideways,1,2023,MSIT\n',
      ),
    });
    await importForm.getByRole('button', { name: 'Import' }).click();
    await expect
      .poll(() => page.getByTestId('import-errors').textContent())
      .toMatch(/kpis.csv:row 3 direction: "sideways" is not increase or decrease/);
    // the browser logs the refused request (400) itself; that one is expected
    expect(errors.splice(errorsBefore)).toEqual([expect.stringMatching(/status of 400/)]);
    const exported = await page.request.get(`${server.url}/api/v1/portfolio/export/kpis`);
    expect(await exported.text()).not.toContain('kpi-web-1');

    // The board in Korean.
    const ko = await signedIn('ko-KR');
    await ko.goto(`${server.url}/programmes/${CET}`);
    await ko.getByTestId('kpi-board').waitFor({ timeout: 30_000 });
    if (!(await ko.locator('html[lang="ko"]').count())) await ko.getByTestId('lang-toggle').click();
    await expect.poll(() => ko.getByTestId('recommended-2026').textContent()).toMatch(/억원/);
    await ko.screenshot({ path: 'test-results/programmes-board-ko.png', fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);

  it('keeps the board from anonymous visitors', async () => {
    const page = await browser.newPage({ locale: 'en-GB' });
    await page.goto(`${server.url}/programmes/${CET}`);
    await page.getByTestId('needs-sign-in').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('kpi-board').count()).toBe(0);
  }, 60_000);
});
