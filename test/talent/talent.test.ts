import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { technologyFlows, technologyResearchers } from '../../src/talent/talent-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { writeWorks, type WorkSpec } from '../helpers/openalex-works.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-talent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Quantum works (topic T10682 + a title the starter recipe accepts). Author histories, 2 works a year each:
// 6 authors move KR → US in 2024, 1 moves US → KR, 5 stay in KR; one visitor has a single US paper in 2024.
let nextId = 1000;
const quantum = (year: number, country: string, author: number): WorkSpec => ({
  id: nextId++,
  year,
  title: 'Superconducting qubits for quantum computing',
  countries: [country],
  authorIds: [author],
  topics: [[10682, 0.9]],
});
const twice = (year: number, country: string, author: number) => [
  quantum(year, country, author),
  quantum(year, country, author),
];
const works: WorkSpec[] = [];
for (let a = 1; a <= 6; a++) works.push(...twice(2023, 'KR', a), ...twice(2024, 'US', a));
works.push(...twice(2023, 'US', 7), ...twice(2024, 'KR', 7));
for (let a = 8; a <= 12; a++) works.push(...twice(2023, 'KR', a), ...twice(2024, 'KR', a));
works.push(...twice(2023, 'KR', 13), quantum(2024, 'US', 13));

for (const target of TEST_TARGETS) {
  describe(`talent on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await seedStarterRecipes(t.handle.db);
      writeWorks(join(dir, `${target}.jsonl`), works);
      await ingestOpenAlex(t.handle, join(dir, `${target}.jsonl`));
      await classifyWorks(t.handle);
      await rollup(t.handle);
      app = await buildApp({ handle: t.handle });
      await app.ready();
    });
    afterAll(() => app?.close());

    it('counts moves by the hand count, skipping the one-off affiliation', async () => {
      const f = await technologyFlows(t.handle.db, 'kr2022.quantum', { targetYear: 2024, minCell: 1 });
      expect(f.moves).toBe(7);
      expect(f.byCountry).toEqual([
        { country: 'US', inflow: 6, outflow: 1, net: 5 },
        { country: 'KR', inflow: 1, outflow: 6, net: -5 },
      ]);
      const loose = await technologyFlows(t.handle.db, 'kr2022.quantum', {
        targetYear: 2024,
        minCell: 1,
        minWorks: 1,
      });
      expect(loose.moves).toBe(8); // the visitor's single US paper now reads as a move
    });

    it('suppresses small cells in public outputs', async () => {
      const res = await app.inject({ url: '/api/v1/talent/technologies/kr2022.quantum/flows?year=2024' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        byCountry: Array<{ country: string; inflow: number | null; net: number | null }>;
        params: { minCell: number };
      };
      expect(body.params.minCell).toBe(5);
      expect(body.byCountry.find((c) => c.country === 'US')).toMatchObject({ inflow: 6, net: null }); // outflow 1 < 5
      const refused = await app.inject({ url: '/api/v1/talent/technologies/kr2022.quantum/flows?minCell=1' });
      expect(refused.statusCode).toBe(400);
    });

    it('counts active researchers per country', async () => {
      const r = await technologyResearchers(t.handle.db, 'kr2022.quantum', { year: 2024, minCell: 1 });
      expect(r.world).toBe(13);
      expect(r.countries).toEqual(
        [
          { country: 'KR', full: 6, fractional: 6 },
          { country: 'US', full: 7, fractional: 7 },
        ].sort((a, b) => b.fractional - a.fractional),
      );
    });
  });
}
