/**
 * The aggregate data sets cetmap imports: for each, the folder it is recognised by, its files, and for each file
 * how a CSV record is validated and turned into rows. Pure: no I/O here (aggregate-queries.ts writes the rows).
 */
import { z } from 'zod';
import type { CountryResolver } from './country-resolver.js';

export type TargetTable =
  | 'country'
  | 'coauthor_pair'
  | 'coauthor_country_year'
  | 'statistic'
  | 'statistic_series'
  | 'critical_mineral'
  | 'supply_stage'
  | 'supply_input'
  | 'supply_provider'
  | 'supply_provision'
  | 'supply_edge'
  | 'supply_country_share';

export type Row = Record<string, string | number | boolean | null | string[] | Record<string, unknown>>;

export interface MapContext {
  countries: CountryResolver;
  dataset: string;
  file: string;
  line: number;
}

export interface FileSpec {
  file: string;
  table: TargetTable;
  columns: readonly string[];
  /** Turns one record into zero or more rows, or throws a ZodError naming the bad fields. */
  toRows(values: Record<string, string>, ctx: MapContext): Row[];
  /** Identity of a row within the file; a second record with the same key is quarantined, unless… */
  key?: (row: Row) => string;
  /** …the file legitimately repeats a key (one row per alias): then rows are merged. Small files only. */
  merge?: (existing: Row, next: Row) => Row;
}

export interface ImportKind {
  kind: string;
  /** Folder name under a data directory that `import all` recognises. */
  folder: string;
  dataset: string;
  title: string;
  licence: string;
  source: string;
  files: readonly FileSpec[];
}

// ---- field parsers: empty text is "not available" (null), never 0 ----
const decodeEntities = (s: string): string =>
  s.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
const text = z
  .string()
  .transform((s) => decodeEntities(s.trim()))
  .pipe(z.string().min(1, 'is empty'));
const optText = z.string().transform((s) => (s.trim() === '' ? null : decodeEntities(s.trim())));
const numberText = z
  .string()
  .trim()
  .regex(/^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/, 'is not a number')
  .transform(Number);
const optNum = z.union([z.literal('').transform(() => null), numberText]);
const year = z
  .string()
  .trim()
  .regex(/^\d{4}$/, 'is not a year')
  .transform(Number);
const optYear = z.union([z.literal('').transform(() => null), year]);
const count = z.string().trim().regex(/^\d+$/, 'is not a whole number').transform(Number);
const alpha2 = z
  .string()
  .trim()
  .regex(/^[A-Z]{2}$/, 'is not an ISO alpha-2 code');
const bool = z.enum(['true', 'false']).transform((s) => s === 'true');

const parse = <T extends z.ZodRawShape>(shape: T, values: Record<string, string>): z.infer<z.ZodObject<T>> =>
  z.object(shape).parse(values);

// ---- statistics in long form: NSF tables share a layout that differs only in a few columns ----
const STAT_CORE = new Set(['source_table', 'entity', 'year', 'year_start', 'year_end', 'unit', 'flag']);

function nsfFile(file: string, valueColumn: string, unit: string | null, entityColumn = 'entity'): FileSpec {
  return {
    file,
    table: 'statistic',
    columns: ['source_table', entityColumn, valueColumn],
    toRows(values, ctx) {
      const v = parse(
        {
          source_table: text,
          [entityColumn]: text,
          [valueColumn]: optNum,
          year: year.optional(),
          year_start: year.optional(),
          year_end: year.optional(),
          unit: optText.optional(),
          flag: optText.optional(),
        },
        values,
      );
      if (v.year === undefined && v.year_start === undefined)
        throw new z.ZodError([issue('year', 'no year or year_start column')]);
      const entity = v[entityColumn] as string;
      const dims: Record<string, unknown> = {};
      for (const [k, raw] of Object.entries(values)) {
        if (STAT_CORE.has(k) || k === valueColumn || k === entityColumn || raw.trim() === '') continue;
        const asNumber = Number(raw);
        dims[k] =
          raw.trim() !== '' && Number.isFinite(asNumber) && /^-?[\d.]+$/.test(raw.trim())
            ? asNumber
            : decodeEntities(raw.trim());
      }
      return [
        {
          dataset: ctx.dataset,
          series: v.source_table as string,
          entity,
          country: ctx.countries.resolve(entity),
          year: (v.year ?? v.year_start ?? null) as number | null,
          year_end: (v.year_end ?? v.year ?? null) as number | null,
          dims,
          value: v[valueColumn] as number | null,
          unit: v.unit ?? unit,
          flag: v.flag ?? null,
          source_file: ctx.file,
          source_line: ctx.line,
        },
      ];
    },
  };
}

