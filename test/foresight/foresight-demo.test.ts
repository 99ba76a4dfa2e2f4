import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type { EmergingReportDto, ForecastReportDto } from '../../src/shared/schemas/foresight.js';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../../src/demo/demo-corpus.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { emergingTopics, technologyForecast } from '../../src/foresight/foresight-queries.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

/** The bursting topics planted by the synthetic corpus (BURSTS in src/demo/synthetic-corpus.ts) and their years. */
const PLANTED: Record<string, number> = {
  '10181': 2019,
  '11273': 2017,
  '10682': 2016,
  '10281': 2015,
  '10247': 2013,
};

for (const target of TEST_TARGETS) {
  describe(`foresight on the synthetic demo corpus (${target})`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await loadBuiltinCountries(t.handle.db);
      await seedStarterRecipes(t.handle.db);
      await loadDemoCorpus(t.handle, { works: 5000, seed: DEFAULT_DEMO_SEED });
      await classifyWorks(t.handle);
      await rollup(t.handle);
      app = await buildApp({ handle: t.handle });
      await app.ready();
    }, 600_000);
    afterAll(() => app?.close());

    it('finds the planted bursting topics, each bursting after its planted year', async () => {
      const report = await emergingTopics(t.handle.db, null, { limit: 1000 });
      expect(report.vintage.synthetic).toBe(true);
      for (const [topic, year] of Object.entries(PLANTED)) {
        const found = report.topics.find((x) => x.term === topic);
        expect(found, `topic ${topic}`).toBeDefined();
        expect(
          found!.bursts.some((b) => b.start >= year && b.end >= year + 2),
          `topic ${topic} bursts ${JSON.stringify(found!.bursts)}`,
        ).toBe(true);
      }
      // The topics in a burst that reaches the last three years are all planted ones, and rank first.
      const recent = report.topics.filter((x) => x.recentBurst).map((x) => x.term);
      expect(recent.length).toBeGreaterThanOrEqual(3);
      for (const term of recent) expect(Object.keys(PLANTED)).toContain(term);
      expect(report.topics.slice(0, recent.length).map((x) => x.term)).toEqual(recent);
      // Evidence: early movers, the home country's place, top works.
      const nlp = report.topics.find((x) => x.term === '10181')!;
      expect(nlp.label).toBe('Natural Language Processing Techniques');
      expect(nlp.countries.length).toBeGreaterThan(0);
      expect(nlp.institutions.length).toBeGreaterThan(0);
      expect(nlp.topWorks.length).toBe(3);
      expect(typeof nlp.homeAmongLeaders).toBe('boolean');
      expect(nlp.emergence?.candidate).toBe(true);
      expect(report.method).toContain('Kleinberg');
    });

    it('ranks topics within one technology', async () => {
      const report = await emergingTopics(t.handle.db, 'kr2022.battery.next_gen', { limit: 5 });
      expect(report.techId).toBe('kr2022.battery.next_gen');
      expect(report.topics.length).toBeGreaterThan(0);
      for (const x of report.topics) expect(x.counts.every((c) => c.count <= c.total)).toBe(true);
      await expect(emergingTopics(t.handle.db, 'kr2022.nope')).rejects.toThrow(/not found/);
    });

    it('forecasts a technology × country series with intervals, backtest and catch-up year', async () => {
      const r = await technologyForecast(t.handle.db, 'kr2022.battery.next_gen', 'KR', { horizon: 5 });
      expect(r.forecast).not.toBeNull();
      const f = r.forecast!;
      expect(f.model.forecasts).toHaveLength(5);
      for (const x of f.model.forecasts) {
        expect(x.lo95).not.toBeNull();
        expect(x.lo95!).toBeLessThanOrEqual(x.lo80!);
        expect(x.hi95!).toBeGreaterThanOrEqual(x.hi80!);
      }
      expect(f.backtest.rows.length).toBeGreaterThan(0);
      expect(r.leader).not.toBeNull();
      expect(r.catchUp).not.toBeNull();
      expect(r.method).toContain('Holt');
      const share = await technologyForecast(t.handle.db, 'kr2022.battery.next_gen', 'KR', {
        metric: 'share',
      });
      expect(share.forecast!.values.every((v) => v >= 0 && v <= 1)).toBe(true);
    });

    it('serves emerging topics and forecasts publicly under /api/v1/foresight', async () => {
      const res = await app.inject({ url: '/api/v1/foresight/technologies/all/emerging?limit=3' });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as EmergingReportDto;
      expect(body.topics).toHaveLength(3);
      expect(body.vintage.synthetic).toBe(true);
      const fc = await app.inject({
        url: '/api/v1/foresight/technologies/kr2022.battery.next_gen/forecast?country=kr&metric=share&h=3',
      });
      expect(fc.statusCode, fc.body).toBe(200);
      const f = fc.json() as ForecastReportDto;
      expect(f.country).toBe('KR');
      expect(f.forecast!.model.forecasts).toHaveLength(3);
      expect(f.forecast!.backtest.rows.length).toBeGreaterThan(0);
      const bad = await app.inject({
        url: '/api/v1/foresight/technologies/kr2022.battery/forecast?country=KOR',
      });
      expect(bad.statusCode).toBe(400);
      const missing = await app.inject({ url: '/api/v1/foresight/technologies/kr2022.nope/emerging' });
      expect(missing.statusCode).toBe(404);
    });
  });
}
