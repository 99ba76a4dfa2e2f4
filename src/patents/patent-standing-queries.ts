/**
 * Reads patent facts and computes patent standing, the papers-vs-patents view (commercialization gap) and the
 * technology level with patents; and the same patent standing in aggregate mode on NSF's table of USPTO grants
 * by inventor country and technology area.
 */
import { sql, type Kysely } from 'kysely';
import { UNKNOWN } from '../core/concentration.js';
import {
  combinedLevels,
  DEFAULT_GAP_THRESHOLDS,
  evidenceGap,
  type EvidenceFlag,
  type GapThresholds,
} from '../core/commercialization.js';
import type { Database, PatentBasis } from '../db/schema.js';
import { NSF_DATASET } from '../indicators/aggregate-standing.js';
import {
  latestCompleteYear,
  technologyStanding,
  type StandingResult,
} from '../indicators/standing-queries.js';
import { DEFAULT_WINDOW_YEARS, type Counting } from '../indicators/standing.js';
import { CetmapError } from '../shared/errors.js';
import {
  computePatentStanding,
  type PatentFactRow,
  type PatentParams,
  type PatentStanding,
  type PatentUnit,
} from './patent-standing.js';

export interface PatentVintage {
  latestYear: number | null;
  rolledUpAt: string | null;
  /** Share of grant credit with a located country, by basis (null before any rollup). */
  located: Record<PatentBasis, number | null>;
  source: string;
}

export interface PatentStandingResult extends PatentStanding {
  techId: string;
  vintage: PatentVintage;
}

export async function patentVintage(db: Kysely<Database>): Promise<PatentVintage> {
  const [years, run] = await Promise.all([
    db
      .selectFrom('country_year_patent')
      .select((eb) => eb.fn.max('year').as('y'))
      .executeTakeFirst(),
    db.selectFrom('patent_rollup_run').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst(),
  ]);
  return {
    latestYear: years?.y ?? null,
    rolledUpAt: run?.finished_at ? new Date(run.finished_at).toISOString() : null,
    located: {
      inventor: run?.located_inventor_share ?? null,
      assignee: run?.located_assignee_share ?? null,
    },
    source: 'USPTO PatentsView granted-patent tables (CC BY 4.0), as loaded with `cetmap ingest patents`',
  };
}

const toFact = (r: {
  country: string;
  year: number;
  grants_full: number;
  grants_frac: number;
}): PatentFactRow => ({
  country: r.country,
  year: r.year,
  grantsFull: Number(r.grants_full),
  grantsFrac: Number(r.grants_frac),
});

export type PatentOptions = Partial<PatentParams>;

function patentParams(latest: number | null, over: PatentOptions): PatentParams {
  const to = over.to ?? latestCompleteYear(latest);
  const params: PatentParams = {
    from: over.from ?? to - DEFAULT_WINDOW_YEARS + 1,
    to,
    counting: over.counting ?? 'fractional',
    basis: over.basis ?? 'inventor',
    home: over.home ?? 'KR',
    minGrants: over.minGrants ?? 1,
  };
  if (params.from > params.to)
    throw new CetmapError('CET_BAD_INPUT', `--from ${params.from} is after --to ${params.to}.`);
  return params;
}

/** Patent standing of one technology (grants by inventor or assignee country). */
export async function technologyPatentStanding(
  db: Kysely<Database>,
  techId: string,
  over: PatentOptions = {},
): Promise<PatentStandingResult> {
  const tech = await db.selectFrom('technology').select('id').where('id', '=', techId).executeTakeFirst();
  if (!tech) throw new CetmapError('CET_NOT_FOUND', `Technology ${techId} was not found.`);
  const vintage = await patentVintage(db);
  const params = patentParams(vintage.latestYear, over);
  const [facts, totals] = await Promise.all([
    db
      .selectFrom('tech_country_year_patent')
      .select(['country', 'year', 'grants_full', 'grants_frac'])
      .where('tech_id', '=', techId)
      .where('basis', '=', params.basis)
      .execute(),
    db
      .selectFrom('country_year_patent')
      .select(['country', 'year', 'grants_full', 'grants_frac'])
      .where('basis', '=', params.basis)
      .execute(),
  ]);
  const s = computePatentStanding(facts.map(toFact), totals.map(toFact), params);
  if (vintage.rolledUpAt === null) {
    s.notes.unshift('No patent rollup yet: run `cetmap ingest patents <dir>` and `cetmap patents rollup`.');
    s.notesKo.unshift(
      '특허 집계 전입니다: `cetmap ingest patents <폴더>`와 `cetmap patents rollup`을 실행하십시오.',
    );
  }
  return { techId, vintage, ...s };
}

