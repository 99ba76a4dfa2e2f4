import { describe, expect, it } from 'vitest';
import { hangulBigrams, searchParts } from './search-text.js';

describe('search text', () => {
  it('cuts Hangul runs into overlapping bigrams and keeps one syllable whole', () => {
    expect(hangulBigrams('양자컴퓨팅')).toEqual(['양자', '자컴', '컴퓨', '퓨팅']);
    expect(hangulBigrams('빛')).toEqual(['빛']);
  });

  it('splits mixed text into Latin words and Hangul bigrams', () => {
    expect(searchParts('AI 반도체 for edge devices')).toEqual({
      latin: 'AI for edge devices',
      hangul: '반도 도체',
    });
  });

  it('normalises decomposed Hangul (NFD) before cutting', () => {
    expect(searchParts('양자'.normalize('NFD')).hangul).toBe('양자');
  });
});
