/**
 * Programmes and budgets: import (all or nothing), roll-ups by CET × ministry × year, and the master plan's targets
 * measured from cetmap's own data where possible (budgets, standing) or from entered measurements with evidence.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { countryStanding } from '../indicators/standing-queries.js';
import { CetmapError } from '../shared/errors.js';
import targetsFile from './data/plan-targets.json' with { type: 'json' };
import type { PortfolioInput } from './portfolio-file.js';
import { targetStatus, type TargetPath, type TargetStatus } from './target-status.js';

export interface PlanTarget {
  id: string;
  name_en: string;
  name_ko: string;
  unit: string;
  direction: 'increase' | 'decrease';
  baseline: number | null;
  baseline_year: number;
  target: number;
  target_year: number;
  measure: string;
  params?: Record<string, string | number>;
}

export const PLAN_TARGETS = targetsFile as {
  plan: string;
  version: number;
  sources: string[];
  targets: PlanTarget[];
};

/** Writes programmes, their technologies and budgets in one transaction; rejects the whole input on any issue. */
export async function importPortfolio(
  db: Kysely<Database>,
  input: PortfolioInput,
): Promise<{ programmes: number; budgets: number }> {
  if (input.issues.length > 0) {
    const first = input.issues[0]!;
    throw new CetmapError(
      'CET_BAD_INPUT',
      `import rejected, nothing written: ${first.location} ${first.field}: ${first.message}` +
        (input.issues.length > 1 ? ` (and ${input.issues.length - 1} more)` : ''),
      { issues: input.issues },
    );
  }
  const write = async (trx: Kysely<Database>) => {
    for (const p of input.programmes) {
      await trx
        .insertInto('programme')
        .values(p)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({
            name_ko: p.name_ko,
            name_en: p.name_en,
            ministry: p.ministry,
            agency: p.agency,
            kind: p.kind,
            start_year: p.start_year,
            end_year: p.end_year,
            status: p.status,
          }),
        )
        .execute();
      await trx.deleteFrom('programme_tech').where('programme_id', '=', p.id).execute();
    }
    if (input.links.length > 0) await trx.insertInto('programme_tech').values(input.links).execute();
    for (let i = 0; i < input.budgets.length; i += 2000) {
      await trx
        .insertInto('budget_line')
        .values(input.budgets.slice(i, i + 2000))
        .onConflict((oc) =>
          oc.columns(['programme_id', 'year', 'sme']).doUpdateSet((eb) => ({
            planned_krw: eb.ref('excluded.planned_krw'),
            allocated_krw: eb.ref('excluded.allocated_krw'),
            executed_krw: eb.ref('excluded.executed_krw'),
          })),
        )
        .execute();
    }
  };
  // Inside the caller's transaction when given one (an import of several files commits as one).
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
  return { programmes: input.programmes.length, budgets: input.budgets.length };
}

export type BudgetBasis = 'planned' | 'allocated' | 'executed';

export interface BudgetCell {
  cet: string;
  ministry: string;
  year: number;
  krw: number;
  smeKrw: number;
}

/**
 * Budgets by CET field × ministry × year: each programme's budget split over its technologies by share, and a key
 * technology's part counted under its field. Programmes without technologies count under "unassigned".
 */
