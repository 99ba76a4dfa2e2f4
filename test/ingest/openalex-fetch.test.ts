/**
 * The OpenAlex API client and fetch runner against a local fake server (test/helpers/fake-openalex.ts):
 * paging to the end, retries (429 + Retry-After, 500, timeouts, truncated and invalid bodies), budget stop and
 * resume, URL splitting, dedupe, and that what was fetched ingests. Never touches the real API.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import STARTER from '../../src/classify/data/recipes-kr-2022.json' with { type: 'json' };
import { ingestOpenAlex } from '../../src/ingest/ingest-openalex.js';
import {
  BudgetExhausted,
  createDailyBudget,
  OpenAlexClient,
  OpenAlexRequestError,
  type OpenAlexClientOptions,
  type RetryInfo,
} from '../../src/ingest/openalex-api.js';
import {
  openFetchState,
  probeCounts,
  requestFilters,
  runFetch,
  STATE_FILE,
  taxonomyFilter,
} from '../../src/ingest/openalex-fetch.js';
import { isCetmapError } from '../../src/shared/errors.js';
import { makeWorks, startFakeOpenAlex, type FakeOpenAlex } from '../helpers/fake-openalex.js';
import { REAL_FIXTURES } from '../helpers/openalex-files.js';
import { openTestDb } from '../helpers/test-db.js';

const root = mkdtempSync(join(tmpdir(), 'cetmap-fetch-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const newDir = (): string => join(root, `out-${++dirs}`);

const WORKS = makeWorks(450);
let server: FakeOpenAlex;
afterEach(async () => {
  expect(server.overflow, 'the fake server hit its request limit').toBe(0);
  await server.close();
});

function client(options: OpenAlexClientOptions = {}): OpenAlexClient & { retryLog: RetryInfo[] } {
  const retryLog: RetryInfo[] = [];
  const c = new OpenAlexClient({
    baseUrl: server.url,
    apiKey: 'TEST-KEY-123',
    mailto: 'test@example.org',
    requestsPerSecond: 1000,
    retryBaseMs: 5,
    retryMaxMs: 40,
    timeoutMs: 2000,
    maxRetries: 4,
    onRetry: (r) => retryLog.push(r),
    ...options,
  });
  return Object.assign(c, { retryLog });
}

function readWorks(dir: string): { id: string }[] {
  return readdirSync(dir)
    .filter((n) => /^works-\d+\.jsonl(\.gz)?$/.test(n))
    .sort()
    .flatMap((n) => {
      const raw = readFileSync(join(dir, n));
      return (n.endsWith('.gz') ? gunzipSync(raw) : raw)
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string });
    });
}

describe('OpenAlexClient and runFetch against the fake server', () => {
  it('pages with a cursor to the end, selects the fields cetmap uses and sends key and mailto', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const c = client();
    const dir = newDir();
    const opened = openFetchState(dir, ['type:article']);
    const s = await runFetch(c, opened, { perPage: 100, pagesPerFile: 2 });
    expect(s).toMatchObject({ stopped: 'complete', written: 450, totalWritten: 450, duplicates: 0 });
    // 5 pages of 100 and the empty page that ends a cursor listing.
    expect(server.requests).toHaveLength(6);
    expect(s.requests).toBe(6);
    const works = readWorks(dir);
    expect(works.map((w) => w.id)).toEqual(WORKS.map((w) => w.id));
    expect(works[0]).not.toHaveProperty('unused_field');
    expect(works[0]).toHaveProperty('abstract_inverted_index');
    const first = new URL(server.requests[0]!, server.url).searchParams;
    expect(first.get('cursor')).toBe('*');
    expect(first.get('per_page')).toBe('100');
    expect(first.get('api_key')).toBe('TEST-KEY-123');
    expect(first.get('mailto')).toBe('test@example.org');
    expect(readdirSync(dir).filter((n) => n.startsWith('works-'))).toHaveLength(3);
    // A second run finds everything done and sends nothing.
    const again = await runFetch(c, openFetchState(dir, ['type:article']), { perPage: 100 });
    expect(again).toMatchObject({ stopped: 'complete', written: 0, requests: 0, totalWritten: 450 });
  });

  it('stops on a last page without next_cursor too, and writes gzip when asked', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20, emptyLastPage: false });
    const dir = newDir();
    const s = await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 200, gzip: true });
    expect(s).toMatchObject({ stopped: 'complete', written: 450, requests: 3 });
    expect(readdirSync(dir).filter((n) => n.endsWith('.jsonl.gz'))).toHaveLength(1);
    expect(readWorks(dir)).toHaveLength(450);
  });

  it('honours Retry-After on 429, then succeeds', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 5 });
    server.faults = [{ kind: '429', retryAfter: '1' }];
    const c = client();
    const started = Date.now();
    const page = await c.worksPage({ filter: 'type:article', cursor: '*', perPage: 10 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(page.results).toHaveLength(10);
    expect(server.requests).toHaveLength(2);
    expect(c.retryLog).toEqual([
      { attempt: 1, waitMs: 1000, reason: expect.stringMatching(/^429/) as string },
    ]);
  });

  it('retries 500s with growing backoff, and timeouts, truncated and invalid bodies', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 10 });
    server.faults = [
      { kind: '500' },
      { kind: 'slow', delayMs: 600 },
      { kind: 'truncated' },
      { kind: 'badjson' },
    ];
    const c = client({ timeoutMs: 250, retryBaseMs: 10, retryMaxMs: 1000, maxRetries: 4, random: () => 1 });
    const page = await c.worksPage({ filter: 'type:article', cursor: '*', perPage: 50 });
    expect(page.results).toHaveLength(50);
    expect(server.requests).toHaveLength(5);
    expect(c.retryLog.map((r) => r.reason)).toEqual([
      'HTTP 500',
      expect.stringMatching(/timeout after 250 ms/),
      expect.stringMatching(/terminated|closed|socket|aborted|invalid JSON/i),
      expect.stringMatching(/invalid JSON/),
    ]);
    // Exponential: 10, 20, 40, 80 ms (random() = 1 takes the full delay).
    expect(c.retryLog.map((r) => r.waitMs)).toEqual([10, 20, 40, 80]);
  });

  it('spaces requests to the configured rate', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 10 });
    const c = client({ requestsPerSecond: 20 });
    const started = Date.now();
    for (let i = 0; i < 5; i++) await c.worksPage({ filter: 'type:article', perPage: 1 });
    // 5 requests at 20/s: the last starts at least 4 × 50 ms after the first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(195);
  });

  it('retries connection errors, then fails with the reason', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 1 });
    const url = server.url;
    await server.close();
    const c = new OpenAlexClient({ baseUrl: url, retryBaseMs: 5, maxRetries: 2, requestsPerSecond: 1000 });
    const error = await c.worksPage({ filter: 'type:article' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/after 3 attempts \(.*ECONNREFUSED/);
    expect(c.retries).toBe(2);
    server = await startFakeOpenAlex(WORKS, { maxRequests: 1 }); // for afterEach
  });

  it('ends a listing whose page has no next_cursor (a page-based answer) instead of looping', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 5, pageBased: true });
    const s = await runFetch(client(), openFetchState(newDir(), ['type:article']), { perPage: 100 });
    expect(s).toMatchObject({ stopped: 'complete', written: 100, requests: 1 });
  });

  it('gives up after maxRetries with an error that does not show the key; 4xx is not retried', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 10 });
    server.faults = [{ kind: '500' }, { kind: '500' }, { kind: '500' }];
    const c = client({ maxRetries: 2 });
    const error = await c.worksPage({ filter: 'type:article', cursor: '*' }).catch((e: unknown) => e);
    expect(isCetmapError(error) && error.code).toBe('CET_UPSTREAM');
    expect((error as Error).message).toMatch(/after 3 attempts \(HTTP 500\)/);
    expect((error as Error).message).not.toContain('TEST-KEY-123');
    expect(server.requests).toHaveLength(3);

    server.faults = [{ kind: '400' }];
    const refused = await c.worksPage({ filter: 'type:article', cursor: '*' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OpenAlexRequestError);
    expect((refused as Error).message).toContain('api_key=***');
    expect(server.requests).toHaveLength(4);
  });

  it('stops cleanly at the daily budget and resumes from the saved cursor without refetching', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const dir = newDir();
    const usage = join(dir, '..', `usage-${dirs}.json`);
    const first = await runFetch(
      client({ budget: createDailyBudget(usage, 3) }),
      openFetchState(dir, ['type:article']),
      { perPage: 100, pagesPerFile: 10 },
    );
    expect(first).toMatchObject({ stopped: 'budget', written: 300, requests: 3 });
    expect(first.stopReason).toMatch(/daily budget of 3 requests/);
    expect(server.requests).toHaveLength(3);
    const state = JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as {
      filters: { cursor: string | null; fetched: number }[];
    };
    expect(state.filters[0]!.cursor).not.toBe('*');
    expect(state.filters[0]!.fetched).toBe(300);

    // The next day (a fresh budget), the same command continues where it stopped.
    const second = await runFetch(
      client({ budget: createDailyBudget(usage, 3, () => new Date(Date.now() + 86_400_000)) }),
      openFetchState(dir, ['type:article']),
      { perPage: 100 },
    );
    expect(second).toMatchObject({ stopped: 'complete', written: 150, totalWritten: 450, requests: 3 });
    expect(server.requests).toHaveLength(6);
    const ids = readWorks(dir).map((w) => w.id);
    expect(ids).toHaveLength(450);
    expect(new Set(ids).size).toBe(450);
  });

  it('treats a 429 with a very long Retry-After as the server-side allowance spent', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 10 });
    server.faults = [{ kind: '429', retryAfter: '3600' }];
    const c = client();
    await expect(c.worksPage({ filter: 'type:article', cursor: '*' })).rejects.toBeInstanceOf(
      BudgetExhausted,
    );
    expect(server.requests).toHaveLength(1);
    server.faults = [{ kind: '429', retryAfter: '3600' }];
    const dir = newDir();
    const s = await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 200 });
    expect(s).toMatchObject({ stopped: 'budget', written: 0, requests: 1 });
    expect(s.stopReason).toMatch(/asks to wait 3600 s/);
    expect((await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 200 })).stopped).toBe(
      'complete',
    );
  });

  it('resumes after a crash: files the state does not name and partial files are removed, nothing is lost', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const dir = newDir();
    const first = await runFetch(client(), openFetchState(dir, ['type:article']), {
      perPage: 100,
      pagesPerFile: 1,
      max: 200,
    });
    expect(first).toMatchObject({ stopped: 'max', written: 200, totalFiles: 2 });
    // What a crash leaves: a file renamed but not yet in the state, and a partial one.
    writeFileSync(join(dir, 'works-00003.jsonl'), JSON.stringify(WORKS[250]) + '\n');
    writeFileSync(join(dir, 'works-00004.jsonl.partial'), '{"id":"https://openalex.org/W1');
    const opened = openFetchState(dir, ['type:article']);
    expect(opened.resumed).toBe(true);
    expect(existsSync(join(dir, 'works-00003.jsonl'))).toBe(false);
    expect(existsSync(join(dir, 'works-00004.jsonl.partial'))).toBe(false);
    const second = await runFetch(client(), opened, { perPage: 100 });
    expect(second).toMatchObject({ stopped: 'complete', written: 250, totalWritten: 450 });
    expect(new Set(readWorks(dir).map((w) => w.id)).size).toBe(450);
  });

  it('an interruption (Ctrl-C) stops after the current page and keeps what was fetched', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const dir = newDir();
    const abort = new AbortController();
    const first = await runFetch(client(), openFetchState(dir, ['type:article']), {
      perPage: 100,
      signal: abort.signal,
      onProgress: (p) => {
        if (p.written >= 200) abort.abort();
      },
    });
    expect(first).toMatchObject({ stopped: 'interrupted', written: 200, requests: 2 });
    const second = await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 100 });
    expect(second).toMatchObject({ stopped: 'complete', written: 250, totalWritten: 450, requests: 4 });
  });

  it('--max cutting a page keeps the rest for a later, larger run', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const dir = newDir();
    expect(
      await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 100, max: 150 }),
    ).toMatchObject({
      stopped: 'max',
      written: 150,
    });
    const more = await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 100, max: 1000 });
    expect(more).toMatchObject({ stopped: 'complete', written: 300, totalWritten: 450, duplicates: 50 });
    expect(new Set(readWorks(dir).map((w) => w.id)).size).toBe(450);
  });

  it('refuses a directory holding another fetch unless told to restart', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 20 });
    const dir = newDir();
    await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 200, max: 10 });
    expect(() => openFetchState(dir, ['type:review'])).toThrow(/holds a fetch of other filters/);
    const restarted = openFetchState(dir, ['type:review'], { restart: true });
    expect(restarted.resumed).toBe(false);
    expect(readdirSync(dir).filter((n) => n.startsWith('works-'))).toHaveLength(0);
  });

  it('splits a long OR-filter so that no URL is refused, and dedupes works across requests', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 30 });
    const c = client();
    const dois = WORKS.slice(0, 250).map((w) => String(w.doi));
    const long = `doi:${dois.join('|')}`;
    // Sent whole, the server refuses the URL.
    const refused = await c.worksPage({ filter: long, cursor: '*' }).catch((e: unknown) => e);
    expect((refused as OpenAlexRequestError).status).toBe(414);
    const filters = requestFilters([long, 'topics.id:T10502'], c);
    expect(filters.length).toBeGreaterThanOrEqual(4);
    const dir = newDir();
    const opened = openFetchState(dir, filters);
    expect(await probeCounts(c, opened)).toBe(filters.length);
    const s = await runFetch(c, opened, { perPage: 200 });
    // 250 by DOI, plus the T10502 works beyond them (every third work); those among the first 250 are duplicates.
    const t10502 = WORKS.filter((w) => (w.topics as { id: string }[])[0]!.id.endsWith('T10502'));
    const extra = t10502.filter((w) => !dois.includes(String(w.doi)));
    expect(s).toMatchObject({
      stopped: 'complete',
      written: 250 + extra.length,
      duplicates: t10502.length - extra.length,
    });
    // Every request after the deliberately refused first one fits.
    expect(server.requests.slice(1).every((r) => `${server.url}${r}`.length <= 4000)).toBe(true);
    expect(new Set(readWorks(dir).map((w) => w.id)).size).toBe(250 + extra.length);
  });
});

describe('fetched works ingest', () => {
  let db: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    db = await openTestDb('pglite');
  });
  afterAll(async () => {
    await db.close();
  });
  const count = async (): Promise<number> =>
    Number((await sql<{ n: number }>`select count(*)::int as n from work`.execute(db.handle.db)).rows[0]!.n);

  it('ingests the self-made works fetched with select=, and a re-ingest changes nothing', async () => {
    server = await startFakeOpenAlex(WORKS, { maxRequests: 10 });
    const dir = newDir();
    await runFetch(client(), openFetchState(dir, ['type:article']), { perPage: 200, gzip: true });
    const s = await ingestOpenAlex(db.handle, dir);
    expect(s).toMatchObject({ records: 450, ingested: 450, quarantined: 0 });
    expect(await count()).toBe(450);
    const again = await ingestOpenAlex(db.handle, dir);
    expect(again).toMatchObject({ records: 0, filesSkipped: 1 });
  });

  const real = existsSync(REAL_FIXTURES);
  if (!real) console.warn(`skipping the real-fixture fetch tests: ${REAL_FIXTURES} is absent`);

  it.skipIf(!real)(
    'replays the real OpenAlex works: every one fetched and ingested, none quarantined',
    async () => {
      const works = readFileSync(REAL_FIXTURES, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      // The real list page (meta + results) holds the first 50 of them.
      const page = JSON.parse(readFileSync(join(REAL_FIXTURES, '..', 'works-page.json'), 'utf8')) as {
        results: { id: string }[];
      };
      expect(page.results.map((w) => w.id)).toEqual(works.slice(0, 50).map((w) => w.id));
      server = await startFakeOpenAlex(works, { maxRequests: 20 });
      const dir = newDir();
      const s = await runFetch(client(), openFetchState(dir, ['']), { perPage: 50 });
      expect(s).toMatchObject({ stopped: 'complete', written: works.length });
      const before = await count();
      const ingested = await ingestOpenAlex(db.handle, dir);
      expect(ingested).toMatchObject({ records: works.length, ingested: works.length, quarantined: 0 });
      expect((await count()) - before).toBe(works.length);
    },
  );

  it.skipIf(!real)(
    'the kr-2022 taxonomy filters fetch exactly the real works in the candidate topics and years',
    async () => {
      const works = readFileSync(REAL_FIXTURES, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { id: string; publication_date?: string; topics?: { id: string }[] });
      const topics = new Set(STARTER.recipes.flatMap((r) => r.topics));
      const expected = works.filter(
        (w) =>
          (w.publication_date ?? '') >= '2015-01-01' &&
          (w.topics ?? []).some((t) => topics.has(Number(t.id.replace(/^.*\/T/, '')))),
      );
      expect(expected.length).toBeGreaterThan(0);
      server = await startFakeOpenAlex(works, { maxRequests: 20 });
      const c = client();
      const filter = taxonomyFilter(
        STARTER.recipes.map((r) => ({ techId: r.tech_id, topics: r.topics })),
        { from: 2015 },
      );
      const filters = requestFilters([filter], c);
      expect(filters).toHaveLength(Math.ceil(topics.size / 100));
      const dir = newDir();
      const s = await runFetch(c, openFetchState(dir, filters), { perPage: 200 });
      expect(s.stopped).toBe('complete');
      expect(
        readWorks(dir)
          .map((w) => w.id)
          .sort(),
      ).toEqual(expected.map((w) => w.id).sort());
    },
  );
});
