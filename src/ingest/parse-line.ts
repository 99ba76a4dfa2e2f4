/** One line of an OpenAlex works file: a parsed work, or the reason it goes to quarantine. Pure. */
import {
  INDEX_TAKEN,
  parseOpenAlexWork,
  readInvertedIndex,
  type ParsedWork,
  type ParseResult,
} from './parse-openalex-work.js';

export const OPENALEX_SOURCE = 'openalex';
/** Raw text kept in the quarantine per record; longer lines are cut (the locator still finds the original). */
export const QUARANTINE_RAW_LIMIT = 1_000_000;

export const cutRaw = (s: string): string =>
  s.length > QUARANTINE_RAW_LIMIT ? s.slice(0, QUARANTINE_RAW_LIMIT) : s;

export function parseLine(text: string): { work: ParsedWork } | { reason: string } {
  const read = readInvertedIndex(text);
  if (read) {
    let value: unknown = null;
    try {
      value = JSON.parse(read.rest);
    } catch {
      // the error is reported from the whole line below, with its own positions
    }
    if ((value as { abstract_inverted_index?: unknown } | null)?.abstract_inverted_index === INDEX_TAKEN)
      return outcome(parseOpenAlexWork(value, { text: read.abstract }));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { reason: `malformed JSON: ${(error as Error).message}` };
  }
  return outcome(parseOpenAlexWork(value));
}

const outcome = (result: ParseResult): { work: ParsedWork } | { reason: string } =>
  'errors' in result ? { reason: `invalid work record: ${result.errors.join('; ')}` } : result;
