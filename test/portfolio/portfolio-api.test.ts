/**
 * The performance-management API: templates, KPI import (rejected as a whole with located errors), the mission
 * board, a review with its recommended budget change next to the budget line, its audit entry and history, exports
 * and the annual report PDF; reads need programmes:read, writes programmes:write.
 */
import type { FastifyInstance } from 'fastify';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { listAudit } from '../../src/auth/audit-queries.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { portfolioSeeder } from '../../src/portfolio/portfolio-seeder.js';
import { tableXlsx } from '../../src/portfolio/table-io.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { asSession, createRoleUsers, roleUser, signInVia, type Session } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const KPIS_CSV =
  'id,cet,mission_id,name_ko,name_en,unit,direction,baseline,baseline_year,owner_ministry\n' +
  'k-q1,kr2022.quantum,mq,큐비트 수,Qubits,count,increase,20,2023,MSIT\n';
const MISSIONS_CSV =
  'id,cet,name_ko,name_en,ministry,start_year,end_year,source\n' +
  'mq,kr2022.quantum,양자컴퓨터 실증,Quantum computer demonstration,MSIT,2024,2028,MSIT plan\n';

for (const target of TEST_TARGETS) {
  describe(`portfolio API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    let pm: Session;
    let analyst: Session;

    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder, portfolioSeeder]);
      app = await buildApp(
        { handle: t.handle },
        { rateLimitPerMinute: 100_000, auth: { loginRateLimitPerMinute: 10_000 } },
      );
      await app.ready();
      await createRoleUsers(t.handle);
      pm = await signInVia(app, roleUser('programme_manager'));
      analyst = await signInVia(app, roleUser('analyst'));
    }, 120_000);
    afterAll(() => app?.close());

    it('serves import templates as CSV and XLSX to anyone', async () => {
      const csv = await app.inject({ url: '/api/v1/portfolio/templates/kpis' });
      expect(csv.statusCode).toBe(200);
      expect(csv.body.split('\n')[0]).toBe(
        'id,cet,mission_id,name_ko,name_en,unit,direction,baseline,baseline_year,owner_ministry',
      );
      const xlsx = await app.inject({ url: '/api/v1/portfolio/templates/milestones?format=xlsx' });
      expect(xlsx.headers['content-type']).toMatch(/spreadsheetml/);
      const sheets = await readXlsxFile(xlsx.rawPayload);
      expect(sheets[0]!.data[0]).toEqual([
        'id',
        'mission_id',
        'name_ko',
        'name_en',
        'planned_date',
        'forecast_date',
        'actual_date',
      ]);
    });

    it('rejects a KPI import with a bad row, naming its location, and writes nothing', async () => {
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/portfolio/import', payload: {} });
      expect(anonymous.statusCode).toBe(401);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/portfolio/import',
        headers: asSession(pm),
        payload: {
          missions: { csv: MISSIONS_CSV },
          kpis: { csv: KPIS_CSV },
          kpiValues: {
            name: 'values.csv',
            csv: 'kpi_id,year,target,actual\nk-q1,2025,50,44\nk-q1,20x5,50,\n',
          },
        },
      });
      expect(res.statusCode).toBe(400);
      const problem = res.json<{ detail: string; errors: Array<{ location: string; field: string }> }>();
      expect(problem.detail).toMatch(/nothing written: values.csv:row 3 year/);
      expect(problem.errors).toEqual([
        expect.objectContaining({ location: 'values.csv:row 3', field: 'year' }),
      ]);
      expect(await t.handle.db.selectFrom('kpi').selectAll().execute()).toEqual([]);
      expect(await t.handle.db.selectFrom('mission').selectAll().execute()).toEqual([]);
    });

    it('imports KPIs from CSV and XLSX and shows them on the board; analysts may read but not write', async () => {
      const values = await tableXlsx(['kpi_id', 'year', 'target', 'actual'], [['k-q1', 2025, 50, 44]]);
      const forbidden = await app.inject({
        method: 'POST',
        url: '/api/v1/portfolio/import',
        headers: asSession(analyst),
        payload: { kpis: { csv: KPIS_CSV } },
      });
      expect(forbidden.statusCode).toBe(403);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/portfolio/import',
        headers: asSession(pm),
        payload: {
          missions: { csv: MISSIONS_CSV },
          milestones: {
            csv: 'id,mission_id,name_ko,name_en,planned_date,forecast_date,actual_date\nmq-1,mq,시연,Demo,2025-06-30,,2025-08-09\n',
          },
          kpis: { csv: KPIS_CSV },
          kpiValues: { name: 'values.xlsx', xlsxBase64: values.toString('base64') },
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ missions: 1, milestones: 1, kpis: 1, kpiValues: 1, changed: 4 });
      const board = await app.inject({
        url: '/api/v1/portfolio/cets/kr2022.quantum/board?year=2025',
        headers: asSession(analyst),
      });
      expect(board.statusCode).toBe(200);
      const b = board.json<{
        kpis: Array<{ id: string; status: string; actual: number }>;
        missions: Array<{ milestones: Array<{ slippage: { daysLate: number; state: string } }> }>;
      }>();
      expect(b.kpis).toEqual([expect.objectContaining({ id: 'k-q1', status: 'at_risk', actual: 44 })]);
      expect(b.missions[0]!.milestones[0]!.slippage).toMatchObject({ daysLate: 40, state: 'done_late' });
      expect((await app.inject({ url: '/api/v1/portfolio/cets/kr2022.quantum/board' })).statusCode).toBe(401);
    });

    it('keeps a review with its recommended change next to the budget line, audited and in the history', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/portfolio/reviews',
        headers: asSession(pm),
        payload: {
          cetId: 'kr2022.quantum',
          year: 2025,
          scores: { technology: 4, projects: 4, talent: 2, international: 3, institutional: 3 },
          comments: { talent: '박사급 인력 부족' },
          recommendedChangeKrw: 2_000_000_000,
          rationale: 'talent programme',
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      const review = res.json<{ id: number; recommendedYear: number; reviewer: string }>();
      expect(review).toMatchObject({ recommendedYear: 2026, reviewer: 'user:programme-manager' });
      const lines = await app.inject({
        url: '/api/v1/portfolio/budget-lines?cet=kr2022.quantum',
        headers: asSession(pm),
      });
      const line = lines
        .json<{ lines: Array<{ year: number; allocatedKrw: number | null; recommendedChangeKrw: number }> }>()
        .lines.find((l) => l.year === 2026)!;
      expect(line.recommendedChangeKrw).toBe(2_000_000_000);
      expect(line.allocatedKrw).toBeGreaterThan(0);
      const audit = await listAudit(t.handle.db, { action: 'portfolio.review.' });
      expect(audit.map((a) => [a.action, a.actor, a.objectId])).toEqual([
        ['portfolio.review.submit', 'user:programme-manager', String(review.id)],
      ]);
      const history = await app.inject({
        url: `/api/v1/portfolio/history?objectType=cet_review&objectId=${review.id}`,
        headers: asSession(analyst),
      });
      expect(history.json<{ changes: Array<{ actor: string; before: unknown }> }>().changes).toEqual([
        expect.objectContaining({ actor: 'user:programme-manager', before: null }),
      ]);
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/portfolio/reviews',
        headers: asSession(pm),
        payload: {
          cetId: 'kr2022.quantum',
          year: 2025,
          scores: { technology: 6, projects: 4, talent: 2, international: 3, institutional: 3 },
          recommendedChangeKrw: 0,
        },
      });
      expect(bad.statusCode).toBe(400);
    });

    it('exports every table as CSV or XLSX and renders the annual report PDF', async () => {
      for (const table of [
        'programmes',
        'budgets',
        'missions',
        'milestones',
        'kpis',
        'kpi_values',
        'reviews',
        'changes',
      ]) {
        const r = await app.inject({ url: `/api/v1/portfolio/export/${table}`, headers: asSession(analyst) });
        expect(r.statusCode, table).toBe(200);
        expect(r.body.split('\n').length, table).toBeGreaterThan(2);
      }
      const kpis = await app.inject({ url: '/api/v1/portfolio/export/kpis', headers: asSession(analyst) });
      expect(kpis.body).toContain('k-q1,kr2022.quantum,mq,큐비트 수,Qubits,count,increase,20,2023,MSIT');
      const x = await app.inject({
        url: '/api/v1/portfolio/export/reviews?format=xlsx',
        headers: asSession(analyst),
      });
      expect((await readXlsxFile(x.rawPayload))[0]!.data[1]).toContain('kr2022.quantum');
      expect((await app.inject({ url: '/api/v1/portfolio/export/kpis' })).statusCode).toBe(401);
      const pdf = await app.inject({
        url: '/api/v1/portfolio/cets/kr2022.quantum/report.pdf?year=2025',
        headers: asSession(analyst),
      });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });
  });
}
