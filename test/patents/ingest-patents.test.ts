import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listQuarantine } from '../../src/ingest/quarantine-queries.js';
import { ingestPatents } from '../../src/patents/ingest-patents.js';
import { patentCounts } from '../../src/patents/patent-queries.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { HAVE_SAMPLE, PATENT_SAMPLE, writeHandMade } from './patent-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'cetmap-patents-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!HAVE_SAMPLE) console.warn(`real patent ingest tests skipped: ${PATENT_SAMPLE} not found`);

for (const target of TEST_TARGETS) {
  describe.skipIf(!HAVE_SAMPLE)(`ingest patents: the real PatentsView sample on ${target}`, () => {
    const t = useTestDb(target);

    it('loads every patent and CPC row, and says that countries are not resolved', async () => {
      const warnings: string[] = [];
      const s = await ingestPatents(t.handle, PATENT_SAMPLE, { onWarning: (m) => warnings.push(m) });
      expect(s.quarantined).toBe(0);
      expect(s.tables.patent![0]!).toMatchObject({ records: 5169, ingested: 5169, quarantined: 0 });
      expect(s.tables.cpc![0]!).toMatchObject({ records: 29580, ingested: 29580 });
      expect(s.totals).toMatchObject({
        patents: 5169,
        // every abstract row is there, but the 12 design patents' abstracts are empty (stored as null)
        withAbstract: 5157,
        cpcRows: 29580,
        patentsWithCpc: 5133,
        inventors: 16402,
        assignees: 5169,
        locations: 0,
        inventorsLocated: 0,
      });
      expect(s.countriesUnresolved).toBe(true);
      expect(s.notes.join(' ')).toMatch(/No location table .* nothing is guessed/);
      // the IPC title list in the same folder is not a PatentsView table
      expect(warnings.join(' ')).toMatch(/ipc_subclass_titles_cet\.csv: not a PatentsView g_ table/);
      const p = await t.handle.db
        .selectFrom('patent')
        .selectAll()
        .where('id', '=', '10001996')
        .executeTakeFirstOrThrow();
      expect(p).toMatchObject({
        type: 'utility',
        grant_date: '2018-06-19',
        year: 2018,
        title: 'Selective poisoning of data during runahead',
        num_claims: 8,
        withdrawn: false,
      });
      expect(p.abstract).toMatch(/^Embodiments related to selecting a runahead poison policy/);
      const design = await t.handle.db
        .selectFrom('patent')
        .select(['id', 'type'])
        .where('type', '=', 'design')
        .execute();
      expect(design).toHaveLength(12);
      expect(design.every((d) => /^D\d+$/.test(d.id))).toBe(true);
    }, 300_000);

    it('changes nothing when the same files are loaded again', async () => {
      const before = await patentCounts(t.handle.db);
      const again = await ingestPatents(t.handle, PATENT_SAMPLE);
      expect(again.records).toBe(0);
      expect(
        Object.values(again.tables)
          .flat()
          .every((f) => f.skipped),
      ).toBe(true);
      const forced = await ingestPatents(t.handle, PATENT_SAMPLE, { force: true });
      expect(forced).toMatchObject({ ingested: 0, updated: 0, quarantined: 0 });
      expect(forced.unchanged).toBe(5169 * 3 + 29580 + 16402);
      expect(await patentCounts(t.handle.db)).toEqual(before);
    }, 300_000);
  });

  describe.skipIf(!HAVE_SAMPLE)(`ingest patents: malformed rows of the real sample on ${target}`, () => {
    const t = useTestDb(target);

    it('quarantines a malformed row with its file, line and reason, and loads the rest', async () => {
      const dir = join(tmp, `bad-${target}`);
      mkdirSync(dir);
      for (const name of readdirSync(PATENT_SAMPLE).filter((n) => n.startsWith('nvidia_')))
        copyFileSync(join(PATENT_SAMPLE, name), join(dir, name));
      // a row with too few fields, one with a date that does not exist, one with a CPC symbol that is not one
      appendFileSync(join(dir, 'nvidia_patent.csv'), '99999999,utility,2019-02-30,Bad date,B2,3,0,x.xml\n');
      appendFileSync(
        join(dir, 'nvidia_cpc.csv'),
        '10001996,9,G,G06\n10001996,10,G,G06,G06F,not-a-symbol,additional\n',
      );
      const s = await ingestPatents(t.handle, dir);
      expect(s.quarantined).toBe(3);
      expect(s.totals).toMatchObject({ patents: 5169, cpcRows: 29580 });
      const q = (await listQuarantine(t.handle.db)).filter((r) => r.source === 'patentsview');
      expect(q).toHaveLength(3);
      expect(q.find((r) => r.locator.endsWith('nvidia_patent.csv:5171'))?.reason).toMatch(
        /patent_date "2019-02-30" is not a date/,
      );
      expect(q.find((r) => r.locator.endsWith('nvidia_cpc.csv:29582'))?.reason).toMatch(/record unreadable/);
      expect(q.find((r) => r.locator.endsWith('nvidia_cpc.csv:29583'))?.reason).toMatch(
        /cpc_group "NOT-A-SYMBOL" is not a CPC symbol/,
      );
      // loading the same files again quarantines the same records once, not twice
      await ingestPatents(t.handle, dir, { force: true });
      expect((await listQuarantine(t.handle.db)).filter((r) => r.source === 'patentsview')).toHaveLength(3);
    }, 300_000);
  });

  describe(`ingest patents: hand-made g_ tables with locations on ${target}`, () => {
    const t = useTestDb(target);

    it('reads zipped, gzipped and plain TSV, keeps no personal names, and resolves locations', async () => {
      const dir = writeHandMade(join(tmp, `hand-${target}`));
      const s = await ingestPatents(t.handle, dir);
      expect(s.quarantined).toBe(0);
      expect(s.countriesUnresolved).toBe(false);
      expect(s.totals).toMatchObject({
        patents: 4,
        withAbstract: 4,
        cpcRows: 4,
        inventors: 7,
        assignees: 5,
        locations: 3,
        inventorsLocated: 6,
        assigneesLocated: 5,
      });
      expect(s.notes.join(' ')).toMatch(/1 of 7 inventor rows have no located country/);
      const p = await t.handle.db
        .selectFrom('patent')
        .select(['title', 'abstract'])
        .where('id', '=', '9000001')
        .executeTakeFirstOrThrow();
      expect(p.title).toBe('Solid electrolyte for an all-solid-state battery');
      expect(p.abstract).toContain('all-solid-state lithium battery,\nwith high ionic conductivity.');
      const inventor = await t.handle.db
        .selectFrom('patent_inventor')
        .selectAll()
        .limit(1)
        .executeTakeFirstOrThrow();
      expect(Object.keys(inventor).sort()).toEqual(['inventor_id', 'location_id', 'patent_id', 'sequence']);
    });
  });
}
