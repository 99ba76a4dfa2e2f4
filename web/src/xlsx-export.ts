/** XLSX export of a standing ranking; loaded on demand (its own chunk), like the charts and the map. */
import writeXlsxFile, { type SheetData } from 'write-excel-file/browser';
import type { TechnologyStandingResponse } from './standing-api';

export async function downloadRankingXlsx(
  s: TechnologyStandingResponse,
  header: string[],
  fileName: string,
  note: string,
): Promise<void> {
  const rows: SheetData = [
    [note],
    header.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...s.countries.map((c) => [
      c.rank,
      c.country,
      c.works,
      c.worldShare,
      c.top10,
      c.top10WorldShare,
      c.top10OutputShare,
      c.mncs,
      c.cagr,
      c.rca,
      c.rsi,
      c.level,
      c.band,
      c.gapYears,
      c.standingClass,
    ]),
  ];
  await writeXlsxFile(rows, { sheet: s.techId.slice(0, 31), stickyRowsCount: 2 }).toFile(fileName);
}
