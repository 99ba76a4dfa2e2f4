/** Output helpers shared by CLI commands: the --format option and aligned plain-text tables. */
import { CetmapError } from '../shared/errors.js';

export type Format = 'table' | 'json' | 'csv';

/** Validates a --format value against what the command supports. */
export function format(value: string | undefined, allowed: readonly Format[]): Format {
  const f = (value ?? 'table') as Format;
  if (!allowed.includes(f))
    throw new CetmapError('CET_BAD_INPUT', `--format must be one of ${allowed.join(', ')}`);
  return f;
}

/** Plain aligned columns; cells are cut to keep lines readable. */
export function table(header: string[], rows: Array<Array<string | number | null>>, max = 60): string[] {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null ? '' : String(c))))].map((r) =>
    r.map((c) => (c.length > max ? `${c.slice(0, max - 1)}…` : c)),
  );
  // Hangul takes two columns in a terminal.
  const width = (s: string): number =>
    [...s].reduce((n, ch) => n + (/[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]/.test(ch) ? 2 : 1), 0);
  const widths = header.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  return cells.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c))))
      .join('  ')
      .trimEnd(),
  );
}
