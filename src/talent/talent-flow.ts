/**
 * Researcher mobility (methods §10). An author's country in a year is the dominant country of that year's works
 * (sum of the author's affiliation shares by country). A move is recorded in year t when the author's dominant
 * country in t differs from the one in the latest earlier observed year t0, with t − t0 ≤ maxGap. Ties,
 * UNKNOWN, longer gaps and single-year authors are skipped. Σ net = 0.
 *
 * Minimum evidence: an author-year is observed only when it rests on at least `minWorks` works, so that a
 * one-off affiliation (a visiting stay on one paper) is not read as a move. The method's worked example uses 1;
 * cetmap's default is 2.
 */
export type CountryShares = Record<string, number>;

/** Per author, per year: country shares summed over that year's works, and how many works they rest on. */
export interface AuthorYear {
  shares: CountryShares;
  works: number;
}
export type AuthorHistory = Record<string, Record<number, AuthorYear>>;

export interface FlowParams {
  targetYear: number;
  maxGap: number;
  minWorks: number;
}

export const DEFAULT_FLOW_PARAMS = { maxGap: 2, minWorks: 2 } as const;

export interface Move {
  author: string;
  from: string;
  to: string;
  fromYear: number;
}

export interface Flows {
  moves: Move[];
  inflow: Record<string, number>;
  outflow: Record<string, number>;
  net: Record<string, number>;
  /** Why each author with a target-year observation recorded no move. */
  skipped: Record<string, string>;
}

const UNKNOWN = 'UNKNOWN';
const EPS = 1e-9;

/** The country with the largest share, or null on a tie or when it is UNKNOWN. */
export function dominantCountry(shares: CountryShares): { country: string | null; reason?: string } {
  const entries = Object.entries(shares).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return { country: null, reason: 'no affiliation' };
  const [first, second] = entries;
  if (second && Math.abs(first![1] - second[1]) < EPS) return { country: null, reason: 'tie' };
  if (first![0] === UNKNOWN) return { country: null, reason: 'unknown country' };
  return { country: first![0] };
}

const add = (m: Record<string, number>, k: string, v: number) => (m[k] = (m[k] ?? 0) + v);

export function netFlows(history: AuthorHistory, params: FlowParams): Flows {
  const flows: Flows = { moves: [], inflow: {}, outflow: {}, net: {}, skipped: {} };
  for (const [author, years] of Object.entries(history)) {
    const now = years[params.targetYear];
    if (!now) continue;
    if (now.works < params.minWorks) {
      flows.skipped[author] =
        `only ${now.works} work(s) in ${params.targetYear} (minimum ${params.minWorks})`;
      continue;
    }
    const earlier = Object.keys(years)
      .map(Number)
      .filter((y) => y < params.targetYear && years[y]!.works >= params.minWorks)
      .sort((a, b) => b - a)[0];
    if (earlier === undefined) {
      flows.skipped[author] = 'no earlier observed year';
      continue;
    }
    const gap = params.targetYear - earlier;
    if (gap > params.maxGap) {
      flows.skipped[author] = `gap ${gap} years > ${params.maxGap}`;
      continue;
    }
    const before = dominantCountry(years[earlier]!.shares);
    const after = dominantCountry(years[params.targetYear]!.shares);
    if (!before.country || !after.country) {
      const which = !before.country ? earlier : params.targetYear;
      const reason = (!before.country ? before.reason : after.reason) === 'tie' ? ' (tie)' : '';
      flows.skipped[author] = `ambiguous dominant country in ${which}${reason}`;
      continue;
    }
    if (before.country === after.country) {
      flows.skipped[author] = 'no move';
      continue;
    }
    flows.moves.push({ author, from: before.country, to: after.country, fromYear: earlier });
    add(flows.inflow, after.country, 1);
    add(flows.outflow, before.country, 1);
  }
  for (const c of new Set([...Object.keys(flows.inflow), ...Object.keys(flows.outflow)])) {
    flows.net[c] = (flows.inflow[c] ?? 0) - (flows.outflow[c] ?? 0);
  }
  return flows;
}

/** Country-to-country move counts, suppressing cells under `minCell` in public views. */
export function movesMatrix(
  moves: readonly Move[],
  minCell: number,
): Array<{ from: string; to: string; moves: number | null }> {
  const counts = new Map<string, number>();
  for (const m of moves) counts.set(`${m.from}>${m.to}`, (counts.get(`${m.from}>${m.to}`) ?? 0) + 1);
  return [...counts]
    .map(([k, n]) => {
      const [from, to] = k.split('>') as [string, string];
      return { from, to, moves: n >= minCell ? n : null };
    })
    .sort(
      (a, b) => (b.moves ?? 0) - (a.moves ?? 0) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to),
    );
}
