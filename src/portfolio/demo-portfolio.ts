/**
 * A synthetic portfolio shaped after the master plan: ministries and agencies funding programmes in the 12 CETs
 * over 2024–2028, in won. Every programme is marked synthetic; the names are invented.
 */
import { createRandom } from '../demo/synthetic-corpus.js';
import type { BudgetRow, PortfolioInput, ProgrammeRow, ProgrammeTechRow } from './portfolio-file.js';

const MINISTRIES = [
  'MSIT',
  'MOTIE',
  'MND',
  'MOHW',
  'MOF',
  'MOE',
  'MOLIT',
  'ME',
  'MSS',
  'KASA',
  'MAFRA',
  'MOIS',
  'MOEL',
  'DAPA',
  'KIPO',
  'NSSC',
  'KMA',
  'RDA',
  'KFS',
  'MFDS',
  'KCG',
  'NIS',
];
const KINDS: ProgrammeRow['kind'][] = [
  'mission',
  'flagship',
  'cet_project',
  'cet_project',
  'defence_dual_use',
  'talent',
  'infrastructure',
];

export function syntheticPortfolio(
  technologies: ReadonlyArray<{ id: string; parentId: string | null }>,
  seed = 2024,
  currentYear = 2025,
): PortfolioInput {
  const rand = createRandom(seed);
  const fields = technologies.filter((t) => t.parentId === null);
  const programmes: ProgrammeRow[] = [];
  const links: ProgrammeTechRow[] = [];
  const budgets: BudgetRow[] = [];
  let n = 0;
  for (const field of fields) {
    const keys = technologies.filter((t) => t.parentId === field.id);
    const count = 3 + Math.floor(rand() * 3);
    for (let k = 0; k < count; k++) {
      const id = `demo-${String(++n).padStart(3, '0')}`;
      const kind = KINDS[Math.floor(rand() * KINDS.length)]!;
      const start = 2024 + Math.floor(rand() * 2);
      const end = start + 2 + Math.floor(rand() * 4);
      const ministry = k === 0 ? 'MSIT' : MINISTRIES[Math.floor(rand() * MINISTRIES.length)]!;
      const short = field.id.split('.').at(-1)!;
      programmes.push({
        id,
        name_ko: `${short} ${kind} 사업 ${k + 1} (합성)`,
        name_en: `${short} ${kind.replace(/_/g, ' ')} programme ${k + 1} (synthetic)`,
        ministry,
        agency: null,
        kind,
        start_year: start,
        end_year: end,
        status: start > currentYear ? 'planned' : 'active',
        synthetic: true,
      });
      const chosen = [...keys]
        .sort(() => rand() - 0.5)
        .slice(0, Math.min(keys.length, 1 + Math.floor(rand() * 3)));
      const targets = chosen.length > 0 ? chosen : [field];
      targets.forEach((t, i) =>
        links.push({
          programme_id: id,
          tech_id: t.id,
          share:
            i === targets.length - 1
              ? 1 - (targets.length - 1) * Number((1 / targets.length).toFixed(4))
              : Number((1 / targets.length).toFixed(4)),
        }),
      );
      // 30–250 billion won a year, growing about 8 % a year; SME-targeted lines for some programmes.
      const base = (30 + rand() * 220) * 1e9;
      for (let y = start; y <= Math.min(end, 2028); y++) {
        const planned = Math.round(base * Math.pow(1.08, y - 2024));
        const allocated = Math.round(planned * (0.9 + rand() * 0.15));
        const executed = y <= currentYear - 1 ? Math.round(allocated * (0.85 + rand() * 0.15)) : null;
        budgets.push({
          programme_id: id,
          year: y,
          sme: false,
          planned_krw: planned,
          allocated_krw: allocated,
          executed_krw: executed,
        });
        if (rand() < 0.3) {
          const sme = Math.round(allocated * 0.15);
          budgets.push({
            programme_id: id,
            year: y,
            sme: true,
            planned_krw: sme,
            allocated_krw: sme,
            executed_krw: executed === null ? null : Math.round(sme * 0.9),
          });
        }
      }
    }
  }
  return { programmes, links, budgets, issues: [] };
}
