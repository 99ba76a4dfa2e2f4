/**
 * Spam heuristics and word filters for forum text. Pure: the caller supplies the filters and the author's
 * recent texts. Outcomes: refuse (a blocked word, an exact repeat of the author's recent text, far too many
 * links) or hold for a moderator (a held word, many links, text repeated by others).
 */
export interface WordFilter {
  term: string;
  action: 'block' | 'hold';
}

export interface SpamLimits {
  /** More links than this: held for a moderator. */
  holdLinks: number;
  /** More links than this: refused. */
  refuseLinks: number;
}

export const DEFAULT_SPAM_LIMITS: SpamLimits = { holdLinks: 3, refuseLinks: 10 };

export type Verdict =
  { outcome: 'accept' } | { outcome: 'hold'; reasons: string[] } | { outcome: 'refuse'; reason: string };

const URL_PATTERN = /(?:https?:\/\/|www\.)[^\s)>\]]+/gi;

export const countLinks = (text: string): number => (text.match(URL_PATTERN) ?? []).length;

/** Case, width, punctuation and spacing folded, for duplicate detection and word matching. */
export const normaliseText = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** Whether the folded text contains the folded term (on word edges for Latin terms, anywhere for Hangul). */
export function containsTerm(text: string, term: string): boolean {
  const t = normaliseText(term);
  if (!t) return false;
  const folded = ` ${normaliseText(text)} `;
  return /^[a-z0-9 ]+$/.test(t) ? folded.includes(` ${t} `) : folded.includes(t);
}

export function judgeText(
  text: string,
  context: {
    filters: readonly WordFilter[];
    /** The same author's texts from the last day. */
    ownRecent: readonly string[];
    /** Other authors' texts from the last day. */
    othersRecent?: readonly string[];
    limits?: SpamLimits;
  },
): Verdict {
  const limits = context.limits ?? DEFAULT_SPAM_LIMITS;
  const blocked = context.filters.find((f) => f.action === 'block' && containsTerm(text, f.term));
  if (blocked) return { outcome: 'refuse', reason: 'contains a blocked word or phrase' };
  const links = countLinks(text);
  if (links > limits.refuseLinks)
    return { outcome: 'refuse', reason: `has more than ${limits.refuseLinks} links` };
  const folded = normaliseText(text);
  if (folded.length >= 20 && context.ownRecent.some((r) => normaliseText(r) === folded))
    return { outcome: 'refuse', reason: 'repeats a text you posted in the last day' };
  const reasons: string[] = [];
  const held = context.filters.filter((f) => f.action === 'hold' && containsTerm(text, f.term));
  if (held.length > 0) reasons.push(`word filter: ${held.map((f) => f.term).join(', ')}`);
  if (links > limits.holdLinks) reasons.push(`${links} links`);
  if (folded.length >= 20 && (context.othersRecent ?? []).some((r) => normaliseText(r) === folded))
    reasons.push('same text posted by another account');
  return reasons.length > 0 ? { outcome: 'hold', reasons } : { outcome: 'accept' };
}
