/**
 * Synthetic missions, milestones, KPIs and annual reviews shaped after the master plan (2024–2028): per CET field
 * two missions (core technology, demonstration and commercialisation) with three milestones each, three KPIs
 * (technology level against the leader, top-10 % papers, private R&D matched) with yearly targets and actuals,
 * and one review per field for 2025. Every row is marked synthetic; the names and numbers are invented.
 */
import { createRandom } from '../demo/synthetic-corpus.js';
import type { KpiRow, KpiValueRow, MilestoneRow, MissionInput, MissionRow } from './mission-file.js';
import { REVIEW_AREAS, type ReviewArea } from './mission-rules.js';
import type { ReviewInput } from './review-queries.js';

const OTHER_MINISTRIES = ['MOTIE', 'MOHW', 'MND', 'MOF', 'ME', 'KASA', 'MOLIT'];

const iso = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);
const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function syntheticMissions(
  fields: ReadonlyArray<{ id: string; nameKo: string | null; nameEn: string | null }>,
  today: string,
  seed = 2025,
): MissionInput & { reviews: ReviewInput[] } {
  const rand = createRandom(seed);
  const missions: MissionRow[] = [];
  const milestones: MilestoneRow[] = [];
  const kpis: KpiRow[] = [];
  const kpiValues: KpiValueRow[] = [];
  const reviews: ReviewInput[] = [];
  const currentYear = Number(today.slice(0, 4));
  fields.forEach((field, fi) => {
    const short = field.id.split('.').at(-1)!;
    const ko = field.nameKo ?? short;
    const en = field.nameEn ?? short;
    const plans = [
      {
        suffix: 'core',
        ko: `${ko} 세계 최고 수준 핵심기술 확보 (합성)`,
        en: `${en}: world-class core technology (synthetic)`,
        ministry: 'MSIT',
        steps: [
          ['핵심 원천기술 설계 완료', 'Core technology design complete'],
          ['시제품 개발', 'Prototype developed'],
          ['성능 검증 완료', 'Performance verified'],
        ],
      },
      {
        suffix: 'demo',
        ko: `${ko} 실증 및 상용화 (합성)`,
        en: `${en}: demonstration and commercialisation (synthetic)`,
        ministry: OTHER_MINISTRIES[fi % OTHER_MINISTRIES.length]!,
        steps: [
          ['실증 사업 착수', 'Demonstration launched'],
          ['실증 완료', 'Demonstration complete'],
          ['상용화 기업 지원 개시', 'Commercialisation support started'],
        ],
      },
    ];
    for (const [pi, plan] of plans.entries()) {
      const missionId = `demo-${short}-${plan.suffix}`;
      missions.push({
        id: missionId,
        cet_id: field.id,
        name_ko: plan.ko,
        name_en: plan.en,
        ministry: plan.ministry,
        start_year: 2024,
        end_year: 2028,
        source: `synthetic, shaped after the ${plan.ministry} implementation plan 2024–2028`,
        synthetic: true,
      });
      plan.steps.forEach(([stepKo, stepEn], si) => {
        const planned = iso([2024, 2026, 2027][si]!, 3 + pi * 6, 28);
        // Reached steps: on time or up to 120 days late; open steps: a forecast for some, slipping.
        const lateness = Math.round(rand() * 160) - 40;
        let actual: string | null = null;
        let forecast: string | null = null;
        if (addDays(planned, lateness) < today) actual = addDays(planned, lateness);
        else if (rand() < 0.5) forecast = addDays(planned, Math.round(rand() * 150));
        milestones.push({
          id: `${missionId}-${si + 1}`,
          mission_id: missionId,
          name_ko: `${stepKo} (합성)`,
          name_en: `${stepEn} (synthetic)`,
          planned_date: planned,
          forecast_date: forecast,
          actual_date: actual,
          synthetic: true,
        });
      });
    }
    const kpiPlans = [
      {
        id: 'level',
        ko: '최고 기술 보유국 대비 기술 수준',
        en: 'Technology level against the leader',
        unit: '%',
        base: 70 + rand() * 15,
        goal: 90,
        mission: 'core',
        owner: 'MSIT',
      },
      {
        id: 'top10',
        ko: '상위 10 % 논문 수',
        en: 'Top-10 % papers',
        unit: 'count',
        base: Math.round(40 + rand() * 200),
        goal: 0,
        mission: 'core',
        owner: 'MSIT',
      },
      {
        id: 'private',
        ko: '민간 매칭 R&D 투자',
        en: 'Private R&D matched',
        unit: 'KRW',
        base: Math.round((20 + rand() * 80) * 1e9),
        goal: 0,
        mission: 'demo',
        owner: plans[1]!.ministry,
      },
    ];
    for (const k of kpiPlans) {
      const goal = k.goal || k.base * (1.4 + rand() * 0.6);
      const id = `demo-${short}-${k.id}`;
      kpis.push({
        id,
        cet_id: field.id,
        mission_id: `demo-${short}-${k.mission}`,
        name_ko: `${k.ko} (합성)`,
        name_en: `${k.en} (synthetic)`,
        unit: k.unit,
        direction: 'increase',
        baseline: Number(k.base.toFixed(k.unit === '%' ? 1 : 0)),
        baseline_year: 2023,
        owner_ministry: k.owner,
        synthetic: true,
      });
      const pace = 0.6 + rand() * 0.6; // 0.6–1.2 of the planned progress
      for (let y = 2024; y <= 2028; y++) {
        const target = k.base + ((goal - k.base) * (y - 2023)) / 5;
        const actual = y < currentYear ? k.base + (target - k.base) * pace : null;
        const round = (v: number) => Number(v.toFixed(k.unit === '%' ? 1 : 0));
        kpiValues.push({
          kpi_id: id,
          year: y,
          target: round(target),
          actual: actual === null ? null : round(actual),
        });
      }
    }
    const scores = Object.fromEntries(REVIEW_AREAS.map((a) => [a, 2 + Math.floor(rand() * 4)])) as Record<
      ReviewArea,
      number
    >;
    const mean = REVIEW_AREAS.reduce((s, a) => s + scores[a], 0) / REVIEW_AREAS.length;
    reviews.push({
      cetId: field.id,
      year: 2025,
      scores,
      comments: {
        technology: '합성 평가 의견 / synthetic review comment',
        talent: mean < 3.5 ? '석·박사 인력 확충 필요 / more graduate researchers needed (synthetic)' : '',
      },
      summary: 'Synthetic annual review for the demo (합성 연차 점검)',
      recommendedChangeKrw: Math.round((mean - 3.2) * 10) * 1_000_000_000,
      rationale: mean >= 3.2 ? 'performance above plan (synthetic)' : 'slow progress (synthetic)',
      synthetic: true,
    });
  });
  return { missions, milestones, kpis, kpiValues, reviews, issues: [] };
}