export interface EvidenceRow {
  country: string;
  works: number;
  paperShare: number | null;
  rca: number | null;
  grants: number;
  patentShare: number | null;
  rta: number | null;
  countryGrants: number;
  flag: EvidenceFlag;
  gapIndex: number | null;
  /** Technology level from papers only, and with patents at the given weight. */
  paperLevel: number | null;
  combinedLevel: number | null;
}

export interface EvidenceView {
  techId: string;
  params: {
    from: number;
    to: number;
    counting: Counting;
    basis: PatentBasis;
    home: string;
    patentWeight: number;
    thresholds: GapThresholds;
  };
  papers: StandingResult;
  patents: PatentStandingResult;
  rows: EvidenceRow[];
  home: EvidenceRow | null;
  method: { gap: string; composite: string };
  methodKo: { gap: string; composite: string };
  notes: string[];
  notesKo: string[];
}

/** Default weight of patents in the technology-level composite, next to papers' (quantity + quality) = 1. */
export const DEFAULT_PATENT_WEIGHT = 0.5;

/** Papers and patents side by side for one technology: both standings, the gap flags, the combined level. */
export async function technologyEvidence(
  db: Kysely<Database>,
  techId: string,
  over: {
    from?: number;
    to?: number;
    counting?: Counting;
    basis?: PatentBasis;
    home?: string;
    patentWeight?: number;
    thresholds?: Partial<GapThresholds>;
  } = {},
): Promise<EvidenceView> {
  const patentWeight = over.patentWeight ?? DEFAULT_PATENT_WEIGHT;
  if (!(patentWeight >= 0) || patentWeight > 10)
    throw new CetmapError('CET_BAD_INPUT', `the patent weight must be between 0 and 10, got ${patentWeight}`);
  const thresholds = { ...DEFAULT_GAP_THRESHOLDS, ...over.thresholds };
  const papers = await technologyStanding(db, techId, {
    ...(over.from !== undefined ? { from: over.from } : {}),
    ...(over.to !== undefined ? { to: over.to } : {}),
    ...(over.counting ? { counting: over.counting } : {}),
    ...(over.home ? { home: over.home } : {}),
  });
  // the same window and counting mode for patents, so the two sides compare like with like
  const patents = await technologyPatentStanding(db, techId, {
    from: papers.params.from,
    to: papers.params.to,
    counting: papers.params.counting,
    basis: over.basis ?? 'inventor',
    home: papers.params.home,
  });
  const paperWeight = papers.params.composite.quantity + papers.params.composite.quality;
  const countries = new Set([
    ...papers.countries.map((c) => c.country),
    ...patents.countries.map((c) => c.country),
  ]);
  countries.delete(UNKNOWN);
  const paperBy = new Map(papers.countries.map((c) => [c.country, c]));
  const patentBy = new Map(patents.countries.map((c) => [c.country, c]));
  const combined = new Map(
    combinedLevels(
      [...countries].map((country) => ({
        country,
        paperScore: paperBy.get(country)?.score ?? 0,
        patentShare: patentBy.get(country)?.worldShare ?? 0,
      })),
      { papers: paperWeight, patents: patentWeight },
    ).map((r) => [r.country, r]),
  );
  // RTA of a country with grants elsewhere but none in this technology is 0, not missing.
  const countryGrantsAll = await db
    .selectFrom('country_year_patent')
    .select(['country'])
    .select((eb) =>
      papers.params.counting === 'fractional'
        ? eb.fn.sum<number>('grants_frac').as('n')
        : eb.fn.sum<number>('grants_full').as('n'),
    )
    .where('basis', '=', patents.params.basis)
    .where('year', '>=', papers.params.from)
    .where('year', '<=', papers.params.to)
    .groupBy('country')
    .execute();
  const grantsOf = new Map(countryGrantsAll.map((r) => [r.country, Number(r.n)]));
  const rows: EvidenceRow[] = [...countries].map((country) => {
    const p = paperBy.get(country);
    const t = patentBy.get(country);
    const countryGrants = grantsOf.get(country) ?? 0;
    const rtaValue = t?.rta ?? (countryGrants > 0 && patents.world.grants > 0 ? 0 : null);
    const gap = evidenceGap(
      { rca: p?.rca ?? null, rta: rtaValue, works: p?.works ?? 0, countryGrants },
      thresholds,
    );
    return {
      country,
      works: p?.works ?? 0,
      paperShare: p?.worldShare ?? null,
      rca: p?.rca ?? null,
      grants: t?.grants ?? 0,
      patentShare: t?.worldShare ?? null,
      rta: rtaValue,
      countryGrants,
      flag: gap.flag,
      gapIndex: gap.gapIndex,
      paperLevel: p?.level ?? null,
      combinedLevel: combined.get(country)?.level ?? null,
    };
  });
  rows.sort(
    (a, b) => (b.combinedLevel ?? -1) - (a.combinedLevel ?? -1) || a.country.localeCompare(b.country),
  );
  const notes = [...patents.notes];
  const notesKo = [...patents.notesKo];
  const t = thresholds;
  return {
    techId,
    params: {
      from: papers.params.from,
      to: papers.params.to,
      counting: papers.params.counting,
      basis: patents.params.basis,
      home: papers.params.home,
      patentWeight,
      thresholds,
    },
    papers,
    patents,
    rows,
    home: rows.find((r) => r.country === papers.params.home) ?? null,
    method: {
      gap:
        `papers vs patents on specialisation: strong = index ≥ ${t.strongAt}, weak = index ≤ ${t.weakAt}; ` +
        `commercialization gap = papers strong (RCA) and patents weak (RTA); science gap = the reverse; ` +
        `not judged below ${t.minWorks} works in the technology or ${t.minCountryGrants} grants in all technologies. ` +
        'Gap index = RSI(papers) − RSI(patents). Proposed thresholds.',
      composite: `(${paperWeight} × paper composite + ${patentWeight} × share of world grants) ÷ ${paperWeight + patentWeight}; level = composite ÷ best × 100`,
    },
    methodKo: {
      gap:
        `특화지수로 논문과 특허 비교: 강함 = 지수 ≥ ${t.strongAt}, 약함 = 지수 ≤ ${t.weakAt}; ` +
        `사업화 격차 = 논문 강함(RCA) · 특허 약함(RTA); 과학 격차 = 그 반대; ` +
        `해당 기술 논문 ${t.minWorks}편 미만 또는 전체 특허 ${t.minCountryGrants}건 미만이면 판단하지 않음. ` +
        '격차지수 = RSI(논문) − RSI(특허). 제안 기준.',
      composite: `(${paperWeight} × 논문 종합점수 + ${patentWeight} × 세계 특허 점유율) ÷ ${paperWeight + patentWeight}; 기술수준 = 종합점수 ÷ 최고국 × 100`,
    },
    notes,
    notesKo,
  };
}

