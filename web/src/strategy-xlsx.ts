/** XLSX export of a strategy ranking (decomposed scores, types, reasons); loaded on demand, in its own chunk. */
import writeXlsxFile, { type SheetData } from 'write-excel-file/browser';
import { RANKING_COLUMNS, rankingRows, rankingTitle } from '../../src/shared/strategy-ranking';
import type { TechnologyStrategyResponse } from './strategy-api';

export async function downloadStrategyXlsx(s: TechnologyStrategyResponse): Promise<void> {
  const rows: SheetData = [
    [rankingTitle(s)],
    RANKING_COLUMNS.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...rankingRows(s),
  ];
  await writeXlsxFile(rows, { sheet: 'strategy', stickyRowsCount: 2 }).toFile(
    `${s.techId}-strategy-${s.params.from}-${s.params.to}.xlsx`,
  );
}
