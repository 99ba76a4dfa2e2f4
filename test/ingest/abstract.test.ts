import { describe, expect, it } from 'vitest';
import { abstractFromInvertedIndex, parseOpenAlexWork } from '../../src/ingest/parse-openalex-work.js';

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
});
