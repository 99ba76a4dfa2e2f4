import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { importAggregate } from '../../src/aggregates/aggregate-queries.js';
import { findKind } from '../../src/aggregates/import-kinds.js';
import { nsfFieldStanding } from '../../src/indicators/aggregate-standing.js';
import { projectPath } from '../../src/shared/paths.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const NSF = projectPath('..', 'shared', 'data', 'nsf-sei');
if (!existsSync(NSF)) console.warn(`aggregate-mode standing test skipped: ${NSF} not found`);

describe.skipIf(!existsSync(NSF))('standing in aggregate mode on NSF article counts (../shared/data)', () => {
  const t = useTestDb(TEST_TARGETS.includes('postgres') ? 'postgres' : 'pglite');

  beforeAll(async () => {
    const kind = findKind('nsf-sei')!;
    await importAggregate(
      t.handle,
      { ...kind, files: kind.files.filter((f) => f.file === 'articles_by_country_year.csv') },
      NSF,
    );
  }, 300_000);

  it('ranks economies by output with the same indicator code, and says citations are missing', async () => {
    const s = await nsfFieldStanding(t.handle.db, 'Computer and information sciences', {
      from: 2018,
      to: 2022,
    });
    expect(s.params).toMatchObject({ from: 2018, to: 2022, counting: 'fractional' });
    expect(s.notes.join(' ')).toMatch(/No citation data/);
    expect(s.countries[0]!.country).toBe('CN');
    expect(s.countries[0]!.level).toBe(100);
    const total = s.countries.reduce((sum, c) => sum + (c.worldShare ?? 0), 0) + (s.world.unknownShare ?? 0);
    expect(total).toBeCloseTo(1, 9);
    // RCA against all S&E fields: a country that publishes proportionally more computer science is above 1.
    const india = s.countries.find((c) => c.country === 'IN')!;
    expect(india.rca!).toBeGreaterThan(1);
    expect(s.home!.country).toBe('KR');
    expect(s.source.citation).toMatch(/Science and Engineering Indicators 2024/);
  });

  it('refuses a field NSF does not have', async () => {
    await expect(nsfFieldStanding(t.handle.db, 'Alchemy')).rejects.toThrow(
      /no article counts for the field "Alchemy"/,
    );
  });
});
