/**
 * Programme and budget templates (CSV) validated as a whole: every problem is reported with file, row and column,
 * and nothing is written unless every row is valid. Pure.
 *
 * programmes.csv: id, name_ko, name_en, ministry, agency, kind, start_year, end_year, status, technologies
 *   (technologies as "kr2022.semis.memory:0.6;kr2022.semis.ai_chip:0.4"; shares of one programme sum to 1)
 * budgets.csv: programme_id, year, sme (true/false), planned_krw, allocated_krw, executed_krw (whole won)
 */
import type { FieldIssue } from '../shared/errors.js';

export const PROGRAMME_COLUMNS = [
  'id',
  'name_ko',
  'name_en',
  'ministry',
  'agency',
  'kind',
  'start_year',
  'end_year',
  'status',
  'technologies',
] as const;
export const BUDGET_COLUMNS = [
  'programme_id',
  'year',
  'sme',
  'planned_krw',
  'allocated_krw',
  'executed_krw',
] as const;
export const PROGRAMME_KINDS = [
  'mission',
  'flagship',
  'cet_project',
  'defence_dual_use',
  'talent',
  'infrastructure',
  'other',
] as const;
export const PROGRAMME_STATUSES = ['planned', 'active', 'completed', 'cancelled'] as const;

export interface ProgrammeRow {
  id: string;
  name_ko: string | null;
  name_en: string | null;
  ministry: string;
  agency: string | null;
  kind: string;
  start_year: number;
  end_year: number;
  status: string;
  synthetic: boolean;
}
export interface ProgrammeTechRow {
  programme_id: string;
  tech_id: string;
  share: number;
}
export interface BudgetRow {
  programme_id: string;
  year: number;
  sme: boolean;
  planned_krw: number | null;
  allocated_krw: number | null;
  executed_krw: number | null;
}

export interface PortfolioInput {
  programmes: ProgrammeRow[];
  links: ProgrammeTechRow[];
  budgets: BudgetRow[];
  issues: FieldIssue[];
}

type Record_ = Record<string, string>;

export function validatePortfolio(
  programmeRecords: readonly Record_[],
  budgetRecords: readonly Record_[],
  context: {
    knownTechIds: ReadonlySet<string>;
    knownProgrammeIds: ReadonlySet<string>;
    programmesFile?: string;
    budgetsFile?: string;
  },
): PortfolioInput {
  const issues: FieldIssue[] = [];
  const pFile = context.programmesFile ?? 'programmes.csv';
  const bFile = context.budgetsFile ?? 'budgets.csv';
  const at = (file: string, i: number) => `${file}:row ${i + 2}`; // the header is row 1
  const issue = (file: string, i: number, field: string, message: string) =>
    issues.push({ field, message, location: at(file, i) });
  const text = (r: Record_, k: string) => (r[k] ?? '').trim();
  const year = (file: string, i: number, r: Record_, k: string): number => {
    const v = text(r, k);
    if (!/^\d{4}$/.test(v)) issue(file, i, k, `"${v}" is not a year`);
    return Number(v);
  };
  const won = (i: number, r: Record_, k: string): number | null => {
    const v = text(r, k).replace(/,/g, '');
    if (v === '') return null;
    if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) {
      issue(bFile, i, k, `"${text(r, k)}" is not a whole number of won`);
      return null;
    }
    return Number(v);
  };

  const programmes: ProgrammeRow[] = [];
  const links: ProgrammeTechRow[] = [];
  const seen = new Map<string, number>();
  programmeRecords.forEach((r, i) => {
    const id = text(r, 'id');
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(id))
      issue(pFile, i, 'id', `"${id}" is not a valid programme id`);
    else if (seen.has(id)) issue(pFile, i, 'id', `duplicate of row ${seen.get(id)! + 2}`);
    seen.set(id, i);
    const nameKo = text(r, 'name_ko') || null;
    const nameEn = text(r, 'name_en') || null;
    if (!nameKo && !nameEn) issue(pFile, i, 'name_ko', 'a programme needs a Korean or English name');
    const ministry = text(r, 'ministry');
    if (!ministry) issue(pFile, i, 'ministry', 'is empty');
    const kind = text(r, 'kind');
    if (!(PROGRAMME_KINDS as readonly string[]).includes(kind))
      issue(pFile, i, 'kind', `"${kind}" is not one of ${PROGRAMME_KINDS.join(', ')}`);
    const status = text(r, 'status') || 'active';
    if (!(PROGRAMME_STATUSES as readonly string[]).includes(status))
      issue(pFile, i, 'status', `"${status}" is not one of ${PROGRAMME_STATUSES.join(', ')}`);
    const start = year(pFile, i, r, 'start_year');
    const end = year(pFile, i, r, 'end_year');
    if (end < start) issue(pFile, i, 'end_year', `ends (${end}) before it starts (${start})`);
    let total = 0;
    const techs = text(r, 'technologies');
    for (const part of techs ? techs.split(';') : []) {
      const [techId, shareText] = part.split(':').map((s) => s.trim()) as [string, string | undefined];
      const share = shareText === undefined ? 1 : Number(shareText);
      if (!context.knownTechIds.has(techId))
        issue(pFile, i, 'technologies', `unknown technology "${techId}"`);
      if (!(share > 0 && share <= 1))
        issue(pFile, i, 'technologies', `share of ${techId} must be in (0, 1], got "${shareText}"`);
      total += share;
      links.push({ programme_id: id, tech_id: techId, share });
    }
    if (techs && Math.abs(total - 1) > 1e-6)
      issue(pFile, i, 'technologies', `shares sum to ${Number(total.toFixed(6))}, not 1`);
    programmes.push({
      id,
      name_ko: nameKo,
      name_en: nameEn,
      ministry,
      agency: text(r, 'agency') || null,
      kind,
      start_year: start,
      end_year: end,
      status,
      synthetic: false,
    });
  });

  const budgets: BudgetRow[] = [];
  const seenBudget = new Map<string, number>();
  budgetRecords.forEach((r, i) => {
    const programmeId = text(r, 'programme_id');
    if (!seen.has(programmeId) && !context.knownProgrammeIds.has(programmeId)) {
      issue(bFile, i, 'programme_id', `unknown programme "${programmeId}"`);
    }
    const y = year(bFile, i, r, 'year');
    const smeText = text(r, 'sme').toLowerCase() || 'false';
    if (smeText !== 'true' && smeText !== 'false')
      issue(bFile, i, 'sme', `"${text(r, 'sme')}" is not true or false`);
    const key = `${programmeId}|${y}|${smeText}`;
    if (seenBudget.has(key)) issue(bFile, i, 'year', `duplicate of row ${seenBudget.get(key)! + 2}`);
    seenBudget.set(key, i);
    budgets.push({
      programme_id: programmeId,
      year: y,
      sme: smeText === 'true',
      planned_krw: won(i, r, 'planned_krw'),
      allocated_krw: won(i, r, 'allocated_krw'),
      executed_krw: won(i, r, 'executed_krw'),
    });
  });
  return { programmes, links, budgets, issues };
}
