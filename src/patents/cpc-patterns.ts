/**
 * CPC / IPC code patterns for classification recipes. Pure.
 *
 *   pattern := section [class [subclass [main-group ["/" [subgroup]]]]] ["*"]
 *
 * Spaces are ignored and letters upper-cased, so "H01M 10/05*" = "H01M10/05*". A pattern ending in "*" matches
 * every symbol that starts with the text before the "*" (prefix match: "H01M10/05*" matches H01M10/05,
 * H01M10/052 and H01M10/0525; "G06N10/*" matches every subgroup of main group G06N10). A pattern down to the
 * subclass or above without "*" (e.g. "H10B", "G06") means the whole subclass or class. A full symbol without
 * "*" ("G06N3/08") matches only that symbol. Note that "G06N1*" also matches G06N10/… — write "G06N1/*" for main
 * group 1 alone. CPC symbols and IPC symbols share this syntax (CPC extends IPC), so IPC-derived patterns apply
 * to CPC symbols as they are.
 */
import { CetmapError } from '../shared/errors.js';
import { normaliseSymbol } from './patentsview-tables.js';

export interface CpcPattern {
  /** The pattern as written. */
  text: string;
  /** Normalised text before any "*". */
  prefix: string;
  /** Prefix match (a "*" or a subclass/class pattern) rather than one exact symbol. */
  isPrefix: boolean;
}

const PATTERN = /^[A-HY](\d{2}([A-Z](\d{1,4}(\/\d{0,6})?)?)?)?\*?$/;

/** Parses one pattern; a malformed one throws CET_BAD_INPUT naming it. */
export function parseCpcPattern(text: string): CpcPattern {
  const norm = normaliseSymbol(text);
  if (!PATTERN.test(norm) || norm === '*') {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `"${text}" is not a CPC/IPC pattern (e.g. H01M10/05*, G06N10/*, H10B)`,
      {
        issues: [{ field: 'cpc', message: 'not a CPC/IPC pattern', location: text }],
      },
    );
  }
  const star = norm.endsWith('*');
  const prefix = star ? norm.slice(0, -1) : norm;
  // section, class or subclass alone means everything under it
  const wholeGroup = /^[A-HY](\d{2}([A-Z])?)?$/.test(prefix);
  // "G06N10" (main group without "/") means that main group: match "G06N10/…", not "G06N100/…"
  const mainGroupOnly = /^[A-HY]\d{2}[A-Z]\d{1,4}$/.test(prefix) && !star;
  return {
    text,
    prefix: mainGroupOnly ? `${prefix}/` : prefix,
    isPrefix: star || wholeGroup || mainGroupOnly,
  };
}

export function matchesPattern(pattern: CpcPattern, symbol: string): boolean {
  const s = normaliseSymbol(symbol);
  return pattern.isPrefix ? s.startsWith(pattern.prefix) : s === pattern.prefix;
}

/** The (pattern, symbol) pairs that match, in pattern order; empty when none does. */
export function matchSymbols(
  patterns: readonly CpcPattern[],
  symbols: readonly string[],
): Array<{ pattern: string; symbol: string }> {
  const out: Array<{ pattern: string; symbol: string }> = [];
  for (const p of patterns)
    for (const s of symbols)
      if (matchesPattern(p, s)) out.push({ pattern: p.text, symbol: normaliseSymbol(s) });
  return out;
}
