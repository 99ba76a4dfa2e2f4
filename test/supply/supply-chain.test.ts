import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { importAggregate, loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { findKind } from '../../src/aggregates/import-kinds.js';
import { buildApp } from '../../src/api/app.js';
import { main } from '../../src/cli/main.js';
import type {
  ChokepointReportDto,
  ScenarioReportDto,
  SupplyGraphDto,
} from '../../src/shared/schemas/foresight.js';
import { projectPath } from '../../src/shared/paths.js';
import { disruptionScenario, itemConcentration, type SupplyItem } from '../../src/supply/supply-chain.js';
import { chokepointReport, scenarioReport } from '../../src/supply/supply-queries.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';

describe('supply-chain rules on a small graph', () => {
  const items: SupplyItem[] = ['A', 'B', 'C', 'D'].map((id) => ({ id, name: id, type: 'x', level: 'input' }));
  // A and B go into C; C is a type of D.
  const edges = [
    { source: 'A', relation: 'goes_into' as const, target: 'C' },
    { source: 'B', relation: 'goes_into' as const, target: 'C' },
    { source: 'C', relation: 'is_type_of' as const, target: 'D' },
  ];
  const conc = new Map([
    [
      'A',
      itemConcentration(
        'A',
        [
          { itemId: 'A', unit: 'NL', share: 80, year: 2025 },
          { itemId: 'A', unit: 'JP', share: 20, year: 2025 },
        ],
        [],
      ),
    ],
    [
      'B',
      itemConcentration(
        'B',
        [
          { itemId: 'B', unit: 'NL', share: 30, year: 2025 },
          { itemId: 'B', unit: 'UNKNOWN', share: 70, year: 2025 },
        ],
        [],
      ),
    ],
  ]);

  it('renormalises over known countries and reports the unknown share', () => {
    expect(conc.get('A')!.hhi).toBeCloseTo(6800, 9);
    expect(conc.get('B')!.cr1).toBe(1);
    expect(conc.get('B')!.unknownShare).toBeCloseTo(0.7, 12);
  });

  it('uses firm shares by home country when no country shares exist, the rest unknown', () => {
    const c = itemConcentration(
      'X',
      [],
      [
        { itemId: 'X', providerId: 'P1', provider: 'F1', country: 'US', share: 50, year: 2025 },
        { itemId: 'X', providerId: 'P2', provider: 'F2', country: 'US', share: 10, year: 2025 },
        { itemId: 'X', providerId: 'P3', provider: 'F3', country: 'JP', share: 20, year: 2025 },
      ],
    );
    expect(c.basis).toBe('firm shares by home country');
    expect(c.unknownShare).toBeCloseTo(0.2, 12);
    expect(c.shares[0]).toEqual({ unit: 'US', share: 0.75 });
    expect(c.firms).toBe(3);
  });

  it('propagates a disruption downstream as the weakest link', () => {
    const impacts = disruptionScenario(items, edges, conc, 'NL', 0.5);
    const byId = Object.fromEntries(impacts.map((i) => [i.item.id, i]));
    expect(byId.A!.directLoss).toBeCloseTo(0.4, 12);
    expect(byId.B!.directLoss).toBeCloseTo(0.5, 12); // NL is all of B's known supply
    expect(byId.C!.atRisk).toBeCloseTo(0.5, 12);
    expect(byId.C!.via).toBe('B');
    expect(byId.D!.atRisk).toBeCloseTo(0.5, 12);
  });
});

// The real ETO data (../shared/data), checked against an independent computation from its CSV.
const ETO_DIR = projectPath('..', 'shared', 'data', 'eto-chip-supply-chain');
const USGS_DIR = projectPath('..', 'shared', 'data', 'usgs-critical-minerals');
const HAVE_DATA = existsSync(ETO_DIR) && existsSync(USGS_DIR);
if (!HAVE_DATA) console.warn(`supply-chain real-data tests skipped: ${ETO_DIR} not found`);

/** HHI (0–10,000) and top share straight from country_shares.csv, "Various countries" left out. */
function fromCsv(itemId: string): { hhi: number; top: string; topShare: number } {
  const rows = parse(readFileSync(join(ETO_DIR, 'country_shares.csv')), { columns: true }) as Array<
    Record<string, string>
  >;
  const known = rows.filter(
    (r) => r.item_id === itemId && r.share_pct !== '' && r.country_code !== 'Various countries',
  );
  const total = known.reduce((s, r) => s + Number(r.share_pct), 0);
  const shares = known.map((r) => ({ code: r.country_code!, s: Number(r.share_pct) / total }));
  shares.sort((a, b) => b.s - a.s);
  return {
    hhi: shares.reduce((s, x) => s + (x.s * 100) ** 2, 0),
    top: shares[0]!.code,
    topShare: shares[0]!.s,
  };
}

const ALPHA3: Record<string, string> = { NLD: 'NL', USA: 'US', JPN: 'JP', KOR: 'KR', TWN: 'TW', CHN: 'CN' };

for (const target of TEST_TARGETS) {
  describe.skipIf(!HAVE_DATA)(`supply chain on the real ETO and USGS data (${target})`, () => {
    const t = useTestDb(target);
    beforeAll(async () => {
      await loadBuiltinCountries(t.handle.db);
      await importAggregate(t.handle, findKind('eto-supply-chain')!, ETO_DIR);
      await importAggregate(t.handle, findKind('usgs-minerals')!, USGS_DIR);
    }, 300_000);

    it('matches HHI and top-country share computed independently from the CSV', async () => {
      const report = await chokepointReport(t.handle.db);
      for (const id of ['N20', 'N26', 'N5', 'N33', 'S2']) {
        const expected = fromCsv(id);
        const got = report.inputs.find((c) => c.item.id === id)!;
        expect(got.concentration.basis, id).toBe('country shares');
        expect(got.concentration.hhi!, id).toBeCloseTo(expected.hhi, 6);
        expect(got.concentration.cr1!, id).toBeCloseTo(expected.topShare, 9);
        expect(got.concentration.topCountry, id).toBe(ALPHA3[expected.top] ?? expected.top);
      }
      const euv = report.inputs.find((c) => c.item.id === 'N20')!;
      expect(euv.chokepoint).toBe(true);
      expect(euv.downstreamIds).toContain('N99');
      expect(report.sources.join(' ')).toContain('Emerging Technology Observatory');
    });

    it('lists concentrated minerals linked to technologies', async () => {
      const report = await chokepointReport(t.handle.db, { cet: 'kr2022.battery' });
      expect(report.inputs).toEqual([]); // the chip graph is not about batteries
      const names = report.minerals.map((m) => m.mineral);
      expect(names).toEqual(expect.arrayContaining(['Lithium', 'Cobalt', 'Nickel', 'Graphite']));
      const cobalt = report.minerals.find((m) => m.mineral === 'Cobalt')!;
      expect(cobalt.concentration.topCountry).toBe('CD');
      expect(cobalt.chokepoint).toBe(true);
    });

    it('serves chokepoints and scenarios publicly under /api/v1/supply', async () => {
      const app = await buildApp({ handle: t.handle });
      try {
        const res = await app.inject({ url: '/api/v1/supply/chokepoints?cet=kr2022.semis' });
        expect(res.statusCode, res.body).toBe(200);
        const body = res.json() as ChokepointReportDto;
        expect(body.inputs.find((c) => c.item.id === 'N20')!.concentration.hhi).toBeCloseTo(
          fromCsv('N20').hhi,
          6,
        );
        expect(body.sources.join(' ')).toContain('CC BY-NC');
        const s = await app.inject({ url: '/api/v1/supply/scenario?remove=jp&share=0.5' });
        expect(s.statusCode, s.body).toBe(200);
        expect((s.json() as ScenarioReportDto).impacts.length).toBeGreaterThan(0);
        expect((await app.inject({ url: '/api/v1/supply/scenario?remove=JP&share=2' })).statusCode).toBe(400);
        const g = await app.inject({ url: '/api/v1/supply/graph' });
        expect(g.statusCode, g.body).toBe(200);
        const graph = g.json() as SupplyGraphDto;
        expect(graph.edges).toHaveLength(139);
        expect(graph.nodes.find((n) => n.id === 'N20')!.topCountry).toBe('NL');
      } finally {
        await app.close();
      }
    });

    it('returns the downstream inputs affected when a country is removed', async () => {
      const s = await scenarioReport(t.handle.db, 'NL');
      const euv = s.impacts.find((i) => i.item.id === 'N20')!;
      expect(euv.directLoss).toBeCloseTo(1, 9);
      const finished = s.impacts.find((i) => i.item.id === 'N99')!;
      expect(finished.atRisk).toBeCloseTo(1, 9);
      expect(finished.directLoss).toBe(0);
      const half = await scenarioReport(t.handle.db, 'NL', 0.5);
      expect(half.impacts.find((i) => i.item.id === 'N20')!.directLoss).toBeCloseTo(0.5, 9);
    });
  });
}

describe.skipIf(!HAVE_DATA)('cetmap supply commands', () => {
  it('prints chokepoints as JSON and a scenario table', async () => {
    // the CLI opens its own embedded database in a fresh home, with the data imported there first
    const home = mkdtempSync(join(tmpdir(), 'cetmap-supply-cli-'));
    const env: NodeJS.ProcessEnv = { ...process.env, CETMAP_HOME: home };
    delete env.DATABASE_URL;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    try {
      expect(await main(['node', 'cetmap', 'import', 'eto-supply-chain', ETO_DIR], io, env)).toBe(0);
      out.length = 0;
      expect(await main(['node', 'cetmap', 'supply', 'chokepoints', '--format', 'json'], io, env)).toBe(0);
      const report = JSON.parse(out.join('\n')) as {
        inputs: Array<{ item: { id: string }; concentration: { hhi: number } }>;
      };
      expect(report.inputs.find((c) => c.item.id === 'N20')!.concentration.hhi).toBeCloseTo(
        fromCsv('N20').hhi,
        6,
      );
      out.length = 0;
      expect(
        await main(['node', 'cetmap', 'supply', 'scenario', '--remove', 'NL', '--share', '0.5'], io, env),
      ).toBe(0);
      expect(out.join('\n')).toContain('EUV lithography tools');
      expect(out.join('\n')).toContain('source: Emerging Technology Observatory');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 300_000);
});
