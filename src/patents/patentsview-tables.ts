/**
 * The PatentsView granted-patent bulk tables cetmap reads ("g_" layout), recognised by their header row (file
 * names vary: g_patent.tsv.zip as published, nvidia_patent.csv in a re-cut), and how one record of each becomes
 * a row or a reason to quarantine it. Pure: no I/O.
 *
 * Inventor and assignee personal names and PatentsView's inferred gender are read past, not kept.
 */
export type PatentTableKind =
  'patent' | 'abstract' | 'application' | 'cpc' | 'assignee' | 'inventor' | 'location';

/** Load order: patents first, so the others attach to known grants; locations last (independent). */
export const TABLE_ORDER: readonly PatentTableKind[] = [
  'patent',
  'abstract',
  'application',
  'cpc',
  'assignee',
  'inventor',
  'location',
];

/** PatentsView file name of each table, for messages. */
export const PATENTSVIEW_NAME: Record<PatentTableKind, string> = {
  patent: 'g_patent',
  abstract: 'g_patent_abstract',
  application: 'g_application',
  cpc: 'g_cpc_current',
  assignee: 'g_assignee_disambiguated',
  inventor: 'g_inventor_disambiguated',
  location: 'g_location_disambiguated',
};

/** Columns a header must have for each table (others may be present and are ignored). */
export const REQUIRED_COLUMNS: Record<PatentTableKind, readonly string[]> = {
  patent: ['patent_id', 'patent_type', 'patent_date', 'patent_title'],
  abstract: ['patent_id', 'patent_abstract'],
  application: ['patent_id', 'application_id', 'filing_date'],
  cpc: ['patent_id', 'cpc_sequence', 'cpc_group'],
  assignee: ['patent_id', 'assignee_sequence', 'assignee_id', 'location_id'],
  inventor: ['patent_id', 'inventor_sequence', 'inventor_id', 'location_id'],
  location: ['location_id', 'disambig_country'],
};

/** Which table a header row belongs to, or null. Checked most specific first. */
export function detectTable(header: readonly string[]): PatentTableKind | null {
  const cols = new Set(header.map((h) => h.trim().toLowerCase()));
  for (const kind of [
    'patent',
    'abstract',
    'application',
    'cpc',
    'assignee',
    'inventor',
    'location',
  ] as const) {
    if (REQUIRED_COLUMNS[kind].every((c) => cols.has(c))) return kind;
  }
  return null;
}

export interface PatentRow {
  id: string;
  type: string | null;
  grant_date: string | null;
  year: number | null;
  title: string | null;
  wipo_kind: string | null;
  num_claims: number | null;
  withdrawn: boolean | null;
}
export interface AbstractRow {
  id: string;
  abstract: string | null;
}
export interface ApplicationRow {
  patent_id: string;
  application_id: string | null;
  application_type: string | null;
  filing_date: string | null;
}
export interface CpcRow {
  patent_id: string;
  sequence: number;
  symbol: string;
  cpc_type: string | null;
}
export interface AssigneeRow {
  patent_id: string;
  sequence: number;
  assignee_id: string | null;
  organization: string | null;
  assignee_type: string | null;
  location_id: string | null;
}
export interface InventorRow {
  patent_id: string;
  sequence: number;
  inventor_id: string | null;
  location_id: string | null;
}
export interface LocationRow {
  id: string;
  city: string | null;
  state: string | null;
  country: string | null;
}

export interface RowByKind {
  patent: PatentRow;
  abstract: AbstractRow;
  application: ApplicationRow;
  cpc: CpcRow;
  assignee: AssigneeRow;
  inventor: InventorRow;
  location: LocationRow;
}

export type ParsedRecord<K extends PatentTableKind> = { row: RowByKind[K] } | { reason: string };

/** USPTO grant numbers: utility digits, or a kind prefix (D design, RE reissue, PP plant, H, T, X…). */
const PATENT_ID = /^(?:[A-Z]{1,2})?\d{1,8}$/;
/** A full CPC symbol without spaces: section, class, subclass, main group / subgroup (e.g. G06N3/08). */
export const CPC_SYMBOL = /^[A-HY]\d{2}[A-Z]\d{1,4}\/\d{1,6}$/;

