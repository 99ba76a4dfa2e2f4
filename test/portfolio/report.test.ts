import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { seedFirstRun } from '../../src/demo/first-run.js';
import { performanceReportData, performanceReportPdf } from '../../src/portfolio/performance-report.js';
import { portfolioMissionsSeeder, portfolioSeeder } from '../../src/portfolio/portfolio-seeder.js';
import { KOREAN_FONT_PATHS } from '../../src/strategy/strategy-brief.js';
import { taxonomySeeder } from '../../src/taxonomy/builtin-seeder.js';
import { TEST_TARGETS, useTestDb } from '../helpers/test-db.js';
import { existsSync } from 'node:fs';

/** The text a PDF shows with the standard fonts: every hex string of every (inflated) content stream, decoded. */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body: string;
    try {
      body = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const line of body.split('\n').filter((l) => l.endsWith('TJ'))) {
      out.push(
        [...line.matchAll(/<([0-9a-f]*)>/g)]
          .map((h) => Buffer.from(h[1]!, 'hex').toString('latin1'))
          .join(''),
      );
    }
  }
  return out.join('\n');
}

for (const target of TEST_TARGETS) {
  describe(`annual performance report on ${target}`, () => {
    const t = useTestDb(target);

    it('renders a PDF of a CET with its budgets, KPIs, milestones and reviews', async () => {
      await seedFirstRun(t.handle, () => {}, [taxonomySeeder, portfolioSeeder, portfolioMissionsSeeder]);
      const data = await performanceReportData(t.handle.db, 'kr2022.quantum', 2025, '2026-11-26');
      expect(data.board.kpis).toHaveLength(3);
      expect(data.reviews).toHaveLength(1);
      expect(data.synthetic).toBe(true);
      const { pdf, pages, korean } = await performanceReportPdf(data, { englishOnly: true });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBe(pages);
      expect(korean).toBe(false);
      const text = pdfText(pdf);
      expect(text).toContain(`Annual performance report 2025: ${data.board.cet.nameEn}`);
      expect(text).toContain('SYNTHETIC DEMO DATA');
      expect(text).toContain('Technology level against the leader');
      expect(text).toMatch(/Recommended change/);
      expect(text).toMatch(/bn KRW/);
      expect(text).toContain(data.board.missions[0]!.milestones[0]!.plannedDate);
    });

    it.skipIf(!KOREAN_FONT_PATHS.some((p) => existsSync(p)))(
      'sets Korean names when the font is installed',
      async () => {
        const data = await performanceReportData(t.handle.db, 'kr2022.semis', 2025, '2026-11-26');
        const { pdf, korean } = await performanceReportPdf(data);
        expect(korean).toBe(true);
        expect(pdf.toString('latin1')).toMatch(/NotoSansCJK/);
      },
    );
  });
}
