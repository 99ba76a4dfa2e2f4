/** `cetmap quarantine list|show|retry`: records that could not be loaded, and another try at them. */
import type { Command } from 'commander';
import { listQuarantine, retryQuarantine, showQuarantine } from '../../ingest/quarantine-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';

const csvCell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const parseId = (id: string): number => {
  const n = Number(id);
  if (!Number.isSafeInteger(n) || n < 1) throw new CetmapError('CET_BAD_INPUT', `not a quarantine id: ${id}`);
  return n;
};

export function registerQuarantineCommands(program: Command, ctx: CliContext): void {
  const quarantine = program.command('quarantine').description('records that could not be loaded');

  quarantine
    .command('list')
    .description('list quarantined records (unresolved ones unless --all)')
    .option('--all', 'include records resolved by a retry')
    .option('--limit <n>', 'at most this many', '1000')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { all?: boolean; limit: string; format: string }) => {
      if (!['table', 'json', 'csv'].includes(opts.format)) {
        throw new CetmapError('CET_BAD_INPUT', `--format must be table, json or csv, got ${opts.format}`);
      }
      return withDatabase(ctx, async (handle) => {
        const rows = await listQuarantine(handle.db, {
          includeResolved: opts.all,
          limit: parseId(opts.limit),
        });
        if (opts.format === 'json') return ctx.out(JSON.stringify(rows, null, 2));
        if (opts.format === 'csv') {
          ctx.out('id,source,locator,reason,seen_at,resolved_at');
          for (const r of rows)
            ctx.out([r.id, r.source, r.locator, r.reason, r.seenAt, r.resolvedAt].map(csvCell).join(','));
          return;
        }
        if (rows.length === 0) return ctx.out('the quarantine is empty');
        for (const r of rows) {
          const reason = r.reason.length > 100 ? `${r.reason.slice(0, 97)}…` : r.reason;
          ctx.out(
            `${String(r.id).padStart(6)}  ${r.locator}\n        ${reason}${r.resolvedAt ? ' (resolved)' : ''}`,
          );
        }
        ctx.out(`${rows.length} record(s)`);
      });
    });

  quarantine
    .command('show')
    .description('show one quarantined record with its raw text')
    .argument('<id>', 'quarantine id')
    .option('--format <format>', 'text or json', 'text')
    .action((id: string, opts: { format: string }) =>
      withDatabase(ctx, async (handle) => {
        const row = await showQuarantine(handle.db, parseId(id));
        if (opts.format === 'json') return ctx.out(JSON.stringify(row, null, 2));
        ctx.out(
          `id:       ${row.id}\nsource:   ${row.source}\nlocator:  ${row.locator}\nreason:   ${row.reason}`,
        );
        ctx.out(`seen:     ${row.seenAt}${row.resolvedAt ? `\nresolved: ${row.resolvedAt}` : ''}`);
        ctx.out(`raw:\n${row.raw ?? '(none)'}`);
      }),
    );

  quarantine
    .command('retry')
    .description('parse unresolved records again and load those that are now valid')
    .argument('[ids...]', 'only these ids')
    .action((ids: string[]) =>
      withDatabase(ctx, async (handle) => {
        const s = await retryQuarantine(handle, ids.map(parseId));
        ctx.out(`retried ${s.tried}: ${s.loaded} loaded, ${s.stillBad} still invalid`);
        if (s.stillBad > 0) ctx.exitCode = 3;
      }),
    );
}