export async function budgetRollup(
  db: Kysely<Database>,
  basis: BudgetBasis = 'allocated',
): Promise<BudgetCell[]> {
  const column = sql.ref(`b.${basis}_krw`);
  const rows = await sql<{ cet: string; ministry: string; year: number; krw: number; sme_krw: number }>`
    select coalesce(t.parent_id, t.id, 'unassigned') as cet, p.ministry, b.year,
      sum(${column} * coalesce(pt.share, 1))::float8 as krw,
      coalesce(sum(${column} * coalesce(pt.share, 1)) filter (where b.sme), 0)::float8 as sme_krw
    from budget_line b
    join programme p on p.id = b.programme_id
    left join programme_tech pt on pt.programme_id = p.id
    left join technology t on t.id = pt.tech_id
    where ${column} is not null
    group by 1, 2, 3
    order by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({
    cet: r.cet,
    ministry: r.ministry,
    year: r.year,
    krw: Math.round(r.krw),
    smeKrw: Math.round(r.sme_krw),
  }));
}

export interface TargetReport extends PlanTarget {
  year: number;
  actual: number | null;
  source: string;
  sourceKo: string;
  status: TargetStatus;
  expected: number | null;
  progress: number | null;
  met: boolean;
}

/** Every plan target with its measurement for `year` and its status against the straight path. */
export async function measureTargets(
  db: Kysely<Database>,
  year: number,
  home = 'KR',
): Promise<{ plan: string; sources: string[]; rule: string; ruleKo: string; targets: TargetReport[] }> {
  const entered = await db
    .selectFrom('target_measurement')
    .selectAll()
    .where('year', '<=', year)
    .orderBy('year', 'desc')
    .execute();
  let standing: Awaited<ReturnType<typeof countryStanding>> | undefined;
  const standingFor = async () =>
    (standing ??= await countryStanding(db, home, 'kr-2022', {
      to: Math.min(year, new Date().getUTCFullYear() - 1),
    }));
  const cells = await budgetRollup(db, 'allocated');
  const gameChangers = new Set(
    (
      await db
        .selectFrom('technology')
        .select('id')
        .where('game_changer', '=', true)
        .where('version_id', '=', 'kr-2022')
        .execute()
    ).map((t) => t.id),
  );
  const targets: TargetReport[] = [];
  for (const t of PLAN_TARGETS.targets) {
    let actual: number | null = null;
    let source = '';
    let sourceKo = '';
    switch (t.measure) {
      case 'budget_cumulative': {
        const from = Number(t.params?.from ?? t.baseline_year);
        const to = Math.min(Number(t.params?.to ?? t.target_year), year);
        const inRange = cells.filter((c) => c.year >= from && c.year <= to && c.cet !== 'unassigned');
        actual = inRange.length ? inRange.reduce((s, c) => s + c.krw, 0) : null;
        source = `allocated budgets of programmes linked to CETs, ${from}–${to} (cetmap portfolio data)`;
        sourceKo = `전략기술과 연결된 사업의 배정 예산, ${from}–${to} (cetmap 사업 자료)`;
        break;
      }
      case 'budget_game_changer': {
        const inYear = cells.filter((c) => c.year === year && gameChangers.has(c.cet));
        actual = inYear.length ? inYear.reduce((s, c) => s + c.krw, 0) : null;
        source = `allocated ${year} budgets of the game-changer fields (${[...gameChangers].join(', ') || 'none flagged'})`;
        sourceKo = `게임체인저 분야의 ${year}년 배정 예산 (${[...gameChangers].join(', ') || '지정 없음'})`;
        break;
      }
      case 'standing_world_leading': {
        const s = await standingFor();
        actual = s.vintage.latestYear === null ? null : s.goals.worldLeading.count;
        source = `standing indicators: ${s.method.worldLeading} (window ${s.params.from}–${s.params.to})`;
        sourceKo = `기술 위상 지표: ${s.methodKo.worldLeading} (기간 ${s.params.from}–${s.params.to})`;
        break;
      }
      case 'standing_rank': {
        const s = await standingFor();
        actual = s.technologies.find((x) => x.techId === t.params?.tech)?.rank ?? null;
        source = `standing indicators: ${home}'s rank by ${s.method.ranking} (window ${s.params.from}–${s.params.to})`;
        sourceKo = `기술 위상 지표: ${s.methodKo.ranking} 기준 ${home} 순위 (기간 ${s.params.from}–${s.params.to})`;
        break;
      }
      case 'programme_count': {
        const r = await db
          .selectFrom('programme')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('kind', '=', String(t.params?.kind))
          .where('start_year', '<=', year)
          .where('status', '<>', 'cancelled')
          .executeTakeFirst();
        actual = Number(r?.n ?? 0);
        source = `programmes of kind ${t.params?.kind} started by ${year}`;
        sourceKo = `${year}년까지 시작한 ${t.params?.kind} 유형 사업`;
        break;
      }
      default: {
        const m = entered.find((e) => e.target_id === t.id);
        actual = m?.value ?? null;
        source = m
          ? `entered for ${m.year} by ${m.entered_by ?? 'unknown'}: ${m.evidence}`
          : 'no measurement entered';
        sourceKo = m
          ? `${m.year}년 값, 입력자 ${m.entered_by ?? '미상'}: ${m.evidence}`
          : '입력된 측정값 없음';
      }
    }
    const path: TargetPath = {
      baseline: t.baseline,
      baselineYear: t.baseline_year,
      target: t.target,
      targetYear: t.target_year,
      direction: t.direction,
    };
    targets.push({ ...t, year, actual, source, sourceKo, ...targetStatus(path, actual, year) });
  }
  return {
    plan: PLAN_TARGETS.plan,
    sources: PLAN_TARGETS.sources,
    rule: 'expected = baseline + (target − baseline) × elapsed share of the period; on track ≥ 95 % of the expected progress, at risk ≥ 75 %, off track below; without a baseline: on track once met',
    ruleKo:
      '기대값 = 기준값 + (목표 − 기준값) × 경과 기간 비율; 기대 진척의 95 % 이상이면 정상, 75 % 이상이면 주의, 그 아래는 미흡; 기준값이 없으면 달성 시 정상',
    targets,
  };
}

/** Records a measurement for a target that cetmap cannot compute itself; the evidence is required. */
export async function enterMeasurement(
  db: Kysely<Database>,
  m: { targetId: string; year: number; value: number; evidence: string; enteredBy: string },
): Promise<void> {
  const target = PLAN_TARGETS.targets.find((t) => t.id === m.targetId);
  if (!target) throw new CetmapError('CET_NOT_FOUND', `Plan target ${m.targetId} was not found.`);
  if (target.measure !== 'entered') {
    throw new CetmapError(
      'CET_CONFLICT',
      `Target ${m.targetId} is measured from cetmap's data (${target.measure}); it cannot be typed in.`,
    );
  }
  if (!m.evidence.trim())
    throw new CetmapError(
      'CET_BAD_INPUT',
      'A measurement needs its evidence (a source or document reference).',
    );
  await db
    .insertInto('target_measurement')
    .values({
      target_id: m.targetId,
      year: m.year,
      value: m.value,
      evidence: m.evidence,
      entered_by: m.enteredBy,
    })
    .onConflict((oc) =>
      oc.columns(['target_id', 'year']).doUpdateSet({
        value: m.value,
        evidence: m.evidence,
        entered_by: m.enteredBy,
        entered_at: sql`now()`,
      }),
    )
    .execute();
}
