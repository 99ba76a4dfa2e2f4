import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { verifyAudit } from '../../src/auth/audit-queries.js';
import { main } from '../../src/cli/main.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { listPolicyEvents, technologyWatchList } from '../../src/foresight/policy-queries.js';
import { accelerationAt, watchList } from '../../src/foresight/policy-signals.js';
import type { PolicyEventDto, WatchListDto } from '../../src/shared/schemas/foresight.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { asSession, createRoleUsers, signInVia } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

describe('policy signals (pure)', () => {
  // Country A grows 20 %/yr from 2015; B is flat. A announced policies in 2019, 2021 and 2022.
  const facts: Array<{ country: string; year: number; works: number }> = [];
  for (let y = 2010; y <= 2025; y++) {
    facts.push({ country: 'AA', year: y, works: y < 2015 ? 100 : 100 * 1.2 ** (y - 2015) });
    facts.push({ country: 'BB', year: y, works: 300 });
  }
  const events = [
    { country: 'AA', year: 2019, techId: 'x.t' },
    ...[2024, 2024, 2024, 2025, 2025, 2025].map((year) => ({ country: 'AA', year, techId: 'x.t' })),
    ...facts
      .filter((f) => f.country === 'BB')
      .map((f) => ({ country: 'BB', year: f.year, techId: 'x.other' })),
  ];

  it('flags output acceleration with its numbers, using data up to each year only', () => {
    const series = new Map(facts.filter((f) => f.country === 'AA').map((f) => [f.year, f.works]));
    const a = accelerationAt(series, 2025);
    expect(a.recentCagr).toBeCloseTo(0.2, 9);
    expect(a.earlierCagr).toBeCloseTo(0.2, 9);
    expect(a.on).toBe(false); // steady growth is not acceleration
    const s2018 = accelerationAt(series, 2018);
    expect(s2018.on).toBe(true); // 2015→2018 at 20 %/yr after flat 2012→2015
  });

  it('builds a watch list with rationale, lead times and the disclaimer', () => {
    const w = watchList('x.t', facts, events, 2025);
    expect(w.disclaimer).toMatch(/not predictions/);
    const a = w.items.find((i) => i.country === 'AA')!;
    expect(a.signals).toContain('policy_burst');
    expect(a.signals).toContain('rising_concentration');
    expect(a.rationale.join(' ')).toMatch(/HHI rose/);
    // 2019 event: acceleration first on in 2018 (lead 1 year, looking back up to 5 years: first on at 2018 = k 1)
    expect(a.history.events).toBe(7);
    expect(a.history.withPriorSignal).toBeGreaterThanOrEqual(1);
    expect(a.history.medianLeadYears).not.toBeNull();
    expect(w.items.find((i) => i.country === 'BB')).toBeUndefined();
  });
});

