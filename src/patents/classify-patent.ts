/**
 * Decides which technologies a patent belongs to, by the patent part of each technology's recipe. Pure.
 *
 * A patent belongs to a technology when
 *   - one of its CPC symbols matches a pattern of `patterns` (specific codes that suffice alone): 'cpc'; or
 *   - one matches a pattern of `candidatePatterns` (broad codes) and the keyword query matches its title or
 *     abstract: 'cpc+query'; or
 *   - `queryAlone` is set and the query matches its title or abstract: 'query'.
 * The query is the recipe's own, or else the technology's paper query (the same words over title and abstract).
 * All CPC symbols count, inventional and additional. Multi-label, like works.
 */
import {
  matchedTerms,
  matches,
  parseQuery,
  prepareDocument,
  type PreparedDocument,
  type QueryNode,
} from '../classify/query-language.js';
import { matchSymbols, parseCpcPattern, type CpcPattern } from './cpc-patterns.js';

export interface PatentRecipe {
  techId: string;
  /** Version of the CPC part (recipe_cpc). */
  cpcVersion: number;
  /** Version of the paper recipe whose query is used, or null when the CPC part has its own query. */
  recipeVersion: number;
  patterns: readonly string[];
  candidatePatterns: readonly string[];
  query: string | null;
  queryAlone: boolean;
}

export interface CompiledPatentRecipe extends PatentRecipe {
  sufficient: CpcPattern[];
  candidates: CpcPattern[];
  tree: QueryNode | null;
}

export interface PatentText {
  id: string;
  title: string | null;
  abstract: string | null;
  cpc: readonly string[];
}

export type PatentMatchedBy = 'cpc' | 'cpc+query' | 'query';

export interface PatentClassification {
  techId: string;
  recipeVersion: number;
  cpcVersion: number;
  matchedBy: PatentMatchedBy;
}

export function compilePatentRecipes(recipes: readonly PatentRecipe[]): CompiledPatentRecipe[] {
  return recipes.map((r) => {
    const where = `patent recipe ${r.techId} v${r.cpcVersion}`;
    try {
      const tree = r.query ? parseQuery(r.query) : null;
      if ((r.candidatePatterns.length > 0 || r.queryAlone) && !tree)
        throw new Error('candidate patterns and query-alone need a query');
      return {
        ...r,
        sufficient: r.patterns.map(parseCpcPattern),
        candidates: r.candidatePatterns.map(parseCpcPattern),
        tree,
      };
    } catch (error) {
      (error as Error).message = `${where}: ${(error as Error).message}`;
      throw error;
    }
  });
}

const prepare = (p: PatentText): PreparedDocument =>
  prepareDocument({ title: p.title, abstract: p.abstract });

function classifyOne(
  r: CompiledPatentRecipe,
  p: PatentText,
  doc: PreparedDocument,
): PatentClassification | null {
  const hit = (matchedBy: PatentMatchedBy): PatentClassification => ({
    techId: r.techId,
    recipeVersion: r.recipeVersion,
    cpcVersion: r.cpcVersion,
    matchedBy,
  });
  if (matchSymbols(r.sufficient, p.cpc).length > 0) return hit('cpc');
  if (r.tree && matchSymbols(r.candidates, p.cpc).length > 0 && matches(r.tree, doc)) return hit('cpc+query');
  if (r.tree && r.queryAlone && matches(r.tree, doc)) return hit('query');
  return null;
}

export function classifyPatent(
  p: PatentText,
  recipes: readonly CompiledPatentRecipe[],
): PatentClassification[] {
  const doc = prepare(p);
  const out: PatentClassification[] = [];
  for (const r of recipes) {
    const c = classifyOne(r, p, doc);
    if (c) out.push(c);
  }
  return out;
}

export interface PatentExplanation {
  techId: string;
  cpcVersion: number;
  recipeVersion: number;
  member: boolean;
  matchedBy: PatentMatchedBy | null;
  sufficientMatches: Array<{ pattern: string; symbol: string }>;
  candidateMatches: Array<{ pattern: string; symbol: string }>;
  queryMatches: boolean | null;
  queryAlone: boolean;
  matchedTerms: string[];
}

/** Why a patent is, or is not, in a technology. */
export function explainPatent(p: PatentText, r: CompiledPatentRecipe): PatentExplanation {
  const doc = prepare(p);
  const c = classifyOne(r, p, doc);
  return {
    techId: r.techId,
    cpcVersion: r.cpcVersion,
    recipeVersion: r.recipeVersion,
    member: c !== null,
    matchedBy: c?.matchedBy ?? null,
    sufficientMatches: matchSymbols(r.sufficient, p.cpc),
    candidateMatches: matchSymbols(r.candidates, p.cpc),
    queryMatches: r.tree ? matches(r.tree, doc) : null,
    queryAlone: r.queryAlone,
    matchedTerms: r.tree ? matchedTerms(r.tree, doc) : [],
  };
}
