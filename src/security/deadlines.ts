/**
 * Deadlines of a research-security case, from the active rule set's configurable figures (not hard-coded law):
 * the researcher notifies within `notifyWithinDays` of receiving the request; the ministry answers within
 * `answerWithinDays` of the notification, after which consent is deemed given when `deemedConsent` is set.
 * Days are calendar days, or business days (Monday–Friday; public holidays are not modelled) when configured.
 */
import type { AnswerState, CaseType, RuleSet } from '../shared/schemas/security.js';

type DeadlineRules = RuleSet['deadlines'];

const DAY_MS = 86_400_000;
const toDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date): string => d.toISOString().slice(0, 10);

/** `start` plus `days` calendar or business days (a business-day count skips Saturdays and Sundays). */
export function addDays(startIso: string, days: number, dayCount: DeadlineRules['dayCount']): string {
  const d = toDate(startIso);
  if (dayCount === 'calendar') return toIso(new Date(d.getTime() + days * DAY_MS));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return toIso(d);
}

/** Whole days from `fromIso` to `toIso` (negative when `to` is earlier). */
export const daysBetween = (fromIso: string, toIsoDate: string): number =>
  Math.round((toDate(toIsoDate).getTime() - toDate(fromIso).getTime()) / DAY_MS);

export interface CaseDeadlines {
  /** Whether the deadline rules apply to this kind of case at all. */
  applies: boolean;
  notifyDue: string | null;
  /** The notification came after its deadline. */
  notifiedLate: boolean;
  answerDue: string | null;
  deemedConsent: boolean;
  source: string;
}

export function caseDeadlines(
  caseType: CaseType,
  receivedOn: string,
  submittedOn: string,
  rules: DeadlineRules,
): CaseDeadlines {
  if (!rules.appliesTo.includes(caseType)) {
    return {
      applies: false,
      notifyDue: null,
      notifiedLate: false,
      answerDue: null,
      deemedConsent: false,
      source: rules.source,
    };
  }
  const notifyDue = addDays(receivedOn, rules.notifyWithinDays, rules.dayCount);
  return {
    applies: true,
    notifyDue,
    notifiedLate: submittedOn > notifyDue,
    answerDue: addDays(submittedOn, rules.answerWithinDays, rules.dayCount),
    deemedConsent: rules.deemedConsent,
    source: rules.source,
  };
}

/**
 * Where an undecided case stands against its answer deadline today. `due-soon` starts `warnDaysBefore` days
 * ahead; a decided case is `met` when decided on or before the deadline.
 */
export function answerState(
  answerDue: string | null,
  deemedConsent: boolean,
  today: string,
  warnDaysBefore: number,
  decidedOn: string | null,
): AnswerState {
  if (!answerDue) return { state: 'none', daysLeft: null, deemedConsentGiven: false };
  if (decidedOn) {
    const met = decidedOn <= answerDue;
    return {
      state: met ? 'met' : 'lapsed',
      daysLeft: daysBetween(today, answerDue),
      deemedConsentGiven: false,
    };
  }
  const daysLeft = daysBetween(today, answerDue);
  if (daysLeft < 0) return { state: 'lapsed', daysLeft, deemedConsentGiven: deemedConsent };
  return { state: daysLeft <= warnDaysBefore ? 'due-soon' : 'ok', daysLeft, deemedConsentGiven: false };
}
