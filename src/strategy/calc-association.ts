/**
 * `cetmap calc association`: collaboration strength per country pair (methods §7) on the analyst's own counts.
 * Input rows a, b, count (works with both). Sizes s_i come from a totals file (country, works), or from rows with
 * a = b; without either, from the total link strength (sum of a country's pair counts), which the output says,
 * since that is a different normalisation (VOSviewer's). N (for AS*) comes from --total-works.
 */
import { collaborationStrength } from '../core/collaboration.js';
import type { CalcMethod, CsvRow, ResultRow } from '../calc/calc-methods.js';
import { CetmapError, type FieldIssue } from '../shared/errors.js';

const round = (x: number | null): number | null => (x === null ? null : Number(x.toFixed(6)));
/** Association strength is tiny (1/works²): six significant digits instead of six decimals. */
const significant = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(6)));

function fail(issues: FieldIssue[]): never {
  const first = issues[0]!;
  throw new CetmapError(
    'CET_BAD_INPUT',
    `${first.location}, column ${first.field}: ${first.message}` +
      (issues.length > 1 ? ` (and ${issues.length - 1} more problem(s))` : ''),
    { issues },
  );
}

function count(row: CsvRow, i: number, column: string, file: string, issues: FieldIssue[]): number {
  const raw = (row[column] ?? '').trim();
  const n = raw === '' ? NaN : Number(raw);
  if (!Number.isFinite(n) || n < 0)
    issues.push({ field: column, message: `"${raw}" is not a count ≥ 0`, location: `${file}:row ${i + 2}` });
  return n;
}

function text(row: CsvRow, i: number, column: string, file: string, issues: FieldIssue[]): string {
  const v = (row[column] ?? '').trim();
  if (v === '') issues.push({ field: column, message: 'is empty', location: `${file}:row ${i + 2}` });
  return v;
}

export const associationMethod: CalcMethod = {
  name: 'association',
  description:
    'collaboration strength per pair: association strength (van Eck & Waltman), scaled AS*, Salton cosine, Jaccard, inclusion (--totals FILE with country, works; --total-works N)',
  columns: ['a', 'b', 'count'],
  params: {
    totals: 'CSV with columns country, works (s_i: works with the country)',
    'total-works': 'N, the number of works in the set (for AS*)',
  },
  run(rows, params, files) {
    const issues: FieldIssue[] = [];
    const pairs: Array<{ a: string; b: string; c: number }> = [];
    const sizes = new Map<string, number>();
    rows.forEach((row, i) => {
      const a = text(row, i, 'a', 'input', issues);
      const b = text(row, i, 'b', 'input', issues);
      const c = count(row, i, 'count', 'input', issues);
      if (a !== '' && a === b) sizes.set(a, c);
      else pairs.push({ a, b, c });
    });
    const totals = files?.totals;
    if (totals) {
      sizes.clear();
      totals.forEach((row, i) => {
        const country = text(row, i, 'country', 'totals', issues);
        sizes.set(country, count(row, i, 'works', 'totals', issues));
      });
    }
    const rawN = params['total-works'] ?? params.totalWorks;
    const n = rawN === undefined ? null : Number(rawN);
    if (n !== null && !(Number.isFinite(n) && n > 0))
      issues.push({ field: 'total-works', message: `"${rawN}" is not a number > 0`, location: 'option' });
    if (issues.length > 0) fail(issues);
    let sizeSource = totals ? 'totals file' : 'rows with a = b';
    if (sizes.size === 0) {
      sizeSource = 'total link strength (no totals given: VOSviewer-style sizes, not works per country)';
      for (const p of pairs) {
        sizes.set(p.a, (sizes.get(p.a) ?? 0) + p.c);
        sizes.set(p.b, (sizes.get(p.b) ?? 0) + p.c);
      }
    }
    const out: ResultRow[] = pairs.map((p) => {
      const r = collaborationStrength({ cij: p.c, si: sizes.get(p.a) ?? 0, sj: sizes.get(p.b) ?? 0, n });
      return {
        a: p.a,
        b: p.b,
        count: p.c,
        s_a: sizes.get(p.a) ?? null,
        s_b: sizes.get(p.b) ?? null,
        association: significant(r.association),
        association_scaled: round(r.associationScaled),
        cosine: round(r.cosine),
        jaccard: round(r.jaccard),
        inclusion: round(r.inclusion),
      };
    });
    out.sort(
      (x, y) =>
        ((y.association as number | null) ?? -1) - ((x.association as number | null) ?? -1) ||
        String(x.a).localeCompare(String(y.a)) ||
        String(x.b).localeCompare(String(y.b)),
    );
    return {
      method:
        `methods §7: AS = c/(s_a s_b), AS* = N·AS (1 = as often as expected${n === null ? '; N not given, so AS* is empty' : `, N = ${n}`}), ` +
        `cosine c/√(s_a s_b), Jaccard c/(s_a + s_b − c), inclusion c/min(s_a, s_b); sizes from ${sizeSource}; sorted by AS`,
      rows: out,
    };
  },
};
