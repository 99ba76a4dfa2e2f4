/** `cetmap forum …`: the CETs Innovation Forum's demand export for the revision committee, and moderation. */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { appendAudit } from '../../auth/audit-queries.js';
import { currentVersionId, demandSignals, moderate, moderationQueue } from '../../forum/forum-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { withReference, type CliContext } from '../context.js';
import { format, table } from '../output.js';
import { cliActor } from './users.js';

const DEMAND_COLUMNS = [
  'item',
  'tech_id',
  'name_ko',
  'name_en',
  'proposals',
  'supports',
  'opposes',
  'participants',
  'recent_supports',
  'previous_supports',
  'trend',
  'strongest_proposals',
];

export function registerForumCommands(program: Command, ctx: CliContext): void {
  const forum = program.command('forum').description('CETs Innovation Forum: demand export and moderation');

  forum
    .command('export')
    .description(
      'demand signals per technology of a list (e.g. a revision draft), for the revision committee',
    )
    .option('--version <id>', 'technology list version (default: the newest published Korean list)')
    .option('--format <format>', 'json or csv', 'json')
    .option('--out <file>', 'write to a file instead of standard output')
    .action((opts: { version?: string; format: string; out?: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['json', 'csv']);
        const version = opts.version ?? (await currentVersionId(handle.db));
        if (!version)
          throw new CetmapError('CET_NOT_FOUND', 'No published Korean technology list is loaded.');
        const demand = await demandSignals(handle.db, version);
        const top = (t: { top: Array<{ id: number; title: string; net: number }> }) =>
          t.top.map((p) => `#${p.id} ${p.title} (${p.net >= 0 ? '+' : ''}${p.net})`).join(' | ');
        const text =
          f === 'json'
            ? JSON.stringify(demand, null, 2)
            : toCsv(DEMAND_COLUMNS, [
                ...demand.technologies.map((t) => [
                  'technology',
                  t.techId,
                  t.nameKo,
                  t.nameEn,
                  t.proposals,
                  t.supports,
                  t.opposes,
                  t.participants,
                  t.recentSupports,
                  t.previousSupports,
                  t.trend,
                  top(t),
                ]),
                ...demand.newTechnologies.map((t) => [
                  'new_technology',
                  t.parentId,
                  null,
                  t.proposedName,
                  t.proposals,
                  t.supports,
                  t.opposes,
                  t.participants,
                  t.recentSupports,
                  t.previousSupports,
                  t.trend,
                  top(t),
                ]),
              ]).trimEnd();
        if (opts.out) {
          writeFileSync(opts.out, text + '\n');
          ctx.out(
            `wrote demand for ${version} (${demand.technologies.length} technologies, ` +
              `${demand.newTechnologies.length} proposed new technologies) to ${opts.out}`,
          );
        } else ctx.out(text);
      }),
    );

  forum
    .command('queue')
    .description('reported and held content waiting for a moderator')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { format: string }) =>
      withReference(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json']);
        const items = await moderationQueue(handle.db);
        if (f === 'json') return ctx.out(JSON.stringify({ items }, null, 2));
        if (items.length === 0) return ctx.out('the moderation queue is empty');
        for (const line of table(
          ['target', 'status', 'reports', 'author', 'excerpt'],
          items.map((i) => [
            `${i.targetType} ${i.targetId}`,
            i.status,
            i.reports.length,
            i.authorUsername,
            i.excerpt,
          ]),
        ))
          ctx.out(line);
      }),
    );

  for (const action of ['hide', 'restore'] as const) {
    forum
      .command(action)
      .description(`${action} a proposal or comment, with a reason (audited)`)
      .argument('<type>', 'proposal or comment')
      .argument('<id>', 'its number')
      .requiredOption('--reason <text>', 'why (kept with the content and in the audit log)')
      .action((type: string, idText: string, opts: { reason: string }) =>
        withReference(ctx, async (handle) => {
          const id = Number(idText);
          if (type !== 'proposal' && type !== 'comment')
            throw new CetmapError('CET_BAD_INPUT', 'the type must be proposal or comment');
          if (!Number.isSafeInteger(id) || id < 1)
            throw new CetmapError('CET_BAD_INPUT', `not an id: ${idText}`);
          const actor = cliActor();
          await handle.db.transaction().execute(async (trx) => {
            const m = await moderate(trx, { type, id }, action, opts.reason, actor);
            await appendAudit(trx, {
              actor,
              action: `forum.moderation.${action}`,
              objectType: `forum_${type}`,
              objectId: id,
              before: m.before,
              after: m.after,
              detail: { reason: opts.reason },
            });
          });
          ctx.out(`${type} ${id}: ${action === 'hide' ? 'hidden' : 'visible'} (${opts.reason})`);
        }),
      );
  }
}
