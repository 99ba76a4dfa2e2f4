import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAlexNumber, parseOpenAlexWork, type ParsedWork } from '../../src/ingest/parse-openalex-work.js';

const fixtures = new URL('../../../shared/data/openalex-fixtures/', import.meta.url);
const handMade = new URL('../fixtures/openalex/hand-made.jsonl', import.meta.url);
const readLines = (url: URL): unknown[] =>
  readFileSync(url, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as unknown);

function parseOk(input: unknown): ParsedWork {
  const result = parseOpenAlexWork(input);
  if ('errors' in result) throw new Error(result.errors.join('; '));
  return result.work;
}
const weights = (w: ParsedWork): Record<string, number> =>
  Object.fromEntries(w.countries.map((c) => [c.country, Number(c.frac.toFixed(6))]));

describe('openAlexNumber', () => {
  it('reads the number of URI and short ids', () => {
    expect(openAlexNumber('https://openalex.org/W1775749144', 'W')).toBe(1775749144);
    expect(openAlexNumber('W42', 'W')).toBe(42);
    expect(openAlexNumber('https://openalex.org/subfields/1702', 'subfields/')).toBe(1702);
    expect(openAlexNumber('https://openalex.org/A1', 'W')).toBeNull();
    expect(openAlexNumber(null, 'W')).toBeNull();
  });
});

describe('parseOpenAlexWork on the hand-made fixture', () => {
  const works = readLines(handMade).map(parseOk);
  const byId = new Map(works.map((w) => [w.id, w]));

  it('gives the worked-example country weights', () => {
    expect(weights(byId.get(101)!)).toEqual({ DE: 0.333333, KR: 0.5, US: 0.166667 });
    expect(weights(byId.get(102)!)).toEqual({ JP: 0.5, UNKNOWN: 0.5 });
    expect(weights(byId.get(103)!)).toEqual({ KR: 0.333333, US: 0.666667 });
    expect(weights(byId.get(104)!)).toEqual({ FR: 0.5, UNKNOWN: 0.5 });
    expect(weights(byId.get(105)!)).toEqual({ CN: 0.5, US: 0.5 });
    expect(byId.get(106)!.countries).toEqual([]);
  });

  it('normalises ids, doi, topics, keywords and institutions', () => {
    const w = byId.get(101)!;
    expect(w.doi).toBe('10.9999/hand.101');
    expect(w.topics).toEqual([
      { topicId: 10502, score: 0.99 },
      { topicId: 11338, score: 0.8 },
    ]);
    expect(w.primaryTopicId).toBe(10502);
    expect(w.subfieldId).toBe(2208);
    expect(w.fieldId).toBe(22);
    expect(w.keywords.map((k) => k.keyword)).toEqual(['semiconductor', 'thin film transistor']);
    expect(w.institutions.map((i) => i.id).sort()).toEqual([1, 2, 3, 4]);
    expect(w.authorships[1]).toMatchObject({
      authorId: 2,
      institutionIds: [2, 3],
      countryCodes: ['KR', 'US'],
    });
    expect(w.updatedDate).toBe('2025-01-01T00:00:00.000000');
    expect(byId.get(104)!.doi).toBeNull();
    expect(byId.get(102)!.authorships[0]!.institutionIds).toEqual([5]);
  });
});

describe('parseOpenAlexWork rejects what cetmap cannot use', () => {
  it('names each missing or invalid required field', () => {
    const result = parseOpenAlexWork({ id: 'https://openalex.org/A12', publication_year: 'x' });
    expect('errors' in result && result.errors.join('\n')).toMatch(/id: must be an OpenAlex work id/);
    expect('errors' in result && result.errors.join('\n')).toMatch(/updated_date/);
    expect('errors' in result && result.errors.join('\n')).toMatch(/publication_year/);
    expect('errors' in parseOpenAlexWork(null)).toBe(true);
    expect('errors' in parseOpenAlexWork([1, 2])).toBe(true);
  });

  it('accepts a minimal record', () => {
    const w = parseOk({ id: 'W7', updated_date: '2024-05-01' });
    expect(w).toMatchObject({ id: 7, updatedDate: '2024-05-01T00:00:00', authorships: [], countries: [] });
  });
});

describe.skipIf(!existsSync(fixtures))('parseOpenAlexWork on real OpenAlex records', () => {
  const raw = existsSync(fixtures) ? readLines(new URL('works.jsonl', fixtures)) : [];
  const works = raw.map(parseOk);

  it('parses all 156 real works', () => expect(works).toHaveLength(156));

  it('fractional weights of every work with authors sum to 1', () => {
    for (const w of works.filter((x) => x.authorships.length > 0)) {
      expect(w.countries.reduce((a, c) => a + c.frac, 0)).toBeCloseTo(1, 9);
    }
  });

  it('known countries match countries_distinct_count (a lower bound when authors are truncated)', () => {
    raw.forEach((r, i) => {
      const w = works[i]!;
      const known = w.countries.filter((c) => c.country !== 'UNKNOWN').length;
      const expected = (r as { countries_distinct_count: number }).countries_distinct_count;
      if (w.authorsTruncated) expect(known).toBeLessThanOrEqual(expected);
      else expect(known).toBe(expected);
    });
  });

  it('reads the AlphaFold paper with its KR affiliation', () => {
    const alphafold = works.find((w) => w.id === 3177828909)!;
    expect(alphafold.countries.some((c) => c.country === 'KR')).toBe(true);
    expect(alphafold.year).toBe(2021);
  });

  it('keeps the summary figures of SOURCE.md', () => {
    expect(works.reduce((a, w) => a + w.authorships.length, 0)).toBe(1558);
    expect(works.filter((w) => w.authorsTruncated)).toHaveLength(5);
    expect(works.filter((w) => w.topics.length === 0)).toHaveLength(11);
    expect(works.filter((w) => w.doi === null)).toHaveLength(13);
    expect(
      works.filter(
        (w) => w.authorships.length > 0 && w.authorships.every((a) => a.institutionIds.length === 0),
      ).length,
    ).toBeGreaterThan(0);
  });

  it('the page response holds the same 50 works', () => {
    const page = JSON.parse(readFileSync(new URL('works-page.json', fixtures), 'utf8')) as {
      results: unknown[];
    };
    const ids = page.results.map((r) => parseOk(r).id);
    expect(ids).toHaveLength(50);
    expect(ids).toEqual(works.slice(0, 50).map((w) => w.id));
  });
});
if (!existsSync(fixtures))
  console.warn('skipping real-record tests: ../shared/data/openalex-fixtures is absent');
