/**
 * The words a set of queries can ask about, and a scanner that finds them in a text without building a string
 * for every token. Classification tokenises millions of abstracts against one set of recipes: preparing a
 * document keeps only the tokens some query mentions, and a trie over the vocabulary's spellings lets the scanner
 * pass over every other token character by character.
 *
 * The trie is only a filter; what a token stands for is always decided by keysOf (the same folding as
 * tokenize). It holds every spelling that folds to a vocabulary word (battery, batteries, …) and every prefix;
 * a token that is neither such a spelling nor starts with a prefix has no keys (see the proof in keysOf's note).
 */
import type { QueryNode } from './query-language.js';
import { foldPlural } from './tokens.js';

/** Positions in the trie's alphabet: a–z, then 0–9; -1 for every other ASCII character (a separator). */
const SYMBOL = new Int8Array(128).fill(-1);
for (let c = 0; c < 26; c++) {
  SYMBOL[97 + c] = c;
  SYMBOL[65 + c] = c;
}
for (let d = 0; d < 10; d++) SYMBOL[48 + d] = 26 + d;
const ALPHABET = 36;

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
// Beyond ASCII: 0 not yet known, 1 letter or digit, 2 separator (Basic Multilingual Plane, filled on first use).
const bmpClass = new Uint8Array(65536);

/** How many UTF-16 units the letter or digit at i takes (0 when the character there separates words). */
function wordCharWidth(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2)) ? 2 : 0;
  }
  let k = bmpClass[c]!;
  if (k === 0) {
    k = c >= 0xd800 && c <= 0xdfff ? 2 : WORD_CHAR.test(String.fromCharCode(c)) ? 1 : 2;
    bmpClass[c] = k;
  }
  return k === 1 ? 1 : 0;
}

const NO_KEYS: readonly string[] = [];

export class Vocabulary {
  private readonly words = new Set<string>();
  private readonly prefixes: string[] = [];
  // Raw (lower-case) token → the keys it stands for; texts repeat words, so most tokens are a single lookup.
  private readonly cache = new Map<string, readonly string[]>();
  // The trie: next[node * ALPHABET + symbol] is the child (0: none; the root is node 0 and nobody's child).
  private next = new Int32Array(ALPHABET * 256);
  private nodes = 1;
  private readonly terminalKeys: Array<readonly string[] | undefined> = [];
  private isPrefix = new Uint8Array(256);

  constructor(trees: Iterable<QueryNode>) {
    const visit = (node: QueryNode): void => {
      if (node.kind === 'term') {
        if (node.prefix) {
          if (!this.prefixes.includes(node.words[0]!)) this.prefixes.push(node.words[0]!);
        } else for (const w of node.words) this.words.add(w);
      } else if (node.kind === 'not') visit(node.child);
      else for (const c of node.children) visit(c);
    };
    for (const tree of trees) visit(tree);
    for (const w of this.words) for (const spelling of spellingsOf(w)) this.insert(spelling, 'terminal');
    for (const p of this.prefixes) {
      this.insert(p, 'prefix');
      // "batteries" folds to "battery" without starting with the prefix "battery".
      if (p.endsWith('y')) this.insert(`${p.slice(0, -1)}ies`, 'terminal');
    }
  }

  /**
   * The keys a raw lower-case token stands for: its folded form if a query has it, and `prefix*` for each prefix
   * the folded form starts with. Folding only removes a final s, es or ies (ies becoming y), so a folded form
   * that starts with a prefix comes from a token that starts with it too, except when the prefix is the whole
   * folded form ending in y; the constructor adds that spelling to the trie.
   */
  keysOf(raw: string): readonly string[] {
    let keys = this.cache.get(raw);
    if (keys === undefined) {
      if (this.cache.size > 500_000) this.cache.clear(); // bounded memory on huge vocabularies
      const word = foldPlural(raw);
      const found: string[] = this.words.has(word) ? [word] : [];
      for (const p of this.prefixes) if (word.startsWith(p)) found.push(`${p}*`);
      keys = found.length === 0 ? NO_KEYS : found;
      this.cache.set(raw, keys);
    }
    return keys;
  }

  /**
   * Tokenises lower-case text exactly as tokenize does (runs of Unicode letters and digits) and reports each key
   * of each token with the token's position, counting from start. Returns the position after the last token.
   */
  scan(text: string, start: number, add: (key: string, position: number) => void): number {
    const next = this.next;
    const isPrefix = this.isPrefix;
    const n = text.length;
    let position = start;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c < 128 ? SYMBOL[c]! < 0 : wordCharWidth(text, i) === 0) {
        i++;
        continue;
      }
      const tokenStart = i;
      let node = 0;
      let ascii = true;
      let passedPrefix = false;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d < 128) {
          const s = SYMBOL[d]!;
          if (s < 0) break;
          if (node >= 0) {
            node = next[node * ALPHABET + s]! || -1;
            if (node > 0 && isPrefix[node] === 1) passedPrefix = true;
          }
          i++;
        } else {
          const w = wordCharWidth(text, i);
          if (w === 0) break;
          ascii = false;
          i += w;
        }
      }
      const keys =
        ascii && node > 0 && this.terminalKeys[node] !== undefined
          ? this.terminalKeys[node]!
          : passedPrefix || !ascii
            ? this.keysOf(text.slice(tokenStart, i))
            : NO_KEYS;
      for (let k = 0; k < keys.length; k++) add(keys[k]!, position);
      position++;
    }
    return position;
  }

  private insert(spelling: string, kind: 'terminal' | 'prefix'): void {
    let node = 0;
    for (let i = 0; i < spelling.length; i++) {
      const c = spelling.charCodeAt(i);
      const s = c < 128 ? SYMBOL[c]! : -1;
      // A spelling with other characters is only met in tokens with them, which scan always looks up.
      if (s < 0) return;
      let child = this.next[node * ALPHABET + s]!;
      if (child === 0) {
        child = this.nodes++;
        if (this.nodes * ALPHABET > this.next.length) {
          const grown = new Int32Array(this.next.length * 2);
          grown.set(this.next);
          this.next = grown;
        }
        if (this.nodes > this.isPrefix.length) {
          const grown = new Uint8Array(this.isPrefix.length * 2);
          grown.set(this.isPrefix);
          this.isPrefix = grown;
        }
        this.next[node * ALPHABET + s] = child;
      }
      node = child;
    }
    if (kind === 'prefix') this.isPrefix[node] = 1;
    else this.terminalKeys[node] = this.keysOf(spelling);
  }
}

/** Every spelling whose folded form is the word: the word itself and its plural forms. */
function spellingsOf(word: string): string[] {
  const candidates = [word, `${word}s`, `${word}es`];
  if (word.endsWith('y')) candidates.push(`${word.slice(0, -1)}ies`);
  return candidates.filter((c) => foldPlural(c) === word);
}
