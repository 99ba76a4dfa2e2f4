import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import STARTER from '../classify/data/recipes-kr-2022.json' with { type: 'json' };
import {
  buildWorksUrl,
  createDailyBudget,
  defaultDailyBudget,
  MAX_OR_VALUES,
  OPENALEX_SELECT,
  parseRetryAfter,
  redactApiKey,
  splitOrFilter,
} from './openalex-api.js';
import { estimateFetch, taxonomyFilter, type FetchState } from './openalex-fetch.js';

const urlOptions = { baseUrl: 'https://api.example.org', apiKey: 'SECRET-KEY', mailto: 'a@b.org' };
const query = { select: OPENALEX_SELECT, perPage: 200 };

describe('buildWorksUrl / redactApiKey', () => {
  it('builds the list URL with select, paging, mailto and key, and masks the key for messages', () => {
    const url = buildWorksUrl(urlOptions, { ...query, filter: 'topics.id:T1|T2', cursor: '*' });
    const u = new URL(url);
    expect(u.pathname).toBe('/works');
    expect(u.searchParams.get('filter')).toBe('topics.id:T1|T2');
    expect(u.searchParams.get('per_page')).toBe('200');
    expect(u.searchParams.get('cursor')).toBe('*');
    expect(u.searchParams.get('select')!.split(',')).toEqual(
      expect.arrayContaining([
        'abstract_inverted_index',
        'topics',
        'keywords',
        'authorships',
        'updated_date',
      ]),
    );
    expect(u.searchParams.get('api_key')).toBe('SECRET-KEY');
    expect(redactApiKey(url)).not.toContain('SECRET-KEY');
    expect(redactApiKey(url)).toContain('api_key=***');
  });
});

describe('splitOrFilter', () => {
  // DOIs are long once URL-encoded: 100 of them do not fit in 4,000 characters, so the length limit binds.
  const dois = Array.from({ length: 300 }, (_, i) => `https://doi.org/10.1234/cetmap.test.${100_000 + i}`);
  const long = `doi:${dois.join('|')},from_publication_date:2015-01-01`;
  const urlLength = (f: string): number =>
    buildWorksUrl(urlOptions, { ...query, filter: f, cursor: 'x'.repeat(300) }).length;
  const values = (p: string): string[] => p.split(',')[0]!.replace('doi:', '').split('|');

  it('leaves a short filter alone', () => {
    expect(splitOrFilter('topics.id:T1|T2,type:article', urlOptions, query)).toEqual([
      'topics.id:T1|T2,type:article',
    ]);
  });

  it('splits a long OR-list into URLs under the limit that together hold every value once', () => {
    expect(urlLength(long)).toBeGreaterThan(4000);
    const parts = splitOrFilter(long, urlOptions, query, 4000);
    expect(parts.length).toBeGreaterThan(3); // more than the 100-value limit alone would need
    const seen: string[] = [];
    for (const p of parts) {
      expect(urlLength(p)).toBeLessThanOrEqual(4000);
      expect(p.endsWith(',from_publication_date:2015-01-01')).toBe(true);
      seen.push(...values(p));
    }
    expect(seen).toEqual(dois);
  });

  it('packs greedily: each part but the last would overflow with the next value', () => {
    const parts = splitOrFilter(long, urlOptions, query, 4000);
    for (let i = 0; i + 1 < parts.length; i++) {
      const grown = `doi:${[...values(parts[i]!), values(parts[i + 1]!)[0]].join('|')},from_publication_date:2015-01-01`;
      expect(urlLength(grown)).toBeGreaterThan(4000);
    }
  });

  it('splits by the 100-value limit even when the URL is short', () => {
    const topics = Array.from({ length: 150 }, (_, i) => `T${i + 1}`);
    expect(splitOrFilter(`topics.id:${topics.join('|')}`, urlOptions, query)).toHaveLength(2);
  });

  it('refuses a filter that is too long and has nothing to split', () => {
    expect(() => splitOrFilter(`title.search:${'x'.repeat(5000)}`, urlOptions, query)).toThrow(/no OR-list/);
  });
});

describe('taxonomyFilter', () => {
  const recipes = STARTER.recipes.map((r) => ({ techId: r.tech_id, topics: r.topics }));

  it('covers every candidate topic of every kr-2022 recipe once, limited to the years', () => {
    const filter = taxonomyFilter(recipes, { from: 2015, to: 2024 });
    const parts = splitOrFilter(filter, urlOptions, query);
    const topics = new Set(recipes.flatMap((r) => r.topics));
    const covered = parts.flatMap((p) => {
      expect(p).toMatch(/,from_publication_date:2015-01-01,to_publication_date:2024-12-31$/);
      return p.split(',')[0]!.replace('topics.id:', '').split('|');
    });
    expect(covered).toHaveLength(topics.size);
    expect(new Set(covered)).toEqual(new Set([...topics].map((t) => `T${t}`)));
    expect(parts).toHaveLength(Math.ceil(topics.size / MAX_OR_VALUES));
  });

  it('omits the date filters when no years are given', () => {
    expect(taxonomyFilter([{ techId: 'x', topics: [3, 1, 3] }])).toBe('topics.id:T1|T3');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', Date.parse('2026-01-01T00:00:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
  });
});

describe('createDailyBudget', () => {
  it('adds up requests across runs on one UTC day and starts again the next day', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cetmap-budget-'));
    try {
      const file = join(dir, 'usage.json');
      let now = new Date('2026-03-01T10:00:00Z');
      const a = createDailyBudget(file, 3, () => now);
      a.spend();
      a.spend();
      const b = createDailyBudget(file, 3, () => now);
      expect(b.used()).toBe(2);
      expect(b.remaining()).toBe(1);
      now = new Date('2026-03-02T00:00:01Z');
      expect(b.remaining()).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('defaults to what the free allowance buys in list calls', () => {
    expect(defaultDailyBudget(true)).toBe(10_000);
    expect(defaultDailyBudget(false)).toBe(100);
  });
});

describe('estimateFetch', () => {
  const state: FetchState = {
    version: 1,
    key: 'k',
    filters: [
      { filter: 'a', count: 1000, cursor: '*', fetched: 0 },
      { filter: 'b', count: 450, cursor: 'c', fetched: 50 },
      { filter: 'c', count: 999, cursor: null, fetched: 999 },
    ],
    files: [],
    nextFile: 1,
    written: 0,
    duplicates: 0,
  };

  it('counts the works and requests left, their price and the days at the budget', () => {
    const e = estimateFetch(state, { dailyBudget: 4, budgetLeftToday: 2 });
    expect(e.records).toBe(1400);
    // 1000 works: 5 pages + the empty last page; 400 left: 2 pages + 1.
    expect(e.requests).toBe(6 + 3);
    expect(e.usd).toBeCloseTo(9 * 0.0001, 10);
    // 2 today, 7 more at 4 a day: 2 more days.
    expect(e.days).toBe(1 + 2);
  });

  it('stops counting at --max', () => {
    const e = estimateFetch(state, { dailyBudget: 100, budgetLeftToday: 100, max: 300 });
    expect(e.records).toBe(300);
    expect(e.requests).toBe(2);
  });
});
