/** XLSX export of a strategy ranking (decomposed scores, types, reasons); loaded on demand, in its own chunk. */
import writeXlsxFile, { type SheetData } from 'write-excel-file/browser';
import type { TechnologyStrategyResponse } from './strategy-api';

const HEADER = [
  'rank',
  'country',
  'score',
  'strength',
  'complementarity',
  'ties',
  'momentum',
  'alignment',
  'level',
  'co_works',
  'as_scaled',
  'cooperation_type',
  'reason',
];

export async function downloadStrategyXlsx(s: TechnologyStrategyResponse): Promise<void> {
  const note =
    `${s.techId} ${s.params.from}-${s.params.to}, home ${s.home}; score: ${s.method.score ?? ''}` +
    (s.vintage.synthetic ? '; SYNTHETIC DEMO DATA' : '');
  const rows: SheetData = [
    [note],
    HEADER.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...s.partners.map((p) => {
      const t = s.ties.used === 'overall' && p.ties.overall ? p.ties.overall : p.ties.technology;
      return [
        p.rank,
        p.country,
        p.score,
        p.components.strength.value,
        p.components.complementarity.value,
        p.components.ties.value,
        p.components.momentum.value,
        p.alignment.value,
        p.level,
        t.coWorks,
        t.associationScaled,
        p.cooperation.type,
        p.cooperation.reason,
      ];
    }),
  ];
  await writeXlsxFile(rows, { sheet: 'strategy', stickyRowsCount: 2 }).toFile(
    `${s.techId}-strategy-${s.params.from}-${s.params.to}.xlsx`,
  );
}
