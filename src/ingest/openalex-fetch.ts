/**
 * `cetmap fetch openalex`: fetches works through the API into JSON Lines files that `ingestOpenAlex` loads.
 *
 * Resumable: the output directory holds `.fetch-state` (each filter's next cursor, the files written, counts).
 * Pages collect in memory and are written as one file per `pagesPerFile` pages: written under a `.partial`
 * name, renamed, then the state advances to the cursor after the file's last page. A run killed at any point
 * therefore resumes at the last committed cursor; files not named in the state (a crash between rename and
 * state write) and `.partial` files are removed on resume. Works are deduplicated by id across filters (and
 * across resumes: the written files are read back).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CetmapError } from '../shared/errors.js';
import {
  BudgetExhausted,
  MAX_PER_PAGE,
  OPENALEX_PRICING,
  OPENALEX_SELECT,
  OpenAlexRequestError,
  splitOrFilter,
  type OpenAlexClient,
} from './openalex-api.js';
import { openAlexNumber } from './parse-openalex-work.js';
import { readLines } from './read-lines.js';

export const STATE_FILE = '.fetch-state';
const DATA_NAME = /^works-\d{5}\.jsonl(\.gz)?$/;

export interface FilterState {
  filter: string;
  /** meta.count from the probe; null until probed. */
  count: number | null;
  /** The cursor to request next; null once the filter is done. */
  cursor: string | null;
  fetched: number;
}

export interface FetchState {
  version: 1;
  /** Identifies the request (filters + select); a different request needs another directory. */
  key: string;
  filters: FilterState[];
  files: string[];
  nextFile: number;
  written: number;
  duplicates: number;
}

export const fetchKey = (filters: readonly string[]): string =>
  createHash('sha256')
    .update(JSON.stringify({ filters, select: OPENALEX_SELECT }))
    .digest('hex')
    .slice(0, 16);

/**
 * Turns user filters into request filters: each is split so that its URLs fit (long OR-lists), and the
 * parts are deduplicated.
 */
export function requestFilters(filters: readonly string[], client: OpenAlexClient): string[] {
  // Room for a key and a contact address of generous length, whether set or not: the split (and so the default
  // output directory, named after the filters) must not change when a key is added between runs.
  const urlOptions = { baseUrl: client.baseUrl, apiKey: 'k'.repeat(64), mailto: 'm'.repeat(100) };
  const out: string[] = [];
  for (const f of filters) {
    for (const part of splitOrFilter(f, urlOptions, {
      select: OPENALEX_SELECT,
      perPage: MAX_PER_PAGE,
    }))
      if (!out.includes(part)) out.push(part);
  }
  return out;
}

export interface TaxonomyRecipe {
  techId: string;
  topics: readonly number[];
}

/**
 * Filters that fetch every key technology's candidate works: the union of the recipes' candidate topic ids as
 * one OR-filter on `topics.id` (a work's topics, any score), limited to publication dates. Classification by
 * the recipes' queries and topic scores happens locally after ingest (`cetmap standing …` classifies), so the
 * API's stemmed search, which differs from cetmap's query language and costs 10× per call, is not used.
 * The caller splits the result into requests (at most 100 ids per OR-filter).
 */
export function taxonomyFilter(
  recipes: readonly TaxonomyRecipe[],
  years: { from?: number; to?: number } = {},
): string {
  const topics = [...new Set(recipes.flatMap((r) => r.topics))].sort((a, b) => a - b);
  if (topics.length === 0) throw new CetmapError('CET_BAD_INPUT', 'The recipes name no OpenAlex topics.');
  const parts = [`topics.id:${topics.map((t) => `T${t}`).join('|')}`];
  if (years.from !== undefined) parts.push(`from_publication_date:${years.from}-01-01`);
  if (years.to !== undefined) parts.push(`to_publication_date:${years.to}-12-31`);
  return parts.join(',');
}

export interface OpenedState {
  dir: string;
  state: FetchState;
  resumed: boolean;
}

function saveState(dir: string, state: FetchState): void {
  const path = join(dir, STATE_FILE);
  writeFileSync(`${path}.tmp`, JSON.stringify(state, null, 1) + '\n');
  renameSync(`${path}.tmp`, path);
}

/**
 * Opens (or starts) the fetch state in `dir`. A state for other filters is refused unless `restart`, which
 * discards it together with the files it wrote.
 */
