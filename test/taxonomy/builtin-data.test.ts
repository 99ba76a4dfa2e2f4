/** The shipped lists in src/taxonomy/data against the reference they were written from (../shared). */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { projectPath } from '../../src/shared/paths.js';
import {
  BUILTIN_LIST_FILES,
  readBuiltinCrosswalk,
  readBuiltinList,
} from '../../src/taxonomy/import-queries.js';
import { validateTaxonomyJson } from '../../src/taxonomy/validate-taxonomy.js';

const refDir = projectPath('..', 'shared', 'reference', 'taxonomies');
const hasReference = existsSync(refDir);
const ref = (name: string) => JSON.parse(readFileSync(`${refDir}/${name}`, 'utf8'));

describe('built-in lists', () => {
  it('are valid cetmap.taxonomy files with a source citation', () => {
    for (const name of BUILTIN_LIST_FILES) {
      const list = readBuiltinList(name);
      expect(validateTaxonomyJson(list, { file: name }).issues, name).toEqual([]);
      expect(list.version.source.citation.length, name).toBeGreaterThan(20);
    }
  });
});

describe.skipIf(!hasReference)(
  'built-in lists match the reference (skipped: ../shared/reference absent)',
  () => {
    it('Korea 2022: same ids, Korean and English names, verification flags', () => {
      const r = ref('kr-cet-2022.json');
      const ours = new Map(readBuiltinList('kr-2022.json').technologies.map((t) => [t.id, t]));
      const items = r.fields.flatMap((f: { key_techs: unknown[] }) => [f, ...f.key_techs]);
      expect(ours.size).toBe(items.length);
      for (const item of items) {
        const t = ours.get(item.id);
        expect(t, item.id).toBeDefined();
        expect([t!.nameKo, t!.nameEn]).toEqual([item.name_ko, item.name_en]);
        if (item.verification) expect(t!.verification).toBe(item.verification);
      }
    });

    it('Korea 2025: every item is unverified and carries the source’s predecessors', () => {
      const r = ref('kr-cet-2025.json');
      const ours = new Map(readBuiltinList('kr-2025.json').technologies.map((t) => [t.id, t]));
      for (const f of r.fields) {
        for (const k of f.key_techs) {
          const t = ours.get(k.id)!;
          expect(t.verification).toBe('unverified');
          expect(t.predecessors.map((p) => p.id)).toEqual(k.predecessors_kr2022);
        }
      }
    });

    it('US, EU and ASPI: the same areas and technologies', () => {
      const us = ref('us-cet-2024.json');
      const usOurs = readBuiltinList('us-2024.json').technologies;
      expect(usOurs.filter((t) => t.kind === 'field').map((t) => t.nameEn)).toEqual(
        us.areas.map((a: { name: string }) => a.name),
      );
      expect(usOurs.filter((t) => t.kind === 'technology')).toHaveLength(
        us.areas.reduce((n: number, a: { subfields: unknown[] }) => n + a.subfields.length, 0),
      );
      const eu = ref('eu-critical-tech-2023.json');
      const euOurs = readBuiltinList('eu-2023.json').technologies;
      expect(euOurs.filter((t) => t.highestRisk).map((t) => t.id)).toEqual(eu.highest_risk_four.areas);
      const aspi = ref('aspi-ctt.json');
      const aspiIds = aspi.categories.flatMap((c: { technologies: Array<{ id: string }> }) =>
        c.technologies.map((t) => t.id),
      );
      expect(
        readBuiltinList('aspi-ctt.json')
          .technologies.filter((t) => t.kind === 'technology')
          .map((t) => t.id),
      ).toEqual(aspiIds);
    });

    it('crosswalk: every reference row, with its strength', () => {
      const lines = readFileSync(`${refDir}/crosswalk.csv`, 'utf8').trim().split('\n').slice(1);
      const ours = readBuiltinCrosswalk('crosswalk-kr-2022.json').links;
      expect(ours).toHaveLength(lines.length);
      expect(ours.filter((l) => l.strength === 'exact')).toHaveLength(
        lines.filter((l) => /,exact,/.test(l)).length,
      );
    });
  },
);
