import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { listQuarantine, retryQuarantine, showQuarantine } from '../../src/ingest/quarantine-queries.js';
import {
  HAND_MADE,
  REAL_FIXTURES,
  jsonLines,
  tableCounts,
  writePartition,
} from '../helpers/openalex-files.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const tmp = mkdtempSync(join(tmpdir(), 'cetmap-ingest-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const hasReal = existsSync(REAL_FIXTURES);
if (!hasReal) console.warn('skipping real-record ingest tests: ../shared/data/openalex-fixtures is absent');

for (const target of TEST_TARGETS) {
  describe(`ingest openalex on ${target}`, () => {
    const t = useTestDb(target);
    const dir = mkdtempSync(join(tmp, `${target}-`));

    it('loads the hand-made works with the worked-example country weights', async () => {
      const s = await ingestOpenAlex(t.handle, HAND_MADE);
      expect(s).toMatchObject({ records: 6, ingested: 6, updated: 0, unchanged: 0, quarantined: 0 });
      const rows = await t.handle.db
        .selectFrom('work_country')
        .select(['work_id', 'country', 'frac', 'full_count'])
        .orderBy('work_id')
        .orderBy('country')
        .execute();
      const byWork = (id: number): Record<string, number> =>
        Object.fromEntries(
          rows
            .filter((r) => Number(r.work_id) === id)
            .map((r) => [r.country, Number(Number(r.frac).toFixed(6))]),
        );
      expect(byWork(101)).toEqual({ DE: 0.333333, KR: 0.5, US: 0.166667 });
      expect(byWork(102)).toEqual({ JP: 0.5, UNKNOWN: 0.5 });
      expect(byWork(103)).toEqual({ KR: 0.333333, US: 0.666667 });
      expect(byWork(104)).toEqual({ FR: 0.5, UNKNOWN: 0.5 });
      expect(byWork(106)).toEqual({});
      expect(rows.every((r) => Number(r.full_count) === 1)).toBe(true);
      const w = await t.handle.db
        .selectFrom('work')
        .selectAll()
        .where('id', '=', 101)
        .executeTakeFirstOrThrow();
      expect(w).toMatchObject({
        doi: '10.9999/hand.101',
        year: 2021,
        cited_by: 12,
        primary_topic_id: 10502,
        synthetic: false,
      });
      const a = await t.handle.db
        .selectFrom('authorship')
        .selectAll()
        .where('work_id', '=', 101)
        .orderBy('position')
        .execute();
      expect(a.map((x) => x.institution_ids.map(Number))).toEqual([[1], [2, 3], [4]]);
      expect(a[1]!.country_codes).toEqual(['KR', 'US']);
    });

    it("stores each work's institution credit, and the migration's backfill computes the same", async () => {
      const read = async () =>
        (
          await t.handle.db
            .selectFrom('work_institution')
            .select(['work_id', 'institution_id', 'frac'])
            .orderBy('work_id')
            .orderBy('institution_id')
            .execute()
        ).map((r) => `W${r.work_id} I${r.institution_id} ${Number(r.frac).toFixed(6)}`);
      const stored = await read();
      // methods §1: 1/n per author, split over the author's distinct institutions; a repeated author (W105's A42)
      // counts once; country-only authors (W105's A41) and authors without affiliation take shares nobody stores.
      expect(stored).toEqual([
        'W101 I1 0.333333',
        'W101 I2 0.166667',
        'W101 I3 0.166667',
        'W101 I4 0.333333',
        'W102 I5 0.500000',
        'W102 I6 0.500000',
        'W103 I1 0.166667',
        'W103 I2 0.666667',
        'W103 I3 0.166667',
        'W104 I7 0.500000',
        'W105 I2 0.500000',
      ]);
      const migration = readFileSync(
        new URL('../../src/db/migrations/0015_work_institution.sql', import.meta.url),
        'utf8',
      );
      const backfill = migration.slice(migration.indexOf('insert into work_institution'));
      await sql`delete from work_institution`.execute(t.handle.db);
      await sql.raw(backfill).execute(t.handle.db);
      expect(await read()).toEqual(stored);
    });

    it('replaces a work only when its updated_date is newer', async () => {
      const lines = jsonLines(HAND_MADE);
      const newer = JSON.parse(lines[0]!) as Record<string, unknown>;
      newer.updated_date = '2026-02-01T00:00:00';
      newer.cited_by_count = 99;
      newer.authorships = (newer.authorships as unknown[]).slice(0, 1);
      const older = { ...newer, updated_date: '2020-01-01T00:00:00', cited_by_count: 1 };
      writeFileSync(join(dir, 'newer.jsonl'), JSON.stringify(newer) + '\n');
      writeFileSync(join(dir, 'older.jsonl'), JSON.stringify(older) + '\n');
      expect(await ingestOpenAlex(t.handle, join(dir, 'newer.jsonl'))).toMatchObject({
        updated: 1,
        ingested: 0,
      });
      expect(await ingestOpenAlex(t.handle, join(dir, 'older.jsonl'))).toMatchObject({
        updated: 0,
        unchanged: 1,
      });
      const w = await t.handle.db
        .selectFrom('work')
        .select('cited_by')
        .where('id', '=', 101)
        .executeTakeFirstOrThrow();
      expect(w.cited_by).toBe(99);
      const countries = await t.handle.db
        .selectFrom('work_country')
        .select(['country', 'frac'])
        .where('work_id', '=', 101)
        .execute();
      expect(countries.map((c) => [c.country, Number(c.frac)])).toEqual([['KR', 1]]);
      const authors = await t.handle.db
        .selectFrom('authorship')
        .select('position')
        .where('work_id', '=', 101)
        .execute();
      expect(authors).toHaveLength(1);
    });

    it.skipIf(!hasReal)(
      'loads the 156 real works (golden figures) and re-ingesting changes nothing',
      async () => {
        interface RawWork {
          topics: unknown[];
          authorships: { institutions: { id: string }[] }[];
        }
        const raw = jsonLines(REAL_FIXTURES).map((l) => JSON.parse(l) as RawWork);
        const before = await tableCounts(t.handle);
        const first = await ingestOpenAlex(t.handle, REAL_FIXTURES, { batchSize: 40, workers: 1 });
        expect(first).toMatchObject({
          records: 156,
          ingested: 156,
          updated: 0,
          unchanged: 0,
          quarantined: 0,
        });
        const after = await tableCounts(t.handle);
        const institutions = new Set(
          raw.flatMap((w) => w.authorships.flatMap((a) => a.institutions.map((i) => i.id))),
        );
        expect(after.work! - before.work!).toBe(156);
        expect(after.authorship! - before.authorship!).toBe(1558);
        expect(after.work_topic! - before.work_topic!).toBe(raw.reduce((a, w) => a + w.topics.length, 0));
        expect(after.institution! - before.institution!).toBe(institutions.size); // hand-made ids do not overlap
        const sums = await sql<{ n: number; total: number }>`
        select count(*)::int as n, sum(s)::float8 as total from (
          select sum(frac) as s from work_country where work_id > 1000 group by work_id) x`.execute(
          t.handle.db,
        );
        const withAuthors = raw.filter((w) => w.authorships.length > 0).length;
        expect(sums.rows[0]!.n).toBe(withAuthors);
        expect(sums.rows[0]!.total).toBeCloseTo(withAuthors, 9);
        const kr = await t.handle.db
          .selectFrom('work_country')
          .select('frac')
          .where('work_id', '=', 3177828909)
          .where('country', '=', 'KR')
          .executeTakeFirst();
        expect(Number(kr?.frac)).toBeGreaterThan(0);

        // the same file again (forced), and a copy under another name: nothing changes
        const again = await ingestOpenAlex(t.handle, REAL_FIXTURES, { force: true, workers: 0 });
        expect(again).toMatchObject({ records: 156, ingested: 0, updated: 0, unchanged: 156 });
        copyFileSync(REAL_FIXTURES, join(dir, 'copy.jsonl'));
        expect(await ingestOpenAlex(t.handle, join(dir, 'copy.jsonl'))).toMatchObject({
          unchanged: 156,
          ingested: 0,
        });
        expect(await tableCounts(t.handle)).toEqual(after);
        // a file recorded as done is skipped without --force
        expect(await ingestOpenAlex(t.handle, REAL_FIXTURES)).toMatchObject({ records: 0, filesSkipped: 1 });
      },
    );

    it('keeps the details of an institution as given on the newest work that lists it, in any order', async () => {
      const work = (id: number, date: string, institution: string, name: string): string =>
        JSON.stringify({
          id: `https://openalex.org/W${id}`,
          updated_date: date,
          authorships: [
            {
              author: { id: `https://openalex.org/A${id}` },
              institutions: [
                { id: `https://openalex.org/${institution}`, display_name: name, country_code: 'KR' },
              ],
            },
          ],
        });
      const lines = [
        work(9001, '2026-03-01', 'I9100', 'Newer name'),
        work(9002, '2026-01-01', 'I9100', 'Older name'), // after the newer one: ignored
        work(9003, '2026-01-01', 'I9200', 'Older name'),
        work(9004, '2026-03-01', 'I9200', 'Newer name'), // after the older one: taken
        work(9005, '2026-02-01', 'I9300', 'Same batch, older'),
        work(9006, '2026-02-02', 'I9300', 'Same batch, newer'),
      ];
      writeFileSync(join(dir, 'institutions-a.jsonl'), lines.slice(0, 4).join('\n') + '\n');
      writeFileSync(join(dir, 'institutions-b.jsonl'), lines.slice(4).join('\n') + '\n');
      await ingestOpenAlex(t.handle, join(dir, 'institutions-a.jsonl'), { batchSize: 1 });
      await ingestOpenAlex(t.handle, join(dir, 'institutions-b.jsonl'), { batchSize: 10 });
      // a later run that sees an older work again changes nothing
      writeFileSync(
        join(dir, 'institutions-c.jsonl'),
        work(9007, '2025-06-01', 'I9100', 'Oldest name') + '\n',
      );
      await ingestOpenAlex(t.handle, join(dir, 'institutions-c.jsonl'));
      const rows = await t.handle.db
        .selectFrom('institution')
        .select(['id', 'name', 'seen_date'])
        .where('id', 'in', [9100, 9200, 9300])
        .orderBy('id')
        .execute();
      expect(rows.map((r) => [Number(r.id), r.name, r.seen_date?.toISOString().slice(0, 10)])).toEqual([
        [9100, 'Newer name', '2026-03-01'],
        [9200, 'Newer name', '2026-03-01'],
        [9300, 'Same batch, newer', '2026-02-02'],
      ]);
    });

    it('removes works listed in the snapshot merged_ids files', async () => {
      const root = join(dir, 'merged');
      const lines = jsonLines(HAND_MADE).map((l) => l.replace(/W1(\d\d)"/, 'W7$1"'));
      writePartition(root, '2025-03-01', 'part_000', lines);
      mkdirSync(join(root, 'data', 'merged_ids', 'works'), { recursive: true });
      writeFileSync(
        join(root, 'data', 'merged_ids', 'works', '2025-03-02.csv.gz'),
        gzipSync(
          'merge_date,id,merge_into_id\n2025-03-02,W701,W702\n2025-03-02,W999999,W702\n2025-03-02,oops,W1\n',
        ),
      );
      const s = await ingestOpenAlex(t.handle, root);
      expect(s).toMatchObject({ ingested: 6, merged: 1, quarantined: 1 });
      const left = await t.handle.db.selectFrom('work').select('id').where('id', 'in', [701, 702]).execute();
      expect(left.map((r) => Number(r.id))).toEqual([702]);
      expect(
        await t.handle.db.selectFrom('work_country').select('work_id').where('work_id', '=', 701).execute(),
      ).toEqual([]);
      expect(await ingestOpenAlex(t.handle, root)).toMatchObject({ merged: 0, filesSkipped: 2 });
    });

    it('quarantines a corrupt line, a record without required fields and a truncated gzip partition', async () => {
      const good = jsonLines(HAND_MADE).map((l) =>
        l.replace(/"id":"https:\/\/openalex.org\/W1(\d\d)"/, '"id":"https://openalex.org/W2$1"'),
      );
      const root = join(dir, 'snapshot');
      writePartition(root, '2025-01-01', 'part_000', [
        good[0]!,
        '{"id": "https://openalex.org/W9", broken',
        good[1]!,
      ]);
      writePartition(root, '2025-01-01', 'part_001', [
        good[2]!,
        '{"id":"https://openalex.org/W8","title":"no updated_date"}',
      ]);
      const many = Array.from({ length: 300 }, (_, i) => good[3]!.replace('W204', `W${300000 + i}`));
      const cut = writePartition(root, '2025-02-01', 'part_000', many, 0.5);
      const before = await tableCounts(t.handle);
      const s = await ingestOpenAlex(t.handle, root);
      expect(s.quarantined).toBe(3);
      expect(s.ingested).toBeGreaterThan(3 + 50); // the good lines, and the readable part of the cut file
      expect(s.ingested).toBeLessThan(3 + 300);
      const after = await tableCounts(t.handle);
      expect(after.work! - before.work!).toBe(s.ingested);
      expect(after.quarantine! - before.quarantine!).toBe(3);
      const q = await listQuarantine(t.handle.db);
      const reasons = q.map((r) => `${r.locator.replace(root, '')} ${r.reason}`).join('\n');
      expect(reasons).toMatch(/2025-01-01\/part_000\.gz:2 malformed JSON/);
      expect(reasons).toMatch(/2025-01-01\/part_001\.gz:2 invalid work record: updated_date/);
      expect(reasons).toMatch(
        /2025-02-01\/part_000\.gz:\d+ damaged gzip stream after line \d+: unexpected end of file/,
      );
      const shown = await showQuarantine(t.handle.db, q.find((r) => r.reason.startsWith('malformed'))!.id);
      expect(shown.raw).toBe('{"id": "https://openalex.org/W9", broken');
      expect((await ingestOpenAlex(t.handle, root)).records).toBe(0); // all three files done
      expect(cut).toContain('2025-02-01');

      // fixing a quarantined record in place and retrying loads it
      const missing = q.find((r) => r.reason.includes('updated_date'))!;
      await t.handle.db
        .updateTable('quarantine')
        .set({ raw: '{"id":"https://openalex.org/W8","updated_date":"2025-01-01"}' })
        .where('id', '=', missing.id)
        .execute();
      const unresolved = (await listQuarantine(t.handle.db)).length;
      expect(await retryQuarantine(t.handle, [missing.id])).toEqual({ tried: 1, loaded: 1, stillBad: 0 });
      expect(await listQuarantine(t.handle.db)).toHaveLength(unresolved - 1);
      expect(await retryQuarantine(t.handle)).toEqual({
        tried: unresolved - 1,
        loaded: 0,
        stillBad: unresolved - 1,
      });
      expect(
        await t.handle.db.selectFrom('work').select('id').where('id', '=', 8).executeTakeFirst(),
      ).toBeDefined();
    });
  });
}
