import { describe, expect, it } from 'vitest';
import { CetmapError } from '../shared/errors.js';
import { diffVersions } from './diff.js';
import { readBuiltinList } from './import-queries.js';
import { applyChange, createDraft, publishDraft, type TaxonomyChange } from './revision.js';
import type { TaxonomyFile } from './taxonomy-file.js';
import { validateTaxonomyJson } from './validate-taxonomy.js';

const kr2022 = readBuiltinList('kr-2022.json');
const draftOf = (): TaxonomyFile =>
  createDraft(kr2022, { id: 'kr-2027', idPrefix: 'kr2027', titleEn: 'Korea CET revision 2027 (draft)' });
const apply = (draft: TaxonomyFile, changes: TaxonomyChange[]): TaxonomyFile =>
  changes.reduce(applyChange, draft);
const names = (d: TaxonomyFile, id: string) => d.technologies.find((t) => t.id === id);

describe('revision workflow on kr-2022', () => {
  it('a fresh draft continues every item one-to-one: nothing changes but the ids', () => {
    const draft = draftOf();
    expect(draft.version).toMatchObject({ status: 'draft', basedOn: 'kr-2022', idPrefix: 'kr2027' });
    expect(draft.technologies).toHaveLength(62);
    expect(names(draft, 'kr2027.semis.memory')?.parentId).toBe('kr2027.semis');
    const diff = diffVersions(kr2022, draft);
    expect(diff.entries).toEqual([]);
    expect(diff.counts.unchanged).toBe(62);
    expect(diff.mapping['kr2022.semis.memory']).toEqual(['kr2027.semis.memory']);
  });

  it('renames, merges, splits, moves, adds and removes, and the diff and id mapping follow', () => {
    const draft = apply(draftOf(), [
      {
        kind: 'rename',
        id: 'kr2027.semis.memory',
        nameKo: '차세대 메모리반도체',
        nameEn: 'Next-generation memory',
        rationale: 'scope now covers HBM',
      },
      {
        kind: 'merge',
        ids: [
          'kr2027.hydrogen.electrolysis',
          'kr2027.hydrogen.storage_transport',
          'kr2027.hydrogen.fuelcell_power',
        ],
        into: { id: 'kr2027.hydrogen.clean_hydrogen', nameKo: '청정수소', nameEn: 'Clean hydrogen' },
        rationale: 'one value chain',
      },
      {
        kind: 'split',
        id: 'kr2027.semis.mpe',
        into: [
          {
            id: 'kr2027.semis.semis_mpe',
            nameKo: '반도체 소재·부품·장비',
            nameEn: 'Semiconductor materials, parts and equipment',
          },
          {
            id: 'kr2027.semis.display_mpe',
            nameKo: '디스플레이 소재·부품·장비',
            nameEn: 'Display materials, parts and equipment',
          },
        ],
        rationale: 'different supply chains',
      },
      { kind: 'move', id: 'kr2027.mobility.uam', parentId: 'kr2027.space', rationale: 'aviation' },
      {
        kind: 'add',
        technology: { id: 'kr2027.bio.bci', parentId: 'kr2027.bio', nameEn: 'Brain-computer interfaces' },
        rationale: 'new',
      },
      { kind: 'remove', id: 'kr2027.space.ocean_resources', rationale: 'out of scope' },
    ]);
    // The result is itself a valid list.
    expect(validateTaxonomyJson(draft, { file: 'draft' }).issues).toEqual([]);
    expect(draft.technologies.filter((t) => t.kind === 'technology')).toHaveLength(
      50 - 3 + 1 - 1 + 2 + 1 - 1,
    );

    const diff = diffVersions(kr2022, draft);
    const byKind = (kind: string) =>
      diff.entries
        .filter((e) => e.kind === kind)
        .map((e) => [e.from.map((f) => f.id), e.to.map((t) => t.id)]);
    expect(byKind('renamed')).toEqual([[['kr2022.semis.memory'], ['kr2027.semis.memory']]]);
    expect(byKind('merged')).toEqual([
      [
        [
          'kr2022.hydrogen.electrolysis',
          'kr2022.hydrogen.storage_transport',
          'kr2022.hydrogen.fuelcell_power',
        ],
        ['kr2027.hydrogen.clean_hydrogen'],
      ],
    ]);
    expect(byKind('split')).toEqual([
      [['kr2022.semis.mpe'], ['kr2027.semis.semis_mpe', 'kr2027.semis.display_mpe']],
    ]);
    expect(byKind('moved')).toEqual([[['kr2022.mobility.uam'], ['kr2027.mobility.uam']]]);
    expect(byKind('added')).toEqual([[[], ['kr2027.bio.bci']]]);
    expect(byKind('removed')).toEqual([[['kr2022.space.ocean_resources'], []]]);
    expect(diff.counts).toEqual({
      added: 1,
      removed: 1,
      renamed: 1,
      moved: 1,
      merged: 1,
      split: 1,
      unchanged: 62 - 7,
    }); // 7 old items touched

    // Time series continue: each old id maps to the items that carry it on.
    expect(diff.mapping['kr2022.hydrogen.storage_transport']).toEqual(['kr2027.hydrogen.clean_hydrogen']);
    expect(diff.mapping['kr2022.semis.mpe']).toEqual(['kr2027.semis.semis_mpe', 'kr2027.semis.display_mpe']);
    expect(diff.mapping['kr2022.space.ocean_resources']).toEqual([]);
    expect(diff.mapping['kr2022.quantum.sensing']).toEqual(['kr2027.quantum.sensing']);
    expect(Object.keys(diff.mapping)).toHaveLength(62);
    // A renamed item keeps its old names as aliases, so searches by the old name still find it.
    expect(names(draft, 'kr2027.semis.memory')?.aliases).toContain('고집적·저항기반 메모리');

    const published = publishDraft(draft, '2027-01-15');
    expect(published.version).toMatchObject({ status: 'published', publishedOn: '2027-01-15' });
    expect(() => applyChange(published, { kind: 'remove', id: 'kr2027.bio.bci', rationale: 'x' })).toThrow(
      /only drafts change/,
    );
  });

  it('refuses changes that would break the list, each with the field named', () => {
    const draft = draftOf();
    const problem = (change: TaxonomyChange): string => {
      try {
        applyChange(draft, change);
      } catch (error) {
        if (error instanceof CetmapError) return `${error.issues[0]?.field}: ${error.message}`;
        throw error;
      }
      return 'accepted';
    };
    expect(
      problem({ kind: 'move', id: 'kr2027.semis', parentId: 'kr2027.semis.memory', rationale: 'r' }),
    ).toMatch(/^parentId: .*cycle/);
    expect(problem({ kind: 'remove', id: 'kr2027.semis', rationale: 'r' })).toMatch(
      /^id: .*has technologies under it/,
    );
    expect(problem({ kind: 'add', technology: { id: 'kr2022.x', nameEn: 'X' }, rationale: 'r' })).toMatch(
      /^id: .*must start with "kr2027\."/,
    );
    expect(problem({ kind: 'rename', id: 'kr2027.nope', nameEn: 'X', rationale: 'r' })).toMatch(
      /^id: kr2027\.nope is not in kr-2027/,
    );
    expect(problem({ kind: 'rename', id: 'kr2027.semis.memory', nameEn: 'X', rationale: '' })).toMatch(
      /^rationale: /,
    );
    expect(
      problem({
        kind: 'merge',
        ids: ['kr2027.semis.memory', 'kr2027.semis.power'],
        into: { id: 'kr2027.semis.sensor' },
        rationale: 'r',
      }),
    ).toMatch(/already exists/);
  });
});

