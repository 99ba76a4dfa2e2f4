/**
 * Client for the OpenAlex REST API (`/works` list endpoint): URL building with `select=`, cursor paging,
 * client-side rate limiting, retries with exponential backoff and jitter (429 honouring Retry-After, 5xx,
 * network errors, timeouts, truncated or invalid JSON bodies), a per-day request budget, and splitting of long
 * OR-filters so that every URL stays under the server's limit. The API key never appears in messages.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CetmapError } from '../shared/errors.js';
import { VERSION } from '../shared/paths.js';

export const OPENALEX_DEFAULT_URL = 'https://api.openalex.org';

/** The Work fields cetmap reads (parse-openalex-work.ts); everything else is left on the server. */
export const OPENALEX_SELECT: readonly string[] = [
  'id',
  'doi',
  'title',
  'display_name',
  'publication_year',
  'publication_date',
  'language',
  'type',
  'cited_by_count',
  'is_retracted',
  'is_paratext',
  'authorships',
  'primary_topic',
  'topics',
  'keywords',
  'abstract_inverted_index',
  'updated_date',
];

/** Largest page the API serves. */
export const MAX_PER_PAGE = 200;
/** OpenAlex accepts at most this many alternatives in one OR-filter (`key:a|b|…`). */
export const MAX_OR_VALUES = 100;
/** Longest request URL we send; the server's limit is about 4 KB. */
export const MAX_URL_CHARS = 4000;
/** Characters kept free for the cursor (opaque base64, grows with depth) when checking URL length. */
const CURSOR_RESERVE = 300;

/**
 * List+filter pricing (developers.openalex.org, Authentication & Pricing, 2026): $0.10 per 1,000 calls; a
 * free API key gives $1 of usage a day (10,000 list calls), no key $0.01 (100 calls). Search calls cost 10×.
 */
export const OPENALEX_PRICING = {
  listUsdPerCall: 0.1 / 1000,
  freeDailyUsdWithKey: 1,
  freeDailyUsdWithoutKey: 0.01,
} as const;

/** The default daily request budget: what the free allowance buys in list calls. */
export const defaultDailyBudget = (hasKey: boolean): number =>
  Math.floor(
    (hasKey ? OPENALEX_PRICING.freeDailyUsdWithKey : OPENALEX_PRICING.freeDailyUsdWithoutKey) /
      OPENALEX_PRICING.listUsdPerCall,
  );

export interface WorksQuery {
  filter?: string;
  cursor?: string;
  perPage?: number;
  select?: readonly string[];
}

export interface UrlOptions {
  baseUrl: string;
  apiKey?: string;
  mailto?: string;
}

export function buildWorksUrl(options: UrlOptions, query: WorksQuery): string {
  const url = new URL(options.baseUrl.replace(/\/+$/, '') + '/works');
  if (query.filter) url.searchParams.set('filter', query.filter);
  if (query.select && query.select.length > 0) url.searchParams.set('select', query.select.join(','));
  url.searchParams.set('per_page', String(query.perPage ?? MAX_PER_PAGE));
  if (query.cursor !== undefined) url.searchParams.set('cursor', query.cursor);
  if (options.mailto) url.searchParams.set('mailto', options.mailto);
  if (options.apiKey) url.searchParams.set('api_key', options.apiKey);
  return url.toString();
}

