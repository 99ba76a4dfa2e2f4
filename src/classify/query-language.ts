/**
 * cetmap's boolean query language for classification recipes.
 *
 *   query   := or
 *   or      := and ( "OR" and )*
 *   and     := not ( ["AND"] not )*          adjacent terms are ANDed
 *   not     := "NOT" not | primary
 *   primary := "(" or ")" | [field ":"] term
 *   term    := word | word* (prefix) | "quoted phrase"
 *   field   := title | abstract | keywords   (default: all three)
 *
 * Operators are upper case (lower-case and/or/not are ordinary words). Matching is case-insensitive on word
 * tokens with light plural folding (batteries → battery, cells → cell), so that singular phrases also match
 * plurals, as OpenAlex's stemmed search does. Syntax errors name the character position.
 */
import { CetmapError } from '../shared/errors.js';

export type Field = 'title' | 'abstract' | 'keywords';
export const FIELDS: readonly Field[] = ['title', 'abstract', 'keywords'];

export type QueryNode =
  | { kind: 'and' | 'or'; children: QueryNode[] }
  | { kind: 'not'; child: QueryNode }
  | { kind: 'term'; field: Field | null; words: string[]; prefix: boolean; text: string };

export class QuerySyntaxError extends CetmapError {
  constructor(
    message: string,
    readonly position: number,
    readonly query: string,
  ) {
    super(
      'CET_BAD_INPUT',
      `query syntax error at position ${position + 1}: ${message}\n  ${query}\n  ${' '.repeat(position)}^`,
      {
        issues: [{ field: 'query', message, location: `position ${position + 1}` }],
      },
    );
  }
}

interface Token {
  type: 'word' | 'phrase' | 'lparen' | 'rparen' | 'and' | 'or' | 'not' | 'end';
  text: string;
  pos: number;
  field?: Field;
}

// Texts repeat the same words: folding each distinct word once saves most of the tokenising time.
const folded = new Map<string, string>();
const foldCached = (word: string): string => {
  let f = folded.get(word);
  if (f === undefined) {
    if (folded.size > 200_000) folded.clear(); // bounded memory on huge vocabularies
    f = foldPlural(word);
    folded.set(word, f);
  }
  return f;
};

/** Splits text into normalised word tokens (lower case, plural-folded). */
export function tokenize(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
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

function lex(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')') {
      tokens.push({ type: c === '(' ? 'lparen' : 'rparen', text: c, pos: i });
      i++;
      continue;
    }
    const start = i;
    let field: Field | undefined;
    const fieldMatch = /^(title|abstract|keywords):/.exec(query.slice(i));
    if (fieldMatch) {
      field = fieldMatch[1] as Field;
      i += fieldMatch[0].length;
      if (i >= query.length || /[\s)]/.test(query[i]!))
        throw new QuerySyntaxError(`"${field}:" needs a term after it`, i, query);
    } else if (/^[a-z]+:/i.test(query.slice(i)) && !/^[a-z]+:\/\//i.test(query.slice(i))) {
      const name = /^[a-z]+/i.exec(query.slice(i))![0];
      throw new QuerySyntaxError(`unknown field "${name}" (use ${FIELDS.join(', ')})`, i, query);
    }
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) throw new QuerySyntaxError('unclosed quotation mark', i, query);
      const text = query.slice(i + 1, close);
      if (tokenize(text).length === 0) throw new QuerySyntaxError('empty phrase', i, query);
      tokens.push({ type: 'phrase', text, pos: start, ...(field ? { field } : {}) });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < query.length && !/[\s()"]/.test(query[j]!)) j++;
    const text = query.slice(i, j);
    i = j;
    if (!field && (text === 'AND' || text === 'OR' || text === 'NOT')) {
      tokens.push({ type: text.toLowerCase() as 'and' | 'or' | 'not', text, pos: start });
    } else {
      tokens.push({ type: 'word', text, pos: start, ...(field ? { field } : {}) });
    }
  }
  tokens.push({ type: 'end', text: '', pos: query.length });
  return tokens;
}

