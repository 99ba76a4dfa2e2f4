/** `cetmap portfolio template|import|board|reviews|export|report` in-process, on an embedded database. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/auth/audit-queries.js';
import { openDatabase, targetFromConfig } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { portfolioMissionsSeeder, portfolioSeeder } from '../../src/portfolio/portfolio-seeder.js';
import { writeXlsx } from '../../src/shared/xlsx.js';
import { loadConfig } from '../../src/shared/config.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { cliRunner } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-portfolio-cli-'));
const env = { CETMAP_HOME: home, DATABASE_URL: '' };
const run = cliRunner(env);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('cetmap portfolio', () => {
  beforeAll(async () => {
    const handle = await openDatabase(targetFromConfig(loadConfig(env)));
    try {
      await migrateToLatest(handle.db, { kind: handle.kind });
      await seedFirstRun(handle, () => {}, [taxonomySeeder, portfolioSeeder, portfolioMissionsSeeder]);
    } finally {
      await handle.close();
    }
  }, 120_000);

  it('writes CSV and XLSX templates that import back', async () => {
    const dir = join(home, 'templates');
    const r = await run('portfolio', 'template', '--out', dir, '--xlsx');
    expect(r.code, r.err).toBe(0);
    for (const name of ['programmes', 'budgets', 'missions', 'milestones', 'kpis', 'kpi_values'])
      expect(existsSync(join(dir, `${name}.xlsx`))).toBe(true);
    const imported = await run(
      'portfolio',
      'import',
      '--missions',
      join(dir, 'missions.xlsx'),
      '--milestones',
      join(dir, 'milestones.xlsx'),
      '--kpis',
      join(dir, 'kpis.xlsx'),
      '--kpi-values',
      join(dir, 'kpi_values.xlsx'),
      '--programmes',
      join(dir, 'programmes.xlsx'),
      '--budgets',
      join(dir, 'budgets.xlsx'),
    );
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(
      /imported 1 programmes, 1 budget lines, 1 missions, 1 milestones, 1 KPIs and 1 KPI values/,
    );
  });

  it('rejects a KPI spreadsheet with a bad row, naming its location, and writes nothing', async () => {
    const file = join(home, 'bad-kpis.xlsx');
    await writeXlsx(
      file,
      ['id', 'cet', 'name_en', 'unit', 'baseline', 'baseline_year', 'owner_ministry'],
      [
        ['kpi-new-1', 'kr2022.quantum', 'Fine', 'count', 1, 2023, 'MSIT'],
        ['kpi-new-2', 'kr2022.quantum', 'Broken', 'count', 'lots', 2023, 'MSIT'],
      ],
    );
    const r = await run('portfolio', 'import', '--kpis', file);
    expect(r.code).not.toBe(0);
    expect(r.err).toContain('bad-kpis.xlsx:row 3 baseline: "lots" is not a number');
    expect(r.err).toMatch(/import rejected, nothing written/);
    const e = await run('portfolio', 'export', '--table', 'kpis', '--out', join(home, 'kpis.csv'));
    expect(e.code, e.err).toBe(0);
    expect(readFileSync(join(home, 'kpis.csv'), 'utf8')).not.toContain('kpi-new-1');
  });

  it('shows the board and reviews, exports every table and audits the import', async () => {
    const board = await run('portfolio', 'board', '--cet', 'kr2022.quantum', '--year', '2025');
    expect(board.code, board.err).toBe(0);
    expect(board.out).toMatch(/days late/);
    expect(board.out).toMatch(/kpi-q-001|Qubits/);
    const reviews = await run('portfolio', 'reviews', '--cet', 'kr2022.quantum', '--format', 'csv');
    expect(reviews.out.split('\n')[1]).toMatch(/^kr2022\.quantum,2025,demo:review-panel,/);
    const all = await run('portfolio', 'export', '--format', 'xlsx', '--out', join(home, 'export'));
    expect(all.code, all.err).toBe(0);
    expect(all.out.split('\n')).toHaveLength(9);
    const handle = await openDatabase(targetFromConfig(loadConfig(env)));
    try {
      const audit = await listAudit(handle.db, { action: 'portfolio.' });
      expect(audit.map((a) => a.action).sort()).toEqual([
        'portfolio.missions.import',
        'portfolio.programmes.import',
      ]);
      expect(audit[0]!.actor).toMatch(/^cli:/);
    } finally {
      await handle.close();
    }
  });

  it('writes the annual performance report PDF', async () => {
    const out = join(home, 'quantum-2025.pdf');
    const r = await run('portfolio', 'report', '--cet', 'kr2022.quantum', '--year', '2025', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/SYNTHETIC data/);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await run('portfolio', 'report', '--cet', 'kr2022.nowhere', '--out', out);
    expect(missing.code).not.toBe(0);
    expect(missing.err).toMatch(/not found/);
  });
});
