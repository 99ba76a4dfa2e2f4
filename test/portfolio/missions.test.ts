import { describe, expect, it } from 'vitest';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { syntheticMissions } from '../../src/portfolio/demo-missions.js';
import { validateMissions } from '../../src/portfolio/mission-file.js';
import {
  changeHistory,
  importMissions,
  missionBoard,
  missionContext,
} from '../../src/portfolio/mission-queries.js';
import { validatePortfolio } from '../../src/portfolio/portfolio-file.js';
import { importPortfolio } from '../../src/portfolio/portfolio-queries.js';
import { budgetLines, listReviews, submitReview } from '../../src/portfolio/review-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const mission = (over: Record<string, string> = {}) => ({
  id: 'm1',
  cet: 'kr2022.quantum',
  name_ko: '양자컴퓨터 실증',
  name_en: 'Quantum computer demonstration',
  ministry: 'MSIT',
  start_year: '2024',
  end_year: '2028',
  source: 'MSIT 2024 implementation plan',
  ...over,
});
const milestone = (over: Record<string, string> = {}) => ({
  id: 'm1.a',
  mission_id: 'm1',
  name_ko: '50큐비트 시연',
  name_en: '50-qubit demonstration',
  planned_date: '2025-06-30',
  forecast_date: '',
  actual_date: '2025-08-09',
  ...over,
});
const kpi = (over: Record<string, string> = {}) => ({
  id: 'k1',
  cet: 'kr2022.quantum',
  mission_id: 'm1',
  name_ko: '큐비트 수',
  name_en: 'Qubits',
  unit: 'count',
  direction: 'increase',
  baseline: '20',
  baseline_year: '2023',
  owner_ministry: 'MSIT',
  ...over,
});
const value = (over: Record<string, string> = {}) => ({
  kpi_id: 'k1',
  year: '2025',
  target: '50',
  actual: '44',
  ...over,
});

