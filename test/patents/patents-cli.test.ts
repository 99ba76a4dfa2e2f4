import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';
import { writeHandMade } from './patent-files.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-patents-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = cliRunner({ CETMAP_HOME: home });

describe('cetmap ingest patents / patents / standing --evidence', () => {
  const dir = writeHandMade(join(home, 'g'));

  it('ingests the g_ tables and reports per table, then changes nothing on a second run', async () => {
    const r = await run('ingest', 'patents', dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/patent: 4 records, 4 new/);
    expect(r.out).toMatch(/database: 4 patents .* 3 locations/);
    const again = await run('ingest', 'patents', dir, '--force');
    expect(again.out).toMatch(/0 ingested, 0 updated, 27 unchanged, 0 quarantined/);
  });

  it('rolls up, explains a patent and shows patent standing by inventor and by assignee', async () => {
    const r = await run('patents', 'rollup');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/rolled up 3 utility grants/);
    const e = await run('classify', 'explain', 'US9000003');
    expect(e.out).toMatch(
      /IN {2}kr2022\.quantum\.communication cpc v1 by cpc; sufficient codes: H04L9\/0852 ~ H04L9\/0852\*/,
    );
    const s = await run(
      'standing',
      '--tech',
      'kr2022.quantum.communication',
      '--evidence',
      'patents',
      '--from',
      '2020',
      '--to',
      '2021',
    );
    expect(s.code, s.err).toBe(0);
    expect(s.out).toMatch(/by inventor country/);
    expect(s.out).toMatch(/RTA = /);
    const a = await run(
      'standing',
      '--tech',
      'kr2022.quantum.communication',
      '--evidence',
      'patents',
      '--basis',
      'assignee',
      '--from',
      '2020',
      '--to',
      '2021',
      '--format',
      'json',
    );
    const json = JSON.parse(a.out) as { method: { basis: string }; countries: Array<{ country: string }> };
    expect(json.method.basis).toMatch(/assignee country/);
    expect(json.countries.map((c) => c.country).sort()).toEqual(['JP', 'KR']);
    const bad = await run('standing', '--tech', 'kr2022.quantum.communication', '--evidence', 'citations');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/--evidence must be papers, patents or both/);
  });
});
