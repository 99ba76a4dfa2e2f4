import { describe, expect, it } from 'vitest';
import { loadBuiltinTaxonomies } from '../../src/taxonomy/import-queries.js';
import {
  applyDraftChange,
  createDraftVersion,
  diffStoredVersions,
  listDraftChanges,
  publishVersion,
} from '../../src/taxonomy/revision-queries.js';
import { getVersion, loadTaxonomy } from '../../src/taxonomy/taxonomy-queries.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

for (const target of TEST_TARGETS) {
  describe(`stored revisions on ${target}`, () => {
    const t = useTestDb(target);

    it('drafts from kr-2025, logs changes, publishes, and diffs back to kr-2022 through the chain', async () => {
      const db = t.handle.db;
      await loadBuiltinTaxonomies(db);
      await createDraftVersion(db, 'kr-2025', { id: 'kr-2027', idPrefix: 'kr2027', titleEn: 'Draft 2027' });
      await applyDraftChange(db, 'kr-2027', {
        kind: 'split',
        id: 'kr2027.energy_nuclear.clean_hydrogen',
        into: [
          { id: 'kr2027.energy_nuclear.h2_production', nameEn: 'Clean hydrogen production' },
          { id: 'kr2027.energy_nuclear.h2_use', nameEn: 'Hydrogen storage, transport and use' },
        ],
        rationale: 'production and use have different actors',
      });
      // A rejected change leaves the draft and its log as they were.
      await expect(
        applyDraftChange(db, 'kr-2027', { kind: 'remove', id: 'kr2027.energy_nuclear', rationale: 'x' }),
      ).rejects.toThrow(/has technologies under it/);
      expect((await listDraftChanges(db, 'kr-2027')).map((c) => [c.seq, c.kind, c.rationale])).toEqual([
        [1, 'split', 'production and use have different actors'],
      ]);
      expect((await loadTaxonomy(db, 'kr-2027')).technologies).toHaveLength(65 + 1);

      await publishVersion(db, 'kr-2027', '2027-03-01');
      expect(await getVersion(db, 'kr-2027')).toMatchObject({
        status: 'published',
        publishedOn: '2027-03-01',
      });
      await expect(
        applyDraftChange(db, 'kr-2027', { kind: 'remove', id: 'kr2027.quantum.sensing', rationale: 'x' }),
      ).rejects.toThrow(/only drafts change/);

      // kr-2022 → kr-2027 composes kr-2022 → kr-2025 → kr-2027: three 2022 hydrogen items now map to two.
      const diff = await diffStoredVersions(db, 'kr-2022', 'kr-2027');
      expect(diff.mapping['kr2022.hydrogen.electrolysis']).toEqual([
        'kr2027.energy_nuclear.h2_production',
        'kr2027.energy_nuclear.h2_use',
      ]);
      expect(diff.mapping['kr2022.quantum.sensing']).toEqual(['kr2027.quantum.sensing']);
      // Asking in the other order gives the same diff.
      expect(await diffStoredVersions(db, 'kr-2027', 'kr-2022')).toEqual(diff);
    });
  });
}
