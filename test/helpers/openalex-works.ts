/** Small, hand-shaped OpenAlex work records for pipeline tests (only the fields cetmap reads). */
import { writeFileSync } from 'node:fs';

export interface WorkSpec {
  id: number;
  year: number;
  title: string;
  /** Country of each author (one institution per author, named after the country). */
  countries: string[];
  topics?: Array<[number, number]>;
  cited?: number;
  updated?: string;
  keywords?: string[];
  /** Author ids per position (default: new authors per work), to follow people across works. */
  authorIds?: number[];
}

export function openAlexWork(spec: WorkSpec): Record<string, unknown> {
  const topics = (spec.topics ?? []).map(([id, score]) => ({
    id: `https://openalex.org/T${id}`,
    score,
    subfield: { id: 'https://openalex.org/subfields/2208' },
    field: { id: 'https://openalex.org/fields/22' },
  }));
  return {
    id: `https://openalex.org/W${spec.id}`,
    updated_date: spec.updated ?? '2025-01-01T00:00:00.000000',
    title: spec.title,
    publication_year: spec.year,
    type: 'article',
    cited_by_count: spec.cited ?? 0,
    authorships: spec.countries.map((c, i) => ({
      author_position: i === 0 ? 'first' : 'middle',
      author: {
        id: `https://openalex.org/A${spec.authorIds?.[i] ?? spec.id * 10 + i}`,
        display_name: `Author ${i}`,
      },
      institutions: [
        {
          id: `https://openalex.org/I${c.charCodeAt(0) * 100 + c.charCodeAt(1)}`,
          display_name: `${c} University`,
          country_code: c,
          type: 'education',
        },
      ],
      countries: [c],
    })),
    primary_topic: topics[0] ?? null,
    topics,
    keywords: (spec.keywords ?? []).map((k) => ({ display_name: k, score: 0.5 })),
  };
}

export function writeWorks(path: string, specs: readonly WorkSpec[]): void {
  writeFileSync(path, specs.map((s) => JSON.stringify(openAlexWork(s))).join('\n') + '\n');
}