for (const target of TEST_TARGETS) {
  describe(`missions, KPIs and reviews on ${target}`, () => {
    const t = useTestDb(target);
    const who = { actor: 'test:analyst' };

    it('rejects a KPI file with bad rows, naming each location, and writes nothing', async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      const input = validateMissions(
        {
          missions: [mission()],
          milestones: [milestone(), milestone({ id: 'm1.b', planned_date: '2025-02-30' })],
          kpis: [kpi(), kpi({ id: 'k2', cet: 'kr2022.nowhere', direction: 'up' })],
          kpiValues: [value(), value({ kpi_id: 'k9', target: 'many' }), value()],
        },
        await missionContext(t.handle.db),
      );
      expect(input.issues.map((i) => `${i.location} ${i.field}`)).toEqual([
        'milestones.csv:row 3 planned_date',
        'kpis.csv:row 3 cet',
        'kpis.csv:row 3 direction',
        'kpi_values.csv:row 3 kpi_id',
        'kpi_values.csv:row 3 target',
        'kpi_values.csv:row 4 year',
      ]);
      await expect(importMissions(t.handle.db, input, who)).rejects.toThrow(
        /import rejected, nothing written: milestones.csv:row 3 planned_date/,
      );
      for (const table of ['mission', 'milestone', 'kpi', 'kpi_value', 'portfolio_change'] as const) {
        expect(await t.handle.db.selectFrom(table).selectAll().execute()).toEqual([]);
      }
    });

    it('imports missions, milestones and KPIs and shows slippage and KPI status on the board', async () => {
      const input = validateMissions(
        {
          missions: [mission()],
          milestones: [
            milestone(),
            milestone({
              id: 'm1.b',
              planned_date: '2026-03-31',
              forecast_date: '2026-06-30',
              actual_date: '',
            }),
            milestone({ id: 'm1.c', planned_date: '2025-10-01', actual_date: '' }),
          ],
          kpis: [kpi(), kpi({ id: 'k2', name_en: 'Papers', baseline: '', mission_id: '' })],
          kpiValues: [
            value(),
            value({ year: '2026', actual: '' }),
            value({ kpi_id: 'k2', target: '10', actual: '12' }),
          ],
        },
        await missionContext(t.handle.db),
      );
      expect(input.issues).toEqual([]);
      const r = await importMissions(t.handle.db, input, who);
      expect(r).toEqual({ missions: 1, milestones: 3, kpis: 2, kpiValues: 3, changed: 9 });

      const board = await missionBoard(t.handle.db, 'kr2022.quantum', 2025, '2025-12-31');
      expect(board.cet.nameEn).toMatch(/Quantum/);
      const ms = board.missions[0]!.milestones;
      expect(ms.map((m) => [m.id, m.slippage.state, m.slippage.daysLate])).toEqual([
        ['m1.a', 'done_late', 40],
        ['m1.c', 'overdue', 91],
        ['m1.b', 'slipping', 91],
      ]);
      expect(board.summary).toMatchObject({ milestones: 3, late: 3, maxDaysLate: 91 });
      const k1 = board.kpis.find((k) => k.id === 'k1')!;
      // (44 − 20) ÷ (50 − 20) = 0.8 of the progress due: at risk
      expect(k1).toMatchObject({
        year: 2025,
        target: 50,
        actual: 44,
        status: 'at_risk',
        ownerMinistry: 'MSIT',
      });
      expect(k1.progress).toBeCloseTo(0.8, 9);
      expect(board.kpis.find((k) => k.id === 'k2')).toMatchObject({ status: 'on_track' });

      // re-importing the same rows changes nothing and records nothing; a changed actual is recorded with before/after
      const again = await importMissions(t.handle.db, input, who);
      expect(again.changed).toBe(0);
      const changedInput = validateMissions(
        { kpiValues: [value({ actual: '49' })] },
        await missionContext(t.handle.db),
      );
      expect((await importMissions(t.handle.db, changedInput, { actor: 'test:manager' })).changed).toBe(1);
      const history = await changeHistory(t.handle.db, { objectType: 'kpi_value', objectId: 'k1/2025' });
      expect(
        history.map((h) => [
          h.actor,
          (h.before as { actual: number } | null)?.actual ?? null,
          (h.after as { actual: number }).actual,
        ]),
      ).toEqual([
        ['test:manager', 44, 49],
        ['test:analyst', null, 44],
      ]);
    });

    it('keeps a review with its recommended budget change next to the next year’s budget line, with history', async () => {
      const context = {
        knownTechIds: new Set(
          (await t.handle.db.selectFrom('technology').select('id').execute()).map((x) => x.id),
        ),
        knownProgrammeIds: new Set<string>(),
      };
      await importPortfolio(
        t.handle.db,
        validatePortfolio(
          [
            {
              id: 'pq',
              name_ko: '양자 사업',
              name_en: 'Quantum programme',
              ministry: 'MSIT',
              agency: '',
              kind: 'cet_project',
              start_year: '2025',
              end_year: '2026',
              status: 'active',
              technologies: 'kr2022.quantum.computing:1',
            },
          ],
          [
            {
              programme_id: 'pq',
              year: '2025',
              sme: 'false',
              planned_krw: '5000000000',
              allocated_krw: '4000000000',
              executed_krw: '',
            },
            {
              programme_id: 'pq',
              year: '2026',
              sme: 'false',
              planned_krw: '6000000000',
              allocated_krw: '',
              executed_krw: '',
            },
          ],
          context,
        ),
      );
      const scores = { technology: 4, projects: 3, talent: 2, international: 3, institutional: 4 };
      await expect(
        submitReview(
          t.handle.db,
          {
            cetId: 'kr2022.quantum',
            year: 2025,
            scores: { ...scores, talent: 7 },
            comments: {},
            recommendedChangeKrw: 1,
            programmeId: 'nope',
          },
          who,
        ),
      ).rejects.toThrow(/scores.talent: must be a whole number from 1 to 5.*programmeId/);
      const audited: string[] = [];
      const review = await submitReview(
        t.handle.db,
        {
          cetId: 'kr2022.quantum',
          year: 2025,
          scores,
          comments: { talent: '박사급 인력 부족 / too few doctoral researchers' },
          recommendedChangeKrw: 1_500_000_000,
          programmeId: 'pq',
          rationale: 'talent gap',
        },
        { actor: 'user:pm', audit: async (_trx, e) => void audited.push(e.action) },
      );
      expect(review).toMatchObject({ recommendedYear: 2026, meanScore: 3.2, reviewer: 'user:pm' });
      const lines = await budgetLines(t.handle.db, 'kr2022.quantum');
      expect(lines.map((l) => [l.year, l.plannedKrw, l.allocatedKrw, l.recommendedChangeKrw])).toEqual([
        [2025, 5e9, 4e9, 0],
        [2026, 6e9, null, 1_500_000_000],
      ]);
      expect(lines[1]!.recommendations[0]).toMatchObject({
        reviewer: 'user:pm',
        programmeId: 'pq',
        reviewYear: 2025,
      });

      await submitReview(
        t.handle.db,
        { cetId: 'kr2022.quantum', year: 2025, scores, comments: {}, recommendedChangeKrw: -500_000_000 },
        { actor: 'user:pm', audit: async (_trx, e) => void audited.push(e.action) },
      );
      expect(audited).toEqual(['portfolio.review.submit', 'portfolio.review.update']);
      expect(await listReviews(t.handle.db, { cetId: 'kr2022.quantum' })).toHaveLength(1);
      const history = await changeHistory(t.handle.db, {
        objectType: 'cet_review',
        objectId: String(review.id),
      });
      expect(
        history.map((h) => [
          h.action,
          (h.before as { recommendedChangeKrw: number } | null)?.recommendedChangeKrw ?? null,
          (h.after as { recommendedChangeKrw: number }).recommendedChangeKrw,
        ]),
      ).toEqual([
        ['portfolio.review.update', 1_500_000_000, -500_000_000],
        ['portfolio.review.submit', null, 1_500_000_000],
      ]);
      expect((await budgetLines(t.handle.db, 'kr2022.quantum'))[1]!.recommendedChangeKrw).toBe(-500_000_000);
      const ofQuantum = await changeHistory(t.handle.db, { cetId: 'kr2022.quantum' });
      expect(new Set(ofQuantum.map((h) => h.objectType))).toEqual(
        new Set(['mission', 'milestone', 'kpi', 'kpi_value', 'cet_review']),
      );
      expect(ofQuantum).toHaveLength(12); // 9 imported rows, 1 changed KPI value, 2 review changes
      expect(await changeHistory(t.handle.db, { cetId: 'kr2022.semis' })).toEqual([]);
    });

    it('generates synthetic missions, KPIs and reviews for every CET field that import and validate', async () => {
      const fields = await t.handle.db
        .selectFrom('technology')
        .select(['id', 'name_ko', 'name_en'])
        .where('version_id', '=', 'kr-2022')
        .where('parent_id', 'is', null)
        .execute();
      const demo = syntheticMissions(
        fields.map((f) => ({ id: f.id, nameKo: f.name_ko, nameEn: f.name_en })),
        '2026-11-26',
      );
      expect(fields).toHaveLength(12);
      expect(demo.missions).toHaveLength(24);
      expect(demo.kpis).toHaveLength(36);
      expect([...demo.missions, ...demo.milestones, ...demo.kpis].every((r) => r.synthetic)).toBe(true);
      expect(demo.milestones.every((m) => m.actual_date === null || m.actual_date <= '2026-11-26')).toBe(
        true,
      );
      await importMissions(t.handle.db, demo, { actor: 'demo:seed' });
      for (const r of demo.reviews) await submitReview(t.handle.db, r, { actor: 'demo:review-panel' });
      const board = await missionBoard(t.handle.db, fields[0]!.id, 2025, '2026-11-26');
      expect(board.synthetic).toBe(true);
      expect(board.kpis.every((k) => k.status !== 'no_data')).toBe(true);
    });
  });
}
