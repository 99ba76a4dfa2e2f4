import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLine } from '../../src/ingest/parse-line.js';
import {
  abstractFromInvertedIndex,
  parseOpenAlexWork,
  readInvertedIndex,
} from '../../src/ingest/parse-openalex-work.js';

/** What parseLine gives without reading the abstract from the text: JSON.parse of the whole line. */
function parseWhole(line: string): ReturnType<typeof parseLine> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { reason: `malformed JSON: ${(error as Error).message}` };
  }
  const result = parseOpenAlexWork(value);
  return 'errors' in result ? { reason: `invalid work record: ${result.errors.join('; ')}` } : result;
}

describe('abstracts from the inverted index', () => {
  it('puts every word back at its positions', () => {
    expect(abstractFromInvertedIndex({ memory: [1, 4], Resistive: [0], cells: [2], and: [3] })).toEqual({
      text: 'Resistive memory cells and memory',
    });
  });

  it('is null without an index or words', () => {
    expect(abstractFromInvertedIndex(null)).toEqual({ text: null });
    expect(abstractFromInvertedIndex({})).toEqual({ text: null });
  });

  it('is stored with the parsed work', () => {
    const parsed = parseOpenAlexWork({
      id: 'https://openalex.org/W1',
      updated_date: '2025-01-01',
      abstract_inverted_index: { qubits: [1], Superconducting: [0] },
    });
    expect('work' in parsed && parsed.work.abstract).toBe('Superconducting qubits');
  });

  it('reports a malformed index as a problem with the record', () => {
    const parsed = parseOpenAlexWork({
      id: 'W1',
      updated_date: '2025-01-01',
      abstract_inverted_index: { a: ['x'] },
    });
    expect('errors' in parsed && parsed.errors.join(' ')).toMatch(/abstract_inverted_index/);
    for (const bad of [[1, 2], 'words', { a: 1 }, { a: [-1] }, { a: [1.5] }, { a: [100_001] }]) {
      const r = parseOpenAlexWork({ id: 'W1', updated_date: '2025-01-01', abstract_inverted_index: bad });
      expect('errors' in r && r.errors.join(' '), JSON.stringify(bad)).toMatch(
        /abstract_inverted_index: must map each word to its positions/,
      );
    }
  });

  it('cuts a very long abstract at the limit', () => {
    const index: Record<string, number[]> = {};
    for (let i = 0; i < 3000; i++) index[`word${i}`] = [i];
    const cut = abstractFromInvertedIndex(index);
    expect('text' in cut && cut.text!.length).toBe(10_000);
  });

  describe('read from the record text before JSON.parse', () => {
    const record = (index: string, before = '', after = ''): string =>
      `{"id":"https://openalex.org/W7","updated_date":"2025-01-01"${before},"abstract_inverted_index":${index}${after},"title":"t"}`;

    it('gives the abstract and the line without the index', () => {
      const read = readInvertedIndex(record('{"qubits": [1], "Superconducting":[0 ,2],"x\\"y\\u00e9":[3]}'));
      expect(read?.abstract).toBe('Superconducting qubits Superconducting x"yé');
      expect(JSON.parse(read!.rest)).toMatchObject({
        abstract_inverted_index: expect.any(String),
        title: 't',
      });
    });

    it('leaves anything unusual to JSON.parse', () => {
      for (const index of [
        'null',
        '{"a":[1],"a":[2]}', // a word twice: JSON.parse keeps the last
        '{"a":[1],"b":[1]}', // a position twice
        '{"a":[1.5]}',
        '{"a":[1e2]}',
        '{"a":[-1]}',
        '{"a":[01]}',
        '{"a":[100001]}',
        '{"a":["1"]}',
        '{"a":1}',
        '[1]',
        '{"a\tb":[1]}',
        '{"a":[1],}',
        '{"a":[1]',
      ])
        expect(readInvertedIndex(record(index)), index).toBeNull();
    });

    it('equals parsing the whole line, for any index, well-formed or broken (property)', () => {
      const word = fc.oneof(
        fc.string({ maxLength: 8 }),
        fc.string({ unit: 'binary', maxLength: 6 }),
        fc.constantFrom('abstract_inverted_index', '__proto__', '1', '007', 'a"b', 'c\\d', ''),
      );
      const positions = fc.array(fc.oneof(fc.nat(40), fc.constantFrom(-1, 1.5, 100_000, 100_001)), {
        maxLength: 4,
      });
      const index = fc.array(fc.tuple(word, positions), { maxLength: 12 }).map((pairs) => {
        const body = pairs.map(([w, p]) => `${JSON.stringify(w)}:${JSON.stringify(p)}`).join(',');
        return `{${body}}`;
      });
      const damage = fc.oneof(
        fc.constant((line: string) => line),
        fc.nat().map((n) => (line: string) => line.slice(0, n % (line.length + 1))),
        fc
          .tuple(fc.nat(), fc.constantFrom(' ', '\n', ',', '"', '\\', ']', '}', '0', 'e', '\u0001'))
          .map(([n, c]) => (line: string) => {
            const at = n % (line.length + 1);
            return line.slice(0, at) + c + line.slice(at);
          }),
      );
      const nested = fc.constantFrom('', ',"other":{"abstract_inverted_index":{"x":[0]}}');
      fc.assert(
        fc.property(index, damage, nested, fc.boolean(), (idx, harm, other, first) => {
          const line = harm(first ? record(idx, other) : record(idx, '', other));
          expect(parseLine(line)).toEqual(parseWhole(line));
        }),
        { numRuns: 3000 },
      );
    });
  });
});
