/** `cetmap strategy …` on a small hand-made corpus in a PGlite home: formats, weights, subcommands, PDF. */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliRunner } from '../helpers/cli.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinCountries } from '../../src/aggregates/aggregate-queries.js';
import { classifyWorks, seedStarterRecipes } from '../../src/classify/classify-queries.js';
import { openDatabase } from '../../src/db/create-db.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { rollup } from '../../src/indicators/rollup-queries.js';
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { writeWorks, type WorkSpec } from '../helpers/openalex-works.js';

const TECH = 'kr2022.quantum.computing';
const home = mkdtempSync(join(tmpdir(), 'cetmap-strategy-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function corpus(): WorkSpec[] {
  const specs: WorkSpec[] = [];
  let id = 7000;
  const add = (n: number, countries: string[], topic: number, cited: number) => {
    for (let i = 0; i < n; i++)
      specs.push({
        id: id++,
        year: 2021 + (i % 5),
        title: 'Quantum computing with superconducting qubits',
        countries,
        topics: [[topic, 0.9]],
        cited,
      });
  };
  add(4, ['KR'], 10020, 5);
  add(10, ['US'], 10682, 20);
  add(12, ['CN'], 10682, 30);
  add(4, ['DE', 'KR'], 10020, 2);
  add(1, ['US', 'KR'], 10682, 10);
  return specs;
}

const run = cliRunner({ CETMAP_HOME: home });

describe('cetmap strategy', () => {
  beforeAll(async () => {
    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    await migrateToLatest(handle.db, { kind: handle.kind });
    await seedFirstRun(handle, () => {}, [taxonomySeeder]);
    await loadBuiltinCountries(handle.db);
    await seedStarterRecipes(handle.db);
    writeWorks(join(home, 'works.jsonl'), corpus());
    await ingestOpenAlex(handle, join(home, 'works.jsonl'));
    await classifyWorks(handle, { techIds: [TECH] });
    await rollup(handle);
    await handle.close();
  }, 120_000);

  it('rolls up again from the CLI and says where the time went', async () => {
    const r = await run('rollup');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/rolled up \d+ works in \d+ reference sets/);
    expect(r.err).toMatch(
      /steps: work_impact \d+\.\d s, country_year .*tech_institution_year \d+\.\d s, report/,
    );
  }, 60_000);

  it('ranks partners as JSON with decomposed scores, and the weights move the ranking', async () => {
    const r = await run('strategy', '--tech', TECH, '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out) as {
      partners: Array<{
        country: string;
        components: Record<string, { value: number; contribution: number }>;
      }>;
      params: { weights: Record<string, number> };
      organisations: unknown[];
    };
    expect(s.partners.map((p) => p.country).sort()).toEqual(['CN', 'DE', 'US']);
    expect(Object.keys(s.partners[0]!.components)).toEqual([
      'strength',
      'complementarity',
      'ties',
      'momentum',
    ]);
    expect(s.params.weights.strength).toBe(0.35);
    expect(s.organisations.length).toBe(3);
    const ties = await run(
      'strategy',
      '--tech',
      TECH,
      '--weights',
      'strength=0,complementarity=0,ties=1,momentum=0',
      '--format',
      'csv',
    );
    expect(ties.code, ties.err).toBe(0);
    expect(ties.out.split('\n')[2]).toMatch(/^1,DE,/);
    const strength = await run(
      'strategy',
      '--tech',
      TECH,
      '--weights',
      'strength=1,complementarity=0,ties=0,momentum=0,alignment=0',
    );
    expect(strength.code, strength.err).toBe(0);
    expect(strength.out.split('\n')[2]).toMatch(/^1\s+CN\s/);
    expect(strength.out).toMatch(/top 5 .*same set in/);
  });

  it('reports bad weights together', async () => {
    const r = await run('strategy', '--tech', TECH, '--weights', 'strenght=1,ties=-2');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/unknown weight "strenght".*ties must be a number/);
  });

  it('shows a partner across the key technologies, organisations, the matrix, with options after the subcommand', async () => {
    const p = await run('strategy', 'partner', 'us', '--format', 'csv');
    expect(p.code, p.err).toBe(0);
    expect(p.out.split('\n')[0]).toMatch(/^technology,rank,of,score,complementarity/);
    expect(p.out).toContain(TECH);
    const o = await run('strategy', 'orgs', '--tech', TECH, '--partner', 'US', '--format', 'json');
    expect(o.code, o.err).toBe(0);
    expect(JSON.parse(o.out).partnerInstitutions[0]).toMatchObject({
      name: 'US University',
      coWorksWithHome: 1,
    });
    const m = await run('strategy', 'matrix', '--partners', '2');
    expect(m.code, m.err).toBe(0);
    expect(m.out).toMatch(new RegExp(`${TECH.replace(/\./g, '\\.')}\\s+\\d`));
  });

  it('writes the PDF brief', async () => {
    const out = join(home, 'brief.pdf');
    const r = await run('strategy', 'brief', '--tech', TECH, '--out', out, '--english');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/wrote .*brief\.pdf .*3 partners of KR/);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
