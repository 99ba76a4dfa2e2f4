/** Screening rule sets: the shipped example, and validation of edited or imported sets with located errors. */
import { CetmapError } from '../shared/errors.js';
import { ruleSetSchema, type RuleSet } from '../shared/schemas/security.js';
import defaults from './data/default-rules.json' with { type: 'json' };

/** Validates a rule set; every problem is reported with its path (e.g. `rules.3.group`). */
export function parseRuleSet(input: unknown, where = 'rule set'): RuleSet {
  const parsed = ruleSetSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    field: i.path.join('.') || '(root)',
    message: i.message,
    location: where,
  }));
  throw new CetmapError(
    'CET_BAD_INPUT',
    `The ${where} is not valid: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}.`,
    { issues },
  );
}

/** The example rule set installed as version 1 on a new database (marked as an example to be set by the ministry). */
export const DEFAULT_RULE_SET: RuleSet = parseRuleSet(defaults, 'shipped default rule set');
