/** `cetmap audit verify|list`: check the audit log's hash chain and search it. */
import type { Command } from 'commander';
import { listAudit, verifyAudit } from '../../auth/audit-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';

const csvCell = (v: unknown): string => {
  const s = v == null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const PROBLEM_TEXT = {
  seq_gap: 'an entry before it is missing (sequence gap)',
  prev_hash_mismatch: 'it does not link to the entry before it (that entry was changed or replaced)',
  hash_mismatch: 'its content does not match its hash (it was edited)',
} as const;

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('the append-only audit log');

  audit
    .command('verify')
    .description('verify the hash chain; exits 1 naming the first entry that does not verify')
    .action(() =>
      withDatabase(ctx, async (handle) => {
        const v = await verifyAudit(handle.db);
        if (v.ok) {
          ctx.out(`audit log intact: ${v.checked} entries verified (last seq ${v.lastSeq})`);
          return;
        }
        const bad = v.firstBad!;
        throw new CetmapError(
          'CET_AUDIT_BROKEN',
          `audit log broken at entry ${bad.seq}: ${PROBLEM_TEXT[bad.problem as keyof typeof PROBLEM_TEXT]}; ` +
            `${v.checked - 1} entries before it verified`,
        );
      }),
    );

  audit
    .command('list')
    .description('search the audit log, newest first')
    .option('--actor <actor>', 'e.g. user:kim, cli:root, anonymous')
    .option('--action <action>', "e.g. user.create, or a prefix ending in '.' such as auth.")
    .option('--object-type <type>')
    .option('--object-id <id>')
    .option('--limit <n>', 'at most this many', '50')
    .option('--format <format>', 'table, json or csv', 'table')
    .action(
      (opts: {
        actor?: string;
        action?: string;
        objectType?: string;
        objectId?: string;
        limit: string;
        format: string;
      }) => {
        if (!['table', 'json', 'csv'].includes(opts.format)) {
          throw new CetmapError('CET_BAD_INPUT', `--format must be table, json or csv, got ${opts.format}`);
        }
        const limit = Number(opts.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CetmapError('CET_BAD_INPUT', `--limit must be a positive whole number`);
        return withDatabase(ctx, async (handle) => {
          const rows = await listAudit(handle.db, { ...opts, limit });
          if (opts.format === 'json') return ctx.out(JSON.stringify(rows, null, 2));
          if (opts.format === 'csv') {
            ctx.out('seq,at,actor,action,object_type,object_id,before_digest,after_digest,detail,hash');
            for (const e of rows)
              ctx.out(
                [
                  e.seq,
                  e.at.toISOString(),
                  e.actor,
                  e.action,
                  e.objectType,
                  e.objectId,
                  e.beforeDigest,
                  e.afterDigest,
                  e.detail,
                  e.hash,
                ]
                  .map(csvCell)
                  .join(','),
              );
            return;
          }
          if (rows.length === 0) return ctx.out('no audit entries match');
          for (const e of rows) {
            const object = e.objectType ? `${e.objectType}:${e.objectId ?? ''}` : '';
            ctx.out(
              `${String(e.seq).padStart(6)}  ${e.at.toISOString()}  ${e.actor.padEnd(22)} ${e.action.padEnd(24)} ${object}`.trimEnd(),
            );
          }
        });
      },
    );
}
