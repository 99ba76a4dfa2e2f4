/**
 * Indicator responses cached by data vintage: an ETag known before the handler (304 on If-None-Match), a server
 * cache hit with the same body, and a new rollup invalidating both.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countriesSeeder } from '../../src/aggregates/countries-seeder.js';
import { buildApp } from '../../src/api/app.js';
import { DEFAULT_DEMO_SEED, loadDemoCorpus } from '../../src/demo/demo-corpus.js';
import { demoCorpusSeeder } from '../../src/demo/demo-seeder.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import type { DbHandle } from '../../src/db/create-db.js';
import { analysisSeeder } from '../../src/indicators/analysis-seeder.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const URL = '/api/v1/technologies/kr2022.semis/standing';

for (const target of TEST_TARGETS) {
  describe(`response cache on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      const small = {
        ...demoCorpusSeeder,
        run: (h: DbHandle) =>
          loadDemoCorpus(h, { works: 400, seed: DEFAULT_DEMO_SEED, log: () => {} }).then(() => {}),
      };
      await seedFirstRun(t.handle, () => {}, [countriesSeeder, taxonomySeeder, small, analysisSeeder]);
      app = await buildApp({ handle: t.handle }, { rateLimitPerMinute: 100_000 });
      await app.ready();
    }, 120_000);
    afterAll(() => app?.close());

    it('answers from the cache, with 304 for a known ETag, until the data changes', async () => {
      const first = await app.inject({ url: URL });
      expect(first.statusCode).toBe(200);
      expect(first.headers['x-cache']).toBe('miss');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[0-9a-f]{16}-[0-9a-f]{16}"$/);

      const second = await app.inject({ url: URL });
      expect(second.headers['x-cache']).toBe('hit');
      expect(second.headers.etag).toBe(etag);
      expect(second.body).toBe(first.body);
      expect(second.headers['content-type']).toMatch(/^application\/json/);

      const revalidated = await app.inject({ url: URL, headers: { 'if-none-match': etag } });
      expect(revalidated.statusCode).toBe(304);
      expect(revalidated.body).toBe('');

      // another URL has its own entry
      const other = await app.inject({ url: `${URL}?counting=full` });
      expect(other.headers['x-cache']).toBe('miss');
      expect(other.headers.etag).not.toBe(etag);

      await rollup(t.handle); // a new rollup: a new vintage
      const after = await app.inject({ url: URL, headers: { 'if-none-match': etag } });
      expect(after.statusCode).toBe(200);
      expect(after.headers['x-cache']).toBe('miss');
      expect(after.headers.etag).not.toBe(etag);
      expect(app.responseCache.hits).toBe(1);
      expect(app.responseCache.notModified).toBe(1);
    });

    it('does not cache errors or routes that did not opt in', async () => {
      const missing = await app.inject({ url: '/api/v1/technologies/nope/standing' });
      expect(missing.statusCode).toBe(404);
      expect((await app.inject({ url: '/api/v1/technologies/nope/standing' })).headers['x-cache']).toBe(
        'miss',
      );
      const health = await app.inject({ url: '/api/v1/health' });
      expect(health.headers.etag).toBeUndefined();
    });
  });
}
