import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';

const home = mkdtempSync(join(tmpdir(), 'cetmap-taxonomy-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = cliRunner({ CETMAP_HOME: home });

describe('cetmap taxonomy', () => {
  it('lists kr-2022 as JSON: 12 fields and 50 key technologies', async () => {
    const r = await run('taxonomy', 'list', '--version', 'kr-2022', '--format', 'json');
    expect(r.code).toBe(0);
    const tree = JSON.parse(r.out) as {
      counts: { fields: number; technologies: number };
      fields: Array<{ technologies: unknown[] }>;
    };
    expect(tree.counts).toEqual({ fields: 12, technologies: 50 });
    expect(tree.fields.map((f) => f.technologies.length)).toEqual([8, 4, 3, 2, 4, 5, 3, 4, 4, 5, 5, 3]);
  });

  it('lists the versions as CSV and a version as a table with its source and flags', async () => {
    const csv = await run('taxonomy', 'list', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe(
      'id,jurisdiction,status,published,fields,technologies,verification,title',
    );
    expect(csv.out).toMatch(/^us-2024,US,published,2024-02-12,18,105,partly_verified,/m);
    const table = await run('taxonomy', 'list', '--version', 'eu-2023');
    expect(table.out).toMatch(/source: European Commission/);
    expect(table.out.split('\n').filter((l) => l.includes('highest-risk'))).toHaveLength(4);
    expect(table.out).toMatch(/^critical technology area: 10; technology: 21$/m);
  });

  it('shows the US, EU and ASPI counterparts of a Korean key technology', async () => {
    const r = await run('taxonomy', 'crosswalk', 'kr2022.semis.power', '--format', 'json');
    expect(r.code).toBe(0);
    const { crosswalk } = JSON.parse(r.out) as {
      crosswalk: Array<{ technology: { versionId: string; id: string }; strength: string }>;
    };
    expect(new Set(crosswalk.map((c) => c.technology.versionId))).toEqual(
      new Set(['us-2024', 'eu-2023', 'aspi-ctt']),
    );
    const table = await run('taxonomy', 'crosswalk', 'kr2022.semis.power');
    expect(table.out).toMatch(/us2024\.semis\.wide_bandgap .* exact/);
  });

  it('runs a revision: draft, change, diff, publish, export and re-import', async () => {
    expect(
      (await run('taxonomy', 'draft', 'kr-2022', '--id', 'kr-2027', '--prefix', 'kr2027', '--title', 'Draft'))
        .code,
    ).toBe(0);
    const change = JSON.stringify({
      kind: 'rename',
      id: 'kr2027.comms.6g',
      nameEn: '6G mobile',
      rationale: 'clearer',
    });
    expect((await run('taxonomy', 'change', 'kr-2027', change)).out).toBe(
      'applied change 1 (rename) to kr-2027',
    );
    const diff = await run('taxonomy', 'diff', 'kr-2022', 'kr-2027');
    expect(diff.out).toMatch(
      /^renamed +kr2022\.comms\.6g \(6G \/ 6G\) {2}→ {2}kr2027\.comms\.6g \(6G \/ 6G mobile\)$/m,
    );
    expect((await run('taxonomy', 'publish', 'kr-2027', '--date', '2027-01-15')).out).toBe(
      'published kr-2027 on 2027-01-15',
    );
    const audit = await run('audit', 'list', '--object-id', 'kr-2027', '--format', 'json');
    const actions = (JSON.parse(audit.out) as { action: string; actor: string }[]).map((e) => e.action);
    expect(actions.sort()).toEqual(['taxonomy.change.apply', 'taxonomy.draft.create', 'taxonomy.publish']);
    const mapping = (await run('taxonomy', 'diff', 'kr-2022', 'kr-2027', '--format', 'csv')).out.split('\n');
    expect(mapping[0]).toBe('old_id,new_ids,changes');
    expect(mapping).toContain('kr2022.comms.6g,kr2027.comms.6g,renamed');
    expect(mapping).toContain('kr2022.comms.5g_adv,kr2027.comms.5g_adv,');
    expect(mapping).toHaveLength(1 + 62);

    // Export as JSON, change the ids, import as a new version: the round trip keeps every item.
    const exported = await run('taxonomy', 'export', 'kr-2027');
    const doc = JSON.parse(
      exported.out.replaceAll('kr2027.', 'kr2029.').replaceAll('"kr-2027"', '"kr-2029"'),
    );
    doc.version.idPrefix = 'kr2029';
    doc.version.basedOn = null;
    for (const t of doc.technologies) t.predecessors = [];
    const path = join(home, 'kr-2029.json');
    writeFileSync(path, JSON.stringify(doc));
    expect((await run('taxonomy', 'import', path)).out).toBe('imported kr-2029: 62 technologies');
  });

  it('rejects a CSV with a cycle and a duplicate id, with located errors and exit code 1', async () => {
    const path = join(home, 'bad.csv');
    writeFileSync(
      path,
      'id,parent_id,kind,name_en,verification\nzz.a,zz.b,field,A,unverified\nzz.b,zz.a,field,B,unverified\nzz.b,,field,B2,unverified\n',
    );
    const r = await run(
      'taxonomy',
      'import',
      path,
      '--version-id',
      'zz-2030',
      '--jurisdiction',
      'ZZ',
      '--prefix',
      'zz',
      '--title',
      'Z',
      '--source',
      'test',
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.csv was rejected: \d+ problems; nothing was imported/);
    expect(r.err).toMatch(/- bad\.csv, technologies line 4 id: duplicate id zz\.b \(first used in line 3\)/);
    expect(r.err).toMatch(
      /- bad\.csv, technologies line \d parentId: cycle in parents: zz\.(a|b) → zz\.(a|b) → zz\.(a|b)/,
    );
    expect((await run('taxonomy', 'list', '--format', 'csv')).out).not.toMatch(/^zz-2030/m);
  });

  it('exports a version to XLSX and imports the spreadsheet back, with row-located errors', async () => {
    const xlsx = join(home, 'kr-2022.xlsx');
    expect((await run('taxonomy', 'export', 'kr-2022', '--format', 'xlsx', '--output', xlsx)).out).toBe(
      `wrote kr-2022 (62 technologies) to ${xlsx}`,
    );
    // Rewrite the ids under a new prefix and import the sheet as a new version.
    const { xlsxToCsv, writeXlsx } = await import('../../src/shared/xlsx.js');
    const { parseCsv } = await import('../../src/taxonomy/csv.js');
    const [header, ...rows] = parseCsv(await xlsxToCsv(xlsx));
    const renamed = rows.map((r) =>
      r.map((c) => c.replace(/^kr2022\./, 'xx2031.').replace(/^kr2022$/, 'xx2031')),
    );
    const copy = join(home, 'xx-2031.xlsx');
    await writeXlsx(copy, header!, renamed);
    const args = [
      '--version-id',
      'xx-2031',
      '--jurisdiction',
      'XX',
      '--prefix',
      'xx2031',
      '--title',
      'X',
      '--source',
      'test',
    ];
    const ok = await run('taxonomy', 'import', copy, ...args);
    expect(ok.err).toBe('');
    expect(ok.out).toBe('imported xx-2031: 62 technologies');
    const bad = join(home, 'bad.xlsx');
    await writeXlsx(bad, header!, [renamed[0]!, renamed[0]!]);
    const refused = await run('taxonomy', 'import', bad, ...args.map((a) => a.replace('xx-2031', 'xx-2032')));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/bad\.xlsx, technologies line 3 id: duplicate id/);
  });
});
