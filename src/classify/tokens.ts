/**
 * Word tokens of classification texts and queries: lower case, runs of Unicode letters and digits, with light
 * plural folding. Documents and queries go through the same functions, so they always agree.
 */

// Texts repeat the same words: folding each distinct word once saves most of the tokenising time.
const folded = new Map<string, string>();
export const foldCached = (word: string): string => {
  let f = folded.get(word);
  if (f === undefined) {
    if (folded.size > 200_000) folded.clear(); // bounded memory on huge vocabularies
    f = foldPlural(word);
    folded.set(word, f);
  }
  return f;
};

/** A word token: a run of letters and digits (Unicode). */
export const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into normalised word tokens (lower case, plural-folded). */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(WORD) ?? [];
  for (let i = 0; i < words.length; i++) words[i] = foldCached(words[i]!);
  return words;
}

/** Light, predictable plural folding; applied identically to documents and queries. */
export function foldPlural(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (/(ss|us|is)$/.test(word)) return word;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}