const dir = mkdtempSync(join(tmpdir(), 'cetmap-policy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const target of TEST_TARGETS) {
  describe(`policy-event register on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    beforeAll(async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder]);
      await createRoleUsers(t.handle);
      app = await buildApp({ handle: t.handle });
      await app.ready();
    });
    afterAll(() => app?.close());

    it('adds events through the API for analysts only, audited, and lists them publicly', async () => {
      const payload = {
        events: [
          {
            country: 'us',
            date: '2022-08-09',
            tech_id: 'kr2022.semis',
            instrument: 'funding',
            title: 'CHIPS and Science Act',
            amount: 52.7e9,
            currency: 'USD',
            source_url: 'https://www.congress.gov/bill/117th-congress/house-bill/4346',
          },
          {
            country: 'CN',
            date: '2023-07',
            tech_id: 'kr2022.semis',
            instrument: 'export_control',
            title: 'Export control on gallium and germanium items',
            source_url: 'http://www.mofcom.gov.cn/article/zwgk/gkzcfb/202307/20230703419666.shtml',
          },
        ],
      };
      const anonymous = await app.inject({ method: 'POST', url: '/api/v1/foresight/policy-events', payload });
      expect(anonymous.statusCode).toBe(401);
      const pm = await signInVia(app, 'programme-manager');
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/foresight/policy-events',
        payload,
        headers: asSession(pm),
      });
      expect(refused.statusCode).toBe(403);
      const analyst = await signInVia(app, 'analyst');
      const ok = await app.inject({
        method: 'POST',
        url: '/api/v1/foresight/policy-events',
        payload,
        headers: asSession(analyst),
      });
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json()).toEqual({ inserted: 2, updated: 0 });
      const again = await app.inject({
        method: 'POST',
        url: '/api/v1/foresight/policy-events',
        payload,
        headers: asSession(analyst),
      });
      expect(again.json()).toEqual({ inserted: 0, updated: 2 });
      const bad = await app.inject({
        method: 'POST',
        url: '/api/v1/foresight/policy-events',
        payload: {
          events: [
            { country: 'USA', date: '2022-13-40', instrument: 'tweet', title: 'x', source_url: 'nope' },
          ],
        },
        headers: asSession(analyst),
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toContain('events[0]');

      const list = await app.inject({ url: '/api/v1/foresight/policy-events?tech=kr2022.semis' });
      expect(list.statusCode).toBe(200);
      const events = (list.json() as { events: PolicyEventDto[] }).events;
      expect(events.map((e) => e.country)).toEqual(['CN', 'US']);
      expect(events[0]!.date).toBe('2023-07-01');
      expect(events[1]!.createdBy).toBe('user:analyst');

      const del = await app.inject({
        method: 'DELETE',
        url: `/api/v1/foresight/policy-events/${events[0]!.id}`,
        headers: asSession(analyst),
      });
      expect(del.statusCode).toBe(204);
      expect(await listPolicyEvents(t.handle.db)).toHaveLength(1);
      const audit = await t.handle.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'like', 'policy.%')
        .execute();
      expect(audit.map((a) => a.action).sort()).toEqual(['policy.delete', 'policy.import', 'policy.import']);
      expect((await verifyAudit(t.handle.db)).ok).toBe(true);

      const watch = await app.inject({ url: '/api/v1/foresight/technologies/kr2022.semis/watch' });
      expect(watch.statusCode, watch.body).toBe(200);
      expect((watch.json() as WatchListDto).disclaimer).toMatch(/not predictions/);
      await expect(technologyWatchList(t.handle.db, 'kr2022.nope')).rejects.toThrow(/not found/);
    });
  });
}

describe('cetmap policy commands', () => {
  it('imports a CSV, reports bad rows with their location, lists and watches', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cetmap-policy-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CETMAP_HOME: home };
    delete env.DATABASE_URL;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    const csv = join(dir, 'events.csv');
    writeFileSync(
      csv,
      'country,date,tech_id,instrument,title,amount,currency,source_url,note\n' +
        'JP,2023-05-23,kr2022.semis,export_control,Export controls on 23 semiconductor manufacturing items,,,https://www.meti.go.jp/english/press/2023/0523_002.html,\n' +
        'KR,2023,kr2022.semis,law,K-Chips Act,,,https://www.law.go.kr/,tax credit\n',
    );
    const badCsv = join(dir, 'bad.csv');
    writeFileSync(
      badCsv,
      'country,date,instrument,title,source_url\nKR,2023-01-01,rumour,x,https://a.example\n',
    );
    try {
      expect(await main(['node', 'cetmap', 'policy', 'import', csv], io, env), err.join('\n')).toBe(0);
      expect(out.join('\n')).toContain('2 event(s) added');
      expect(await main(['node', 'cetmap', 'policy', 'import', badCsv], io, env)).toBe(1);
      expect(err.join('\n')).toContain('bad.csv:row 2');
      out.length = 0;
      expect(await main(['node', 'cetmap', 'policy', 'list', '--format', 'json'], io, env)).toBe(0);
      expect((JSON.parse(out.join('\n')) as unknown[]).length).toBe(2);
      out.length = 0;
      expect(await main(['node', 'cetmap', 'policy', 'watch', '--tech', 'kr2022.semis'], io, env)).toBe(0);
      expect(out.join('\n')).toMatch(/not predictions of any government/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});
