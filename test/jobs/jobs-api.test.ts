/** GET /api/v1/jobs: queue counts for administrators only (what the admin page shows). */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { createRoleUsers, roleUser, signInVia } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`jobs API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildApp({ handle: t.handle }, { auth: { loginRateLimitPerMinute: 10_000 } });
      await app.ready();
      await createRoleUsers(t.handle);
    }, 60_000);
    afterAll(() => app?.close());

    it('lists every queue with its states, for administrators only', async () => {
      expect((await app.inject({ url: '/api/v1/jobs' })).statusCode).toBe(401);
      const analyst = await signInVia(app, roleUser('analyst'));
      expect(
        (await app.inject({ url: '/api/v1/jobs', headers: { cookie: analyst.cookie } })).statusCode,
      ).toBe(403);
      const admin = await signInVia(app, roleUser('admin'));
      const res = await app.inject({ url: '/api/v1/jobs', headers: { cookie: admin.cookie } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        database: target,
        queues: ['ingest-file', 'classify', 'classify-shard', 'rollup', 'rollup-shard', 'rollup-finish'].map(
          (queue) => ({
            queue,
            created: 0,
            retry: 0,
            active: 0,
            completed: 0,
            failed: 0,
          }),
        ),
      });
    });
  });
}
