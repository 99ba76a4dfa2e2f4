import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { importAggregate } from '../../src/aggregates/aggregate-queries.js';
import { findKind } from '../../src/aggregates/import-kinds.js';
import { nsfPatentAreas, nsfPatentStanding } from '../../src/patents/patent-standing-queries.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { HAVE_NSF, NSF } from './patent-files.js';

if (!HAVE_NSF) console.warn(`NSF patent aggregate test skipped: ${NSF} not found`);

describe.skipIf(!HAVE_NSF)('patent standing in aggregate mode on NSF USPTO grants (../shared/data)', () => {
  const t = useTestDb(TEST_TARGETS.includes('postgres') ? 'postgres' : 'pglite');
  // independent reading of the published table
  const rows = HAVE_NSF
    ? (
        parse(readFileSync(join(NSF, 'patents_by_country_tech.csv')), { columns: true }) as Array<
          Record<string, string>
        >
      ).filter((r) => r.indicator === 'USPTO_granted' && r.patents !== '')
    : [];
  const total = (entity: string, area: string, from: number, to: number) =>
    rows
      .filter(
        (r) => r.entity === entity && r.tech_area === area && Number(r.year) >= from && Number(r.year) <= to,
      )
      .reduce((s, r) => s + Number(r.patents), 0);

  beforeAll(async () => {
    const kind = findKind('nsf-sei')!;
    await importAggregate(
      t.handle,
      { ...kind, files: kind.files.filter((f) => f.file === 'patents_by_country_tech.csv') },
      NSF,
    );
  }, 300_000);

  it('reproduces the table: world grants, country shares and RTA against all technologies', async () => {
    const s = await nsfPatentStanding(t.handle.db, 'Semiconductors', { from: 2018, to: 2022 });
    const world = total('World', 'Semiconductors', 2018, 2022);
    expect(s.world.grants).toBeCloseTo(world, 6);
    const shares = s.countries.reduce((a, c) => a + (c.worldShare ?? 0), 0) + (s.world.unknownShare ?? 0);
    expect(shares).toBeCloseTo(1, 9);
    const kr = s.countries.find((c) => c.country === 'KR')!;
    const krSemis = total('South Korea', 'Semiconductors', 2018, 2022);
    expect(kr.grants).toBeCloseTo(krSemis, 6);
    expect(kr.worldShare).toBeCloseTo(krSemis / world, 12);
    const rta =
      krSemis /
      total('South Korea', 'All technologies', 2018, 2022) /
      (world / total('World', 'All technologies', 2018, 2022));
    expect(kr.rta).toBeCloseTo(rta, 9);
    expect(kr.rta!).toBeGreaterThan(1); // Korea patents relatively more in semiconductors than the world
    expect(s.method.counting).toMatch(/^fractional/);
    expect(s.method.unit).toMatch(/inventor-based fractional count \(NSF SEI 2024/);
    expect(s.source.citation).toMatch(/Science and Engineering Indicators 2024/);
    expect(await nsfPatentAreas(t.handle.db)).toContain('Electrical engineering');
  });

  it('refuses what NSF does not publish', async () => {
    await expect(nsfPatentStanding(t.handle.db, 'Semiconductors', { counting: 'full' })).rejects.toThrow(
      /fractional/,
    );
    await expect(nsfPatentStanding(t.handle.db, 'Alchemy')).rejects.toThrow(
      /no USPTO patent counts for the technology area "Alchemy"/,
    );
  });
});