/** A URL fit for messages and logs: the api_key value masked. */
export function redactApiKey(url: string): string {
  return url.replace(/([?&]api_key=)[^&#]*/gi, '$1***');
}

/**
 * Splits a filter whose URL would be too long, or whose OR-lists exceed MAX_OR_VALUES, into several filters
 * whose results together are the original's: the longest OR-list (`key:a|b|c`) is cut into chunks, and each
 * result is split again if still needed. The union of the parts' works equals the original filter's works
 * (works matching several parts come back more than once: callers dedupe by id).
 */
export function splitOrFilter(
  filter: string,
  urlOptions: UrlOptions,
  query: Omit<WorksQuery, 'filter' | 'cursor'> = {},
  maxUrlChars = MAX_URL_CHARS,
): string[] {
  const urlLength = (f: string): number =>
    buildWorksUrl(urlOptions, { ...query, filter: f, cursor: 'x'.repeat(CURSOR_RESERVE) }).length;
  const parts = filter.split(',');
  const orParts = parts
    .map((p, index) => ({ index, key: p.slice(0, p.indexOf(':') + 1), values: p.slice(p.indexOf(':') + 1) }))
    .filter((p) => p.key !== '' && p.values.includes('|'))
    .map((p) => ({ ...p, list: p.values.split('|') }));
  const tooMany = orParts.find((p) => p.list.length > MAX_OR_VALUES);
  if (!tooMany && urlLength(filter) <= maxUrlChars) return [filter];

  const target = tooMany ?? orParts.sort((a, b) => b.values.length - a.values.length)[0];
  if (!target || target.list.length < 2) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      `The filter makes a URL of ${urlLength(filter)} characters (limit ${maxUrlChars}) and has no OR-list to split.`,
    );
  }
  const withValues = (values: readonly string[]): string =>
    parts.map((p, i) => (i === target.index ? target.key + values.join('|') : p)).join(',');
  const fits = (values: readonly string[]): boolean =>
    values.length <= MAX_OR_VALUES && urlLength(withValues(values)) <= maxUrlChars;
  // Pack the list greedily into as few filters as fit (fewest requests).
  const chunks: string[][] = [];
  let chunk: string[] = [];
  for (const value of target.list) {
    if (chunk.length > 0 && !fits([...chunk, value])) {
      chunks.push(chunk);
      chunk = [];
    }
    chunk.push(value);
  }
  chunks.push(chunk);
  if (chunks.some((c) => !fits(c))) {
    // Another OR-list is too long as well: halve this one and split each half again.
    const half = Math.ceil(target.list.length / 2);
    return [
      ...splitOrFilter(withValues(target.list.slice(0, half)), urlOptions, query, maxUrlChars),
      ...splitOrFilter(withValues(target.list.slice(half)), urlOptions, query, maxUrlChars),
    ];
  }
  return chunks.map(withValues);
}

/** A per-day count of requests, kept in a small JSON file so that separate runs on one day add up. */
export interface RequestBudget {
  readonly limit: number;
  /** Requests spent today (UTC day, when OpenAlex resets its allowance). */
  used(): number;
  remaining(): number;
  spend(): void;
}

export function createDailyBudget(
  file: string | null,
  limit: number,
  now: () => Date = () => new Date(),
): RequestBudget {
  const today = (): string => now().toISOString().slice(0, 10);
  let day = today();
  let used = 0;
  if (file && existsSync(file)) {
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { day?: unknown; requests?: unknown };
      if (saved.day === day && typeof saved.requests === 'number') used = saved.requests;
    } catch {
      // an unreadable usage file counts as no use today
    }
  }
  const refresh = (): void => {
    const d = today();
    if (d !== day) {
      day = d;
      used = 0;
    }
  };
  return {
    limit,
    used: () => (refresh(), used),
    remaining: () => (refresh(), Math.max(0, limit - used)),
    spend() {
      refresh();
      used++;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(`${file}.tmp`, JSON.stringify({ day, requests: used }) + '\n');
        renameSync(`${file}.tmp`, file);
      }
    },
  };
}

/** Thrown when no request may be sent today: our budget is spent, or the server says its allowance is. */
export class BudgetExhausted extends Error {
  constructor(
    readonly by: 'budget' | 'server',
    message: string,
  ) {
    super(message);
    this.name = 'BudgetExhausted';
  }
}

/** The server refused a request in a way retrying cannot fix (4xx other than 429). */
export class OpenAlexRequestError extends CetmapError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super('CET_UPSTREAM', message);
  }
}

export interface WorksPage {
  meta: { count: number; next_cursor: string | null; per_page?: number };
  results: Record<string, unknown>[];
}

export interface RetryInfo {
  attempt: number;
  waitMs: number;
  reason: string;
}

export interface OpenAlexClientOptions extends Partial<UrlOptions> {
  /** Requests started per second at most (OpenAlex allows 100; default 10). */
  requestsPerSecond?: number;
  /** Per request, including reading the body (default 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 6). */
  maxRetries?: number;
  /** First backoff delay; doubles per retry, with jitter (default 1 s). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A 429 asking to wait longer than this means the daily allowance is spent: stop (default 10 min). */
  maxRetryAfterMs?: number;
  budget?: RequestBudget;
  onRetry?: (info: RetryInfo) => void;
  random?: () => number;
}