// ---- aggregate mode: NSF SEI 2024, USPTO utility patents granted, inventor-based fractional counts ----

export const NSF_PATENTS_FILE = 'patents_by_country_tech.csv';
export const NSF_ALL_TECHNOLOGIES = 'All technologies';

const NSF_UNIT: PatentUnit = {
  en: 'USPTO utility patents granted, inventor-based fractional count (NSF SEI 2024, PatentsView June 2023)',
  ko: 'USPTO 등록 실용특허, 발명자 기준 분수 집계 (NSF SEI 2024, PatentsView 2023년 6월)',
};

interface NsfCell {
  country: string | null;
  entity: string;
  entityType: string | null;
  year: number;
  value: number;
}

async function nsfPatentCells(db: Kysely<Database>, area: string): Promise<NsfCell[]> {
  const rows = await db
    .selectFrom('statistic')
    .select([
      'country',
      'entity',
      'year',
      'value',
      sql<string | null>`dims->>'entity_type'`.as('entity_type'),
    ])
    .where('dataset', '=', NSF_DATASET)
    .where('source_file', '=', NSF_PATENTS_FILE)
    .where(sql<string>`dims->>'indicator'`, '=', 'USPTO_granted')
    .where(sql<string>`dims->>'tech_area'`, '=', area)
    .execute();
  return rows
    .filter((r) => r.year !== null && r.value !== null)
    .map((r) => ({
      country: r.country,
      entity: r.entity,
      entityType: r.entity_type,
      year: r.year!,
      value: r.value!,
    }));
}

