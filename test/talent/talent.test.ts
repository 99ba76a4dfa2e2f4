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
import { CetmapError } from '../../src/shared/errors.js';
import { importPostings, postingDemand } from '../../src/talent/job-queries.js';
import { technologyMobility } from '../../src/talent/talent-people-queries.js';
import { technologyFlows, technologyResearchers } from '../../src/talent/talent-queries.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { asSession, createRoleUsers, signInVia } from '../helpers/auth.js';
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
// Returnees, before the flow years: 5 authors KR 2019 → US 2020 → KR 2021; one more only visits the US on one paper.
for (let a = 20; a <= 24; a++)
  works.push(...twice(2019, 'KR', a), ...twice(2020, 'US', a), ...twice(2021, 'KR', a));
works.push(...twice(2019, 'KR', 25), quantum(2020, 'US', 25), ...twice(2021, 'KR', 25));

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
      await createRoleUsers(t.handle);
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

    it('names partners and counts returnees by the hand count', async () => {
      const m = await technologyMobility(t.handle.db, 'kr2022.quantum', { year: 2024, minCell: 1 });
      expect(m.net).toEqual({ inflow: 1, outflow: 6, net: -5 });
      expect(m.destinations).toEqual([{ country: 'US', moves: 6 }]);
      expect(m.origins).toEqual([{ country: 'US', moves: 1 }]);
      const back = await technologyMobility(t.handle.db, 'kr2022.quantum', { year: 2021, minCell: 1 });
      expect(back.returnees).toEqual({ count: 5, from: [{ country: 'US', count: 5 }] }); // not the one-paper visitor
      const pub = await app.inject({ url: '/api/v1/talent/technologies/kr2022.quantum/mobility?year=2024' });
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toMatchObject({
        net: { inflow: null, outflow: 6, net: null },
        origins: [{ country: 'US', moves: null }],
      });
    });

    it('exports the home country flows per technology, suppressed, as CSV', async () => {
      const res = await app.inject({ url: '/api/v1/talent/home/KR/flows?year=2024&format=csv' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/csv/);
      const lines = res.body.trim().split('\n');
      expect(lines[0]).toMatch(/^# KR researcher flows 2024; .*methods §10/);
      expect(lines[1]).toBe('tech_id,kind,name_en,name_ko,authors_observed,inflow,outflow,net');
      const quantum = lines.find((l) => l.startsWith('kr2022.quantum,'))!;
      expect(quantum.split(',').slice(-3)).toEqual(['<5', '6', 'suppressed']);
    });

    it('refuses the person-level top-researcher list to the public and non-analysts, and audits analysts', async () => {
      const url = '/api/v1/talent/technologies/kr2022.quantum/top?year=2024&topShare=0.5';
      expect((await app.inject({ url })).statusCode).toBe(401);
      const researcher = await signInVia(app, 'researcher');
      expect((await app.inject({ url, headers: asSession(researcher) })).statusCode).toBe(403);
      const analyst = await signInVia(app, 'analyst');
      const ok = await app.inject({ url, headers: asSession(analyst) });
      expect(ok.statusCode).toBe(200);
      expect((ok.json() as { researchers: unknown[] }).researchers.length).toBeGreaterThan(0);
      const audit = await t.handle.db
        .selectFrom('audit_log')
        .select(['actor', 'object_id'])
        .where('action', '=', 'access.read')
        .execute();
      expect(audit.some((a) => a.object_id === '/api/v1/talent/technologies/:techId/top')).toBe(true);
      // The public aggregate names no one and suppresses small cells.
      const share = await app.inject({
        url: '/api/v1/talent/technologies/kr2022.quantum/top-share?year=2024',
      });
      expect(share.statusCode).toBe(200);
      const body = share.json() as { byCountry: Array<{ count: number | null }>; researchers?: unknown };
      expect(body.researchers).toBeUndefined();
      expect(JSON.stringify(body)).not.toMatch(/"name"|"author"/);
      expect(body.byCountry.every((c) => c.count === null || c.count >= 5)).toBe(true);
    });

    it('rejects a postings file with a malformed row, naming it, and writes nothing', async () => {
      const csv =
        'date,employer,region,occupation,skills,tech_tags\n' +
        '2025-01-10,Acme,Seoul,Quantum engineer,superconducting qubit control,\n' +
        '2025-13-01,Acme,Seoul,Quantum engineer,qubit,\n';
      const err = await importPostings(t.handle.db, {
        text: csv,
        file: 'bad.csv',
        datasetId: 'jobs-test',
      }).then(
        () => null,
        (e: unknown) => e as CetmapError,
      );
      expect(err).toBeInstanceOf(CetmapError);
      if (!err) return;
      expect(err.code).toBe('CET_BAD_INPUT');
      expect(err.message).toMatch(/bad\.csv: 1 problem\(s\), nothing imported; first at bad\.csv:3 \(date\)/);
      expect(err.issues).toEqual([expect.objectContaining({ location: 'bad.csv:3', field: 'date' })]);
      const n = await t.handle.db
        .selectFrom('job_posting')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
      expect(
        await t.handle.db.selectFrom('dataset').select('id').where('id', '=', 'jobs-test').executeTakeFirst(),
      ).toBeUndefined();
    });

    it('imports, classifies and counts demand by technology, region and month', async () => {
      const csv =
        'date,employer,region,occupation,skills,tech_tags\n' +
        '2024-01-10,Acme,Seoul,Quantum engineer,superconducting qubit control,\n' +
        '2024-01-20,Beta,대전광역시,Research scientist,quantum computing algorithms,\n' +
        '2024-02-03,Gamma,KR-30,Engineer,cryogenic systems,kr2022.quantum.computing\n' +
        '2024-02-05,Delta,Busan,Accountant,bookkeeping,\n';
      const r = await importPostings(t.handle.db, { text: csv, file: 'jobs.csv', datasetId: 'jobs-test' });
      expect(r).toMatchObject({ rows: 4, classified: 3 });
      const d = await postingDemand(t.handle.db, { techId: 'kr2022.quantum.computing' });
      expect(d.postings).toBe(4);
      expect(d.unclassified).toBe(1);
      expect(d.byTechnology).toEqual([
        expect.objectContaining({ techId: 'kr2022.quantum.computing', postings: 3 }),
      ]);
      expect(d.byRegion).toEqual([
        { region: 'KR-30', postings: 2 },
        { region: 'KR-11', postings: 1 },
      ]);
      expect(d.cells).toEqual([
        { techId: 'kr2022.quantum.computing', region: 'KR-11', month: '2024-01', postings: 1 },
        { techId: 'kr2022.quantum.computing', region: 'KR-30', month: '2024-01', postings: 1 },
        { techId: 'kr2022.quantum.computing', region: 'KR-30', month: '2024-02', postings: 1 },
      ]);
      // Importing the same data set again replaces it.
      await importPostings(t.handle.db, { text: csv, file: 'jobs.csv', datasetId: 'jobs-test' });
      const field = await app.inject({
        url: '/api/v1/talent/demand?techId=kr2022.quantum&from=2024-02&to=2024-02',
      });
      expect(field.statusCode).toBe(200);
      expect(field.json()).toMatchObject({
        postings: 2,
        byTechnology: [{ techId: 'kr2022.quantum', postings: 1 }],
      });
    });
  });
}
