import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildApp } from '../../src/api/app.js';
import { readMigrationFiles } from '../../src/db/migrate.js';
import { VERSION } from '../../src/shared/paths.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      app = await buildApp({ handle: t.handle }, { rateLimitPerMinute: 5000 });
      // A route with a typed body, to check how invalid input is reported.
      app.withTypeProvider<ZodTypeProvider>().post(
        '/api/v1/test/echo',
        {
          config: { access: 'public' },
          schema: { body: z.object({ name: z.string().min(2), year: z.number().int() }) },
        },
        async (request) => request.body,
      );
      await app.ready();
    });
    afterAll(() => app.close());

    it('reports health with the database kind and migration level', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        version: VERSION,
        database: target,
        migrationLevel: Math.max(...readMigrationFiles().map((m) => m.version)),
        migrationsPending: 0,
      });
    });

    it('answers an unknown route with a 404 problem+json', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/does-not-exist?x=1' });
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        type: '/api/v1/problems/cet-not-found',
        title: 'Not found',
        status: 404,
        code: 'CET_NOT_FOUND',
        instance: '/api/v1/does-not-exist?x=1',
      });
    });

    it('answers an invalid body with a 400 problem+json naming each field', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/test/echo',
        payload: { name: 'x', year: 'soon' },
      });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const body = res.json() as { code: string; errors: Array<{ field: string }>; detail: string };
      expect(body.code).toBe('CET_BAD_INPUT');
      expect(body.errors.map((e) => e.field).sort()).toEqual(['body.name', 'body.year']);
      expect(body.detail).toContain('body.year');
    });

    it('answers malformed JSON with a 400 problem+json', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/test/echo',
        headers: { 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'CET_BAD_INPUT', status: 400 });
    });

    it('accepts a valid body', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/test/echo',
        payload: { name: 'ok', year: 2024 },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ name: 'ok', year: 2024 });
    });

    it('lists loaded data sets and says whether any is synthetic', async () => {
      const empty = await app.inject({ method: 'GET', url: '/api/v1/datasets' });
      expect(empty.json()).toEqual({ synthetic: false, datasets: [] });
      await t.handle.db
        .insertInto('dataset')
        .values({ id: 'demo-test', kind: 'works', title: 'Demo', synthetic: true, row_count: 12 })
        .execute();
      const res = await app.inject({ method: 'GET', url: '/api/v1/datasets' });
      expect(res.json()).toMatchObject({
        synthetic: true,
        datasets: [{ id: 'demo-test', synthetic: true, rowCount: 12 }],
      });
      await t.handle.db.deleteFrom('dataset').where('id', '=', 'demo-test').execute();
    });

    it('describes problem types', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/problems/cet-bad-input' });
      expect(res.json()).toMatchObject({ code: 'CET_BAD_INPUT', status: 400 });
      const missing = await app.inject({ method: 'GET', url: '/api/v1/problems/nothing-like-this' });
      expect(missing.statusCode).toBe(404);
    });

    it('publishes the OpenAPI document', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/docs/json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json() as { openapi: string; paths: Record<string, unknown> };
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toContain('/api/v1/health');
    });
  });
}

describe('API rate limit', () => {
  const t = useTestDb('pglite');
  it('answers 429 problem+json past the per-client limit', async () => {
    const app = await buildApp({ handle: t.handle }, { rateLimitPerMinute: 3 });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await app.inject({ method: 'GET', url: '/api/v1/health' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await app.inject({ method: 'GET', url: '/api/v1/health' });
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'CET_RATE_LIMITED', status: 429 });
    } finally {
      await app.close();
    }
  });
});