/** Parses a query into a tree; throws QuerySyntaxError pointing at the offending position. */
export function parseQuery(query: string): QueryNode {
  const tokens = lex(query);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const next = (): Token => tokens[k++]!;

  const parseOr = (): QueryNode => {
    const children = [parseAnd()];
    while (peek().type === 'or') {
      next();
      children.push(parseAnd());
    }
    return children.length === 1 ? children[0]! : { kind: 'or', children };
  };
  const startsOperand = (t: Token): boolean =>
    t.type === 'word' || t.type === 'phrase' || t.type === 'lparen' || t.type === 'not';
  const parseAnd = (): QueryNode => {
    const children = [parseNot()];
    for (;;) {
      if (peek().type === 'and') {
        next();
        children.push(parseNot());
      } else if (startsOperand(peek())) {
        children.push(parseNot());
      } else break;
    }
    return children.length === 1 ? children[0]! : { kind: 'and', children };
  };
  const parseNot = (): QueryNode => {
    if (peek().type === 'not') {
      next();
      return { kind: 'not', child: parseNot() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): QueryNode => {
    const t = next();
    if (t.type === 'lparen') {
      if (peek().type === 'rparen') throw new QuerySyntaxError('empty parentheses', peek().pos, query);
      const inner = parseOr();
      const close = next();
      if (close.type !== 'rparen')
        throw new QuerySyntaxError('expected ")" to close the "(" opened here', t.pos, query);
      return inner;
    }
    if (t.type === 'word' || t.type === 'phrase') {
      const prefix = t.type === 'word' && t.text.endsWith('*');
      const body = prefix ? t.text.slice(0, -1) : t.text;
      if (body.includes('*'))
        throw new QuerySyntaxError('"*" is allowed only at the end of a word', t.pos, query);
      const words = prefix ? (body.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) : tokenize(body);
      if (words.length === 0)
        throw new QuerySyntaxError(`"${t.text}" contains no letters or digits`, t.pos, query);
      if (prefix && words.length > 1)
        throw new QuerySyntaxError('a prefix wildcard applies to a single word', t.pos, query);
      return { kind: 'term', field: t.field ?? null, words, prefix, text: t.text };
    }
    if (t.type === 'end')
      throw new QuerySyntaxError('the query ends where a term was expected', t.pos, query);
    if (t.type === 'rparen') throw new QuerySyntaxError('")" without a matching "("', t.pos, query);
    throw new QuerySyntaxError(`"${t.text}" needs a term before and after it`, t.pos, query);
  };

  if (peek().type === 'end') throw new QuerySyntaxError('the query is empty', 0, query);
  const tree = parseOr();
  const rest = peek();
  if (rest.type !== 'end') {
    throw new QuerySyntaxError(
      rest.type === 'rparen' ? '")" without a matching "("' : `unexpected "${rest.text}"`,
      rest.pos,
      query,
    );
  }
  return tree;
}

/** A field's tokens, in order (for phrases) and as a set (fast rejection: most terms are absent). */
export interface PreparedField {
  tokens: string[];
  set: Set<string>;
  /** The distinct tokens in order, built on the first prefix query (binary search instead of a scan). */
  sorted?: string[];
}

/** A document prepared for matching: each field tokenised once, so many queries can run against it. */
export type PreparedDocument = Record<Field, PreparedField> & {
  /** Every token of every field: an unscoped single word needs one lookup, not three. */
  any: Set<string>;
};

const prepareField = (v: string | readonly string[] | null | undefined): PreparedField => {
  // Keywords are separated by a token no word can equal, so a phrase never runs across two keywords.
  const tokens =
    v == null ? [] : typeof v === 'string' ? tokenize(v) : v.flatMap((s) => [...tokenize(s), '\u0000']);
  return { tokens, set: new Set(tokens) };
};

export function preparedDocument(
  title: PreparedField,
  abstract: PreparedField,
  keywords: PreparedField,
): PreparedDocument {
  const any = new Set(title.set);
  for (const t of abstract.set) any.add(t);
  for (const t of keywords.set) any.add(t);
  return { title, abstract, keywords, any };
}

export function prepareDocument(
  doc: Partial<Record<Field, string | readonly string[] | null>>,
): PreparedDocument {
  return preparedDocument(prepareField(doc.title), prepareField(doc.abstract), prepareField(doc.keywords));
}

function hasPrefix(field: PreparedField, prefix: string): boolean {
  const sorted = (field.sorted ??= [...field.set].sort());
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.startsWith(prefix);
}

function fieldMatches(node: Extract<QueryNode, { kind: 'term' }>, field: PreparedField): boolean {
  const first = node.words[0]!;
  if (node.prefix) return hasPrefix(field, first);
  if (!field.set.has(first)) return false;
  if (node.words.length === 1) return true;
  const tokens = field.tokens;
  const n = node.words.length;
  for (let i = 0; i <= tokens.length - n; i++) {
    if (tokens[i] !== first) continue;
    let k = 1;
    while (k < n && tokens[i + k] === node.words[k]) k++;
    if (k === n) return true;
  }
  return false;
}

function termMatches(node: Extract<QueryNode, { kind: 'term' }>, doc: PreparedDocument): boolean {
  if (node.field) return fieldMatches(node, doc[node.field]);
  if (!node.prefix && !doc.any.has(node.words[0]!)) return false;
  if (!node.prefix && node.words.length === 1) return true;
  return (
    fieldMatches(node, doc.title) || fieldMatches(node, doc.abstract) || fieldMatches(node, doc.keywords)
  );
}

/** Evaluates a parsed query against a prepared document. */
export function matches(node: QueryNode, doc: PreparedDocument): boolean {
  switch (node.kind) {
    case 'and':
      for (const c of node.children) if (!matches(c, doc)) return false;
      return true;
    case 'or':
      for (const c of node.children) if (matches(c, doc)) return true;
      return false;
    case 'not':
      return !matches(node.child, doc);
    case 'term':
      return termMatches(node, doc);
  }
}

/** The terms of a query that occur in the document (for `classify explain`). */
export function matchedTerms(node: QueryNode, doc: PreparedDocument): string[] {
  switch (node.kind) {
    case 'and':
    case 'or':
      return [...new Set(node.children.flatMap((c) => matchedTerms(c, doc)))];
    case 'not':
      return [];
    case 'term':
      return termMatches(node, doc) ? [formatQuery(node)] : [];
  }
}

/** Prints a tree back as a fully parenthesised query (used in tests and `explain`). */
export function formatQuery(node: QueryNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `(${node.children.map(formatQuery).join(` ${node.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${formatQuery(node.child)}`;
    case 'term': {
      const body = node.prefix
        ? `${node.words[0]}*`
        : node.words.length > 1
          ? `"${node.words.join(' ')}"`
          : node.words[0]!;
      return node.field ? `${node.field}:${body}` : body;
    }
  }
}
