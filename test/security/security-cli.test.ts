/** `cetmap security`: rule sets (export, edit, import with located errors, test a case file), the watch-list, reports. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-security-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = cliRunner({ CETMAP_HOME: home, DATABASE_URL: '' });
const file = (name: string, text: string) => {
  const path = join(home, name);
  writeFileSync(path, text);
  return path;
};

describe('cetmap security', () => {
  it('imports a watch-list, refusing a bad file whole with row numbers', async () => {
    const bad = file(
      'bad.csv',
      'name,aliases,country,source\nGood Entity,,CN,list A\n,,XX,list A\nThird,,CHN,\n',
    );
    const refused = await run('security', 'watchlist', 'import', bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('bad.csv:3 name is empty');
    expect(refused.err).toContain('bad.csv:4 country');
    const good = file(
      'good.csv',
      'name,aliases,country,source,reason\nExample Defence Academy,EDA;예시국방대학,XX,test list,dual-use\n',
    );
    const ok = await run('security', 'watchlist', 'import', good);
    expect(ok.out).toBe('watch-list: 1 added, 0 updated (1 rows)');
    expect((await run('security', 'watchlist', 'import', good)).out).toBe(
      'watch-list: 0 added, 1 updated (1 rows)',
    );
    const listed = await run('security', 'watchlist', 'list', '--format', 'csv');
    expect(listed.out.split('\n')).toHaveLength(2); // the bad file wrote nothing
  }, 120_000);

  it('tests a case file against the active rules and explains each point', async () => {
    const c = file(
      'case.json',
      JSON.stringify({
        caseType: 'overseas-funding',
        counterpartName: 'E.D.A.',
        counterpartCountry: 'KP',
        amountKrw: 250_000_000,
        description: 'Funding offered for research on neuromorphic accelerator chips and NPU design.',
        receivedOn: '2026-10-01',
      }),
    );
    const r = await run('security', 'rules', 'test', c);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^risk high: \d+ points/);
    expect(r.out).toContain('+40  country-sanctions');
    expect(r.out).toContain(
      '+15  large-funding: Overseas funding at or above KRW 100 million — KRW 250,000,000 ≥ KRW 100,000,000',
    );
    expect(r.out).toContain('strategic-tech-described');
    expect(r.out).toMatch(/0 {2}material-export: not fired/);
    const bad = await run('security', 'rules', 'test', file('bad-case.json', '{"caseType":"gift"}'));
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('caseType');
  }, 120_000);

  it('exports the rules, refuses a broken edit with its path, and publishes a valid one as a new version', async () => {
    const out = join(home, 'rules.json');
    expect((await run('security', 'rules', 'export', out)).code).toBe(0);
    const rules = JSON.parse(readFileSync(out, 'utf8'));
    rules.rules[2].group = 'missing-group';
    const broken = await run('security', 'rules', 'import', file('broken.json', JSON.stringify(rules)));
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('rules.2.group: no country group missing-group');
    rules.rules[2].group = 'un-sanctions';
    rules.thresholds.high = 90;
    const ok = await run(
      'security',
      'rules',
      'import',
      file('edited.json', JSON.stringify(rules)),
      '--note',
      'higher bar',
    );
    expect(ok.out).toBe('published rule set version 2 (8 rules); it is now active');
    const list = await run('security', 'rules', 'list', '--format', 'json');
    expect(
      JSON.parse(list.out).map((s: { version: number; active: boolean }) => [s.version, s.active]),
    ).toEqual([
      [2, true],
      [1, false],
    ]);
  }, 120_000);

  it('reports (no cases yet) and sweeps deadlines idempotently', async () => {
    const r = await run('security', 'report', '--xlsx', join(home, 'r.xlsx'));
    expect(r.out).toContain('0 cases, 0 decided');
    expect((await run('security', 'sweep', '--as-of', '2030-01-01')).out).toBe('no lapsed cases');
    expect((await run('security', 'sweep', '--as-of', 'tomorrow')).code).toBe(1);
  }, 120_000);
});