const statisticRow = (ctx: MapContext, r: Omit<Row, 'dataset' | 'source_file' | 'source_line'>): Row => ({
  dataset: ctx.dataset,
  ...r,
  source_file: ctx.file,
  source_line: ctx.line,
});

export const IMPORT_KINDS: readonly ImportKind[] = [
  {
    kind: 'countries',
    folder: 'countries',
    dataset: 'countries',
    title: 'Countries: ISO 3166-1 codes, Korean names, UN M49 regions',
    licence: 'CC BY-SA 4.0',
    source:
      'ISO 3166-1 via lukes/ISO-3166-Countries-with-Regional-Codes; Korean names stefangabos/world_countries',
    files: [
      {
        file: 'countries.csv',
        table: 'country',
        columns: ['alpha2', 'alpha3', 'numeric', 'name_en', 'name_ko'],
        key: (r) => String(r.alpha2),
        toRows(values, ctx) {
          const v = parse(
            {
              alpha2,
              alpha3: z
                .string()
                .trim()
                .regex(/^[A-Z]{3}$/, 'is not an ISO alpha-3 code'),
              // Kosovo (XK, user-assigned) has no ISO numeric code.
              numeric: z.union([
                z.literal(''),
                z
                  .string()
                  .trim()
                  .regex(/^\d{3}$/, 'is not a 3-digit ISO numeric code'),
              ]),
              name_en: text,
              name_ko: optText,
              name_ko_alt: optText.optional(),
              region: optText.optional(),
              sub_region: optText.optional(),
              world_atlas_id: optText.optional(),
            },
            values,
          );
          const builtin = ctx.countries.country(v.alpha2);
          return [
            {
              alpha2: v.alpha2,
              alpha3: v.alpha3,
              numeric_code: v.numeric || null,
              name_en: builtin?.name_en ?? v.name_en,
              name_ko: v.name_ko ?? v.name_ko_alt ?? v.name_en,
              region: v.region ?? null,
              sub_region: v.sub_region ?? null,
              world_atlas_id: v.world_atlas_id ?? null,
              source: 'import:countries.csv',
            },
          ];
        },
      },
    ],
  },
  {
    kind: 'coauthorship',
    folder: 'coauthorship-countries',
    dataset: 'coauthorship-countries',
    title: 'Country-pair co-authored works per year (OpenAlex), 1990–2023',
    licence: 'OpenAlex data CC0; counts compiled by V. Batagelj (bavla/OpenAlex)',
    source: 'V. Batagelj, bavla/OpenAlex (GitHub), from OpenAlex (CC0), data as of August 2024',
    files: [
      {
        file: 'pairs.csv',
        table: 'coauthor_pair',
        columns: ['year', 'country_a', 'country_b', 'works'],
        key: (r) => `${r.year}|${r.country_a}|${r.country_b}`,
        toRows(values) {
          const v = parse({ year, country_a: alpha2, country_b: alpha2, works: count }, values);
          if (v.country_a === v.country_b) throw new z.ZodError([issue('country_b', 'equals country_a')]);
          const [a, b] = v.country_a < v.country_b ? [v.country_a, v.country_b] : [v.country_b, v.country_a];
          return [{ year: v.year, country_a: a, country_b: b, works: v.works }];
        },
      },
      {
        file: 'country_totals.csv',
        table: 'coauthor_country_year',
        columns: ['year', 'country', 'works'],
        key: (r) => `${r.year}|${r.country}`,
        toRows(values) {
          const v = parse(
            { year, country: alpha2, works: count, partner_countries: optNum.optional() },
            values,
          );
          return [
            {
              year: v.year,
              country: v.country,
              works: v.works,
              partner_countries: v.partner_countries ?? null,
            },
          ];
        },
      },
    ],
  },
  {
    kind: 'worldbank',
    folder: 'worldbank-rd',
    dataset: 'worldbank-wdi',
    title: 'World Bank World Development Indicators: R&D and context',
    licence: 'CC BY 4.0',
    source: 'World Bank, World Development Indicators',
    files: [
      {
        file: 'indicators_meta.csv',
        table: 'statistic_series',
        columns: ['indicator', 'title'],
        key: (r) => String(r.series),
        toRows(values, ctx) {
          const v = parse(
            { indicator: text, title: text, description: optText.optional(), license: optText.optional() },
            values,
          );
          const unit = /\(([^)]+)\)\s*$/.exec(v.title)?.[1] ?? null;
          return [
            {
              dataset: ctx.dataset,
              series: v.indicator,
              title: v.title,
              description: v.description ?? null,
              unit,
              licence: v.license ?? null,
            },
          ];
        },
      },
      ...(['indicators.csv', 'aggregates.csv'] as const).map((file): FileSpec => ({
        file,
        table: 'statistic',
        columns: ['country_iso3', 'country_name', 'indicator', 'year', 'value'],
        key: (r) => `${r.series}|${r.entity}|${r.year}`,
        toRows(values, ctx) {
          const v = parse(
            { country_iso3: text, country_name: text, indicator: text, year, value: optNum },
            values,
          );
          const country = file === 'indicators.csv' ? ctx.countries.resolve(v.country_iso3) : null;
          return [
            statisticRow(ctx, {
              series: v.indicator,
              entity: v.country_name,
              country,
              year: v.year,
              year_end: v.year,
              dims: { code: v.country_iso3, ...(file === 'aggregates.csv' ? { aggregate: true } : {}) },
              value: v.value,
              unit: null,
              flag: null,
            }),
          ];
        },
      })),
    ],
  },
  {
    kind: 'nsf-sei',
    folder: 'nsf-sei',
    dataset: 'nsf-sei-2024',
    title: 'NSF Science & Engineering Indicators 2024: country tables',
    licence: 'US public domain (cite NCSES/NSB)',
    source: 'National Science Board, Science and Engineering Indicators 2024 (NCSES)',
    files: [
      nsfFile('articles_by_country_year.csv', 'articles', 'articles'),
      nsfFile(
        'top_cited_share_by_country.csv',
        'share_in_top1pct_pct',
        'percent of articles in the top 1% cited',
      ),
      nsfFile('international_coauthorship_by_country_year.csv', 'value', null),
      nsfFile(
        'international_coauthorship_pairs.csv',
        'coauthored_articles_whole_count',
        'articles (whole count)',
      ),
      nsfFile('relative_citation_index_2020.csv', 'relative_citation_index', 'index', 'citing_entity'),
      nsfFile('research_portfolio_by_field_2022.csv', 'value', null),
      nsfFile('top15_articles_2012_2022.csv', 'value', null),
      nsfFile('ai_articles_by_country_year.csv', 'ai_articles_whole_count', 'AI articles (whole count)'),
      nsfFile('ai_articles_by_country_2003_2022_cumulative.csv', 'ai_articles', 'AI articles'),
      nsfFile(
        'ai_patents_by_country_2000_2022.csv',
        'granted_ai_patent_families',
        'granted AI patent families',
      ),
      nsfFile(
        'ai_patents_by_category_country_2000_2022.csv',
        'granted_ai_patent_families',
        'granted AI patent families',
      ),
      nsfFile('patents_by_country_tech.csv', 'patents', 'patents'),
      nsfFile(
        'patents_critical_tech_categories_2022.csv',
        'uspto_utility_patents_granted',
        'USPTO utility patents',
        'inventors',
      ),
      nsfFile('gerd_by_country.csv', 'value', null),
      nsfFile('gerd_by_sector_and_source.csv', 'value', null),
      nsfFile('gerd_growth_rates_by_country.csv', 'value', null),
    ],
  },
  {
    kind: 'kistep',
    folder: 'kistep-tech-level',
    dataset: 'kistep-tech-level',
    title: 'KISTEP technology level evaluation (published results)',
    licence: 'published figures; cite KISTEP / MSIT',
    source: 'KISTEP 기술수준평가 as reported in MSIT releases and press (see source_note per row)',
    files: [
      {
        file: 'levels.csv',
        table: 'statistic',
        columns: ['edition', 'scope', 'field', 'country', 'level_pct', 'gap_years'],
        toRows(values, ctx) {
          const v = parse(
            {
              edition: year,
              scope: text,
              field: text,
              country: text,
              level_pct: optNum,
              gap_years: optNum,
              source_note: optText,
            },
            values,
          );
          const base = {
            entity: v.country,
            country: ctx.countries.resolve(v.country),
            year: v.edition,
            year_end: v.edition,
            dims: {
              scope: v.scope,
              field: v.field,
              ...(v.source_note ? { source_note: v.source_note } : {}),
            },
            flag: null,
          };
          const rows = [
            statisticRow(ctx, {
              ...base,
              series: 'level_pct',
              value: v.level_pct,
              unit: '% of the best country',
            }),
          ];
          if (v.gap_years !== null)
            rows.push(statisticRow(ctx, { ...base, series: 'gap_years', value: v.gap_years, unit: 'years' }));
          return rows;
        },
      },
    ],
  },
  {
    kind: 'usgs-minerals',
    folder: 'usgs-critical-minerals',
    dataset: 'usgs-mcs-2025',
    title: 'USGS Mineral Commodity Summaries 2025: world production and reserves',
    licence: 'US public domain (cite USGS)',
    source:
      'U.S. Geological Survey, 2025, Mineral Commodity Summaries 2025 Data Release, doi:10.5066/P13XCP3R',
    files: [
      {
        file: 'critical_minerals_2022.csv',
        table: 'critical_mineral',
        columns: ['mineral', 'primary_applications', 'world_production_minerals'],
        key: (r) => String(r.mineral),
        toRows(values) {
          const v = parse(
            { mineral: text, primary_applications: optText, world_production_minerals: optText },
            values,
          );
          return [
            {
              list: 'usgs-2022',
              mineral: v.mineral,
              applications: v.primary_applications,
              production_names: v.world_production_minerals ? v.world_production_minerals.split('|') : [],
            },
          ];
        },
      },
      {
        file: 'world_production.csv',
        table: 'statistic',
        columns: [
          'mineral',
          'country',
          'year',
          'production',
          'unit',
          'reserves',
          'reserves_unit',
          'iso3',
          'row_kind',
          'measure',
        ],
        toRows(values, ctx) {
          const v = parse(
            {
              mineral: text,
              country: text,
              year,
              production: optNum,
              unit: optText,
              reserves: optNum,
              reserves_unit: optText,
              notes: optText,
              iso3: optText,
              row_kind: text,
              measure: optText,
              estimated: bool,
              capacity: optNum,
              critical_mineral_2022: bool,
            },
            values,
          );
          const base = {
            entity: v.country,
            country: v.iso3 ? ctx.countries.resolve(v.iso3) : null,
            year: v.year,
            year_end: v.year,
            dims: {
              mineral: v.mineral,
              measure: v.measure,
              row_kind: v.row_kind,
              estimated: v.estimated,
              critical_2022: v.critical_mineral_2022,
              ...(v.notes ? { notes: v.notes } : {}),
            },
            flag: v.estimated ? 'estimated' : null,
          };
          const rows = [
            statisticRow(ctx, { ...base, series: 'production', value: v.production, unit: v.unit }),
          ];
          if (v.reserves !== null)
            rows.push(
              statisticRow(ctx, {
                ...base,
                series: 'reserves',
                value: v.reserves,
                unit: v.reserves_unit ?? v.unit,
              }),
            );
          if (v.capacity !== null)
            rows.push(statisticRow(ctx, { ...base, series: 'capacity', value: v.capacity, unit: v.unit }));
          return rows;
        },
      },
    ],
  },
  {
    kind: 'eto-supply-chain',
    folder: 'eto-chip-supply-chain',
    dataset: 'eto-chip-supply-chain',
    title: 'ETO Advanced Semiconductor Supply Chain Dataset',
    licence: 'CC BY-NC 4.0 (non-commercial; attribute)',
    source:
      'Emerging Technology Observatory, Center for Security and Emerging Technology (Georgetown University), ' +
      'ETO Supply Chain Explorer / Advanced Semiconductor Supply Chain Dataset',
    files: [
      {
        file: 'stages.csv',
        table: 'supply_stage',
        columns: ['stage_id', 'stage_name'],
        key: (r) => String(r.id),
        toRows(values) {
          const v = parse(
            {
              stage_id: text,
              stage_name: text,
              description: optText,
              market_share_chart_global_market_size_info: optText.optional(),
              market_share_chart_source: optText.optional(),
            },
            values,
          );
          return [
            {
              id: v.stage_id,
              name: v.stage_name,
              description: v.description,
              market_size_note: v.market_share_chart_global_market_size_info ?? null,
              source: v.market_share_chart_source ?? null,
            },
          ];
        },
      },
      {
        file: 'inputs.csv',
        table: 'supply_input',
        columns: ['input_id', 'input_name', 'type'],
        key: (r) => String(r.id),
        toRows(values) {
          const v = parse(
            {
              input_id: text,
              input_name: text,
              type: text,
              stage_id: optText,
              description: optText,
              year: optYear,
              market_share_chart_global_market_size_info: optText.optional(),
              market_share_chart_source: optText.optional(),
            },
            values,
          );
          return [
            {
              id: v.input_id,
              name: v.input_name,
              type: v.type,
              stage_id: v.stage_id,
              description: v.description,
              year: v.year,
              market_size_note: v.market_share_chart_global_market_size_info ?? null,
              source: v.market_share_chart_source ?? null,
            },
          ];
        },
      },
      {
        file: 'providers.csv',
        table: 'supply_provider',
        columns: ['provider_name', 'provider_id', 'provider_type', 'country'],
        key: (r) => String(r.id),
        // A provider appears once per alias (e.g. Onto Innovation: Rudolph Technologies, Nanometrics).
        merge: (a, b) => ({
          ...a,
          aliases: [...new Set([...(a.aliases as string[]), ...(b.aliases as string[])])],
        }),
        toRows(values, ctx) {
          const v = parse(
            { provider_name: text, alias: optText, provider_id: text, provider_type: text, country: optText },
            values,
          );
          const country =
            v.provider_type === 'country'
              ? ctx.countries.resolve(v.provider_name)
              : ctx.countries.resolve(v.country);
          return [
            {
              id: v.provider_id,
              name: v.provider_name,
              aliases: v.alias ? [v.alias] : [],
              type: v.provider_type,
              country,
            },
          ];
        },
      },
      {
        file: 'provision.csv',
        table: 'supply_provision',
        columns: ['provider_id', 'provided_id', 'share_provided', 'year'],
        key: (r) => `${r.provider_id}|${r.input_id}`,
        toRows(values) {
          const v = parse(
            { provider_id: text, provided_id: text, share_provided: optNum, year: optYear, source: optText },
            values,
          );
          if (v.share_provided !== null && (v.share_provided < 0 || v.share_provided > 100)) {
            throw new z.ZodError([issue('share_provided', 'is outside 0–100 %')]);
          }
          return [
            {
              provider_id: v.provider_id,
              input_id: v.provided_id,
              share: v.share_provided,
              year: v.year,
              source: v.source,
            },
          ];
        },
      },
      {
        file: 'sequence.csv',
        table: 'supply_edge',
        columns: ['input_id', 'goes_into_id', 'is_type_of_id'],
        key: (r) => `${r.source_id}|${r.relation}|${r.target_id}`,
        toRows(values) {
          const v = parse({ input_id: text, goes_into_id: optText, is_type_of_id: optText }, values);
          if ((v.goes_into_id === null) === (v.is_type_of_id === null)) {
            throw new z.ZodError([
              issue('goes_into_id', 'exactly one of goes_into_id and is_type_of_id must be set'),
            ]);
          }
          return v.goes_into_id
            ? [{ source_id: v.input_id, relation: 'goes_into', target_id: v.goes_into_id }]
            : [{ source_id: v.input_id, relation: 'is_type_of', target_id: v.is_type_of_id! }];
        },
      },
      {
        file: 'country_shares.csv',
        table: 'supply_country_share',
        columns: ['item_id', 'item_level', 'country_code', 'share_pct', 'year'],
        key: (r) => `${r.item_id}|${r.country_code}`,
        toRows(values, ctx) {
          const v = parse(
            {
              item_id: text,
              item_level: text,
              country_code: text,
              provider_id: optText,
              share_pct: optNum,
              year: optYear,
              source: optText,
            },
            values,
          );
          return [
            {
              item_id: v.item_id,
              item_level: v.item_level,
              country_code: v.country_code,
              country: ctx.countries.resolve(v.country_code),
              provider_id: v.provider_id,
              share: v.share_pct,
              year: v.year,
              source: v.source,
            },
          ];
        },
      },
    ],
  },
];

function issue(field: string, message: string): z.core.$ZodIssue {
  return { code: 'custom', path: [field], message, input: undefined };
}

export const findKind = (kind: string): ImportKind | undefined => IMPORT_KINDS.find((k) => k.kind === kind);

/** Turns a ZodError (or anything thrown by a mapper) into "field: message" issues. */
export function describeRowError(error: unknown): Array<{ field: string; message: string }> {
  if (error instanceof z.ZodError) {
    return error.issues.map((i) => ({ field: i.path.join('.') || '(record)', message: i.message }));
  }
  return [{ field: '(record)', message: (error as Error).message ?? String(error) }];
}