describe('kr-2022 → kr-2025 diff from the predecessor mapping in the reference', () => {
  const kr2025 = readBuiltinList('kr-2025.json');
  const diff = diffVersions(kr2022, kr2025);
  const entry = (kind: string, id: string) =>
    diff.entries.find((e) => e.kind === kind && [...e.from, ...e.to].some((t) => t.id === id));

  it('finds the items the source lists as dropped and as new', () => {
    const removedTechs = diff.entries.filter((e) => e.kind === 'removed' && e.from[0]!.kind === 'technology');
    expect(removedTechs.map((e) => e.from[0]!.id).sort()).toEqual([
      'kr2022.mobility.ev_fcev',
      'kr2022.space.ocean_resources',
    ]);
    const addedTechs = diff.entries.filter((e) => e.kind === 'added' && e.to[0]!.kind === 'technology');
    expect(addedTechs).toHaveLength(11);
  });

  it('reports merges, splits and renames with the mapping', () => {
    expect(entry('merged', 'kr2025.energy_nuclear.clean_hydrogen')?.from).toHaveLength(3);
    expect(entry('split', 'kr2022.semis.mpe')?.to.map((t) => t.id)).toEqual([
      'kr2025.semis_display.semis_mpe',
      'kr2025.semis_display.display_mpe',
    ]);
    expect(entry('renamed', 'kr2022.semis.memory')?.to[0]?.nameKo).toBe('차세대 메모리반도체');
    expect(entry('renamed', 'kr2022.quantum.computing')).toBeUndefined(); // same names, new id only
    expect(entry('moved', 'kr2022.mobility.uam')?.to[0]?.parentId).toBe('kr2025.space_ocean');
    expect(diff.mapping['kr2022.ai.efficient_infra']).toEqual(['kr2025.ai.infra', 'kr2025.ai.efficient']);
    expect(diff.mapping['kr2022.quantum.computing']).toEqual(['kr2025.quantum.computing']);
  });

  it('refuses to diff lists of different jurisdictions', () => {
    expect(() => diffVersions(kr2022, readBuiltinList('us-2024.json'))).toThrow(/different jurisdictions/);
  });
});
