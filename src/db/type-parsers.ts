/**
 * The one place where PostgreSQL values become JavaScript values, for both drivers.
 * node-postgres returns bigint/numeric as strings and PGlite as BigInt/strings; cetmap wants plain numbers
 * (counts and shares fit comfortably in a double) and calendar dates as 'YYYY-MM-DD' strings (no time zone drift).
 */
import { CetmapError } from '../shared/errors.js';

export const PG_OID = { int8: 20, numeric: 1700, date: 1082 } as const;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new CetmapError('CET_INTERNAL', `bigint value ${text} is beyond JavaScript's safe integer range`);
  }
  return n;
}

/** numeric → number; 'NaN' and infinities become null rather than a silent 0 that would corrupt aggregates. */
export function parseNumeric(text: string): number | null {
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}

export const parseDate = (text: string): string => text;

/** Parsers keyed by type OID, in the shape PGlite's `parsers` option expects. */
export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [PG_OID.int8]: parseInt8,
  [PG_OID.numeric]: parseNumeric,
  [PG_OID.date]: parseDate,
};
