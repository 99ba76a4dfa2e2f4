import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseOpenAlexWork, type ParsedWork } from '../../src/ingest/parse-openalex-work.js';
import { buildBatchCopy, copyChunks, workCopyRows } from '../../src/ingest/work-rows.js';

const work = (id: number, date = '2025-01-01', title = `Work ${id}`): ParsedWork => {
  const parsed = parseOpenAlexWork({
    id: `W${id}`,
    updated_date: date,
    title,
    authorships: [{ author: { id: `A${id}` }, institutions: [{ id: `I${id % 3}`, country_code: 'KR' }] }],
    topics: [{ id: 'T10001', score: 0.9 }],
  });
  if (!('work' in parsed)) throw new Error(parsed.errors.join('; '));
  return parsed.work;
};
const decode = (chunks: Uint8Array[]): string => chunks.map((c) => Buffer.from(c).toString('utf8')).join('');

describe('batch COPY data', () => {
  it('keeps the newest copy of a work, the later one on a tie, and counts the others as duplicates', () => {
    const batch = buildBatchCopy(
      [
        work(1, '2025-01-02', 'new'),
        work(1, '2025-01-01', 'old'),
        work(2, '2025-01-01', 'a'),
        work(2, '2025-01-01', 'b'),
      ],
      7,
    )!;
    expect(batch.ids).toEqual([1, 2]);
    expect(batch.duplicates).toBe(2);
    expect(decode(copyChunks(batch, 'work'))).toMatch(/^1\t.*\tnew\t.*\n2\t.*\tb\t/s);
  });

  it('picks the rows of any subset of works, in batch order, whatever the characters (property)', () => {
    const titles = fc.string({ unit: 'grapheme', maxLength: 12 });
    fc.assert(
      fc.property(
        fc.array(titles, { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { maxLength: 12 }),
        (names, picks) => {
          const works = names.map((name, i) => work(i + 1, '2025-01-01', name));
          const batch = buildBatchCopy(works, 7)!;
          const skip = new Set(works.filter((_, i) => picks[i]).map((w) => w.id));
          const expected = works.filter((w) => !skip.has(w.id));
          for (const part of ['work', 'authorship', 'topic'] as const) {
            const want = expected.map((w) => workCopyRows(w, 7)[part]).join('');
            expect(decode(copyChunks(batch, part, { skip }))).toBe(want);
            const only = new Set(expected.map((w) => w.id));
            expect(decode(copyChunks(batch, part, { only }))).toBe(want);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists each institution once, with the details of its newest work', () => {
    const older = work(3, '2025-01-01');
    const newer = {
      ...work(6, '2025-02-01'),
      institutions: [{ ...older.institutions[0]!, name: 'Renamed' }],
    };
    const batch = buildBatchCopy([newer, older], 7)!;
    expect(batch.institutions.ids).toEqual([0]);
    expect(batch.institutions.seenDates).toEqual(['2025-02-01T00:00:00']);
    expect(batch.institutions.fields[0]).toContain('Renamed');
  });
});
