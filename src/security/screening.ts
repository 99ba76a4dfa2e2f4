/**
 * The screening engine: a case and the active rule set in, a risk score and level out, with every rule that
 * fired and what it saw (technology names and matched words, the country group and its source, the watch-list
 * entity, the name that resembled it and the match score, the amount against the threshold). Rules that did
 * not fire are listed too. Pure: the caller loads the rule set, technologies, recipes and watch-list.
 */
import type { CompiledRecipe } from '../classify/classify-work.js';
import { matchedTerms, matches, prepareDocument } from '../classify/query-language.js';
import type {
  CaseIntake,
  Contribution,
  RiskLevel,
  RuleSet,
  Screening,
  ScreeningRule,
} from '../shared/schemas/security.js';
import { matchWatchlist, type WatchEntity } from './name-match.js';

export interface ScreeningTechnology {
  id: string;
  taxonomy: string;
  name: string;
  nameKo: string;
}

export interface ScreeningContext {
  technologies: readonly ScreeningTechnology[];
  /** Classification recipes by technology id (for rules that classify the description). */
  recipes: ReadonlyMap<string, CompiledRecipe>;
  watchlist: readonly WatchEntity[];
}

const krw = (n: number): string => `KRW ${Math.round(n).toLocaleString('en-US')}`;

export function riskLevel(score: number, thresholds: RuleSet['thresholds']): RiskLevel {
  if (score >= thresholds.high) return 'high';
  if (score >= thresholds.medium) return 'medium';
  return 'low';
}

function inScope(rule: Extract<ScreeningRule, { type: 'strategic-technology' }>, ctx: ScreeningContext) {
  return ctx.technologies.filter((t) =>
    typeof rule.technologies === 'string'
      ? t.taxonomy === rule.technologies
      : rule.technologies.includes(t.id),
  );
}

type Fired = Pick<Contribution, 'evidence' | 'evidenceKo'> | null;

function evaluate(
  rule: ScreeningRule,
  c: CaseIntake,
  set: RuleSet,
  ctx: ScreeningContext,
  strategic: boolean,
): Fired {
  switch (rule.type) {
    case 'strategic-technology': {
      const scope = inScope(rule, ctx);
      if (!rule.classifyDescription) {
        const picked = scope.filter((t) => c.technologyIds.includes(t.id));
        if (picked.length === 0) return null;
        return {
          evidence: `picked: ${picked.map((t) => `${t.name} (${t.id})`).join('; ')}`,
          evidenceKo: `선택: ${picked.map((t) => `${t.nameKo} (${t.id})`).join('; ')}`,
        };
      }
      const doc = prepareDocument({ abstract: `${c.description}\n${c.technologyText ?? ''}` });
      const hits: string[] = [];
      const hitsKo: string[] = [];
      for (const t of scope) {
        const tree = ctx.recipes.get(t.id)?.tree;
        if (!tree || !matches(tree, doc)) continue;
        const terms = matchedTerms(tree, doc).slice(0, 6).join(', ');
        hits.push(`${t.name} (words: ${terms})`);
        hitsKo.push(`${t.nameKo} (단어: ${terms})`);
      }
      if (hits.length === 0) return null;
      return {
        evidence: `description matches ${hits.join('; ')}`,
        evidenceKo: `설명문 일치: ${hitsKo.join('; ')}`,
      };
    }
    case 'country-group': {
      const group = set.countryGroups.find((g) => g.id === rule.group)!;
      if (!group.countries.includes(c.counterpartCountry)) return null;
      return {
        evidence: `${c.counterpartCountry} is in "${group.name}" (source: ${group.source})`,
        evidenceKo: `${c.counterpartCountry}은(는) "${group.nameKo}"에 포함 (출처: ${group.source})`,
      };
    }
    case 'watchlist': {
      const names = [c.counterpartName, c.funder ?? ''];
      const found = matchWatchlist(names, ctx.watchlist, rule.minScore);
      if (found.length === 0) return null;
      const describe = (ko: boolean) =>
        found
          .slice(0, 3)
          .map(
            (m) =>
              `"${m.queried}" ~ "${m.matchedName}"${m.matchedName === m.entity.name ? '' : ` (${ko ? '별칭' : 'alias of'} ${m.entity.name})`}` +
              ` ${ko ? '유사도' : 'score'} ${m.score.toFixed(2)} ≥ ${rule.minScore}; ${ko ? '출처' : 'listed by'} ${m.entity.source}` +
              (m.entity.reason ? `: ${m.entity.reason}` : ''),
          )
          .join('; ');
      return { evidence: describe(false), evidenceKo: describe(true) };
    }
    case 'funding-threshold': {
      if (rule.caseTypes && !rule.caseTypes.includes(c.caseType)) return null;
      if (c.amountKrw === undefined || c.amountKrw < rule.minAmountKrw) return null;
      return {
        evidence: `${krw(c.amountKrw)} ≥ ${krw(rule.minAmountKrw)}`,
        evidenceKo: `${Math.round(c.amountKrw).toLocaleString('ko-KR')}원 ≥ ${rule.minAmountKrw.toLocaleString('ko-KR')}원`,
      };
    }
    case 'undisclosed-information': {
      if (!c.undisclosed) return null;
      if (rule.requiresStrategicTechnology && !strategic) return null;
      return {
        evidence: rule.requiresStrategicTechnology
          ? 'marked as undisclosed information, and a strategic-technology rule fired'
          : 'marked as undisclosed information',
        evidenceKo: rule.requiresStrategicTechnology
          ? '비공개 정보로 표시되었고 전략기술 규칙이 적용됨'
          : '비공개 정보로 표시됨',
      };
    }
    case 'case-type':
      if (!rule.caseTypes.includes(c.caseType)) return null;
      return { evidence: `case type ${c.caseType}`, evidenceKo: `사건 유형 ${c.caseType}` };
  }
}

/** Screens one case. Strategic-technology rules run first, so the undisclosed-information rule can use them. */
export function screenCase(c: CaseIntake, set: RuleSet, version: number, ctx: ScreeningContext): Screening {
  const contributions: Contribution[] = [];
  const notFired: Screening['notFired'] = [];
  const ordered = [
    ...set.rules.filter((r) => r.type === 'strategic-technology'),
    ...set.rules.filter((r) => r.type !== 'strategic-technology'),
  ];
  let strategic = false;
  for (const rule of ordered) {
    const fired = evaluate(rule, c, set, ctx, strategic);
    if (!fired) {
      notFired.push({ ruleId: rule.id, label: rule.label, labelKo: rule.labelKo });
      continue;
    }
    if (rule.type === 'strategic-technology') strategic = true;
    contributions.push({
      ruleId: rule.id,
      type: rule.type,
      label: rule.label,
      labelKo: rule.labelKo,
      points: rule.points,
      ...fired,
    });
  }
  const score = contributions.reduce((s, x) => s + x.points, 0);
  return {
    ruleSetVersion: version,
    score,
    level: riskLevel(score, set.thresholds),
    thresholds: set.thresholds,
    contributions,
    notFired,
  };
}
