import { describe, expect, it } from 'vitest';
import { CetmapError } from '../../src/shared/errors.js';
import { importFile, loadBuiltinTaxonomies, readBuiltinList } from '../../src/taxonomy/import-queries.js';
import {
  crosswalkOf,
  getTechnology,
  listVersions,
  loadTaxonomy,
} from '../../src/taxonomy/taxonomy-queries.js';
import type { TaxonomyFile } from '../../src/taxonomy/taxonomy-file.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

/** A small valid list; tests break it in one place at a time. */
function sampleList(): TaxonomyFile {
  return {
    format: 'cetmap.taxonomy',
    formatVersion: 1,
    version: {
      id: 'xx-2030',
      jurisdiction: 'XX',
      idPrefix: 'xx2030',
      titleEn: 'Test list',
      titleKo: null,
      issuer: null,
      publishedOn: '2030',
      status: 'published',
      basedOn: null,
      verification: 'unverified',
      verificationNote: null,
      levelNames: { fieldEn: 'field', fieldKo: '분야', technologyEn: 'technology', technologyKo: '기술' },
      source: { citation: 'test fixture', urls: [], note: null },
      attributes: {},
    },
    technologies: [
      ['xx2030.a', null, 'field'],
      ['xx2030.a.one', 'xx2030.a', 'technology'],
      ['xx2030.a.two', 'xx2030.a', 'technology'],
    ].map(([id, parentId, kind], i) => ({
      id: id!,
      parentId: parentId ?? null,
      kind: kind as 'field' | 'technology',
      position: i + 1,
      nameKo: null,
      nameEn: `Item ${id}`,
      aliases: [],
      description: null,
      strategyGroup: null,
      gameChanger: false,
      highestRisk: false,
      verification: 'unverified' as const,
      sources: [],
      note: null,
      predecessors: [],
      attributes: {},
    })),
  };
}

async function rejection(promise: Promise<unknown>): Promise<CetmapError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CetmapError) return error;
    throw error;
  }
  throw new Error('expected the import to be rejected');
}

