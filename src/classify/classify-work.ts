/**
 * Decides which technologies a work belongs to, by each technology's recipe. Multi-label: a work can belong to
 * several technologies. Pure: recipes and works come in as values (classify-queries.ts reads and writes them).
 */
import type { RecipeRule } from '../db/schema.js';
import {
  matchedTerms,
  matches,
  parseQuery,
  prepareDocument,
  preparedDocument,
  type PreparedDocument,
  type QueryNode,
} from './query-language.js';

export interface Recipe {
  techId: string;
  version: number;
  topics: readonly number[];
  minTopicScore: number;
  query: string | null;
  rule: RecipeRule;
  /** A work whose title alone satisfies the query also matches (titles are short and precise). */
  titleQueryRule: boolean;
}

export interface CompiledRecipe extends Recipe {
  tree: QueryNode | null;
  topicSet: ReadonlySet<number>;
}

export interface WorkText {
  id: number;
  title: string | null;
  abstract: string | null;
  keywords: readonly string[];
  topics: ReadonlyArray<{ id: number; score: number }>;
}

export type MatchedBy = 'topic+query' | 'title-query' | 'topic' | 'query';

export interface Classification {
  techId: string;
  recipeVersion: number;
  /** The best candidate topic's score for topic rules; 1 for a query-only match. */
  score: number;
  matchedBy: MatchedBy;
}

/** Parses each recipe's query once; a syntax error names the technology. */
export function compileRecipes(recipes: readonly Recipe[]): CompiledRecipe[] {
  return recipes.map((r) => {
    let tree: QueryNode | null = null;
    if (r.query) {
      try {
        tree = parseQuery(r.query);
      } catch (error) {
        (error as Error).message = `recipe ${r.techId} v${r.version}: ${(error as Error).message}`;
        throw error;
      }
    }
    if ((r.rule === 'topic_and_query' || r.rule === 'topic_or_query' || r.rule === 'query') && !tree) {
      throw new Error(`recipe ${r.techId} v${r.version}: rule ${r.rule} needs a query`);
    }
    return { ...r, tree, topicSet: new Set(r.topics) };
  });
}

const EMPTY_FIELD = prepareDocument({}).title;

/** The best score among the work's topics that are candidates of the recipe, or null. */
function topicScore(recipe: CompiledRecipe, work: WorkText): number | null {
  let best: number | null = null;
  for (const t of work.topics) {
    if (recipe.topicSet.has(t.id) && t.score >= recipe.minTopicScore && (best === null || t.score > best))
      best = t.score;
  }
  return best;
}

export interface PreparedWork {
  work: WorkText;
  full: PreparedDocument;
  titleOnly: PreparedDocument;
}

export function prepareWork(work: WorkText): PreparedWork {
  const full = prepareDocument({ title: work.title, abstract: work.abstract, keywords: work.keywords });
  return { work, full, titleOnly: preparedDocument(full.title, EMPTY_FIELD, EMPTY_FIELD) };
}

const hitOf = (recipe: CompiledRecipe, matchedBy: MatchedBy, score: number): Classification => ({
  techId: recipe.techId,
  recipeVersion: recipe.version,
  score,
  matchedBy,
});

function classifyOne(recipe: CompiledRecipe, p: PreparedWork): Classification | null {
  const topic = recipe.topicSet.size > 0 ? topicScore(recipe, p.work) : null;
  switch (recipe.rule) {
    case 'topics':
      if (topic !== null) return hitOf(recipe, 'topic', topic);
      break;
    case 'query':
      if (matches(recipe.tree!, p.full)) return hitOf(recipe, 'query', 1);
      break;
    case 'topic_or_query':
      if (topic !== null) return hitOf(recipe, 'topic', topic);
      if (matches(recipe.tree!, p.full)) return hitOf(recipe, 'query', 1);
      break;
    case 'topic_and_query':
      if (topic !== null && matches(recipe.tree!, p.full)) return hitOf(recipe, 'topic+query', topic);
      break;
  }
  if (recipe.titleQueryRule && recipe.tree && matches(recipe.tree, p.titleOnly))
    return hitOf(recipe, 'title-query', 1);
  return null;
}

/** Every technology the work belongs to under the given recipes. */
export function classifyWork(work: WorkText, recipes: readonly CompiledRecipe[]): Classification[] {
  const prepared = prepareWork(work);
  const out: Classification[] = [];
  for (const recipe of recipes) {
    const c = classifyOne(recipe, prepared);
    if (c) out.push(c);
  }
  return out;
}

export interface Explanation {
  techId: string;
  recipeVersion: number;
  rule: RecipeRule;
  titleQueryRule: boolean;
  member: boolean;
  matchedBy: MatchedBy | null;
  /** Candidate topics of the recipe the work has, with their scores, and whether each passes the minimum. */
  topics: Array<{ id: number; score: number; passes: boolean }>;
  minTopicScore: number;
  queryMatchesFullText: boolean | null;
  queryMatchesTitle: boolean | null;
  matchedTerms: string[];
}

/** Why a work is, or is not, in a technology. */
export function explainWork(work: WorkText, recipe: CompiledRecipe): Explanation {
  const p = prepareWork(work);
  const c = classifyOne(recipe, p);
  return {
    techId: recipe.techId,
    recipeVersion: recipe.version,
    rule: recipe.rule,
    titleQueryRule: recipe.titleQueryRule,
    member: c !== null,
    matchedBy: c?.matchedBy ?? null,
    topics: work.topics
      .filter((t) => recipe.topicSet.has(t.id))
      .map((t) => ({ id: t.id, score: t.score, passes: t.score >= recipe.minTopicScore })),
    minTopicScore: recipe.minTopicScore,
    queryMatchesFullText: recipe.tree ? matches(recipe.tree, p.full) : null,
    queryMatchesTitle: recipe.tree ? matches(recipe.tree, p.titleOnly) : null,
    matchedTerms: recipe.tree ? matchedTerms(recipe.tree, p.full) : [],
  };
}
