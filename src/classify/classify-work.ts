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
  presentKeys,
  termKeys,
  withFields,
  type PreparedDocument,
  type QueryNode,
} from './query-language.js';
import { Vocabulary } from './vocabulary.js';

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
  /** The words and prefixes the query looks up (see Vocabulary). */
  keys: ReadonlySet<string>;
  /** Whether the query matches a document with none of its words (only a query built on NOT can). */
  matchesEmpty: boolean;
  /** This recipe's position among the recipes compiled together (see PreparedWork.candidates). */
  index: number;
  /** What the recipes compiled together share. */
  group: RecipeGroup;
}

/** What the recipes compiled together share: a work is tokenised once for all of them, and few are evaluated. */
export interface RecipeGroup {
  /** The recipes compiled together, in order (the array compileRecipes returned). */
  recipes: readonly CompiledRecipe[];
  /** The words and prefixes of every recipe's query; a work is prepared against it. */
  vocabulary: Vocabulary;
  /** Key → positions of the recipes whose query looks it up. */
  recipesByKey: ReadonlyMap<string, readonly number[]>;
  /** Topic → positions of the recipes with a topic rule that lists it. */
  recipesByTopic: ReadonlyMap<number, readonly number[]>;
  /** Whether some recipe's query alone, on the full text, can make a work match (rule query or topic_or_query). */
  fullTextQueries: boolean;
  /** Positions of the recipes whose query matches a document without any of its words (built on NOT). */
  matchingEmpty: readonly number[];
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
  const parsed = recipes.map((r) => {
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
    return { recipe: r, tree };
  });
  const vocabulary = new Vocabulary(parsed.flatMap((p) => (p.tree ? [p.tree] : [])));
  const empty = prepareDocument({}, vocabulary);
  const recipesByKey = new Map<string, number[]>();
  const recipesByTopic = new Map<number, number[]>();
  const group: RecipeGroup = {
    recipes: [],
    vocabulary,
    recipesByKey,
    recipesByTopic,
    fullTextQueries: false,
    matchingEmpty: [],
  };
  const compiled = parsed.map(({ recipe, tree }, index): CompiledRecipe => {
    const keys = tree ? termKeys(tree) : new Set<string>();
    for (const k of keys) recipesByKey.set(k, [...(recipesByKey.get(k) ?? []), index]);
    if (recipe.rule !== 'query')
      for (const t of new Set(recipe.topics))
        recipesByTopic.set(t, [...(recipesByTopic.get(t) ?? []), index]);
    return {
      ...recipe,
      tree,
      topicSet: new Set(recipe.topics),
      keys,
      matchesEmpty: tree ? matches(tree, empty) : false,
      index,
      group,
    };
  });
  group.recipes = compiled;
  group.fullTextQueries = compiled.some((r) => r.rule === 'query' || r.rule === 'topic_or_query');
  group.matchingEmpty = compiled.filter((r) => r.matchesEmpty).map((r) => r.index);
  return compiled;
}

/** The best score among the work's topics that are candidates of the recipe, or null. */
function topicScore(recipe: CompiledRecipe, work: WorkText): number | null {
  let best: number | null = null;
  for (const t of work.topics) {
    if (recipe.topicSet.has(t.id) && t.score >= recipe.minTopicScore && (best === null || t.score > best))
      best = t.score;
  }
  return best;
}

/**
 * A work prepared for matching, lazily: the title is tokenised first, and the abstract and keywords only when a
 * recipe needs the full text (its topic matched, or its rule is query-based). Most works outside every
 * technology are decided on their topics and title alone.
 */
export class PreparedWork {
  private fullDoc: PreparedDocument | null = null;
  private fullCandidates: ReadonlySet<number> | null = null;
  readonly titleOnly: PreparedDocument;
  /** Positions of the recipes (compiled together) with a query term in the title. */
  readonly titleCandidates: ReadonlySet<number>;

  constructor(
    readonly work: WorkText,
    private readonly group: RecipeGroup,
  ) {
    this.titleOnly = prepareDocument({ title: work.title }, group.vocabulary);
    this.titleCandidates = this.candidatesOf(this.titleOnly);
  }

  get full(): PreparedDocument {
    return (this.fullDoc ??= withFields(
      this.titleOnly,
      { abstract: this.work.abstract, keywords: this.work.keywords },
      this.group.vocabulary,
    ));
  }

