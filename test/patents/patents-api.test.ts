import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { ingestPatents } from '../../src/patents/ingest-patents.js';
import { classifyPatents, rollupPatents } from '../../src/patents/patent-classify-queries.js';
import type { EvidenceResponse, PatentStandingResponse } from '../../src/shared/schemas/patents.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { writeHandMade } from './patent-files.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-patents-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const QCOMM = 'kr2022.quantum.communication';

for (const target of TEST_TARGETS) {
  describe(`patents API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await ingestPatents(t.handle, writeHandMade(join(dir, target)));
      await classifyPatents(t.handle.db);
      await rollupPatents(t.handle.db);
      app = await buildApp({ handle: t.handle });
      await app.ready();
    });
    afterAll(() => app?.close());

    it('gives patent standing with method, counting mode, basis and vintage', async () => {
      const res = await app.inject({
        url: `/api/v1/technologies/${QCOMM}/patents?from=2020&to=2021&basis=assignee`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as PatentStandingResponse;
      expect(body.params).toMatchObject({ from: 2020, to: 2021, basis: 'assignee', counting: 'fractional' });
      expect(body.method.basis).toMatch(/assignee country/);
      expect(body.method.rta).toMatch(/RTA =/);
      expect(body.methodKo.rta).toMatch(/현시기술우위/);
      expect(body.vintage?.located.assignee).toBeCloseTo(1, 9);
      expect(body.countries.find((c) => c.country === 'JP')?.rta).toBeCloseTo(3, 9);
    });

    it('puts papers beside patents, saying when there are no paper facts', async () => {
      const res = await app.inject({
        url: `/api/v1/technologies/${QCOMM}/evidence?from=2020&to=2021&patentWeight=1`,
      });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json() as EvidenceResponse;
      expect(body.params.patentWeight).toBe(1);
      expect(body.method.composite).toMatch(/1 × share of world grants/);
      // no works loaded: every country's paper side is empty, so no gap is judged
      expect(body.rows.every((r) => r.flag === 'insufficient_data')).toBe(true);
      expect(body.rows.find((r) => r.country === 'KR')?.grants).toBeCloseTo(1 / 3, 9);
    });

    it('refuses a bad basis and an unknown technology', async () => {
      expect(
        (await app.inject({ url: `/api/v1/technologies/${QCOMM}/patents?basis=owner` })).statusCode,
      ).toBe(400);
      expect((await app.inject({ url: '/api/v1/technologies/kr2022.nothing/patents' })).statusCode).toBe(404);
    });
  });
}
