import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSyntheticWorks, PARTITIONS } from '../../src/demo/synthetic-corpus.js';
import { DEMO_TOPICS } from '../../src/demo/demo-topics.js';
import { FOCUS_TECHNOLOGIES } from '../../src/demo/technology-focus.js';
import { parseOpenAlexWork, type ParsedWork } from '../../src/ingest/parse-openalex-work.js';

const N = 3000;
const lines = [...generateSyntheticWorks({ works: N, seed: 42 })].map((r) => ({
  ...r,
  json: JSON.stringify(r.record),
}));
const works: ParsedWork[] = lines.map((l) => {
  const r = parseOpenAlexWork(JSON.parse(l.json));
  if ('errors' in r) throw new Error(r.errors.join('; '));
  return r.work;
});

/** Fractional share of `country` among works matching `pick`. */
function share(country: string, pick: (w: ParsedWork) => boolean): number {
  let mine = 0;
  let all = 0;
  for (const w of works.filter(pick)) {
    for (const c of w.countries) {
      all += c.frac;
      if (c.country === country) mine += c.frac;
    }
  }
  return mine / all;
}
const areaOf = new Map(DEMO_TOPICS.map((t) => [t.id, t.area]));
// A work about a key technology takes its countries from that technology's area (found by its recipe topic).
const general = (w: ParsedWork) => w.topics.every((t) => areaOf.has(t.topicId));
const focusArea = new Map<number, string>();
for (const f of FOCUS_TECHNOLOGIES) for (const t of f.topics) if (!focusArea.has(t)) focusArea.set(t, f.area);
const areaOfWork = (w: ParsedWork): string | undefined =>
  general(w)
    ? areaOf.get(w.primaryTopicId!)
    : focusArea.get(w.topics.find((t) => !areaOf.has(t.topicId))!.topicId);
const inArea = (area: string) => (w: ParsedWork) => areaOfWork(w) === area;

describe('synthetic corpus', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const digest = (seed: number): string => {
      const hash = createHash('sha256');
      for (const r of generateSyntheticWorks({ works: 200, seed })) hash.update(JSON.stringify(r));
      return hash.digest('hex');
    };
    expect(digest(42)).toBe(digest(42));
    expect(digest(43)).not.toBe(digest(42));
  });

  it('every record parses, is marked synthetic, uses real topic ids and has a realistic size', () => {
    expect(works.every((w) => w.synthetic)).toBe(true);
    const topicIds = new Set([
      ...DEMO_TOPICS.map((t) => t.id),
      ...FOCUS_TECHNOLOGIES.flatMap((f) => f.topics),
    ]);
    expect(works.every((w) => w.topics.every((t) => topicIds.has(t.topicId)))).toBe(true);
    const avg = lines.reduce((a, l) => a + l.json.length, 0) / N;
    expect(avg).toBeGreaterThan(5_000);
    expect(avg).toBeLessThan(20_000);
    expect(new Set(lines.map((l) => l.partition))).toEqual(new Set(PARTITIONS));
    const rec = lines[10]!.record;
    for (const key of [
      'abstract_inverted_index',
      'referenced_works',
      'counts_by_year',
      'locations',
      'concepts',
    ])
      expect(rec).toHaveProperty(key);
  });

  it('has country specialisations and trends', () => {
    const overallKr = share('KR', () => true);
    expect(share('KR', inArea('displays'))).toBeGreaterThan(2 * overallKr);
    expect(share('TW', inArea('semiconductors'))).toBeGreaterThan(2 * share('TW', () => true));
    expect(share('CN', (w) => w.year! >= 2020)).toBeGreaterThan(2 * share('CN', (w) => w.year! <= 2006));
    expect(share('US', (w) => w.year! >= 2020)).toBeLessThan(share('US', (w) => w.year! <= 2006));
  });

  it('puts most works in a key technology, with words that satisfy its recipe', async () => {
    const { classifyWork, compileRecipes } = await import('../../src/classify/classify-work.js');
    const { STARTER_RECIPES } = await import('../../src/classify/classify-queries.js');
    const recipes = compileRecipes(
      STARTER_RECIPES.recipes.map((r) => ({
        techId: r.tech_id,
        version: 1,
        topics: r.topics,
        minTopicScore: r.min_topic_score,
        query: r.query,
        rule: 'topic_and_query' as const,
        titleQueryRule: true,
      })),
    );
    const sample = lines.slice(0, 500).map(
      (l) =>
        l.record as {
          title: string;
          abstract_inverted_index: Record<string, number[]>;
          topics: Array<{ id: string; score: number }>;
        },
    );
    const classified = sample.filter(
      (r) =>
        classifyWork(
          {
            id: 0,
            title: r.title,
            abstract: Object.entries(r.abstract_inverted_index)
              .flatMap(([w, ps]) => ps.map((p) => [p, w] as const))
              .sort((a, b) => a[0] - b[0])
              .map(([, w]) => w)
              .join(' '),
            keywords: [],
            topics: r.topics.map((t) => ({ id: Number(t.id.split('/T')[1]), score: t.score })),
          },
          recipes,
        ).length > 0,
    ).length;
    expect(classified / sample.length).toBeGreaterThan(0.5);
  });

  it('has international co-authorship, growing over time, and skewed citations', () => {
    const intl = (from: number, to: number): number => {
      const ws = works.filter((w) => w.year! >= from && w.year! <= to);
      return (
        ws.filter((w) => w.countries.filter((c) => c.country !== 'UNKNOWN').length > 1).length / ws.length
      );
    };
    expect(intl(2000, 2006)).toBeGreaterThan(0.05);
    expect(intl(2019, 2025)).toBeGreaterThan(intl(2000, 2006));
    const cites = works.map((w) => w.citedBy).sort((a, b) => a - b);
    const mean = cites.reduce((a, b) => a + b, 0) / N;
    expect(cites[Math.floor(N / 2)]!).toBeLessThan(mean); // right-skewed
    expect(cites[N - 1]!).toBeGreaterThan(10 * mean);
  });

  it('has a bursting topic (natural language processing after 2019)', () => {
    const nlp = (from: number, to: number): number => {
      const ws = works.filter((w) => w.year! >= from && w.year! <= to);
      return ws.filter((w) => w.primaryTopicId === 10181).length / ws.length;
    };
    expect(nlp(2021, 2025)).toBeGreaterThan(2.5 * nlp(2005, 2015));
  });
});
