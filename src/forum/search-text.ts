/**
 * Text for PostgreSQL full-text search in Korean and English without extensions.
 *
 * Korean words carry particles and endings (양자컴퓨팅을, 양자컴퓨팅의) and PostgreSQL ships no Korean
 * dictionary, so Hangul is indexed as overlapping character bigrams ("양자컴퓨팅" → 양자 자컴 컴퓨 퓨팅) through the
 * 'simple' configuration; a query is cut the same way and all its bigrams must occur. A single Hangul syllable
 * stays a unigram. Latin-script text goes through the 'english' configuration (stemming, stop words).
 * Limits, documented in docs/forum.md: a query with a particle the text lacks (양자컴퓨팅을 vs 양자컴퓨팅) does not
 * match, and bigrams can match across word boundaries. Pure: no I/O.
 */
const HANGUL_RUN = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g;

/** Overlapping two-character pieces of one Hangul run; a one-character run stays whole. */
export function hangulBigrams(run: string): string[] {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  return out;
}

export interface SearchParts {
  /** Everything but Hangul, for the 'english' configuration. */
  latin: string;
  /** Hangul bigrams separated by spaces, for the 'simple' configuration. */
  hangul: string;
}

export function searchParts(text: string): SearchParts {
  const normalised = text.normalize('NFC');
  const runs = normalised.match(HANGUL_RUN) ?? [];
  return {
    latin: normalised.replace(HANGUL_RUN, ' ').replace(/\s+/g, ' ').trim(),
    hangul: runs.flatMap(hangulBigrams).join(' '),
  };
}
