import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expectClose, workedExamples } from '../helpers/worked-examples.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-calc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Row = Record<string, string | number>;
async function calc(method: string, rows: readonly (string | number)[][], ...args: string[]) {
  const path = join(dir, `in-${fileNo++}.csv`);
  writeFileSync(path, rows.map((r) => r.join(',')).join('\n') + '\n');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cetmap', 'calc', method, '--input', path, '--format', 'json', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return {
    code,
    err: err.join('\n'),
    rows: code === 0 ? (JSON.parse(out.join('\n')) as { rows: Row[] }).rows : [],
  };
}
const byKey = (rows: Row[], key: string, value: string) =>
  Object.fromEntries(rows.map((r) => [r[key], r[value]]));

describe('cetmap calc against the worked examples', () => {
  for (const ex of workedExamples('counting.work_credit')) {
    it(`fractional: ${ex.id}`, async () => {
      const authors = (ex.inputs.work as { authors: Array<Array<{ country: string | null }>> }).authors;
      const rows = [['work_id', 'author_position', 'country']];
      authors.forEach((affs, a) => {
        if (affs.length === 0) rows.push(['W1', String(a), '']);
        for (const aff of affs) rows.push(['W1', String(a), aff.country ?? '']);
      });
      const r = await calc('fractional', rows);
      expect(r.code).toBe(0);
      // With countries only, each author's share is split over distinct countries: the author-country variant.
      expectClose(
        byKey(r.rows, 'country', 'fractional'),
        ex.expected.fractional_author_country_variant,
        ex.tolerance.abs,
      );
      expectClose(byKey(r.rows, 'country', 'full'), ex.expected.full_country, ex.tolerance.abs);
    });
  }

  for (const ex of workedExamples('impact').filter((e) => e.method === 'impact.top_percentile_share')) {
    it(`top-share: ${ex.id}`, async () => {
      const citations = ex.inputs.reference_set_citations as number[];
      const unit = ex.inputs.unit_publications as Array<{ citations: number; weight: number }>;
      const rows: (string | number)[][] = [['work_id', 'field', 'year', 'citations', 'country', 'weight']];
      // The reference set's works belong to OTHER; the unit's works (matched by citations) to U with their weights.
      const claimed = new Map(unit.map((u) => [u.citations, u.weight]));
      citations.forEach((c, i) => {
        const w = claimed.get(c);
        if (w !== undefined) {
          claimed.delete(c);
          rows.push([`W${i}`, 'F', 2020, c, 'U', w]);
          if (w < 1) rows.push([`W${i}`, 'F', 2020, c, 'OTHER', 1 - w]);
        } else rows.push([`W${i}`, 'F', 2020, c, 'OTHER', 1]);
      });
      const r = await calc('top-share', rows, '--pct', String((ex.inputs.p as number) * 100));
      const expected = (ex.expected.unit_PP_top10 ?? ex.expected.unit_PP_top1) as number;
      expectClose(byKey(r.rows, 'country', 'top_share').U, expected, ex.tolerance.abs);
    });
  }

  // A country with no output cannot be written as rows; that example is covered by the unit tests.
  for (const ex of workedExamples('specialisation').filter((e) => (e.inputs.x_c as number) > 0)) {
    it(`rca: ${ex.id}`, async () => {
      const i = ex.inputs as Record<string, number>;
      // Four cells reproduce the four totals: (c,t), (c,other), (other,t), (other,other).
      const rows = [
        ['country', 'tech', 'value'],
        ['C', 'T', i.x_ct!],
        ['C', 'OTHER', i.x_c! - i.x_ct!],
        ['OTHER', 'T', i.x_t! - i.x_ct!],
        ['OTHER', 'OTHER', i.x! - i.x_c! - i.x_t! + i.x_ct!],
      ];
      const r = await calc('rca', rows);
      const row = r.rows.find((x) => x.country === 'C' && x.tech === 'T')!;
      expectClose({ rca: row.rca, rsi: row.rsi }, ex.expected, ex.tolerance.abs);
    });
  }

  for (const ex of workedExamples('growth.cagr')) {
    it(`cagr: ${ex.id}`, async () => {
      const i = ex.inputs as Record<string, number>;
      const r = await calc('cagr', [
        ['period', 'value'],
        [2000, i.v_start!],
        [2000 + i.years!, i.v_end!],
      ]);
      expectClose(r.rows[0]!.cagr, ex.expected.cagr, ex.tolerance.abs);
    });
  }

  for (const ex of workedExamples('concentration.hhi')) {
    it(`hhi: ${ex.id}`, async () => {
      const i = ex.inputs as { shares?: number[]; fractional_counts?: Record<string, number> };
      const entries = i.fractional_counts
        ? Object.entries(i.fractional_counts)
        : i.shares!.map((s, k) => [`E${k}`, s] as const);
      const r = await calc('hhi', [['entity', 'value'], ...entries.map(([e, v]) => [e, v])]);
      expectClose(r.rows[0]!.hhi, ex.expected.hhi_10000, ex.tolerance.hhi_10000_abs ?? ex.tolerance.abs);
      expectClose(r.rows[0]!.cr3, ex.expected.cr3, ex.tolerance.abs);
    });
  }

  for (const ex of workedExamples('level.gap_years')) {
    it(`level: ${ex.id}`, async () => {
      const i = ex.inputs as { country_scores: Record<string, number>; leader_score_2023: number };
      const rows: (string | number)[][] = [['country', 'score', 'year']];
      for (const [y, s] of Object.entries(i.country_scores)) rows.push(['C', s, y]);
      rows.push(['L', i.leader_score_2023, 2023]);
      const r = await calc('level', rows);
      const c = r.rows.find((x) => x.country === 'C')!;
      expectClose(c.level, ex.expected.level, ex.tolerance.abs);
      expect(c.band).toBe(ex.expected.kistep_band);
      expectClose(c.gap_years, ex.expected.gap_years_linear, ex.tolerance.abs);
    });
  }
});

describe('cetmap calc input errors', () => {
  it('names the missing column', async () => {
    const r = await calc('hhi', [
      ['entity', 'amount'],
      ['KR', 1],
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing column\(s\) value \(has: entity, amount\)/);
  });

  it('names the row and column of a value that is not a number', async () => {
    const r = await calc('cagr', [
      ['period', 'value'],
      [2020, 10],
      [2021, 'ten'],
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/row 3, column value: "ten" is not a number/);
  });

  it('refuses an unknown method', async () => {
    const r = await calc('median', [['a'], [1]]);
    expect(r.err).toMatch(/unknown method "median"/);
  });
});
