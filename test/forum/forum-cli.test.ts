/** `cetmap forum export|queue|hide|restore` in-process, on an embedded database prepared through the queries. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/auth/audit-queries.js';
import { createUser } from '../../src/auth/user-queries.js';
import { openDatabase, targetFromConfig } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { createComment, createProposal, reportContent, setVote } from '../../src/forum/forum-queries.js';
import { DEFAULT_RATE_LIMITS } from '../../src/forum/rate-limit.js';
import { loadConfig } from '../../src/shared/config.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { createDraftVersion } from '../../src/taxonomy/revision-queries.js';
import { cliRunner } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-forum-cli-'));
const env = { CETMAP_HOME: home, DATABASE_URL: '' };
const run = cliRunner(env);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('cetmap forum', () => {
  let commentId = 0;

  beforeAll(async () => {
    const handle = await openDatabase(targetFromConfig(loadConfig(env)));
    try {
      await migrateToLatest(handle.db, { kind: handle.kind });
      await seedFirstRun(handle, () => {}, [taxonomySeeder]);
      await createDraftVersion(handle.db, 'kr-2025', { id: 'kr-2027', idPrefix: 'kr2027', titleEn: 'Draft' });
      const a = await createUser(
        handle.db,
        { username: 'citizen-a', password: 'a long passphrase 1', roles: ['public'] },
        'cli:test',
      );
      const b = await createUser(
        handle.db,
        { username: 'citizen-b', password: 'a long passphrase 2', roles: ['public'] },
        'cli:test',
      );
      const ctx = (userId: number) => ({
        userId,
        ip: '10.0.0.1',
        limits: DEFAULT_RATE_LIMITS,
        moderator: false,
      });
      const p = await createProposal(
        handle.db,
        {
          kind: 'add_technology',
          techId: 'kr2025.quantum',
          proposedName: '양자 센서 네트워크',
          title: '양자 센서 네트워크 추가',
          body: '국가 표준 시험망이 필요합니다.',
          links: [],
        },
        ctx(a.id),
      );
      await setVote(handle.db, p.id, 1, { id: b.id, moderator: false });
      const q = await createProposal(
        handle.db,
        {
          kind: 'regulation',
          techId: 'kr2025.ai.efficient',
          title: 'Clear rules for AI testbeds',
          body: 'Sandbox rules.',
          links: [],
        },
        ctx(b.id),
      );
      await setVote(handle.db, q.id, 1, { id: a.id, moderator: false });
      commentId = (await createComment(handle.db, q.id, { body: 'buy followers here' }, ctx(a.id))).id;
      await reportContent(handle.db, { type: 'comment', id: commentId }, 'spam', ctx(b.id));
    } finally {
      await handle.close();
    }
  }, 120_000);

  it('exports demand for a revision draft as CSV and JSON', async () => {
    const out = join(home, 'demand.csv');
    const r = await run('forum', 'export', '--version', 'kr-2027', '--format', 'csv', '--out', out);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/wrote demand for kr-2027 \(1 technologies, 1 proposed new technologies\)/);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'item,tech_id,name_ko,name_en,proposals,supports,opposes,participants,recent_supports,previous_supports,trend,strongest_proposals',
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^technology,kr2027\.ai\.efficient,.*,1,1,0,2,1,0,new,#2 Clear rules for AI testbeds \(\+1\)$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^new_technology,kr2027\.quantum,,양자 센서 네트워크,1,1,0,2,/),
    );
    const json = await run('forum', 'export', '--version', 'kr-2027');
    expect(JSON.parse(json.out)).toMatchObject({
      version: 'kr-2027',
      method: expect.stringMatching(/lineage/),
    });
  });

  it('lists the moderation queue, hides with a reason and audits it', async () => {
    const queue = await run('forum', 'queue');
    expect(queue.code, queue.err).toBe(0);
    expect(queue.out).toMatch(
      new RegExp(`comment ${commentId}\\s+visible\\s+1\\s+citizen-a\\s+buy followers here`),
    );
    const hide = await run('forum', 'hide', 'comment', String(commentId), '--reason', 'spam');
    expect(hide.out).toBe(`comment ${commentId}: hidden (spam)`);
    expect((await run('forum', 'queue')).out).toBe('the moderation queue is empty');
    expect((await run('forum', 'hide', 'vote', '1', '--reason', 'x')).code).toBe(1);
    const handle = await openDatabase(targetFromConfig(loadConfig(env)));
    try {
      const entries = await listAudit(handle.db, { action: 'forum.moderation.hide' });
      expect(entries.map((e) => [e.objectId, e.actor.startsWith('cli:')])).toEqual([
        [String(commentId), true],
      ]);
    } finally {
      await handle.close();
    }
  });
});
