import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expectClose, workedExamples } from '../helpers/worked-examples.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-calc-foresight-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

type Row = Record<string, string | number | null>;
async function calc(method: string, rows: readonly (string | number)[][], ...args: string[]) {
  const path = join(dir, `in-${fileNo++}.csv`);
  writeFileSync(path, rows.map((r) => r.join(',')).join('\n') + '\n');
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cetmap', 'calc', method, '--input', path, '--format', 'json', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  const parsed = code === 0 ? (JSON.parse(out.join('\n')) as { rows: Row[]; description: string }) : null;
  return { code, err: err.join('\n'), rows: parsed?.rows ?? [], description: parsed?.description ?? '' };
}

describe('cetmap calc burst / holt / emergence against the worked examples', () => {
  for (const ex of workedExamples('emergence.kleinberg_batched')) {
    it(`burst: ${ex.id}`, async () => {
      const i = ex.inputs as { r: number[]; d: number[]; s: number; gamma: number };
      const rows = [['period', 'relevant', 'total'], ...i.r.map((r, t) => [2010 + t, r, i.d[t]!])];
      const res = await calc('burst', rows, '--s', String(i.s), '--gamma', String(i.gamma));
      expect(res.code, res.err).toBe(0);
      const bursts = ex.expected.bursts as Array<{ start: number; end: number; weight: number }>;
      expectClose(
        res.rows.map((r) => ({ start: r.start, end: r.end, weight: r.weight })),
        bursts.map((b) => ({ start: 2010 + b.start, end: 2010 + b.end, weight: b.weight })),
        ex.tolerance.abs,
      );
      expect(res.description).toContain(`γ = ${i.gamma}`);
    });
  }

  for (const ex of workedExamples('forecast.holt').filter((e) => e.method === 'forecast.holt')) {
    it(`holt: ${ex.id}`, async () => {
      const i = ex.inputs as { y: number[]; alpha: number; beta_star: number };
      const rows = [['period', 'value'], ...i.y.map((v, t) => [2015 + t, v])];
      const res = await calc(
        'holt',
        rows,
        '--h',
        '3',
        '--alpha',
        String(i.alpha),
        '--beta',
        String(i.beta_star),
      );
      expect(res.code, res.err).toBe(0);
      const f = ex.expected.forecasts as Array<Record<string, number>>;
      expectClose(
        res.rows.map((r) => ({
          forecast: r.forecast,
          lo80: r.lo80,
          hi80: r.hi80,
          lo95: r.lo95,
          hi95: r.hi95,
        })),
        f.map((x) => ({ forecast: x.forecast, lo80: x.lo80, hi80: x.hi80, lo95: x.lo95, hi95: x.hi95 })),
        ex.tolerance.abs,
      );
      expect(res.rows[0]!.period).toBe(2025);
      expect(res.description).toMatch(/Backtest .*MAPE .*MASE/);
    });
  }

  for (const ex of workedExamples('forecast.holt_fit')) {
    it(`holt fitted: ${ex.id}`, async () => {
      const i = ex.inputs as { y: number[] };
      const res = await calc('holt', [['period', 'value'], ...i.y.map((v, t) => [t + 1, v])], '--h', '3');
      expect(res.code, res.err).toBe(0);
      const f = ex.expected.forecasts as Array<Record<string, number>>;
      res.rows.forEach((r, k) =>
        expect(Math.abs((r.forecast as number) - f[k]!.forecast!)).toBeLessThan(0.02),
      );
      expect(res.description).toContain('fitted');
    });
  }

  for (const ex of workedExamples('emergence.escore').filter((e) => e.inputs.term_counts_base)) {
    it(`emergence: ${ex.id}`, async () => {
      const i = ex.inputs as Record<string, number[] | number>;
      const term = [...(i.term_counts_base as number[]), ...(i.term_counts_active as number[])];
      const total = [...(i.total_counts_base as number[]), ...(i.total_counts_active as number[])];
      const rows = [['period', 'term', 'total'], ...term.map((t, k) => [2014 + k, t, total[k]!])];
      const res = await calc('emergence', rows, '--authors', String(i.distinct_author_sets));
      expect(res.code, res.err).toBe(0);
      expectClose(res.rows[0]!.escore, ex.expected.escore, ex.tolerance.abs);
      expect(res.rows[0]!.candidate).toBe('yes');
    });
  }

  it('refuses bad input with the row and column', async () => {
    const res = await calc('burst', [
      ['period', 'relevant', 'total'],
      [2020, 'x', 3],
    ]);
    expect(res.code).toBe(1);
    expect(res.err).toContain('row 2');
    const short = await calc('holt', [
      ['period', 'value'],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    expect(short.code).toBe(1);
    expect(short.err).toContain('at least 5 periods');
  });
});
