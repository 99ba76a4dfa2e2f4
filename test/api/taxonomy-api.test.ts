import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import type {
  TaxonomyDiffDto,
  TechnologyDetailDto,
  VersionSummaryDto,
  VersionTreeDto,
} from '../../src/shared/schemas/taxonomy.js';
import { loadBuiltinTaxonomies } from '../../src/taxonomy/import-queries.js';
import { listAudit } from '../../src/auth/audit-queries.js';
import { applyDraftChange, createDraftVersion } from '../../src/taxonomy/revision-queries.js';
import { asSession, createRoleUsers, roleUser, signInVia } from '../helpers/auth.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`taxonomy API on ${target}`, () => {
    const t = useTestDb(target);
    let app: FastifyInstance;

    beforeAll(async () => {
      await loadBuiltinTaxonomies(t.handle.db);
      app = await buildApp(
        { handle: t.handle },
        { rateLimitPerMinute: 5000, auth: { loginRateLimitPerMinute: 10_000 } },
      );
      await app.ready();
      await createRoleUsers(t.handle);
    });
    afterAll(() => app?.close());

    it('lists the versions with counts and verification status', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/taxonomies' });
      expect(res.statusCode).toBe(200);
      const versions = (res.json() as { versions: VersionSummaryDto[] }).versions;
      const byId = Object.fromEntries(versions.map((v) => [v.id, v]));
      expect(byId['kr-2022']).toMatchObject({
        fieldCount: 12,
        technologyCount: 50,
        jurisdiction: 'KR',
        builtin: true,
      });
      expect(byId['us-2024']?.fieldCount).toBe(18);
      expect(byId['kr-2025']).toMatchObject({ verification: 'unverified', basedOn: 'kr-2022' });
      expect(byId['kr-2022']?.source.citation).toMatch(/MSIT/);
    });

    it("returns one version's tree, and 404 problem+json for an unknown version", async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/taxonomies/eu-2023' });
      expect(res.statusCode).toBe(200);
      const tree = res.json() as VersionTreeDto;
      expect(tree.fields).toHaveLength(10);
      expect(tree.fields.filter((f) => f.highestRisk)).toHaveLength(4);
      expect(tree.fields[0]!.technologies.map((x) => x.id)).toContain(
        'eu2023.semiconductors.microelectronics_including_processors',
      );

      const missing = await app.inject({ method: 'GET', url: '/api/v1/taxonomies/xx-1999' });
      expect(missing.statusCode).toBe(404);
      expect(missing.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(missing.json()).toMatchObject({ code: 'CET_NOT_FOUND' });
    });

    it('returns a Korean key technology with US, EU and ASPI counterparts', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/api/v1/taxonomies/kr-2022/technologies/kr2022.quantum.computing',
      });
      expect(res.statusCode).toBe(200);
      const d = res.json() as TechnologyDetailDto;
      expect(d.technology.nameKo).toBe('양자컴퓨팅');
      expect(d.parent?.id).toBe('kr2022.quantum');
      expect(new Set(d.crosswalk.map((c) => c.jurisdiction))).toEqual(new Set(['US', 'EU', 'ASPI']));
      expect(d.successors.map((s) => s.id)).toEqual(['kr2025.quantum.computing']);
      // The version in the path must be the technology's own.
      const wrong = await app.inject({
        method: 'GET',
        url: '/api/v1/taxonomies/us-2024/technologies/kr2022.quantum.computing',
      });
      expect(wrong.statusCode).toBe(404);
    });

    it('diffs two versions of one jurisdiction and rejects bad queries as problem+json', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/v1/taxonomies/diff?from=kr-2022&to=kr-2025' });
      expect(res.statusCode).toBe(200);
      const diff = res.json() as TaxonomyDiffDto;
      expect(diff.mapping['kr2022.semis.mpe']).toEqual([
        'kr2025.semis_display.semis_mpe',
        'kr2025.semis_display.display_mpe',
      ]);
      expect(diff.counts.merged).toBeGreaterThan(0);

      const cross = await app.inject({
        method: 'GET',
        url: '/api/v1/taxonomies/diff?from=kr-2022&to=us-2024',
      });
      expect(cross.statusCode).toBe(400);
      expect(cross.json().detail).toMatch(/different jurisdictions/);
      const invalid = await app.inject({ method: 'GET', url: '/api/v1/taxonomies/diff?from=KR%202022' });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['querystring.from', 'querystring.to']),
      );
    });

    it("shows a draft's change log with rationale, attached evidence and the modules that collect more", async () => {
      await createDraftVersion(t.handle.db, 'kr-2022', {
        id: 'kr-2027',
        idPrefix: 'kr2027',
        titleEn: 'Draft',
      });
      await applyDraftChange(t.handle.db, 'kr-2027', {
        kind: 'rename',
        id: 'kr2027.comms.6g',
        nameEn: '6G mobile communications',
        rationale: 'clearer name',
        evidence: [{ kind: 'document', ref: 'https://example.org/roadmap' }],
      });
      const res = await app.inject({ method: 'GET', url: '/api/v1/taxonomies/kr-2027/changes' });
      expect(res.statusCode).toBe(200);
      expect(res.json().changes).toEqual([
        expect.objectContaining({
          seq: 1,
          kind: 'rename',
          rationale: 'clearer name',
          evidence: {
            attached: [{ kind: 'document', ref: 'https://example.org/roadmap' }],
            collected: [], // no forum proposal concerns this technology
            providers: ['forum'],
          },
        }),
      ]);
      const diff = (
        await app.inject({ method: 'GET', url: '/api/v1/taxonomies/diff?from=kr-2022&to=kr-2027' })
      ).json() as TaxonomyDiffDto;
      expect(diff.entries).toEqual([
        expect.objectContaining({
          kind: 'renamed',
          from: [expect.objectContaining({ id: 'kr2022.comms.6g' })],
        }),
      ]);
    });

    it('revises a list through the API: draft, changes with rationales, publish, each audited', async () => {
      const analyst = asSession(await signInVia(app, roleUser('analyst')));
      const manager = asSession(await signInVia(app, roleUser('programme_manager')));
      const draft = {
        from: 'kr-2022',
        id: 'kr-2029',
        idPrefix: 'kr2029',
        titleEn: 'Revision 2029',
        titleKo: '2029 개정',
      };
      const post = (url: string, payload: unknown, headers: Record<string, string> = analyst) =>
        app.inject({ method: 'POST', url: `/api/v1/taxonomies${url}`, payload: payload as object, headers });

      expect((await post('/drafts', draft, {})).statusCode).toBe(401);
      expect((await post('/drafts', draft, manager)).statusCode).toBe(403); // no taxonomy:write
      // signed in by cookie but without the CSRF token
      expect((await post('/drafts', draft, { cookie: analyst.cookie! })).statusCode).toBe(403);

      const created = await post('/drafts', draft);
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toEqual({ id: 'kr-2029' });
      expect((await post('/drafts', draft)).statusCode).toBe(409); // the id is taken

      const rename = {
        kind: 'rename',
        id: 'kr2029.comms.6g',
        nameEn: '6G and beyond',
        rationale: 'matches the 2029 roadmap',
      };
      const applied = await post('/kr-2029/changes', rename);
      expect(applied.statusCode, applied.body).toBe(201);
      expect(applied.json()).toEqual({ seq: 1 });
      const noReason = await post('/kr-2029/changes', { ...rename, rationale: '' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.body).toMatch(/rationale/);
      const unknownTech = await post('/kr-2029/changes', { ...rename, id: 'kr2029.no.such' });
      expect(unknownTech.statusCode).toBe(400);

      const log = (await app.inject({ method: 'GET', url: '/api/v1/taxonomies/kr-2029/changes' })).json();
      expect(log.changes).toEqual([
        expect.objectContaining({ seq: 1, kind: 'rename', createdBy: 'user:analyst' }),
      ]);

      const published = await post('/kr-2029/publish', { date: '2029-01-15' });
      expect(published.statusCode, published.body).toBe(200);
      expect(published.json()).toEqual({ id: 'kr-2029', publishedOn: '2029-01-15' });
      expect((await post('/kr-2029/changes', rename)).statusCode).toBe(400); // published lists do not change
      const version = (await app.inject({ method: 'GET', url: '/api/v1/taxonomies/kr-2029' })).json();
      expect(version.version).toMatchObject({ status: 'published' });

      const audit = await listAudit(t.handle.db, { objectType: 'taxonomy_version', objectId: 'kr-2029' });
      expect(audit.map((e) => [e.action, e.actor]).reverse()).toEqual([
        ['taxonomy.draft.create', 'user:analyst'],
        ['taxonomy.change.apply', 'user:analyst'],
        ['taxonomy.publish', 'user:analyst'],
      ]);
    });
  });
}
