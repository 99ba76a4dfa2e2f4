import { describe, expect, it } from 'vitest';
import { syntheticPortfolio } from '../../src/portfolio/demo-portfolio.js';
import { validatePortfolio } from '../../src/portfolio/portfolio-file.js';
import {
  budgetRollup,
  enterMeasurement,
  importPortfolio,
  measureTargets,
} from '../../src/portfolio/portfolio-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const programme = (over: Record<string, string> = {}) => ({
  id: 'p1',
  name_ko: '양자 사업',
  name_en: 'Quantum programme',
  ministry: 'MSIT',
  agency: 'IITP',
  kind: 'cet_project',
  start_year: '2024',
  end_year: '2028',
  status: 'active',
  technologies: 'kr2022.quantum.computing:0.5;kr2022.semis.memory:0.5',
  ...over,
});
const budget = (over: Record<string, string> = {}) => ({
  programme_id: 'p1',
  year: '2024',
  sme: 'false',
  planned_krw: '10000000000',
  allocated_krw: '8000000000',
  executed_krw: '',
  ...over,
});

for (const target of TEST_TARGETS) {
  describe(`portfolio on ${target}`, () => {
    const t = useTestDb(target);
    const context = async () => ({
      knownTechIds: new Set(
        (await t.handle.db.selectFrom('technology').select('id').execute()).map((x) => x.id),
      ),
      knownProgrammeIds: new Set<string>(),
    });

    it('rejects a file with bad rows, naming each location, and writes nothing', async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      const input = validatePortfolio(
        [programme(), programme({ id: 'p2', kind: 'mystery', technologies: 'kr2022.nothing:1' })],
        [budget(), budget({ programme_id: 'p9', allocated_krw: 'lots' })],
        await context(),
      );
      expect(input.issues.map((i) => `${i.location} ${i.field}`)).toEqual([
        'programmes.csv:row 3 kind',
        'programmes.csv:row 3 technologies',
        'budgets.csv:row 3 programme_id',
        'budgets.csv:row 3 allocated_krw',
      ]);
      await expect(importPortfolio(t.handle.db, input)).rejects.toThrow(
        /import rejected, nothing written: programmes.csv:row 3 kind/,
      );
      expect(await t.handle.db.selectFrom('programme').select('id').execute()).toEqual([]);
    });

    it('rolls budgets up by CET field, ministry and year, adding up to the programme totals', async () => {
      const input = validatePortfolio(
        [programme()],
        [
          budget(),
          budget({ year: '2025', allocated_krw: '9000000000' }),
          budget({ sme: 'true', allocated_krw: '1000000000' }),
        ],
        await context(),
      );
      expect(input.issues).toEqual([]);
      await importPortfolio(t.handle.db, input);
      const cells = await budgetRollup(t.handle.db);
      expect(cells).toEqual([
        { cet: 'kr2022.quantum', ministry: 'MSIT', year: 2024, krw: 4_500_000_000, smeKrw: 500_000_000 },
        { cet: 'kr2022.quantum', ministry: 'MSIT', year: 2025, krw: 4_500_000_000, smeKrw: 0 },
        { cet: 'kr2022.semis', ministry: 'MSIT', year: 2024, krw: 4_500_000_000, smeKrw: 500_000_000 },
        { cet: 'kr2022.semis', ministry: 'MSIT', year: 2025, krw: 4_500_000_000, smeKrw: 0 },
      ]);
      expect(cells.reduce((s, c) => s + c.krw, 0)).toBe(8e9 + 9e9 + 1e9);
    });

    it('measures targets from data where it can and refuses typed values for them', async () => {
      const r = await measureTargets(t.handle.db, 2025);
      const total = r.targets.find((x) => x.id === 'budget.cet_total')!;
      expect(total.actual).toBe(18e9);
      expect(total.status).toBe('off_track'); // 18 billion won of 30 trillion
      const leading = r.targets.find((x) => x.id === 'standing.world_leading')!;
      expect(leading.measure).toBe('standing_world_leading');
      expect(leading.source).toMatch(/standing indicators/);
      await expect(
        enterMeasurement(t.handle.db, {
          targetId: 'standing.world_leading',
          year: 2025,
          value: 6,
          evidence: 'wish',
          enteredBy: 'x',
        }),
      ).rejects.toThrow(/cannot be typed in/);
      await enterMeasurement(t.handle.db, {
        targetId: 'companies.unicorns',
        year: 2025,
        value: 4,
        evidence: 'MSS press release 2025-06',
        enteredBy: 'analyst',
      });
      const again = await measureTargets(t.handle.db, 2025);
      expect(again.targets.find((x) => x.id === 'companies.unicorns')).toMatchObject({
        actual: 4,
        status: 'at_risk',
      });
    });

    it('generates a synthetic portfolio whose every row validates', async () => {
      const techs = await t.handle.db
        .selectFrom('technology')
        .select(['id', 'parent_id'])
        .where('version_id', '=', 'kr-2022')
        .execute();
      const demo = syntheticPortfolio(techs.map((x) => ({ id: x.id, parentId: x.parent_id })));
      expect(demo.programmes.length).toBeGreaterThan(30);
      expect(demo.programmes.every((p) => p.synthetic)).toBe(true);
      for (const p of demo.programmes) {
        const shares = demo.links.filter((l) => l.programme_id === p.id).reduce((s, l) => s + l.share, 0);
        expect(shares).toBeCloseTo(1, 9);
      }
    });
  });
}
