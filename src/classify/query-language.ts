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
import { foldCached, tokenize, WORD } from './tokens.js';
import type { Vocabulary } from './vocabulary.js';

export { foldPlural, tokenize } from './tokens.js';

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

/**
 * A field prepared for matching: the positions of its tokens (folded), for phrases. Without a vocabulary every
 * token is kept and prefixes are found by binary search over the sorted tokens; with one, only the tokens the
 * vocabulary's queries mention are kept, and each prefix a token matches is stored as the key `prefix*`.
 */
export interface PreparedField {
  positions: Map<string, number[]>;
  /** The distinct tokens in order, built on the first prefix query of a document without vocabulary. */
  sorted?: string[];
}

/** A document prepared for matching: each field tokenised once, so many queries can run against it. */
export type PreparedDocument = Record<Field, PreparedField> & {
  /** The vocabulary the document was prepared with; only queries of that vocabulary may run against it. */
  vocabulary: Vocabulary | null;
};

function addTokens(
  positions: Map<string, number[]>,
  text: string,
  start: number,
  vocabulary: Vocabulary | null,
): number {
  const add = (key: string, position: number): void => {
    const list = positions.get(key);
    if (list) list.push(position);
    else positions.set(key, [position]);
  };
  if (vocabulary) return vocabulary.scan(text.toLowerCase(), start, add);
  const words = text.toLowerCase().match(WORD);
  if (!words) return start;
  for (let i = 0; i < words.length; i++) add(foldCached(words[i]!), start + i);
  return start + words.length;
}

const prepareField = (
  v: string | readonly string[] | null | undefined,
  vocabulary: Vocabulary | null,
): PreparedField => {
  const positions = new Map<string, number[]>();
  if (typeof v === 'string') addTokens(positions, v, 0, vocabulary);
  else if (v) {
    // A gap of one position between keywords, so a phrase never runs across two keywords.
    let at = 0;
    for (const s of v) at = addTokens(positions, s, at, vocabulary) + 1;
  }
  return { positions };
};

export function prepareDocument(
  doc: Partial<Record<Field, string | readonly string[] | null>>,
  vocabulary: Vocabulary | null = null,
): PreparedDocument {
  return {
    title: prepareField(doc.title, vocabulary),
    abstract: prepareField(doc.abstract, vocabulary),
    keywords: prepareField(doc.keywords, vocabulary),
    vocabulary,
  };
}

/** The document with some fields (re)prepared and the others kept, without tokenising those again. */
export const withFields = (
  base: PreparedDocument,
  doc: Partial<Record<Field, string | readonly string[] | null>>,
  vocabulary: Vocabulary | null,
): PreparedDocument => ({
  title: 'title' in doc ? prepareField(doc.title, vocabulary) : base.title,
  abstract: 'abstract' in doc ? prepareField(doc.abstract, vocabulary) : base.abstract,
  keywords: 'keywords' in doc ? prepareField(doc.keywords, vocabulary) : base.keywords,
  vocabulary,
});

/** Every key present in the document's fields. */
export function presentKeys(doc: PreparedDocument): Set<string> {
  const keys = new Set(doc.title.positions.keys());
  for (const k of doc.abstract.positions.keys()) keys.add(k);
  for (const k of doc.keywords.positions.keys()) keys.add(k);
  return keys;
}

/** The keys a query's terms look up in a document prepared with a vocabulary. */
export function termKeys(node: QueryNode, into = new Set<string>()): Set<string> {
  if (node.kind === 'term') into.add(node.prefix ? `${node.words[0]}*` : node.words[0]!);
  else if (node.kind === 'not') termKeys(node.child, into);
  else for (const c of node.children) termKeys(c, into);
  return into;
}

function hasPrefix(field: PreparedField, prefix: string, vocabulary: Vocabulary | null): boolean {
  if (vocabulary) return field.positions.has(`${prefix}*`);
  const sorted = (field.sorted ??= [...field.positions.keys()].sort());
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]!.startsWith(prefix);
}

function fieldMatches(
  node: Extract<QueryNode, { kind: 'term' }>,
  field: PreparedField,
  vocabulary: Vocabulary | null,
): boolean {
  const first = node.words[0]!;
  if (node.prefix) return hasPrefix(field, first, vocabulary);
  const starts = field.positions.get(first);
  if (!starts) return false;
  if (node.words.length === 1) return true;
  const words = node.words;
  for (let k = 1; k < words.length; k++) if (!field.positions.has(words[k]!)) return false;
  for (const p of starts) {
    let k = 1;
    while (k < words.length && field.positions.get(words[k]!)!.includes(p + k)) k++;
    if (k === words.length) return true;
  }
  return false;
}

function termMatches(node: Extract<QueryNode, { kind: 'term' }>, doc: PreparedDocument): boolean {
  if (node.field) return fieldMatches(node, doc[node.field], doc.vocabulary);
  return (
    fieldMatches(node, doc.title, doc.vocabulary) ||
    fieldMatches(node, doc.abstract, doc.vocabulary) ||
    fieldMatches(node, doc.keywords, doc.vocabulary)
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