for (const target of TEST_TARGETS) {
  describe(`technology registry on ${target}`, () => {
    const t = useTestDb(target);

    it('loads the built-in lists with the counts their sources give, and loading again changes nothing', async () => {
      const first = await loadBuiltinTaxonomies(t.handle.db);
      expect(first.loaded).toEqual(['kr-2022', 'kr-2025', 'us-2024', 'eu-2023', 'aspi-ctt']);
      expect(first.crosswalkLinks).toBe(226);
      const again = await loadBuiltinTaxonomies(t.handle.db);
      expect(again).toEqual({ loaded: [], skipped: first.loaded, crosswalkLinks: 0 });

      const versions = Object.fromEntries((await listVersions(t.handle.db)).map((v) => [v.id, v]));
      expect([versions['kr-2022']!.fieldCount, versions['kr-2022']!.technologyCount]).toEqual([12, 50]);
      expect([versions['kr-2025']!.fieldCount, versions['kr-2025']!.technologyCount]).toEqual([10, 55]);
      expect(versions['us-2024']!.fieldCount).toBe(18);
      expect(versions['eu-2023']!.fieldCount).toBe(10);
      expect([versions['aspi-ctt']!.fieldCount, versions['aspi-ctt']!.technologyCount]).toEqual([9, 74]);
      expect(versions['kr-2025']!.verification).toBe('unverified');

      const eu = await loadTaxonomy(t.handle.db, 'eu-2023');
      expect(eu.technologies.filter((x) => x.kind === 'field' && x.highestRisk).map((x) => x.id)).toEqual([
        'eu2023.semiconductors',
        'eu2023.ai',
        'eu2023.quantum',
        'eu2023.biotech',
      ]);
      const aspi = await loadTaxonomy(t.handle.db, 'aspi-ctt');
      expect(aspi.technologies.filter((x) => x.attributes.in2024SetOf64 === true)).toHaveLength(64);

      const kr = await loadTaxonomy(t.handle.db, 'kr-2022');
      const fields = kr.technologies.filter((x) => x.kind === 'field');
      expect(fields.filter((f) => f.gameChanger).map((f) => f.id)).toEqual([
        'kr2022.bio',
        'kr2022.ai',
        'kr2022.quantum',
      ]);
      expect(fields.filter((f) => f.strategyGroup === 'leading').map((f) => f.id)).toEqual([
        'kr2022.semis',
        'kr2022.battery',
        'kr2022.comms',
      ]);
      // The stored list is the shipped file, item for item.
      expect(kr).toEqual(readBuiltinList('kr-2022.json'));
    });

    it('crosswalks a Korean key technology to its US, EU and ASPI counterparts', async () => {
      const links = await crosswalkOf(t.handle.db, 'kr2022.semis.power');
      expect(new Set(links.map((l) => l.technology.versionId))).toEqual(
        new Set(['us-2024', 'eu-2023', 'aspi-ctt']),
      );
      expect(
        links.find((l) => l.technology.id === 'aspi.wide_and_ultrawide_bandgap_semiconductors'),
      ).toMatchObject({
        strength: 'exact',
        direction: 'out',
        verification: 'reconstructed',
      });
      // Seen from the other side, the same link points back.
      const back = await crosswalkOf(t.handle.db, 'us2024.semis.wide_bandgap');
      expect(back.map((l) => [l.technology.id, l.direction])).toContainEqual(['kr2022.semis.power', 'in']);
      const detail = await getTechnology(t.handle.db, 'kr2022.semis.power');
      expect(detail.parent?.id).toBe('kr2022.semis');
      expect(detail.successors.map((s) => s.id)).toEqual(['kr2025.semis_display.compound_power']);
    });

    it('rejects a list with a cycle and a duplicate id, naming every problem, and imports nothing', async () => {
      const list = sampleList();
      list.technologies[0]!.parentId = 'xx2030.a.one'; // a → one → a
      list.technologies.push({ ...list.technologies[2]! }); // xx2030.a.two again
      list.technologies.push({
        ...list.technologies[1]!,
        id: 'xx2030.b',
        parentId: 'xx2030.nowhere',
        nameEn: null,
      });
      const before = await t.handle.db
        .selectFrom('technology')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      const error = await rejection(
        importFile(t.handle.db, { file: 'bad.json', format: 'json', text: JSON.stringify(list) }),
      );
      expect(error.code).toBe('CET_BAD_INPUT');
      const messages = error.issues.map((i) => `${i.location} | ${i.field} | ${i.message}`);
      expect(messages).toContainEqual(
        expect.stringMatching(
          /^bad\.json, technologies row 4 \| id \| duplicate id xx2030\.a\.two \(first used in row 3\)/,
        ),
      );
      expect(messages).toContainEqual(
        expect.stringMatching(
          /^bad\.json, technologies row \d \| parentId \| cycle in parents: .*xx2030\.a.*xx2030\.a\.one/,
        ),
      );
      expect(messages).toContainEqual(
        'bad.json, technologies row 5 | parentId | unknown parent xx2030.nowhere',
      );
      expect(messages).toContainEqual(
        'bad.json, technologies row 5 | nameKo/nameEn | a Korean or English name is required',
      );
      const after = await t.handle.db
        .selectFrom('technology')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      expect(
        await t.handle.db.selectFrom('taxonomy_version').select('id').where('id', '=', 'xx-2030').execute(),
      ).toEqual([]);
    });

    it('rejects ids taken by another version and a CSV with located rows; imports a valid CSV', async () => {
      const csvBad = [
        'id,parent_id,kind,name_ko,name_en,verification',
        'xx2031.a,,field,가,A,unverified',
        'kr2022.semis.power,xx2031.a,technology,,Power,unverified',
        'xx2031.a.x,xx2031.a,gadget,,X,maybe',
      ].join('\n');
      const version = { ...sampleList().version, id: 'xx-2031', idPrefix: 'xx2031' };
      const error = await rejection(
        importFile(t.handle.db, { file: 'list.csv', format: 'csv', text: csvBad, version }),
      );
      const messages = error.issues.map((i) => `${i.location} | ${i.field} | ${i.message}`);
      expect(messages).toContainEqual(
        'list.csv, technologies line 3 | id | must start with the version prefix "xx2031."',
      );
      expect(messages).toContainEqual(
        'list.csv, technologies line 3 | id | kr2022.semis.power already exists in another version',
      );
      expect(messages.filter((m) => m.startsWith('list.csv, technologies line 4 | kind'))).toHaveLength(1);
      expect(
        messages.filter((m) => m.startsWith('list.csv, technologies line 4 | verification')),
      ).toHaveLength(1);

      const csvGood =
        'id,parent_id,kind,name_ko,name_en,verification,aliases\nxx2031.a,,field,가,A,unverified,\nxx2031.a.x,xx2031.a,technology,,"X, with comma",unverified,x1|x2\n';
      const ok = await importFile(t.handle.db, { file: 'list.csv', format: 'csv', text: csvGood, version });
      expect(ok).toEqual({ kind: 'taxonomy', id: 'xx-2031', technologies: 2, links: 0 });
      const stored = await loadTaxonomy(t.handle.db, 'xx-2031');
      expect(stored.technologies[1]).toMatchObject({
        nameEn: 'X, with comma',
        aliases: ['x1', 'x2'],
        parentId: 'xx2031.a',
      });
      const dup = await rejection(
        importFile(t.handle.db, { file: 'list.csv', format: 'csv', text: csvGood, version }),
      );
      expect(dup.issues.map((i) => i.message)).toContain('version xx-2031 already exists');
    });
  });
}
