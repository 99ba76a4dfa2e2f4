/**
 * `cetmap security …`: screening rules, the entity watch-list, reports for the ministry and the deadline sweep.
 * The CLI runs with the database owner's rights, so it acts as an administrator and audits as `cli:<os user>`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  REPORT_COLUMNS,
  importWatchlist,
  listRuleSets,
  listWatchlist,
  publishRuleSet,
  recordDeemedConsent,
  securityReport,
  testScreening,
  watchlistFromCsv,
} from '../../security/security-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { caseIntakeSchema } from '../../shared/schemas/security.js';
import { writeXlsx, xlsxToCsv } from '../../shared/xlsx.js';
import { parseCsv, toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { cliActor } from './users.js';

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `Cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

export function registerSecurityCommands(program: Command, ctx: CliContext): void {
  const security = program
    .command('security')
    .description('research-security screening: rules, watch-list, reports');
  const admin = () => ({ userId: 0, organisation: null, reviewer: true, admin: true, actor: cliActor() });

  const rules = security.command('rules').description('screening rule sets (versioned; one is active)');
  rules
    .command('list')
    .description('rule set versions, newest first')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { format?: string }) =>
      withReference(ctx, async (handle) => {
        const sets = await listRuleSets(handle.db);
        if (format(opts.format, ['table', 'json']) === 'json') return ctx.out(JSON.stringify(sets, null, 2));
        for (const line of table(
          ['version', 'active', 'rules', 'created', 'by', 'note'],
          sets.map((s) => [
            s.version,
            s.active ? 'yes' : '',
            s.rules.rules.length,
            s.createdAt.slice(0, 10),
            s.createdBy,
            s.note,
          ]),
        ))
          ctx.out(line);
      }),
    );
  rules
    .command('export')
    .description('write the active rule set as JSON (to edit and import again)')
    .argument('[file]', 'output file (default: standard output)')
    .action((file: string | undefined) =>
      withReference(ctx, async (handle) => {
        const active = (await listRuleSets(handle.db)).find((s) => s.active)!;
        const text = JSON.stringify(active.rules, null, 2) + '\n';
        if (file) writeFileSync(file, text);
        else ctx.out(text.trimEnd());
      }),
    );
  rules
    .command('import')
    .description('validate a rule set (JSON) and publish it as the new active version')
    .argument('<file>')
    .option('--note <text>', 'why the rules changed')
    .action((file: string, opts: { note?: string }) =>
      withReference(ctx, async (handle) => {
        const saved = await publishRuleSet(handle.db, readJson(file), cliActor(), opts.note ?? null, file);
        ctx.out(
          `published rule set version ${saved.version} (${saved.rules.rules.length} rules); it is now active`,
        );
      }),
    );
  rules
    .command('test')
    .description('screen a case file (JSON, as submitted) against the active rules without saving it')
    .argument('<case-file>')
    .option('--format <format>', 'table or json', 'table')
    .action((file: string, opts: { format?: string }) =>
      withReference(ctx, async (handle) => {
        const parsed = caseIntakeSchema.safeParse(readJson(file));
        if (!parsed.success) {
          const issues = parsed.error.issues.map((i) => ({
            field: i.path.join('.'),
            message: i.message,
            location: file,
          }));
          throw new CetmapError(
            'CET_BAD_INPUT',
            `${file}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`,
            { issues },
          );
        }
        const s = await testScreening(handle.db, parsed.data);
        if (format(opts.format, ['table', 'json']) === 'json') return ctx.out(JSON.stringify(s, null, 2));
        ctx.out(
          `risk ${s.level}: ${s.score} points (medium ≥ ${s.thresholds.medium}, high ≥ ${s.thresholds.high}; rules v${s.ruleSetVersion})`,
        );
        for (const c of s.contributions) ctx.out(`  +${c.points}  ${c.ruleId}: ${c.label} — ${c.evidence}`);
        for (const n of s.notFired) ctx.out(`   0  ${n.ruleId}: not fired`);
      }),
    );

  const watchlist = security.command('watchlist').description('the entity watch-list');
  watchlist
    .command('import')
    .description(
      'add or update entries from CSV or XLSX: name, aliases (separated by ;), country, source, reason',
    )
    .argument('<file>')
    .action((file: string) =>
      withReference(ctx, async (handle) => {
        const text = file.toLowerCase().endsWith('.xlsx')
          ? await xlsxToCsv(file)
          : readFileSync(file, 'utf8');
        const rows = watchlistFromCsv(parseCsv(text), file);
        const r = await importWatchlist(handle.db, rows, cliActor());
        ctx.out(`watch-list: ${r.added} added, ${r.updated} updated (${rows.length} rows)`);
      }),
    );
  watchlist
    .command('list')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { format?: string }) =>
      withReference(ctx, async (handle) => {
        const entities = await listWatchlist(handle.db);
        const f = format(opts.format, ['table', 'json', 'csv']);
        if (f === 'json') return ctx.out(JSON.stringify(entities, null, 2));
        const rows = entities.map((e) => [e.name, e.aliases.join('; '), e.country, e.source, e.reason]);
        if (f === 'csv')
          return ctx.out(toCsv(['name', 'aliases', 'country', 'source', 'reason'], rows).trimEnd());
        for (const line of table(['name', 'aliases', 'country', 'source', 'reason'], rows)) ctx.out(line);
      }),
    );

  security
    .command('report')
    .description(
      'counts by type, country, technology, outcome and risk; rows without personal data for the ministry',
    )
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--xlsx <file>', 'also write the rows to an .xlsx file')
    .action((opts: { format?: string; xlsx?: string }) =>
      withReference(ctx, async (handle) => {
        const { report, rows } = await securityReport(handle.db, admin());
        const data = rows.map((r) => REPORT_COLUMNS.map((c) => r[c]));
        if (opts.xlsx) await writeXlsx(opts.xlsx, REPORT_COLUMNS, data);
        const f = format(opts.format, ['table', 'json', 'csv']);
        if (f === 'json') return ctx.out(JSON.stringify({ report, rows }, null, 2));
        if (f === 'csv') return ctx.out(toCsv(REPORT_COLUMNS, data).trimEnd());
        ctx.out(
          `${report.cases} cases, ${report.decided} decided; median days to decision: ${report.medianDaysToDecision ?? '–'}`,
        );
        for (const [title, counts] of [
          ['type', report.byType],
          ['country', report.byCountry],
          ['technology', report.byTechnology],
          ['outcome', report.byOutcome],
          ['risk', report.byRisk],
        ] as const)
          ctx.out(
            `by ${title}: ${
              Object.entries(counts)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ') || '–'
            }`,
          );
      }),
    );

  security
    .command('sweep')
    .description('record deemed consent on open cases whose answer deadline lapsed (idempotent; audited)')
    .option('--as-of <date>', 'the day to judge by (YYYY-MM-DD; default today)')
    .action((opts: { asOf?: string }) =>
      withReference(ctx, async (handle) => {
        if (opts.asOf && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asOf))
          throw new CetmapError('CET_BAD_INPUT', '--as-of must be a date like 2026-11-30');
        const refs = await recordDeemedConsent(handle.db, cliActor(), opts.asOf);
        ctx.out(
          refs.length === 0
            ? 'no lapsed cases'
            : `deemed consent recorded on ${refs.length} case(s): ${refs.join(', ')}`,
        );
      }),
    );
}
