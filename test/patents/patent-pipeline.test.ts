/**
 * Patents from files to indicators: classification by CPC patterns and text, rollup by inventor and assignee
 * country, RTA, and papers beside patents. Expected values are worked by hand in the comments.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { ingestPatents } from '../../src/patents/ingest-patents.js';
import { classifyPatents, rollupPatents } from '../../src/patents/patent-classify-queries.js';
import { technologyEvidence, technologyPatentStanding } from '../../src/patents/patent-standing-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { HAVE_SAMPLE, PATENT_SAMPLE, writeHandMade } from './patent-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'cetmap-patent-pipeline-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const QCOMM = 'kr2022.quantum.communication';

for (const target of TEST_TARGETS) {
  describe(`patents to indicators, hand-made grants, on ${target}`, () => {
    const t = useTestDb(target);

    it('classifies by CPC pattern and rolls up fractional and full counts by inventor and assignee', async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await ingestPatents(t.handle, writeHandMade(join(tmp, target)));
      const c = await classifyPatents(t.handle.db);
      expect(c.patentsClassified).toBe(4);
      const tech = await t.handle.db
        .selectFrom('patent_tech')
        .select(['patent_id', 'tech_id', 'matched_by'])
        .orderBy('patent_id')
        .orderBy('tech_id')
        .execute();
      expect(tech).toEqual([
        { patent_id: '9000001', tech_id: 'kr2022.battery.next_gen', matched_by: 'cpc' },
        { patent_id: '9000002', tech_id: 'kr2022.quantum.computing', matched_by: 'cpc' },
        { patent_id: '9000003', tech_id: QCOMM, matched_by: 'cpc' },
      ]);
      const r = await rollupPatents(t.handle.db);
      expect(r.patents).toBe(3); // the design grant D900004 is not counted
      // inventor credit: 9000001 KR ½ US ½; 9000002 KR 1; 9000003 JP ⅓ KR ⅓ UNKNOWN ⅓ → located 8/9 of 3
      expect(r.located.inventor).toBeCloseTo(8 / 9, 9);
      expect(r.located.assignee).toBeCloseTo(1, 9);
    });

    it('gives shares and RTA by inventor country (fractional and full) and by assignee country', async () => {
      const inv = await technologyPatentStanding(t.handle.db, QCOMM, { from: 2020, to: 2021 });
      expect(inv.method.basis).toMatch(/inventor country/);
      expect(inv.method.counting).toMatch(/^fractional/);
      const by = (c: string) => inv.countries.find((x) => x.country === c)!;
      expect(inv.world.grants).toBeCloseTo(1, 12);
      expect(inv.world.unknownShare).toBeCloseTo(1 / 3, 12);
      expect(by('KR').worldShare).toBeCloseTo(1 / 3, 12);
      // KR: (⅓ ÷ (½ + 1 + ⅓)) ÷ (1 ÷ 3) = 6/11; JP: (⅓ ÷ ⅓) ÷ (1 ÷ 3) = 3
      expect(by('KR').rta).toBeCloseTo(6 / 11, 12);
      expect(by('JP').rta).toBeCloseTo(3, 12);

      // full counting: KR, JP and UNKNOWN 1 each of 3 in the technology; all grants: KR 1+2, US 1, JP 1, UNKNOWN 1 = 6
      const full = await technologyPatentStanding(t.handle.db, QCOMM, {
        from: 2020,
        to: 2021,
        counting: 'full',
      });
      expect(full.countries.find((x) => x.country === 'KR')!.rta).toBeCloseTo(1 / 3 / (3 / 6), 12);
      expect(full.notes.join(' ')).toMatch(/Full counting/);

      // assignee: 9000003 is owned ½ by JP and ½ by KR; KR owns 1 + ½ of all grants; world 3
      const asg = await technologyPatentStanding(t.handle.db, QCOMM, {
        from: 2020,
        to: 2021,
        basis: 'assignee',
      });
      expect(asg.method.basis).toMatch(/assignee country/);
      expect(asg.world.unknownShare).toBe(0);
      expect(asg.countries.find((x) => x.country === 'KR')!.rta).toBeCloseTo(0.5 / 1.5 / (1 / 3), 12);
      expect(asg.countries.find((x) => x.country === 'JP')!.rta).toBeCloseTo(3, 12);
    });

    it('puts papers beside patents and flags the commercialization gap', async () => {
      // paper facts for 2021: KR 6, JP 2, US 2 of 10 works in the technology; all works KR 20, JP 40, US 40
      await t.handle.db
        .insertInto('tech_country_year')
        .values(
          (
            [
              ['KR', 6],
              ['JP', 2],
              ['US', 2],
            ] as const
          ).map(([country, n]) => ({
            tech_id: QCOMM,
            country,
            year: 2021,
            works_full: n,
            works_frac: n,
            citations_frac: 0,
            top10_frac: 0,
            top1_frac: 0,
            ncs_frac_sum: 0,
            ncs_frac_weight: 0,
          })),
        )
        .execute();
      await t.handle.db
        .insertInto('country_year')
        .values(
          (
            [
              ['KR', 20],
              ['JP', 40],
              ['US', 40],
            ] as const
          ).map(([country, n]) => ({ country, year: 2021, works_full: n, works_frac: n })),
        )
        .execute();
      const v = await technologyEvidence(t.handle.db, QCOMM, {
        from: 2020,
        to: 2021,
        thresholds: { minWorks: 0, minCountryGrants: 0 },
      });
      const row = (c: string) => v.rows.find((r) => r.country === c)!;
      // KR: RCA (6/20)/(10/100) = 3, RTA 6/11 → papers strong, patents weak
      expect(row('KR').rca).toBeCloseTo(3, 12);
      expect(row('KR').rta).toBeCloseTo(6 / 11, 12);
      expect(row('KR').flag).toBe('commercialization_gap');
      // JP: RCA 0.5, RTA 3 → the reverse
      expect(row('JP').flag).toBe('science_gap');
      // US: RCA 0.5 and grants elsewhere but none here: RTA 0 → weak on both
      expect(row('US').rta).toBe(0);
      expect(row('US').flag).toBe('weak_both');
      // level with patents (weights 1 : 0.5): KR (0.3 + 0.5·⅓)/1.5, JP (0.1 + 0.5·⅓)/1.5, US 0.1/1.5
      expect(row('KR').combinedLevel).toBeCloseTo(100, 9);
      expect(row('JP').combinedLevel).toBeCloseTo(((0.1 + 0.5 / 3) / (0.3 + 0.5 / 3)) * 100, 9);
      expect(row('US').combinedLevel).toBeCloseTo((0.1 / (0.3 + 0.5 / 3)) * 100, 9);
      expect(v.home?.country).toBe('KR');
      expect(v.method.gap).toMatch(/commercialization gap = papers strong/);
      expect(v.methodKo.gap).toMatch(/사업화 격차/);
      // weight 0: the paper level comes back
      const papersOnly = await technologyEvidence(t.handle.db, QCOMM, {
        from: 2020,
        to: 2021,
        patentWeight: 0,
      });
      for (const r of papersOnly.rows) expect(r.combinedLevel).toBeCloseTo(r.paperLevel ?? 0, 9);
    });
  });

  describe.skipIf(!HAVE_SAMPLE)(`patents to indicators, the real sample, on ${target}`, () => {
    const t = useTestDb(target);

    it('matches CPC prefixes exactly as the published symbols say, and leaves countries UNKNOWN', async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await ingestPatents(t.handle, PATENT_SAMPLE);
      await classifyPatents(t.handle.db);
      // independent count from the CSV: patents with a B60W60/… symbol (autonomous road vehicles, a sufficient
      // pattern of kr2022.mobility.autonomous)
      const lines = readFileSync(join(PATENT_SAMPLE, 'nvidia_cpc.csv'), 'utf8').split('\n').slice(1);
      const expected = new Set(
        lines.filter((l) => l.split(',')[5]?.startsWith('B60W60/')).map((l) => l.split(',')[0]),
      );
      const rows = await t.handle.db
        .selectFrom('patent_tech')
        .select('patent_id')
        .where('tech_id', '=', 'kr2022.mobility.autonomous')
        .where('matched_by', '=', 'cpc')
        .execute();
      expect(expected.size).toBeGreaterThan(50);
      expect(new Set(rows.map((r) => r.patent_id))).toEqual(expected);
      const r = await rollupPatents(t.handle.db);
      expect(r.located).toEqual({ inventor: 0, assignee: 0 });
      const s = await technologyPatentStanding(t.handle.db, 'kr2022.mobility.autonomous', {
        from: 2015,
        to: 2024,
      });
      expect(s.countries).toEqual([]);
      expect(s.world.unknownShare).toBe(1);
      expect(s.notes.join(' ')).toMatch(/no located inventor country/);
    }, 300_000);
  });
}
