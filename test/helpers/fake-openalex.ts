/**
 * A local stand-in for the OpenAlex `/works` list endpoint on 127.0.0.1, for the API client's tests. It serves
 * the works it is given with cursor paging (the documented envelope: `meta.next_cursor`, an empty last page),
 * `per_page`, `select`, and the filters cetmap sends (`topics.id`, `from_/to_publication_date`,
 * `publication_year`, `ids.openalex`, `type`; OR with `|`, AND with `,`), refuses URLs over 4,000 characters
 * (414), and plays queued faults: 429 with Retry-After, 500, slow responses, truncated and invalid bodies.
 * It stops answering (503) after `maxRequests`, so a client that loops cannot run forever.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: '429'; retryAfter?: string }
  | { kind: '500' }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'truncated' }
  | { kind: 'badjson' }
  | { kind: '400' };

export interface FakeOpenAlex {
  url: string;
  /** Every request's path and query, in order (api_key included: tests check it is sent). */
  requests: string[];
  /** Faults to play, one per request, before normal answers resume. */
  faults: Fault[];
  /** Requests refused because maxRequests was reached. */
  overflow: number;
  close(): Promise<void>;
}

type Work = Record<string, unknown>;

const topicIds = (w: Work): string[] =>
  ((w.topics as { id: string }[] | null | undefined) ?? []).map((t) => t.id.replace(/^.*\//, ''));
const shortId = (id: unknown): string => String(id).replace(/^.*\//, '').toUpperCase();

function predicate(key: string, value: string): ((w: Work) => boolean) | null {
  const alternatives = value.split('|').map((v) => v.replace(/^.*\//, '').toUpperCase());
  switch (key) {
    case 'topics.id':
      return (w) => topicIds(w).some((t) => alternatives.includes(t.toUpperCase()));
    case 'ids.openalex':
    case 'openalex':
      return (w) => alternatives.includes(shortId(w.id));
    case 'doi':
      return (w) =>
        typeof w.doi === 'string' &&
        value
          .split('|')
          .map((v) => v.toLowerCase())
          .includes(w.doi.toLowerCase());
    case 'type':
      return (w) => alternatives.includes(String(w.type).toUpperCase());
    case 'from_publication_date':
      return (w) => typeof w.publication_date === 'string' && w.publication_date >= value;
    case 'to_publication_date':
      return (w) => typeof w.publication_date === 'string' && w.publication_date <= value;
    case 'publication_year': {
      const range = /^(\d{4})-(\d{4})$/.exec(value);
      if (range)
        return (w) =>
          Number(w.publication_year) >= Number(range[1]) && Number(w.publication_year) <= Number(range[2]);
      return (w) => alternatives.includes(String(w.publication_year));
    }
    default:
      return null;
  }
}

const encodeCursor = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64url');
const decodeCursor = (cursor: string): number | null => {
  if (cursor === '*') return 0;
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : null;
};

export async function startFakeOpenAlex(
  works: readonly Work[],
  options: {
    maxRequests?: number;
    maxUrlChars?: number;
    emptyLastPage?: boolean;
    /** Answer like a page-based request (meta.page, no next_cursor), as the real works-page.json does. */
    pageBased?: boolean;
  } = {},
): Promise<FakeOpenAlex> {
  const maxRequests = options.maxRequests ?? 200;
  const maxUrlChars = options.maxUrlChars ?? 4000;
  const emptyLastPage = options.emptyLastPage ?? true;
  const state = { requests: [] as string[], faults: [] as Fault[], overflow: 0 };
  const sockets = new Set<Socket>();

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = req.url ?? '/';
    state.requests.push(raw);
    if (state.requests.length > maxRequests) {
      state.overflow++;
      return send(res, 503, { error: 'fake server: request limit reached' });
    }
    const fullLength = `http://127.0.0.1${raw}`.length;
    if (fullLength > maxUrlChars) return send(res, 414, { error: 'URI too long' });
    const url = new URL(raw, 'http://127.0.0.1');
    if (url.pathname !== '/works') return send(res, 404, { error: 'not found' });

    const fault = state.faults.shift();
    if (fault?.kind === '429')
      return send(
        res,
        429,
        { error: 'rate limited' },
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    if (fault?.kind === '500') return send(res, 500, { error: 'internal' });
    if (fault?.kind === '400') return send(res, 400, { error: 'bad request' });
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs));

    const perPage = Number(url.searchParams.get('per_page') ?? '25');
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 200)
      return send(res, 400, { error: 'per_page must be 1–200' });
    let matched = [...works];
    for (const part of (url.searchParams.get('filter') ?? '').split(',').filter(Boolean)) {
      const colon = part.indexOf(':');
      const p = predicate(part.slice(0, colon), part.slice(colon + 1));
      if (!p) return send(res, 400, { error: `unknown filter ${part.slice(0, colon)}` });
      matched = matched.filter(p);
    }
    const cursor = url.searchParams.get('cursor');
    const offset = cursor === null ? 0 : decodeCursor(cursor);
    if (offset === null) return send(res, 400, { error: 'invalid cursor' });
    const select = url.searchParams.get('select')?.split(',');
    const results = matched
      .slice(offset, offset + perPage)
      .map((w) => (select ? Object.fromEntries(select.filter((k) => k in w).map((k) => [k, w[k]])) : w));
    const end = offset + perPage;
    const hasMore = emptyLastPage ? results.length > 0 : end < matched.length;
    const meta = options.pageBased
      ? { count: matched.length, db_response_time_ms: 1, page: 1, per_page: perPage, groups_count: null }
      : {
          count: matched.length,
          db_response_time_ms: 1,
          page: null,
          per_page: perPage,
          next_cursor: cursor !== null && hasMore ? encodeCursor(end) : null,
          groups_count: null,
        };
    const body = { meta, results, group_by: [] };
    const text = JSON.stringify(body);
    if (fault?.kind === 'truncated') {
      // Promise the whole body, send half, then drop the connection.
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      setTimeout(() => res.socket?.destroy(), 5);
      return;
    }
    if (fault?.kind === 'badjson') {
      const cut = text.slice(0, Math.floor(text.length / 2));
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(cut) });
      res.end(cut);
      return;
    }
    send(res, 200, body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, 500, { error: String(error) });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return state.requests;
    },
    get faults() {
      return state.faults;
    },
    set faults(f: Fault[]) {
      state.faults = f;
    },
    get overflow() {
      return state.overflow;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** `n` small valid works (ids W1001…), cycling through the given topics and publication years 2014–2024. */
export function makeWorks(n: number, topics: readonly number[] = [10502, 11338, 12808]): Work[] {
  return Array.from({ length: n }, (_, i) => {
    const year = 2014 + (i % 11);
    const topic = topics[i % topics.length]!;
    return {
      id: `https://openalex.org/W${1001 + i}`,
      doi: `https://doi.org/10.9999/fake.${1001 + i}`,
      title: `Fake work ${1001 + i} on memory devices`,
      display_name: `Fake work ${1001 + i} on memory devices`,
      publication_year: year,
      publication_date: `${year}-06-01`,
      language: 'en',
      type: 'article',
      cited_by_count: i % 7,
      is_retracted: false,
      is_paratext: false,
      authorships: [
        {
          author_position: 'first',
          author: { id: `https://openalex.org/A${5001 + (i % 13)}`, display_name: `Author ${i % 13}` },
          institutions: [
            {
              id: `https://openalex.org/I${7001 + (i % 5)}`,
              display_name: `Institution ${i % 5}`,
              ror: `https://ror.org/0fake00${i % 5}`,
              country_code: ['KR', 'US', 'CN', 'DE', 'JP'][i % 5],
              type: 'education',
            },
          ],
          countries: [['KR', 'US', 'CN', 'DE', 'JP'][i % 5]],
          is_corresponding: true,
        },
      ],
      primary_topic: { id: `https://openalex.org/T${topic}`, score: 0.9 },
      topics: [{ id: `https://openalex.org/T${topic}`, score: 0.9 }],
      keywords: [{ id: 'https://openalex.org/keywords/memory', display_name: 'memory', score: 0.5 }],
      abstract_inverted_index: { A: [0], fake: [1], abstract: [2] },
      updated_date: '2025-01-01T00:00:00.000000',
      created_date: '2024-01-01',
      unused_field: 'not selected',
    };
  });
}
