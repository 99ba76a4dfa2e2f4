import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importAggregate,
  importAllAggregates,
  loadBuiltinCountries,
} from '../../src/aggregates/aggregate-queries.js';
import { CountryResolver } from '../../src/aggregates/country-resolver.js';
import { findKind, IMPORT_KINDS } from '../../src/aggregates/import-kinds.js';
import { projectPath } from '../../src/shared/paths.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

const kind = (name: string) => findKind(name)!;

/** Writes a small data folder; every file named like the real data set's. */
function writeFolder(root: string, folder: string, files: Record<string, string>): string {
  const dir = join(root, folder);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const PAIRS_WITH_PROBLEMS = [
  'year,country_a,country_b,works',
  '2020,KR,US,120',
  '2020,DE,KR,60', // written b<a: stored as DE-KR, the canonical order
  '2020,KR,US,7', // duplicate pair
  '2020,KR,XX1,5', // bad code
  '2021,KR,JP,many', // not a number
  '2021,CN,KR,90',
].join('\n');
const TOTALS = ['year,country,works,partner_countries', '2020,KR,800,40', '2020,US,3000,120'].join('\n');

for (const target of TEST_TARGETS) {
  describe(`aggregate import on ${target}`, () => {
    const t = useTestDb(target);
    const root = mkdtempSync(join(tmpdir(), 'cetmap-agg-'));
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const pairCount = async () =>
      Number(
        (await t.handle.db
          .selectFrom('coauthor_pair')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirst())!.n,
      );
    const openQuarantine = () =>
      t.handle.db
        .selectFrom('quarantine')
        .select(['locator', 'reason'])
        .where('source', '=', 'import:coauthorship')
        .where('resolved_at', 'is', null)
        .orderBy('locator')
        .execute();

    it('loads good rows, quarantines bad ones with their line and reason, and registers the data set', async () => {
      const dir = writeFolder(root, 'coauthorship-countries', {
        'pairs.csv': PAIRS_WITH_PROBLEMS,
        'country_totals.csv': TOTALS,
      });
      const report = await importAggregate(t.handle, kind('coauthorship'), dir);
      expect(report.files.map((f) => [f.file, f.records, f.rows, f.quarantined])).toEqual([
        ['pairs.csv', 6, 3, 3],
        ['country_totals.csv', 2, 2, 0],
      ]);
      const pairs = await t.handle.db.selectFrom('coauthor_pair').selectAll().orderBy('country_a').execute();
      expect(pairs).toEqual([
        { year: 2021, country_a: 'CN', country_b: 'KR', works: 90 },
        { year: 2020, country_a: 'DE', country_b: 'KR', works: 60 },
        { year: 2020, country_a: 'KR', country_b: 'US', works: 120 },
      ]);
      expect(await openQuarantine()).toEqual([
        { locator: 'pairs.csv:4', reason: 'duplicate of line 2 (2020|KR|US)' },
        { locator: 'pairs.csv:5', reason: 'country_b: is not an ISO alpha-2 code' },
        { locator: 'pairs.csv:6', reason: 'works: is not a whole number' },
      ]);
      const dataset = await t.handle.db
        .selectFrom('dataset')
        .selectAll()
        .where('id', '=', 'import:coauthorship-countries')
        .executeTakeFirstOrThrow();
      expect(dataset).toMatchObject({ synthetic: false, row_count: 5, kind: 'coauthorship' });
    });

    it('is idempotent: importing the same folder again changes nothing', async () => {
      const dir = join(root, 'coauthorship-countries');
      await importAggregate(t.handle, kind('coauthorship'), dir);
      expect(await pairCount()).toBe(3);
      expect(await openQuarantine()).toHaveLength(3);
      const all = await t.handle.db
        .selectFrom('quarantine')
        .select('id')
        .where('source', '=', 'import:coauthorship')
        .execute();
      expect(all).toHaveLength(3);
    });

    it('marks quarantined records resolved once the file is corrected', async () => {
      const fixed = PAIRS_WITH_PROBLEMS.replace('2020,KR,US,7', '2020,KR,JP,7')
        .replace('XX1', 'CA')
        .replace('many', '11');
      const dir = writeFolder(root, 'coauthorship-countries', {
        'pairs.csv': fixed,
        'country_totals.csv': TOTALS,
      });
      const report = await importAggregate(t.handle, kind('coauthorship'), dir);
      expect(report.quarantined).toBe(0);
      expect(await pairCount()).toBe(6);
      expect(await openQuarantine()).toEqual([]);
    });

    it('rejects a folder that lacks a file, and a file without a required column, changing nothing', async () => {
      const missing = writeFolder(root, 'incomplete', { 'pairs.csv': PAIRS_WITH_PROBLEMS });
      await expect(importAggregate(t.handle, kind('coauthorship'), missing)).rejects.toThrow(
        /missing country_totals\.csv/,
      );
      const badHeader = writeFolder(root, 'bad-header', {
        'pairs.csv': 'year,country_a,country_b,count\n2020,KR,US,1\n',
        'country_totals.csv': TOTALS,
      });
      await expect(importAggregate(t.handle, kind('coauthorship'), badHeader)).rejects.toThrow(
        /missing column\(s\) works/,
      );
      expect(await pairCount()).toBe(6);
    });

    it('merges providers listed once per alias instead of quarantining them', async () => {
      const dir = writeFolder(root, 'eto-chip-supply-chain', {
        'stages.csv': 'stage_id,stage_name,description\nS1,Design,Chip design\n',
        'inputs.csv':
          'input_id,input_name,type,stage_name,stage_id,description,year\nN0,Chip design,process,Design,S1,,\n',
        'providers.csv': [
          'provider_name,alias,provider_id,provider_type,country',
          'KOR,South Korea,P4,country,',
          'Onto Innovation,,P139,organization,USA',
          'Onto Innovation,Rudolph Technologies,P139,organization,USA',
          'Onto Innovation,Nanometrics,P139,organization,USA',
        ].join('\n'),
        'provision.csv':
          'provider_name,provider_id,provided_name,provided_id,share_provided,year,source\nKOR,P4,Chip design,N0,3.5,2022,x\nOnto Innovation,P139,Chip design,N0,,2025,y\n',
        'sequence.csv':
          'input_name,input_id,goes_into_name,goes_into_id,is_type_of_name,is_type_of_id\nChip design,N0,,S1,,\n',
        'country_shares.csv':
          'item_id,item_name,item_level,item_type,country_code,country_name,provider_id,share_pct,year,source\nN0,Chip design,input,process,KOR,South Korea,P4,3.5,2022,x\n',
      });
      const report = await importAggregate(t.handle, kind('eto-supply-chain'), dir);
      expect(report.quarantined).toBe(0);
      const providers = await t.handle.db.selectFrom('supply_provider').selectAll().orderBy('id').execute();
      expect(providers).toEqual([
        {
          id: 'P139',
          name: 'Onto Innovation',
          aliases: ['Rudolph Technologies', 'Nanometrics'],
          type: 'organization',
          country: 'US',
        },
        { id: 'P4', name: 'KOR', aliases: ['South Korea'], type: 'country', country: 'KR' },
      ]);
      const unquantified = await t.handle.db
        .selectFrom('supply_provision')
        .select('share')
        .where('provider_id', '=', 'P139')
        .executeTakeFirstOrThrow();
      expect(unquantified.share).toBeNull(); // listed as a provider, share not quantified: null, not 0
    });

    it('loads the built-in country table once', async () => {
      await t.handle.db.deleteFrom('country').execute();
      expect(await loadBuiltinCountries(t.handle.db)).toBe(250);
      expect(await loadBuiltinCountries(t.handle.db)).toBe(0);
      const kr = await t.handle.db
        .selectFrom('country')
        .selectAll()
        .where('alpha2', '=', 'KR')
        .executeTakeFirstOrThrow();
      expect(kr).toMatchObject({
        alpha3: 'KOR',
        numeric_code: '410',
        name_en: 'South Korea',
        name_ko: '대한민국',
      });
    });
  });
}

// The real published data sets, read from ../shared/data (skipped where that folder is absent).
const SHARED_DATA = projectPath('..', 'shared', 'data');
const HAVE_SHARED = existsSync(SHARED_DATA);
if (!HAVE_SHARED) console.warn(`real aggregate import tests skipped: ${SHARED_DATA} not found`);

describe.skipIf(!HAVE_SHARED)('import of the real aggregate data sets (../shared/data)', () => {
  const t = useTestDb(TEST_TARGETS.includes('postgres') ? 'postgres' : 'pglite');
  let reports: Awaited<ReturnType<typeof importAllAggregates>>;

  beforeAll(async () => {
    // The large co-authorship and NSF tables run in CI on PostgreSQL; on PGlite alone the small ones suffice.
    const kinds = TEST_TARGETS.includes('postgres')
      ? IMPORT_KINDS
      : IMPORT_KINDS.filter((k) => !['coauthorship', 'nsf-sei', 'worldbank'].includes(k.kind));
    reports = await importAllAggregates(t.handle, SHARED_DATA, kinds);
  }, 600_000);

  const byKind = (k: string) => reports.find((r) => r.kind === k);

  it('imports every record without quarantining any', () => {
    for (const r of reports) expect([r.kind, r.quarantined]).toEqual([r.kind, 0]);
  });

  it('matches the row counts the sources document', () => {
    expect(byKind('countries')?.rows).toBe(250);
    expect(byKind('kistep')?.files[0]?.records).toBe(58);
    const eto = byKind('eto-supply-chain')!;
    expect(Object.fromEntries(eto.files.map((f) => [f.file, f.records]))).toMatchObject({
      'inputs.csv': 126,
      'stages.csv': 3,
      'providers.csv': 403,
      'provision.csv': 1300,
      'sequence.csv': 139,
      'country_shares.csv': 580,
    });
    expect(byKind('usgs-minerals')?.files.find((f) => f.file === 'world_production.csv')?.records).toBe(2500);
    if (byKind('coauthorship')) expect(byKind('coauthorship')!.files[0]!.records).toBe(265_281);
    if (byKind('worldbank'))
      expect(byKind('worldbank')!.files.find((f) => f.file === 'indicators.csv')!.records).toBe(50_561);
  });

  it('resolves countries in every data set it can, keeping regions unresolved', async () => {
    const resolver = new CountryResolver();
    expect(resolver.resolve('Korea, Rep.')).toBe('KR');
    expect(resolver.resolve('C&#244;te d&#8217;Ivoire')).toBeNull(); // raw entity: importers decode first
    expect(resolver.resolve('Côte d’Ivoire')).toBe('CI');
    expect(resolver.resolve('EU-27')).toBeNull();
    const kistepKr = await t.handle.db
      .selectFrom('statistic')
      .select(['value', 'year'])
      .where('dataset', '=', 'kistep-tech-level')
      .where('series', '=', 'level_pct')
      .where('country', '=', 'KR')
      .execute();
    expect(kistepKr.length).toBeGreaterThan(5);
    expect(kistepKr.every((r) => r.value === null || (r.value > 0 && r.value <= 100))).toBe(true);
  });
});
