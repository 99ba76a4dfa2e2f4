/** The audit log on the database: append-only by trigger, a chain that verifies, and one that shows tampering. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { appendAudit, listAudit, verifyAudit } from '../../src/auth/audit-queries.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`audit log on ${target}`, () => {
    const t = useTestDb(target);

    it('chains entries appended concurrently and in a caller’s transaction', async () => {
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          appendAudit(t.handle.db, {
            actor: 'user:a',
            action: 'thing.change',
            objectType: 'thing',
            objectId: i,
            after: { i },
          }),
        ),
      );
      await t.handle.db.transaction().execute(async (trx) => {
        await appendAudit(trx, { actor: 'user:a', action: 'thing.create', detail: { note: '한글 ok' } });
      });
      await expect(
        t.handle.db.transaction().execute(async (trx) => {
          await appendAudit(trx, { actor: 'user:a', action: 'thing.rolled_back' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const v = await verifyAudit(t.handle.db, 5); // small batches cross batch boundaries
      expect(v).toMatchObject({ ok: true, checked: 13, total: 13, lastSeq: 13 });
      expect((await listAudit(t.handle.db, { action: 'thing.rolled_back' })).length).toBe(0);
      const [created] = await listAudit(t.handle.db, { action: 'thing.create' });
      expect(created!.detail).toEqual({ note: '한글 ok' });
    });

    it('refuses UPDATE, DELETE and TRUNCATE', async () => {
      await expect(sql`update audit_log set actor = 'x' where seq = 1`.execute(t.handle.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_log where seq = 1`.execute(t.handle.db)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`truncate audit_log`.execute(t.handle.db)).rejects.toThrow(/append-only/);
      expect((await verifyAudit(t.handle.db)).ok).toBe(true);
    });

    it('names the first entry edited behind the trigger’s back', async () => {
      await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(t.handle.db);
      await sql`update audit_log set object_id = '999' where seq = 7`.execute(t.handle.db);
      await sql`alter table audit_log enable trigger audit_log_no_update_delete`.execute(t.handle.db);
      expect(await verifyAudit(t.handle.db)).toMatchObject({
        ok: false,
        firstBad: { seq: 7, problem: 'hash_mismatch' },
      });
    });
  });
}