/** Milliseconds to wait from a Retry-After header (delta seconds or an HTTP date); null when absent. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function isWorksPage(body: unknown): body is WorksPage {
  if (typeof body !== 'object' || body === null) return false;
  const { meta, results } = body as { meta?: unknown; results?: unknown };
  return (
    typeof meta === 'object' &&
    meta !== null &&
    typeof (meta as { count?: unknown }).count === 'number' &&
    Array.isArray(results)
  );
}

export class OpenAlexClient {
  readonly baseUrl: string;
  private readonly options: Required<
    Omit<OpenAlexClientOptions, 'apiKey' | 'mailto' | 'baseUrl' | 'budget' | 'onRetry'>
  > &
    OpenAlexClientOptions;
  private nextSlot = 0;
  /** Requests sent by this client (retries included). */
  requests = 0;
  retries = 0;

  constructor(options: OpenAlexClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? OPENALEX_DEFAULT_URL;
    this.options = {
      requestsPerSecond: 10,
      timeoutMs: 30_000,
      maxRetries: 6,
      retryBaseMs: 1000,
      retryMaxMs: 60_000,
      maxRetryAfterMs: 10 * 60_000,
      random: Math.random,
      ...options,
    };
  }

  get urlOptions(): UrlOptions {
    return { baseUrl: this.baseUrl, apiKey: this.options.apiKey, mailto: this.options.mailto };
  }

  get hasApiKey(): boolean {
    return Boolean(this.options.apiKey);
  }

  private backoff(attempt: number): number {
    const { retryBaseMs, retryMaxMs, random } = this.options;
    const full = Math.min(retryMaxMs, retryBaseMs * 2 ** attempt);
    return Math.round(full / 2 + (random() * full) / 2);
  }

  private async throttle(): Promise<void> {
    const interval = 1000 / this.options.requestsPerSecond;
    const now = Date.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + interval;
    if (slot > now) await sleep(slot - now);
  }

  /** One page of works; retries what is worth retrying, throws BudgetExhausted or OpenAlexRequestError. */
  async worksPage(query: WorksQuery): Promise<WorksPage> {
    const url = buildWorksUrl(this.urlOptions, { select: OPENALEX_SELECT, ...query });
    const shown = redactApiKey(url);
    const { maxRetries, timeoutMs, budget, onRetry, maxRetryAfterMs } = this.options;
    let lastReason = '';
    for (let attempt = 0; attempt <= maxRetries; attempt++) {
      if (budget && budget.remaining() <= 0) {
        throw new BudgetExhausted(
          'budget',
          `the daily budget of ${budget.limit} requests is spent (${budget.used()} used today)`,
        );
      }
      await this.throttle();
      budget?.spend();
      this.requests++;
      let waitMs: number;
      try {
        const response = await fetch(url, {
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            accept: 'application/json',
            'user-agent': `cetmap/${VERSION}${this.options.mailto ? ` (mailto:${this.options.mailto})` : ''}`,
          },
        });
        if (response.status === 429) {
          const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
          await response.body?.cancel();
          if (retryAfter !== null && retryAfter > maxRetryAfterMs) {
            throw new BudgetExhausted(
              'server',
              `OpenAlex asks to wait ${Math.round(retryAfter / 1000)} s (daily allowance spent)`,
            );
          }
          lastReason = `429 Too Many Requests${retryAfter !== null ? ` (Retry-After ${retryAfter} ms)` : ''}`;
          waitMs = retryAfter ?? this.backoff(attempt);
        } else if (response.status >= 500) {
          await response.body?.cancel();
          lastReason = `HTTP ${response.status}`;
          waitMs = this.backoff(attempt);
        } else if (response.status >= 400) {
          const text = (await response.text().catch(() => '')).slice(0, 300);
          throw new OpenAlexRequestError(
            response.status,
            `OpenAlex refused ${shown} with HTTP ${response.status}: ${text}`,
          );
        } else {
          const text = await response.text();
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch (error) {
            throw new Error(`invalid JSON body (${text.length} chars): ${(error as Error).message}`);
          }
          if (!isWorksPage(body)) throw new Error('the response is not a list page (meta.count, results)');
          return body;
        }
      } catch (error) {
        if (error instanceof BudgetExhausted || error instanceof OpenAlexRequestError) throw error;
        const e = error as Error & { cause?: { code?: string; message?: string } };
        lastReason =
          e.name === 'TimeoutError' || e.name === 'AbortError'
            ? `timeout after ${timeoutMs} ms`
            : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : e.cause?.message ? ` (${e.cause.message})` : ''}`;
        waitMs = this.backoff(attempt);
      }
      if (attempt === maxRetries) break;
      this.retries++;
      onRetry?.({ attempt: attempt + 1, waitMs, reason: lastReason });
      await sleep(waitMs);
    }
    throw new CetmapError(
      'CET_UPSTREAM',
      `OpenAlex request failed after ${maxRetries + 1} attempts (${lastReason}): ${shown}`,
    );
  }
}
