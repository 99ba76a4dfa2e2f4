/**
 * Research security through the HTTP API: intake with a reference number, screening with its explanation,
 * who may see which case, the review workflow with every step audited, deadlines with deemed consent,
 * attachments refused or kept with a checksum, reporting without personal data, and the intake rate limit.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { listAudit, verifyAudit } from '../../src/auth/audit-queries.js';
import { createUser } from '../../src/auth/user-queries.js';
import { seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { recordDeemedConsent } from '../../src/security/security-queries.js';
import { loadBuiltinTaxonomies } from '../../src/taxonomy/import-queries.js';
import { TEST_PASSWORD, asSession, signInVia, type Session } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const intake = {
  caseType: 'data-request',
  counterpartName: 'Example Defense Academy',
  counterpartCountry: 'XX',
  description: 'They ask for the design files of our neuromorphic accelerator chip, which are not published.',
  technologyIds: ['kr2022.semis.ai_chip'],
  undisclosed: true,
  receivedOn: '2026-11-01',
};

for (const target of TEST_TARGETS) {
  describe(`research security API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;
    const s: Record<string, Session> = {};

    beforeAll(async () => {
      app = await buildApp(
        { handle: t.handle },
        {
          rateLimitPerMinute: 100_000,
          auth: { loginRateLimitPerMinute: 10_000 },
          security: { intakePerHour: 6 },
        },
      );
      await app.ready();
      await loadBuiltinTaxonomies(t.handle.db);
      await seedStarterRecipes(t.handle.db);
      const users: Array<[string, string[], string | null]> = [
        ['kim', ['researcher'], 'KAIST'],
        ['lee', ['researcher'], 'KAIST'],
        ['park', ['security_reviewer'], 'KAIST'],
        ['choi', ['security_reviewer'], 'POSTECH'],
        ['admin', ['admin'], null],
        ['citizen', ['public'], null],
      ];
      for (const [username, roles, organisation] of users) {
        await createUser(t.handle.db, { username, password: TEST_PASSWORD, roles, organisation }, 'cli:test');
        s[username] = await signInVia(app, username);
      }
      const wl = await app.inject({
        method: 'POST',
        url: '/api/v1/security/watchlist',
        headers: asSession(s.admin!),
        payload: {
          entries: [
            {
              name: 'Example Defence Academy',
              aliases: ['EDA'],
              country: 'XX',
              source: 'test list',
              reason: 'dual-use',
            },
          ],
        },
      });
      expect(wl.statusCode, wl.body).toBe(200);
    }, 120_000);
    afterAll(() => app?.close());

    const post = (who: string, url: string, payload: unknown) =>
      app.inject({ method: 'POST', url, headers: asSession(s[who]!), payload: payload as object });
    const get = (who: string | null, url: string) =>
      app.inject({ method: 'GET', url, headers: who ? { cookie: s[who]!.cookie } : {} });

    let reference = '';

    it('saves a case, gives the submitter a reference, and screens it with every rule explained', async () => {
      const res = await post('kim', '/api/v1/security/cases', intake);
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json();
      reference = c.reference;
      expect(reference).toMatch(/^RS-\d{4}-\d{6}$/);
      expect(c.status).toBe('submitted');
      expect(c.screening).toBeNull(); // the submitter does not see the watch-list explanation
      expect(c.deadlines).toMatchObject({ notifyDue: '2026-12-31', deemedConsent: true });

      const r = await get('park', `/api/v1/security/cases/${reference}`);
      expect(r.statusCode, r.body).toBe(200);
      const view = r.json();
      expect(view.riskLevel).toBe('high');
      const fired = view.screening.contributions.map((x: { ruleId: string }) => x.ruleId);
      expect(fired).toEqual(
        expect.arrayContaining([
          'strategic-tech-picked',
          'strategic-tech-described',
          'watchlist-entity',
          'undisclosed-strategic',
        ]),
      );
      expect(view.riskScore).toBe(
        view.screening.contributions.reduce((a: number, x: { points: number }) => a + x.points, 0),
      );
      const wl = view.screening.contributions.find(
        (x: { ruleId: string }) => x.ruleId === 'watchlist-entity',
      );
      expect(wl.evidence).toContain('Example Defence Academy');
      expect(view.events.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'screened']);
    });

    it('lets only the submitter, reviewers of the same organisation and admins read a case', async () => {
      expect((await get('kim', `/api/v1/security/cases/${reference}`)).statusCode).toBe(200);
      expect((await get('admin', `/api/v1/security/cases/${reference}`)).statusCode).toBe(200);
      expect((await get('lee', `/api/v1/security/cases/${reference}`)).statusCode).toBe(404);
      expect((await get('choi', `/api/v1/security/cases/${reference}`)).statusCode).toBe(404);
      expect((await get('citizen', `/api/v1/security/cases/${reference}`)).statusCode).toBe(403);
      expect((await get(null, `/api/v1/security/cases/${reference}`)).statusCode).toBe(401);
      expect((await get('lee', '/api/v1/security/cases/mine')).json().cases).toEqual([]);
      expect((await get('choi', '/api/v1/security/queue')).json().cases).toEqual([]);
      expect((await get('kim', '/api/v1/security/queue')).statusCode).toBe(403);
      // a researcher cannot decide, even their own case
      expect(
        (
          await post('kim', `/api/v1/security/cases/${reference}/decision`, {
            decision: 'approve',
            reason: 'x',
          })
        ).statusCode,
      ).toBe(403);
    });

    it('runs the review: queue, assignment, request for information, answer, decision — each step audited', async () => {
      const queue = (await get('park', '/api/v1/security/queue')).json();
      expect(queue.cases[0]).toMatchObject({ reference, riskLevel: 'high' });
      expect(
        (await post('park', `/api/v1/security/cases/${reference}/assign`, { assignee: 'park' })).json()
          .status,
      ).toBe('in-review');
      await post('park', `/api/v1/security/cases/${reference}/comments`, { body: 'internal: check the lab' });
      const rfi = await post('park', `/api/v1/security/cases/${reference}/information-requests`, {
        question: 'Which files exactly?',
      });
      expect(rfi.json().status).toBe('awaiting-information');
      // the submitter sees the question but not the internal comment
      const mine = (await get('kim', `/api/v1/security/cases/${reference}`)).json();
      expect(mine.events.map((e: { kind: string }) => e.kind)).toEqual([
        'submitted',
        'information-requested',
      ]);
      const answered = await post('kim', `/api/v1/security/cases/${reference}/responses`, {
        answer: 'Layout files v3.',
      });
      expect(answered.json().status).toBe('in-review');
      const bad = await post('park', `/api/v1/security/cases/${reference}/decision`, {
        decision: 'approve-with-conditions',
        reason: 'ok',
      });
      expect(bad.statusCode).toBe(400);
      const decided = await post('park', `/api/v1/security/cases/${reference}/decision`, {
        decision: 'refuse',
        reason: 'Undisclosed design of a strategic technology.',
      });
      expect(decided.json()).toMatchObject({ status: 'decided', decision: 'refuse' });
      expect(
        (
          await post('park', `/api/v1/security/cases/${reference}/decision`, {
            decision: 'approve',
            reason: 'x',
          })
        ).statusCode,
      ).toBe(409);

      const audit = await listAudit(t.handle.db, { objectId: reference });
      expect(audit.map((a) => a.action).reverse()).toEqual([
        'security.case.submitted',
        'security.case.screened',
        'security.case.assigned',
        'security.case.comment',
        'security.case.information-requested',
        'security.case.information-provided',
        'security.case.decided',
      ]);
      expect(JSON.stringify(audit)).not.toContain('neuromorphic'); // case text only as digests
      expect((await verifyAudit(t.handle.db)).ok).toBe(true);
    });

    it('records deemed consent once the answer deadline lapses undecided', async () => {
      const c = (
        await post('lee', '/api/v1/security/cases', {
          ...intake,
          counterpartName: 'Université Exemple',
          receivedOn: '2026-01-05',
        })
      ).json();
      const lapsed = await recordDeemedConsent(t.handle.db, 'cli:test', '2099-01-01');
      expect(lapsed).toContain(c.reference);
      expect(await recordDeemedConsent(t.handle.db, 'cli:test', '2099-01-01')).toEqual([]);
      const view = (await get('lee', `/api/v1/security/cases/${c.reference}`)).json();
      expect(view).toMatchObject({ status: 'decided', decision: 'deemed-consent' });
      expect(view.deadlines.notifiedLate).toBe(true);
    });

    it('refuses wrong or oversized attachments and keeps good ones with their checksum', async () => {
      const url = `/api/v1/security/cases/${reference}/attachments?filename=`;
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(100, 32)]);
      const upload = (name: string, type: string, body: Buffer) =>
        app.inject({
          method: 'POST',
          url: url + encodeURIComponent(name),
          headers: { ...asSession(s.kim!), 'content-type': type },
          payload: body,
        });
      const ok = await upload('letter.pdf', 'application/pdf', pdf);
      expect(ok.statusCode, ok.body).toBe(201);
      expect(ok.json().sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      const fake = await upload('letter.pdf', 'application/pdf', Buffer.from('MZ not a pdf'));
      expect(fake.statusCode).toBe(400);
      expect(fake.json().detail).toContain('not a application/pdf');
      expect((await upload('x.exe', 'application/x-msdownload', Buffer.from('MZ'))).statusCode).toBe(415);
      const huge = await upload(
        'big.pdf',
        'application/pdf',
        Buffer.concat([Buffer.from('%PDF'), Buffer.alloc(11 * 1024 * 1024)]),
      );
      expect(huge.statusCode).toBe(413);
      const back = await get('park', `/api/v1/security/cases/${reference}/attachments/${ok.json().id}`);
      expect(back.statusCode).toBe(200);
      expect(back.headers['x-content-type-options']).toBe('nosniff');
      expect(back.rawPayload.equals(pdf)).toBe(true);
      expect(
        (await get('lee', `/api/v1/security/cases/${reference}/attachments/${ok.json().id}`)).statusCode,
      ).toBe(404);
    });

    it('reports counts and exports rows without personal data', async () => {
      const r = (await get('park', '/api/v1/security/report')).json();
      expect(r.report.cases).toBe(2);
      expect(r.report.byOutcome).toEqual({ refuse: 1, 'deemed-consent': 1 });
      expect(r.report.medianDaysToDecision).toBe(0);
      const csv = (await get('park', '/api/v1/security/report?format=csv')).body;
      expect(csv.split('\n')[0]).toBe(
        'reference,caseType,organisation,counterpartCountry,technologyIds,riskLevel,status,decision,submittedOn,decidedOn,daysToDecision',
      );
      expect(csv).not.toContain('kim');
      expect(csv).not.toContain('neuromorphic');
      expect((await get('choi', '/api/v1/security/report')).json().report.cases).toBe(0);
    });

    it('validates intake with located errors and rate-limits it', async () => {
      const bad = await post('kim', '/api/v1/security/cases', {
        ...intake,
        counterpartCountry: 'Korea',
        description: 'short',
      });
      expect(bad.statusCode).toBe(400);
      const fields = bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort();
      expect(fields).toEqual(['body.counterpartCountry', 'body.description']);
      let last = 0;
      for (let i = 0; i < 8; i++) last = (await post('kim', '/api/v1/security/cases', intake)).statusCode;
      expect(last).toBe(429);
    });

    it('publishes a new rule version only when valid, and screens with it', async () => {
      const rules = (await get('park', '/api/v1/security/rules')).json().ruleSets[0].rules;
      const refused = await app.inject({
        method: 'PUT',
        url: '/api/v1/security/rules',
        headers: asSession(s.park!),
        payload: { rules },
      });
      expect(refused.statusCode).toBe(403); // reviewers read rules; admins edit them
      const broken = await app.inject({
        method: 'PUT',
        url: '/api/v1/security/rules',
        headers: asSession(s.admin!),
        payload: { rules: { ...rules, thresholds: { medium: 50, high: 10 } } },
      });
      expect(broken.statusCode).toBe(400);
      const published = await app.inject({
        method: 'PUT',
        url: '/api/v1/security/rules',
        headers: asSession(s.admin!),
        payload: { rules: { ...rules, thresholds: { medium: 10, high: 20 } }, note: 'stricter' },
      });
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toMatchObject({ version: 2, active: true });
      const test = await post('park', '/api/v1/security/rules/test', {
        ...intake,
        technologyIds: [],
        undisclosed: false,
        counterpartName: 'Nobody',
        description: 'A general visit about soil microbes only.',
      });
      expect(test.json()).toMatchObject({ ruleSetVersion: 2, score: 0, level: 'low' });
    });
  });
}
