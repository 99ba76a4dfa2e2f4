import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import STARTER from '../../src/classify/data/recipes-kr-2022.json' with { type: 'json' };
import { askYesNo } from '../../src/cli/commands/fetch.js';
import { main } from '../../src/cli/main.js';
import { makeWorks, startFakeOpenAlex, type FakeOpenAlex } from '../helpers/fake-openalex.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-fetch-cli-'));
const WORKS = makeWorks(450, [10502, 12808, 99999]);
let server: FakeOpenAlex;
beforeAll(async () => {
  server = await startFakeOpenAlex(WORKS, { maxRequests: 60 });
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

async function run(...args: string[]): Promise<{ code: number | 'running'; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'cetmap', ...args],
    { out: (l) => out.push(l), err: (l) => err.push(l) },
    {
      CETMAP_HOME: home,
      OPENALEX_API_URL: server.url,
      OPENALEX_API_KEY: 'CLI-SECRET-KEY',
      OPENALEX_MAILTO: 'cli@example.org',
    },
  );
  const result = { code, out: out.join('\n'), err: err.join('\n') };
  expect(result.out + result.err).not.toContain('CLI-SECRET-KEY');
  return result;
}

describe('cetmap fetch openalex', () => {
  const out = join(home, 'articles');

  it.skipIf(Boolean(process.stdin.isTTY))(
    'prints the estimate and refuses to spend without --yes when stdin is not a terminal',
    async () => {
      const before = server.requests.length;
      const r = await run('fetch', 'openalex', '--filter', 'type:article', '--out', out);
      expect(r.code).toBe(1);
      expect(r.out).toMatch(
        /estimate: up to 450 works .* in 4 list requests \(1 probe request\(s\) already sent\)/,
      );
      expect(r.out).toMatch(
        /≈ \$0\.0004 of API usage at \$0\.10 per 1,000 list calls; budget 10,000 requests\/day/,
      );
      expect(r.err).toMatch(/add --yes/);
      expect(server.requests.length - before).toBe(1); // the probe only
    },
  );

  it('stops at the daily budget with exit 4, and the same command continues the next time', async () => {
    const first = await run(
      'fetch',
      'openalex',
      '--filter',
      'type:article',
      '--out',
      out,
      '--yes',
      '--budget',
      '3',
    );
    expect(first.code, first.err).toBe(4);
    expect(first.out).toMatch(/fetch stopped at the daily budget: 400 works written/);
    expect(first.err).toMatch(/daily budget of 3 requests is spent.*run the same command again/s);
    const second = await run(
      'fetch',
      'openalex',
      '--filter',
      'type:article',
      '--out',
      out,
      '--yes',
      '--budget',
      '50',
    );
    expect(second.code, second.err).toBe(0);
    expect(second.out).toMatch(/resuming: 400 works in 1 file\(s\)/);
    expect(second.out).toMatch(
      /fetch complete: 50 works written in 1 file\(s\) \(0 duplicates skipped\), 2 requests/,
    );
    expect(second.out).toMatch(/fetch complete: .*450 works in 2 file\(s\)/);
    expect(second.out).toMatch(/API requests today: \d+ of 50/);
  });

  it('--ingest loads what was fetched; nothing is fetched again', async () => {
    const before = server.requests.length;
    const r = await run('fetch', 'openalex', '--filter', 'type:article', '--out', out, '--ingest');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/nothing left to fetch/);
    expect(r.out).toMatch(
      /450 records from 2 file\(s\): 450 ingested, 0 updated, 0 unchanged, 0 quarantined/,
    );
    expect(server.requests.length).toBe(before);
  });

  it('--taxonomy kr-2022 builds topic filters from the recipes and fetches the matching works', async () => {
    const before = server.requests.length;
    const r = await run(
      'fetch',
      'openalex',
      '--taxonomy',
      'kr-2022',
      '--from',
      '2015',
      '--to',
      '2023',
      '--yes',
    );
    expect(r.code, r.err).toBe(0);
    const topics = new Set(STARTER.recipes.flatMap((x) => x.topics));
    expect(r.out).toContain(
      `kr-2022: ${STARTER.recipes.length} technologies, ${topics.size} candidate OpenAlex topics`,
    );
    const expected = WORKS.filter((w) => {
      const year = w.publication_year as number;
      const topic = Number((w.topics as { id: string }[])[0]!.id.replace(/^.*\/T/, ''));
      return year >= 2015 && year <= 2023 && topics.has(topic);
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(r.out).toMatch(new RegExp(`fetch complete: ${expected.length} works written`));
    const sent = server.requests.slice(before).map((q) => new URL(q, server.url).searchParams.get('filter')!);
    for (const f of sent) {
      expect(f).toMatch(
        /^topics\.id:T\d+(\|T\d+)*,from_publication_date:2015-01-01,to_publication_date:2023-12-31$/,
      );
      expect(f.split(',')[0]!.split('|').length).toBeLessThanOrEqual(100);
    }
    expect(new Set(sent).size).toBe(Math.ceil(topics.size / 100));
  });

  it('rejects contradictory or missing options', async () => {
    expect((await run('fetch', 'openalex')).err).toMatch(/either --filter or --taxonomy/);
    expect((await run('fetch', 'openalex', '--filter', 'x:y', '--taxonomy', 'kr-2022')).code).toBe(1);
    expect((await run('fetch', 'openalex', '--taxonomy', 'us-2024')).err).toMatch(
      /--taxonomy must be one of kr-2022/,
    );
    expect((await run('fetch', 'openalex', '--filter', 'x:y', '--from', '2020', '--to', '2019')).err).toMatch(
      /--from 2020 is after --to 2019/,
    );
  });

  it('refuses an invalid OPENALEX_MAILTO without echoing the key', async () => {
    const err: string[] = [];
    const code = await main(
      ['node', 'cetmap', 'fetch', 'openalex', '--filter', 'x:y'],
      { out: () => {}, err: (l) => err.push(l) },
      {
        CETMAP_HOME: home,
        OPENALEX_MAILTO: 'not an address',
        OPENALEX_API_KEY: 'CLI-SECRET-KEY',
      },
    );
    expect(code).toBe(1);
    expect(err.join('\n')).toMatch(/OPENALEX_MAILTO must be an e-mail address/);
    expect(err.join('\n')).not.toContain('CLI-SECRET-KEY');
  });
});

describe('askYesNo', () => {
  it('counts only an explicit yes', async () => {
    const ask = async (answer: string): Promise<boolean> => {
      const input = new PassThrough();
      const output = new PassThrough();
      const result = askYesNo('Spend?', input, output);
      input.end(`${answer}\n`);
      return result;
    };
    expect(await ask('y')).toBe(true);
    expect(await ask('YES')).toBe(true);
    expect(await ask('')).toBe(false);
    expect(await ask('no')).toBe(false);
  });
});
