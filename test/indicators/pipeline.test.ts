import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import type { DbHandle } from '../../src/db/create-db.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { technologyStanding } from '../../src/indicators/standing-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { deleteWorks } from '../../src/ingest/ingest-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { openTestDb, TEST_TARGETS, type TestDb } from '../helpers/test-db.js';
import { writeWorks, type WorkSpec } from '../helpers/openalex-works.js';

// kr2022.semis.memory's starter recipe: topic T10502 (and others) with a query on memory devices.
const MEMORY_TOPIC = 10502;
const dir = mkdtempSync(join(tmpdir(), 'cetmap-pipeline-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function batch(first: number, n: number, yearFrom: number): WorkSpec[] {
  const countries = [['KR'], ['US'], ['US', 'KR'], ['CN'], ['CN', 'US', 'DE'], ['JP']];
  return Array.from({ length: n }, (_, i) => ({
    id: first + i,
    year: yearFrom + (i % 5),
    title: i % 3 === 0 ? 'Resistive random access memory device arrays' : 'A ferroelectric memory cell study',
    countries: countries[i % countries.length]!,
    topics: [[MEMORY_TOPIC, 0.95]],
    cited: (i * 7) % 23,
  }));
}
const A = batch(1000, 30, 2019);
const B = batch(2000, 24, 2021);
const unrelated: WorkSpec[] = [
  { id: 3000, year: 2022, title: 'Soil microbes', countries: ['BR'], topics: [[10001, 0.9]] },
];

async function prepare(t: TestDb): Promise<DbHandle> {
  await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
  await loadBuiltinCountries(t.handle.db);
  await seedStarterRecipes(t.handle.db);
  return t.handle;
}

async function facts(handle: DbHandle) {
  const rows = await handle.db
    .selectFrom('tech_country_year')
    .selectAll()
    .orderBy(['tech_id', 'country', 'year'])
    .execute();
  return rows.map((r) => ({
    ...r,
    works_frac: Number(r.works_frac.toFixed(9)),
    top10_frac: Number(r.top10_frac.toFixed(9)),
  }));
}

for (const target of TEST_TARGETS) {
  describe(`classification, rollup and standing on ${target}`, () => {
    it('gives the same facts after incremental ingest and classification as after one full run', async () => {
      writeWorks(join(dir, 'a.jsonl'), [...A, ...unrelated]);
      writeWorks(join(dir, 'b.jsonl'), B);
      const inc = await openTestDb(target);
      const full = await openTestDb(target);
      try {
        const h = await prepare(inc);
        await ingestOpenAlex(h, join(dir, 'a.jsonl'));
        const first = await classifyWorks(h);
        expect(first.worksClassified).toBe(31);
        await rollup(h);
        await ingestOpenAlex(h, join(dir, 'b.jsonl'));
        const second = await classifyWorks(h);
        expect(second.worksClassified).toBe(B.length); // only the new works are read again
        await rollup(h);
        expect((await classifyWorks(h)).worksClassified).toBe(0);

        const f = await prepare(full);
        await ingestOpenAlex(f, join(dir, 'a.jsonl'));
        await ingestOpenAlex(f, join(dir, 'b.jsonl'));
        await classifyWorks(f);
        await rollup(f);

        const incremental = await facts(h);
        expect(incremental.length).toBeGreaterThan(0);
        expect(incremental).toEqual(await facts(f));
      } finally {
        await inc.close();
        await full.close();
      }
    }, 180_000);

    it('classifies, rolls up field-level facts without double counting, and computes standing', async () => {
      const t = await openTestDb(target);
      try {
        const h = await prepare(t);
        writeWorks(join(dir, 'all.jsonl'), [...A, ...B, ...unrelated]);
        await ingestOpenAlex(h, join(dir, 'all.jsonl'));
        const report = await classifyWorks(h);
        expect(report.byTech['kr2022.semis.memory']).toBe(A.length + B.length);
        await rollup(h);

        // Fractional counts of the technology add up to its number of works; the field counts each work once.
        const sumFrac = async (techId: string) =>
          (
            await h.db
              .selectFrom('tech_country_year')
              .select('works_frac')
              .where('tech_id', '=', techId)
              .execute()
          ).reduce((s, r) => s + r.works_frac, 0);
        expect(await sumFrac('kr2022.semis.memory')).toBeCloseTo(A.length + B.length, 9);
        expect(await sumFrac('kr2022.semis')).toBeCloseTo(A.length + B.length, 9);

        // Every reference set's top-10 % fractions add up to 10 % of its works (tie splitting).
        const sets = await h.db
          .selectFrom('work_impact')
          .select(['reference_set', 'reference_size'])
          .select((eb) => eb.fn.sum<number>('top10').as('top10'))
          .groupBy(['reference_set', 'reference_size'])
          .execute();
        for (const s of sets) expect(Number(s.top10)).toBeCloseTo(0.1 * s.reference_size, 9);

        const s = await technologyStanding(h.db, 'kr2022.semis.memory', { from: 2021, to: 2025, home: 'KR' });
        expect(s.countries.map((c) => c.country).sort()).toEqual(['CN', 'DE', 'JP', 'KR', 'US']);
        const shares = s.countries.reduce((t, c) => t + (c.worldShare ?? 0), 0);
        expect(shares).toBeCloseTo(1, 9);
        expect(s.home).toMatchObject({ country: 'KR' });
        expect(s.home!.level).not.toBeNull();
        expect(s.method.ranking).toMatch(/top-10 %/);
        expect(s.vintage.latestYear).toBe(2025);
      } finally {
        await t.close();
      }
    });

    it('counts a work once in a field that has a recipe of its own', async () => {
      const t = await openTestDb(target);
      try {
        const h = await prepare(t);
        await h.db
          .insertInto('recipe')
          .values({
            tech_id: 'kr2022.semis',
            version: 1,
            topics: [],
            min_topic_score: 0,
            query: 'memory',
            rule: 'query',
            title_query_rule: false,
            status: 'draft',
            source: 'test',
          })
          .execute();
        writeWorks(join(dir, 'field.jsonl'), [...A, ...unrelated]);
        await ingestOpenAlex(h, join(dir, 'field.jsonl'));
        const report = await classifyWorks(h);
        // each work is in the field directly and through its key technology
        expect(report.byTech).toMatchObject({ 'kr2022.semis': A.length, 'kr2022.semis.memory': A.length });
        await rollup(h);
        const rows = await h.db
          .selectFrom('tech_country_year')
          .select(['works_frac'])
          .where('tech_id', '=', 'kr2022.semis')
          .execute();
        expect(rows.reduce((s, r) => s + r.works_frac, 0)).toBeCloseTo(A.length, 9);
      } finally {
        await t.close();
      }
    });

    it('classifies a work again when a newer version of it is ingested', async () => {
      const t = await openTestDb(target);
      try {
        const h = await prepare(t);
        writeWorks(join(dir, 'v1.jsonl'), [
          { id: 5000, year: 2022, title: 'Soil microbes', countries: ['KR'], topics: [[MEMORY_TOPIC, 0.9]] },
        ]);
        await ingestOpenAlex(h, join(dir, 'v1.jsonl'));
        expect((await classifyWorks(h)).assignments).toBe(0);
        writeWorks(join(dir, 'v2.jsonl'), [
          {
            id: 5000,
            year: 2022,
            title: 'Phase change memory arrays',
            countries: ['KR'],
            topics: [[MEMORY_TOPIC, 0.9]],
            updated: '2025-06-01T00:00:00.123456',
          },
        ]);
        await ingestOpenAlex(h, join(dir, 'v2.jsonl'));
        const again = await classifyWorks(h);
        expect(again).toMatchObject({ worksClassified: 1, assignments: 1 });
      } finally {
        await t.close();
      }
    });

    it('classifies the same on worker threads as inline', async () => {
      const t = await openTestDb(target);
      try {
        const h = await prepare(t);
        writeWorks(join(dir, 'threads.jsonl'), [...batch(8000, 40, 2020), ...unrelated]);
        await ingestOpenAlex(h, join(dir, 'threads.jsonl'));
        const rows = () => h.db.selectFrom('work_tech').selectAll().orderBy(['work_id', 'tech_id']).execute();
        const inline = await classifyWorks(h, { all: true, workers: 0 });
        const first = await rows();
        const threaded = await classifyWorks(h, { all: true, workers: 2, batchSize: 7 });
        expect(threaded.assignments).toBe(inline.assignments);
        expect(inline.assignments).toBeGreaterThanOrEqual(40);
        expect(await rows()).toEqual(first);
      } finally {
        await t.close();
      }
    });

    it('rolls up nothing from a work removed by a merge', async () => {
      const t = await openTestDb(target);
      try {
        const h = await prepare(t);
        writeWorks(join(dir, 'merge.jsonl'), batch(7000, 6, 2022));
        await ingestOpenAlex(h, join(dir, 'merge.jsonl'));
        await classifyWorks(h);
        await rollup(h);
        const before = (await facts(h)).reduce((a, r) => a + r.works_full, 0);
        expect(await deleteWorks(h.db, [7000])).toBe(1);
        await rollup(h);
        const after = await facts(h);
        // work 7000 (KR only) was in one key technology and its field
        expect(after.reduce((a, r) => a + r.works_full, 0)).toBe(before - 2);
        const left = await h.db
          .selectFrom('work_tech')
          .select('work_id')
          .where('work_id', '=', 7000)
          .execute();
        expect(left).toEqual([]);
      } finally {
        await t.close();
      }
    });
  });
}
