import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { buildApp } from '../../src/api/app.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import type {
  CountryStandingResponse,
  TechnologyStandingResponse,
} from '../../src/shared/schemas/standing.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { writeWorks } from '../helpers/openalex-works.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-standing-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const target of TEST_TARGETS) {
  describe(`standing API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      const h = t.handle;
      await seedFirstRun(h, () => {}, [taxonomySeeder]);
      await loadBuiltinCountries(h.db);
      await seedStarterRecipes(h.db);
      const owners = [['KR'], ['US'], ['US'], ['CN', 'KR'], ['JP']];
      writeWorks(join(dir, `${target}.jsonl`), [
        ...Array.from({ length: 40 }, (_, i) => ({
          id: 100 + i,
          year: 2019 + (i % 7),
          title: 'Quantum computing with superconducting qubits',
          countries: owners[i % owners.length]!,
          topics: [[10682, 0.9]] as Array<[number, number]>,
          cited: i % 11,
        })),
        // A technology with one country only: its leader has no runner-up.
        ...Array.from({ length: 3 }, (_, i) => ({
          id: 500 + i,
          year: 2024,
          title: 'Resistive random access memory device arrays',
          countries: ['KR'],
          topics: [[10502, 0.9]] as Array<[number, number]>,
        })),
      ]);
      await ingestOpenAlex(h, join(dir, `${target}.jsonl`));
      await classifyWorks(h);
      await rollup(h);
      app = await buildApp({ handle: h });
      await app.ready();
    });
    afterAll(() => app?.close());

    it('ranks countries in a technology and names method, parameters and vintage', async () => {
      const res = await app.inject({ url: '/api/v1/technologies/kr2022.quantum/standing?from=2021&to=2025' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as TechnologyStandingResponse;
      expect(body.params).toMatchObject({ from: 2021, to: 2025, counting: 'fractional', home: 'KR' });
      expect(body.method.ranking).toMatch(/top-10 %/);
      expect(body.vintage.latestYear).toBe(2025);
      expect(body.countries.map((c) => c.country).sort()).toEqual(['CN', 'JP', 'KR', 'US']);
      expect(body.countries.reduce((s, c) => s + (c.worldShare ?? 0), 0)).toBeCloseTo(1, 9);
      expect(body.home?.country).toBe('KR');
    });

    it('exports the ranking as CSV with its method in a comment line', async () => {
      const res = await app.inject({
        url: '/api/v1/technologies/kr2022.quantum/standing?format=csv&to=2025&counting=full',
      });
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      const lines = res.body.trim().split('\n');
      expect(lines[0]).toMatch(/^# kr2022\.quantum 2021-2025; counting: full/);
      expect(lines[1]).toMatch(/^rank,country,works,world_share/);
      expect(lines).toHaveLength(2 + 4);
    });

    it("gives a country's position in every field and key technology, with the plan goals", async () => {
      const res = await app.inject({ url: '/api/v1/countries/kr/standing?to=2025' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as CountryStandingResponse;
      expect(body.country).toBe('KR');
      expect(body.technologies.filter((x) => x.kind === 'field')).toHaveLength(12);
      expect(body.technologies).toHaveLength(62);
      const quantum = body.technologies.find((x) => x.techId === 'kr2022.quantum')!;
      expect(quantum.rank).not.toBeNull();
      expect(body.goals.top3.map((g) => g.techId)).toEqual([
        'kr2022.semis.ai_chip',
        'kr2022.bio',
        'kr2022.quantum',
      ]);
      expect(body.goals.worldLeading).toMatchObject({ baseline: 3, target: 6, levelAtLeast: 90 });
    });

    it('answers unknown technologies with 404 and bad parameters with 400 naming the field', async () => {
      expect((await app.inject({ url: '/api/v1/technologies/kr2022.nothing/standing' })).statusCode).toBe(
        404,
      );
      const bad = await app.inject({
        url: '/api/v1/technologies/kr2022.quantum/standing?country=KOR&counting=some',
      });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort()).toEqual([
        'querystring.counting',
        'querystring.country',
      ]);
    });

    it('gives yearly series per country and for the world', async () => {
      const res = await app.inject({ url: '/api/v1/technologies/kr2022.quantum/series?countries=kr,us' });
      expect(res.statusCode).toBe(200);
      const body = res.json() as {
        years: number[];
        world: Array<{ works: number }>;
        countries: Array<{ country: string; points: Array<{ works: number }> }>;
      };
      expect(body.years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025]);
      expect(body.countries.map((c) => c.country)).toEqual(['KR', 'US']);
      const worksAllYears = body.world.reduce((s, w) => s + w.works, 0);
      expect(worksAllYears).toBeCloseTo(40, 9);
    });

    it('answers a technology whose leader has no runner-up (an infinite lead ratio is sent as null)', async () => {
      const res = await app.inject({ url: '/api/v1/technologies/kr2022.semis.memory/standing?to=2025' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ monopoly: { leader: 'KR', leadRatio: null } });
    });

    it('lists countries with Korean names', async () => {
      const body = (await app.inject({ url: '/api/v1/countries' })).json() as {
        countries: Array<{ alpha2: string; nameKo: string }>;
      };
      expect(body.countries.find((c) => c.alpha2 === 'KR')?.nameKo).toBe('대한민국');
    });
  });
}