export function openFetchState(
  dir: string,
  filters: readonly string[],
  options: { restart?: boolean } = {},
): OpenedState {
  mkdirSync(dir, { recursive: true });
  const key = fetchKey(filters);
  const path = join(dir, STATE_FILE);
  let state: FetchState | null = null;
  if (existsSync(path)) {
    try {
      state = JSON.parse(readFileSync(path, 'utf8')) as FetchState;
    } catch (error) {
      throw new CetmapError('CET_BAD_INPUT', `Cannot read ${path}: ${(error as Error).message}`);
    }
    if (state.key !== key && !options.restart) {
      throw new CetmapError(
        'CET_CONFLICT',
        `${dir} holds a fetch of other filters (${state.filters.length} filter(s), ${state.written} works). ` +
          'Choose another --out, or add --restart to discard it.',
      );
    }
    if (options.restart) state = null;
  }
  const committed = new Set(state?.files ?? []);
  // Remove what no committed state names: partial files, and files whose state update never happened.
  for (const name of readdirSync(dir)) {
    if (name.endsWith('.partial') || (DATA_NAME.test(name) && !committed.has(name)))
      rmSync(join(dir, name), { force: true });
  }
  if (state) return { dir, state, resumed: true };
  const fresh: FetchState = {
    version: 1,
    key,
    filters: filters.map((filter) => ({ filter, count: null, cursor: '*', fetched: 0 })),
    files: [],
    nextFile: 1,
    written: 0,
    duplicates: 0,
  };
  saveState(dir, fresh);
  return { dir, state: fresh, resumed: false };
}

/** Probes each not yet probed filter with `per_page=1` for meta.count (one list request each). */
export async function probeCounts(client: OpenAlexClient, opened: OpenedState): Promise<number> {
  let probes = 0;
  for (const f of opened.state.filters) {
    if (f.count !== null) continue;
    const page = await client.worksPage({ filter: f.filter, perPage: 1, select: ['id'] });
    f.count = page.meta.count;
    // Nothing matches: the filter is done without paging.
    if (f.count === 0) f.cursor = null;
    probes++;
    saveState(opened.dir, opened.state);
  }
  return probes;
}

export interface FetchEstimate {
  /** Works still to fetch (an upper bound: works in several filters are counted once per filter). */
  records: number;
  /** List requests still to send. */
  requests: number;
  usd: number;
  /** Days at the given daily budget. */
  days: number;
}

export function estimateFetch(
  state: FetchState,
  options: { perPage?: number; max?: number; dailyBudget: number; budgetLeftToday: number },
): FetchEstimate {
  const perPage = options.perPage ?? MAX_PER_PAGE;
  let records = 0;
  let requests = 0;
  let cap = options.max === undefined ? Infinity : Math.max(0, options.max - state.written);
  for (const f of state.filters) {
    if (f.cursor === null || f.count === null) continue;
    const left = Math.min(Math.max(0, f.count - f.fetched), cap);
    cap -= left;
    records += left;
    // The API ends a cursor listing with an empty page: one more request when the filter runs to its end.
    const toEnd = left === f.count - f.fetched;
    requests += Math.ceil(left / perPage) + (toEnd ? 1 : 0);
  }
  const beyondToday = Math.max(0, requests - options.budgetLeftToday);
  return {
    records,
    requests,
    usd: requests * OPENALEX_PRICING.listUsdPerCall,
    days: requests === 0 ? 0 : 1 + Math.ceil(beyondToday / Math.max(1, options.dailyBudget)),
  };
}

export interface FetchProgress {
  written: number;
  duplicates: number;
  requests: number;
  filter: number;
}

export interface FetchOptions {
  /** Stop after this many works in the directory in total. */
  max?: number;
  gzip?: boolean;
  perPage?: number;
  /** Pages per output file (a file is the unit of commit and of resume). */
  pagesPerFile?: number;
  signal?: AbortSignal;
  onProgress?: (p: FetchProgress) => void;
  onWarning?: (message: string) => void;
}

export type FetchStop = 'complete' | 'max' | 'budget' | 'interrupted';

export interface FetchSummary {
  stopped: FetchStop;
  /** Why the budget stop happened, when it did. */
  stopReason: string | null;
  written: number;
  duplicates: number;
  files: number;
  totalWritten: number;
  totalFiles: number;
  filtersDone: number;
  filters: number;
  requests: number;
  retries: number;
  seconds: number;
}

/** Ids of the works in the files already written (to deduplicate across a resume). */
async function writtenIds(dir: string, files: readonly string[]): Promise<Set<number>> {
  const ids = new Set<number>();
  for (const name of files) {
    for await (const item of readLines(join(dir, name)).lines) {
      if (item.kind !== 'line' || item.text.trim() === '') continue;
      const id = openAlexNumber((JSON.parse(item.text) as { id?: string }).id, 'W');
      if (id !== null) ids.add(id);
    }
  }
  return ids;
}