  /** Positions of the recipes with a query term anywhere in the work. */
  get candidates(): ReadonlySet<number> {
    return (this.fullCandidates ??= this.candidatesOf(this.full));
  }

  private candidatesOf(doc: PreparedDocument): Set<number> {
    const out = new Set<number>();
    for (const k of presentKeys(doc)) for (const i of this.group.recipesByKey.get(k) ?? []) out.add(i);
    return out;
  }
}

export const prepareWork = (work: WorkText, recipe: CompiledRecipe): PreparedWork =>
  new PreparedWork(work, recipe.group);

/**
 * A query's result depends only on which of its terms are present: with none present it is its result on an
 * empty document, so most recipes are decided without evaluating their tree.
 */
function queryMatches(recipe: CompiledRecipe, p: PreparedWork, scope: 'full' | 'title'): boolean {
  if (!recipe.tree) return false;
  const candidates = scope === 'title' ? p.titleCandidates : p.candidates;
  if (!candidates.has(recipe.index)) return recipe.matchesEmpty;
  return matches(recipe.tree, scope === 'title' ? p.titleOnly : p.full);
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
      if (queryMatches(recipe, p, 'full')) return hitOf(recipe, 'query', 1);
      break;
    case 'topic_or_query':
      if (topic !== null) return hitOf(recipe, 'topic', topic);
      if (queryMatches(recipe, p, 'full')) return hitOf(recipe, 'query', 1);
      break;
    case 'topic_and_query':
      if (topic !== null && queryMatches(recipe, p, 'full')) return hitOf(recipe, 'topic+query', topic);
      break;
  }
  if (recipe.titleQueryRule && queryMatches(recipe, p, 'title')) return hitOf(recipe, 'title-query', 1);
  return null;
}

/** Every technology the work belongs to under the given recipes. */
export function classifyWork(work: WorkText, recipes: readonly CompiledRecipe[]): Classification[] {
  assertCompiledTogether(recipes);
  return classifyChecked(work, recipes);
}

// Every recipe must belong to the group a work is prepared for; checked once per call, not per work.
function assertCompiledTogether(recipes: readonly CompiledRecipe[]): void {
  if (recipes.some((r) => r.group !== recipes[0]!.group))
    throw new Error('classification needs recipes compiled together (one compileRecipes call)');
}

/**
 * The positions, in order, of the recipes of the group that can match the work; every other recipe cannot.
 * classifyOne matches by a topic (the recipe lists one of the work's topics), by its query on the full text (a
 * query term is in the work, or the query matches without any) or by its query on the title (likewise).
 */
function dueRecipes(group: RecipeGroup, p: PreparedWork): number[] {
  const due = [...group.matchingEmpty, ...p.titleCandidates];
  for (const t of p.work.topics) {
    const listed = group.recipesByTopic.get(t.id);
    if (listed) for (const i of listed) due.push(i);
  }
  if (group.fullTextQueries) for (const i of p.candidates) due.push(i);
  due.sort((a, b) => a - b);
  return due.filter((i, k) => k === 0 || due[k - 1] !== i);
}

function classifyChecked(work: WorkText, recipes: readonly CompiledRecipe[]): Classification[] {
  if (recipes.length === 0) return [];
  const prepared = prepareWork(work, recipes[0]!);
  const group = recipes[0]!.group;
  // The whole group: only the recipes that can match are evaluated. Any other list: each of its recipes.
  const evaluated = recipes === group.recipes ? dueRecipes(group, prepared).map((i) => recipes[i]!) : recipes;
  const out: Classification[] = [];
  for (const recipe of evaluated) {
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
  const p = prepareWork(work, recipe);
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

/** A batch's assignments as columns, the shape the database insert takes (and cheap to pass between threads). */
export interface AssignmentColumns {
  workIds: number[];
  techIds: string[];
  recipeVersions: number[];
  scores: number[];
  matchedBy: MatchedBy[];
}

export function classifyBatch(
  works: readonly WorkText[],
  recipes: readonly CompiledRecipe[],
): AssignmentColumns {
  assertCompiledTogether(recipes);
  const out: AssignmentColumns = { workIds: [], techIds: [], recipeVersions: [], scores: [], matchedBy: [] };
  for (const w of works) {
    for (const c of classifyChecked(w, recipes)) {
      out.workIds.push(w.id);
      out.techIds.push(c.techId);
      out.recipeVersions.push(c.recipeVersion);
      out.scores.push(c.score);
      out.matchedBy.push(c.matchedBy);
    }
  }
  return out;
}
