import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { expectClose, workedExamples } from '../helpers/worked-examples.js';

const dir = mkdtempSync(join(tmpdir(), 'cetmap-calc-association-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function csv(rows: readonly (string | number)[][]): string {
  const path = join(dir, `in-${fileNo++}.csv`);
  writeFileSync(path, rows.map((r) => r.join(',')).join('\n') + '\n');
  return path;
}

type Row = Record<string, string | number | null>;
async function run(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'cetmap', 'calc', 'association', '--format', 'json', ...args], {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  const parsed = code === 0 ? (JSON.parse(out.join('\n')) as { rows: Row[]; description: string }) : null;
  return { code, err: err.join('\n'), rows: parsed?.rows ?? [], description: parsed?.description ?? '' };
}

describe('cetmap calc association (methods §7)', () => {
  for (const ex of workedExamples('collaboration.similarity')) {
    it(`matches ${ex.id}`, async () => {
      const i = ex.inputs as { N_works: number; s: Record<string, number>; c: Record<string, number> };
      const input = csv([['a', 'b', 'count'], ...Object.entries(i.c).map(([p, c]) => [...p.split('-'), c])]);
      const totals = csv([['country', 'works'], ...Object.entries(i.s)]);
      const res = await run('--input', input, '--totals', totals, '--total-works', String(i.N_works));
      expect(res.code, res.err).toBe(0);
      const expected = ex.expected as Record<string, Record<string, number>>;
      // Sorted by association strength: DE first although US has more co-authored works.
      expect(res.rows.map((r) => `${r.a}-${r.b}`)).toEqual(['KR-DE', 'KR-US', 'KR-CN']);
      for (const r of res.rows) {
        const e = expected[`${r.a}-${r.b}`]!;
        expectClose(
          {
            cosine: r.cosine,
            jaccard: r.jaccard,
            inclusion: r.inclusion,
            assoc_scaled: r.association_scaled,
          },
          { cosine: e.cosine, jaccard: e.jaccard, inclusion: e.inclusion, assoc_scaled: e.assoc_scaled },
          ex.tolerance.abs,
        );
        expectClose(r.association, e.assoc, ex.tolerance.assoc_abs ?? 1e-12);
      }
      expect(res.description).toContain('N = 10000');
    });
  }

  it('takes sizes from rows with a = b, and says when it falls back to total link strength', async () => {
    const diag = await run(
      '--input',
      csv([
        ['a', 'b', 'count'],
        ['KR', 'KR', 10],
        ['US', 'US', 20],
        ['KR', 'US', 5],
      ]),
    );
    expect(diag.code, diag.err).toBe(0);
    expect(diag.rows).toHaveLength(1);
    expect(diag.rows[0]).toMatchObject({
      s_a: 10,
      s_b: 20,
      association: 0.025,
      association_scaled: null,
      inclusion: 0.5,
    });
    const tls = await run(
      '--input',
      csv([
        ['a', 'b', 'count'],
        ['KR', 'US', 5],
        ['KR', 'DE', 5],
      ]),
    );
    expect(tls.code, tls.err).toBe(0);
    expect(tls.description).toMatch(/total link strength/);
    expect(tls.rows[0]).toMatchObject({ s_a: 10 });
  });

  it('reports every bad value with its row', async () => {
    const res = await run(
      '--input',
      csv([
        ['a', 'b', 'count'],
        ['KR', '', 'x'],
        ['KR', 'US', -1],
      ]),
    );
    expect(res.code).not.toBe(0);
    expect(res.err).toMatch(/input:row 2, column b: is empty \(and 2 more problem/);
  });
});