export async function runFetch(
  client: OpenAlexClient,
  opened: OpenedState,
  options: FetchOptions = {},
): Promise<FetchSummary> {
  const started = Date.now();
  const { dir, state } = opened;
  const perPage = options.perPage ?? MAX_PER_PAGE;
  const pagesPerFile = options.pagesPerFile ?? 25;
  const requestsBefore = client.requests;
  const retriesBefore = client.retries;
  const seen = await writtenIds(dir, state.files);
  const summary: FetchSummary = {
    stopped: 'complete',
    stopReason: null,
    written: 0,
    duplicates: 0,
    files: 0,
    totalWritten: state.written,
    totalFiles: state.files.length,
    filtersDone: 0,
    filters: state.filters.length,
    requests: 0,
    retries: 0,
    seconds: 0,
  };

  // Pages received but not yet committed to a file: their lines, and where each filter then stands.
  let lines: string[] = [];
  let pages = 0;
  let pending: { index: number; cursor: string | null; fetched: number } | null = null;
  let pendingDuplicates = 0;
  const commit = (): void => {
    if (pending) {
      if (lines.length > 0) {
        const name = `works-${String(state.nextFile).padStart(5, '0')}.jsonl${options.gzip ? '.gz' : ''}`;
        const text = lines.join('\n') + '\n';
        writeFileSync(join(dir, `${name}.partial`), options.gzip ? gzipSync(text) : text);
        renameSync(join(dir, `${name}.partial`), join(dir, name));
        state.files.push(name);
        state.nextFile++;
        state.written += lines.length;
        summary.written += lines.length;
        summary.files++;
      }
      const f = state.filters[pending.index]!;
      f.cursor = pending.cursor;
      f.fetched = pending.fetched;
      state.duplicates += pendingDuplicates;
      summary.duplicates += pendingDuplicates;
      saveState(dir, state);
    }
    lines = [];
    pages = 0;
    pending = null;
    pendingDuplicates = 0;
  };
  const max = options.max ?? Infinity;

  try {
    filters: for (let index = 0; index < state.filters.length; index++) {
      const f = state.filters[index]!;
      let cursor = f.cursor;
      let fetched = f.fetched;
      while (cursor !== null) {
        if (state.written + lines.length >= max) {
          summary.stopped = 'max';
          break filters;
        }
        if (options.signal?.aborted) {
          summary.stopped = 'interrupted';
          break filters;
        }
        let page;
        try {
          page = await client.worksPage({ filter: f.filter, cursor, perPage });
        } catch (error) {
          if (
            error instanceof OpenAlexRequestError &&
            error.status === 400 &&
            cursor !== '*' &&
            fetched > 0
          ) {
            // A stored cursor the server no longer accepts: start the filter over (dedupe skips what we have).
            options.onWarning?.(
              `the saved cursor of filter ${index + 1} was refused; restarting that filter`,
            );
            cursor = '*';
            fetched = 0;
            continue;
          }
          throw error;
        }
        const requested = cursor;
        // An empty page, or a page without next_cursor (a page-based answer), ends the listing.
        const next = page.results.length === 0 ? null : (page.meta.next_cursor ?? null);
        let truncated = false;
        for (const work of page.results) {
          const id = openAlexNumber(typeof work.id === 'string' ? work.id : null, 'W');
          if (id !== null && seen.has(id)) {
            pendingDuplicates++;
            continue;
          }
          if (state.written + lines.length >= max) {
            truncated = true;
            break;
          }
          if (id !== null) seen.add(id);
          lines.push(JSON.stringify(work));
        }
        if (truncated) {
          // --max cut this page: a later run asks for it again (what was kept is skipped as a duplicate).
          pending = { index, cursor: requested, fetched };
          commit();
          summary.stopped = 'max';
          break filters;
        }
        fetched += page.results.length;
        cursor = next;
        pending = { index, cursor, fetched };
        pages++;
        options.onProgress?.({
          written: state.written + lines.length,
          duplicates: state.duplicates + pendingDuplicates,
          requests: client.requests - requestsBefore,
          filter: index,
        });
        if (pages >= pagesPerFile || cursor === null) commit();
      }
    }
  } catch (error) {
    if (!(error instanceof BudgetExhausted)) {
      commit();
      throw error;
    }
    summary.stopped = 'budget';
    summary.stopReason = error.message;
  }
  commit();
  summary.totalWritten = state.written;
  summary.totalFiles = state.files.length;
  summary.filtersDone = state.filters.filter((x) => x.cursor === null).length;
  summary.requests = client.requests - requestsBefore;
  summary.retries = client.retries - retriesBefore;
  summary.seconds = (Date.now() - started) / 1000;
  return summary;
}
