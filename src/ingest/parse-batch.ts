/**
 * Parses one batch of raw lines into COPY text and quarantine records. Pure, so it runs the same inline
 * and in a parse worker thread.
 */
import type { QuarantineRecord } from './ingest-queries.js';
import { parseOpenAlexWork, type ParsedWork } from './parse-openalex-work.js';
import { buildBatchCopy, type BatchCopy } from './work-rows.js';

export const OPENALEX_SOURCE = 'openalex';
/** Raw text kept in the quarantine per record; longer lines are cut (the locator still finds the original). */
export const QUARANTINE_RAW_LIMIT = 1_000_000;

export interface RawLine {
  lineNo: number;
  text: string;
}

export interface ParsedBatch {
  copy: BatchCopy | null;
  quarantine: QuarantineRecord[];
}

export const cutRaw = (s: string): string =>
  s.length > QUARANTINE_RAW_LIMIT ? s.slice(0, QUARANTINE_RAW_LIMIT) : s;

/** Classifies one line: a parsed work, or the reason it goes to quarantine. */
export function parseLine(text: string): { work: ParsedWork } | { reason: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `malformed JSON: ${(error as Error).message}` };
  }
  const result = parseOpenAlexWork(value);
  return 'errors' in result ? { reason: `invalid work record: ${result.errors.join('; ')}` } : result;
}

export function parseBatch(lines: readonly RawLine[], file: string, runId: number): ParsedBatch {
  const works: ParsedWork[] = [];
  const quarantine: QuarantineRecord[] = [];
  for (const line of lines) {
    const parsed = parseLine(line.text);
    if ('work' in parsed) works.push(parsed.work);
    else
      quarantine.push({
        source: OPENALEX_SOURCE,
        locator: `${file}:${line.lineNo}`,
        reason: parsed.reason,
        raw: cutRaw(line.text),
      });
  }
  return { copy: works.length > 0 ? buildBatchCopy(works, runId) : null, quarantine };
}