/** Removes every space and upper-cases a CPC or IPC symbol ("H01M  10/052" → "H01M10/052"). */
export const normaliseSymbol = (s: string): string => s.replace(/\s+/g, '').toUpperCase();

const opt = (s: string | undefined): string | null => {
  const t = (s ?? '').trim();
  return t === '' || t.toUpperCase() === 'NULL' ? null : t;
};

function validDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

/** Parses one record given as column → value; problems are returned as one reason naming the fields. */
export function parseRecord<K extends PatentTableKind>(
  kind: K,
  v: Readonly<Record<string, string>>,
): ParsedRecord<K> {
  const problems: string[] = [];
  const patentId = (field = 'patent_id'): string => {
    const id = (v[field] ?? '').trim();
    if (!PATENT_ID.test(id)) problems.push(`${field} "${id.slice(0, 40)}" is not a USPTO patent number`);
    return id;
  };
  const seq = (field: string): number => {
    const s = (v[field] ?? '').trim();
    if (!/^\d{1,6}$/.test(s)) problems.push(`${field} "${s.slice(0, 20)}" is not a whole number`);
    return Number(s);
  };
  const date = (field: string, required: boolean): string | null => {
    const s = opt(v[field]);
    if (s === null) {
      if (required) problems.push(`${field} is empty`);
      return null;
    }
    if (!validDate(s)) problems.push(`${field} "${s.slice(0, 20)}" is not a date YYYY-MM-DD`);
    return s;
  };
  let row: unknown;
  switch (kind) {
    case 'patent': {
      const id = patentId();
      const grant = date('patent_date', true);
      const claims = opt(v.num_claims);
      if (claims !== null && !/^\d+$/.test(claims))
        problems.push(`num_claims "${claims}" is not a whole number`);
      const withdrawn = opt(v.withdrawn);
      if (withdrawn !== null && withdrawn !== '0' && withdrawn !== '1')
        problems.push(`withdrawn "${withdrawn}" is not 0 or 1`);
      row = {
        id,
        type: opt(v.patent_type),
        grant_date: grant,
        year: grant ? Number(grant.slice(0, 4)) : null,
        title: opt(v.patent_title),
        wipo_kind: opt(v.wipo_kind),
        num_claims: claims === null ? null : Number(claims),
        withdrawn: withdrawn === null ? null : withdrawn === '1',
      } satisfies PatentRow;
      break;
    }
    case 'abstract':
      row = { id: patentId(), abstract: opt(v.patent_abstract) } satisfies AbstractRow;
      break;
    case 'application':
      row = {
        patent_id: patentId(),
        application_id: opt(v.application_id),
        application_type: opt(v.application_type),
        filing_date: date('filing_date', false),
      } satisfies ApplicationRow;
      break;
    case 'cpc': {
      const symbol = normaliseSymbol(v.cpc_group ?? '');
      if (!CPC_SYMBOL.test(symbol)) problems.push(`cpc_group "${symbol.slice(0, 30)}" is not a CPC symbol`);
      row = {
        patent_id: patentId(),
        sequence: seq('cpc_sequence'),
        symbol,
        cpc_type: opt(v.cpc_type),
      } satisfies CpcRow;
      break;
    }
    case 'assignee':
      row = {
        patent_id: patentId(),
        sequence: seq('assignee_sequence'),
        assignee_id: opt(v.assignee_id),
        organization: opt(v.disambig_assignee_organization),
        assignee_type: opt(v.assignee_type),
        location_id: opt(v.location_id),
      } satisfies AssigneeRow;
      break;
    case 'inventor':
      row = {
        patent_id: patentId(),
        sequence: seq('inventor_sequence'),
        inventor_id: opt(v.inventor_id),
        location_id: opt(v.location_id),
      } satisfies InventorRow;
      break;
    case 'location': {
      const id = opt(v.location_id);
      if (id === null) problems.push('location_id is empty');
      const country = opt(v.disambig_country);
      if (country !== null && !/^[A-Z]{2}$/.test(country))
        problems.push(`disambig_country "${country.slice(0, 20)}" is not an ISO alpha-2 code`);
      row = {
        id: id ?? '',
        city: opt(v.disambig_city),
        state: opt(v.disambig_state),
        country,
      } satisfies LocationRow;
      break;
    }
  }
  return problems.length > 0 ? { reason: problems.join('; ') } : { row: row as RowByKind[K] };
}