/**
 * NSF cells to facts: listed economies by their ISO code; the world total less the listed economies becomes
 * UNKNOWN (NSF lists "selected" economies, so the remainder is real output of unlisted ones). NSF publishes
 * fractional counts only, so the full count is set equal to it and full counting is refused.
 */
export function nsfPatentFacts(cells: readonly NsfCell[]): PatentFactRow[] {
  const facts = new Map<string, PatentFactRow>();
  const world = new Map<number, number>();
  for (const c of cells) {
    if (c.entity === 'World') world.set(c.year, c.value);
    else if (c.entityType === 'economy' && c.country) {
      const k = `${c.country}|${c.year}`;
      const f = facts.get(k) ?? { country: c.country, year: c.year, grantsFull: 0, grantsFrac: 0 };
      f.grantsFrac += c.value;
      f.grantsFull = f.grantsFrac;
      facts.set(k, f);
    }
  }
  const out = [...facts.values()];
  for (const [year, total] of world) {
    const listed = out.filter((f) => f.year === year).reduce((s, f) => s + f.grantsFrac, 0);
    if (total > listed)
      out.push({ country: UNKNOWN, year, grantsFull: total - listed, grantsFrac: total - listed });
  }
  return out;
}

export interface NsfPatentStandingResult extends PatentStanding {
  source: { dataset: string; table: string; techArea: string; citation: string };
}

export async function nsfPatentStanding(
  db: Kysely<Database>,
  area: string,
  over: PatentOptions = {},
): Promise<NsfPatentStandingResult> {
  if (over.counting === 'full')
    throw new CetmapError(
      'CET_BAD_INPUT',
      'NSF publishes fractional (inventor-based) patent counts only: use --counting fractional.',
    );
  if (over.basis === 'assignee')
    throw new CetmapError(
      'CET_BAD_INPUT',
      'NSF patent counts are by inventor country only: use --basis inventor.',
    );
  const cells = await nsfPatentCells(db, area);
  if (cells.length === 0) {
    const loaded = await db
      .selectFrom('statistic')
      .select('id')
      .where('dataset', '=', NSF_DATASET)
      .where('source_file', '=', NSF_PATENTS_FILE)
      .limit(1)
      .executeTakeFirst();
    throw new CetmapError(
      loaded ? 'CET_NOT_FOUND' : 'CET_BAD_INPUT',
      loaded
        ? `NSF has no USPTO patent counts for the technology area "${area}".`
        : 'The NSF patent table is not loaded: run `cetmap import nsf-sei <folder>`.',
    );
  }
  const facts = nsfPatentFacts(cells);
  const totals = nsfPatentFacts(await nsfPatentCells(db, NSF_ALL_TECHNOLOGIES));
  const latest = Math.max(...facts.map((f) => f.year));
  const params = patentParams(latest, { ...over, counting: 'fractional', basis: 'inventor' });
  return {
    ...computePatentStanding(facts, totals, params, NSF_UNIT),
    source: {
      dataset: NSF_DATASET,
      table: NSF_PATENTS_FILE,
      techArea: area,
      citation:
        'National Science Board, Science and Engineering Indicators 2024, tables SINV-4…10 (USPTO PatentsView)',
    },
  };
}

/** The technology areas NSF has USPTO grant counts for. */
export async function nsfPatentAreas(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('statistic')
    .select(sql<string>`dims->>'tech_area'`.as('area'))
    .distinct()
    .where('dataset', '=', NSF_DATASET)
    .where('source_file', '=', NSF_PATENTS_FILE)
    .where(sql<string>`dims->>'indicator'`, '=', 'USPTO_granted')
    .execute();
  return rows.map((r) => r.area).sort();
}
