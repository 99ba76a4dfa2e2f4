/**
 * `cetmap policy import|list|watch`: the register of countries' policy events and the per-technology watch list
 * of policy signals (indicators, not predictions of intent).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import {
  importPolicyEvents,
  listPolicyEvents,
  technologyWatchList,
  validatePolicyEvents,
} from '../../foresight/policy-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { toCsv } from '../../taxonomy/csv.js';
import { REFERENCE_SEEDERS, withDatabase, type CliContext } from '../context.js';
import { cliActor } from './users.js';
import { format, table } from '../output.js';

/** Records from a CSV (header row) or JSON (an array, or { events: [...] }) file. */
export function readPolicyFile(path: string): {
  records: Array<Record<string, unknown>>;
  where: (i: number) => string;
} {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `cannot read ${path}: ${(error as Error).message}`);
  }
  const name = basename(path);
  if (extname(path).toLowerCase() === '.json') {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new CetmapError('CET_BAD_INPUT', `${name}: not valid JSON: ${(error as Error).message}`);
    }
    const records = Array.isArray(data) ? data : (data as { events?: unknown }).events;
    if (!Array.isArray(records))
      throw new CetmapError('CET_BAD_INPUT', `${name}: expected an array of events or { "events": [...] }`);
    return { records: records as Array<Record<string, unknown>>, where: (i) => `${name}:[${i}]` };
  }
  try {
    const records = parse(text, {
      bom: true,
      columns: (h: string[]) => h.map((c) => c.trim()),
      skip_empty_lines: true,
      trim: true,
    }) as Array<Record<string, unknown>>;
    return { records, where: (i) => `${name}:row ${i + 2}` };
  } catch (error) {
    throw new CetmapError('CET_BAD_INPUT', `${name}: not valid CSV: ${(error as Error).message}`);
  }
}

export function registerPolicyCommands(program: Command, ctx: CliContext): void {
  const policy = program
    .command('policy')
    .description(
      'policy-event register and watch list of policy signals (indicators, not predictions of intent)',
    );

  policy
    .command('import <file>')
    .description(
      'add or update events from CSV or JSON: country, date, tech_id, instrument, title, amount, currency, source_url, note',
    )
    .action((file: string) =>
      withDatabase(
        ctx,
        async (handle) => {
          const { records, where } = readPolicyFile(file);
          const events = validatePolicyEvents(records, where);
          const r = await importPolicyEvents(handle.db, events, cliActor(), basename(file));
          ctx.out(`${basename(file)}: ${r.inserted} event(s) added, ${r.updated} updated`);
        },
        { seed: REFERENCE_SEEDERS },
      ),
    );

  policy
    .command('list')
    .description('events in the register, newest first')
    .option('--country <cc>', 'only this country')
    .option('--tech <id>', 'only this technology (and its children)')
    .option('--instrument <name>', 'only this instrument')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { country?: string; tech?: string; instrument?: string; format: string }) =>
      withDatabase(ctx, async (handle) => {
        const f = format(opts.format, ['table', 'json', 'csv']);
        const events = await listPolicyEvents(handle.db, {
          ...(opts.country ? { country: opts.country.toUpperCase() } : {}),
          ...(opts.tech ? { techId: opts.tech } : {}),
          ...(opts.instrument ? { instrument: opts.instrument } : {}),
        });
        if (f === 'json') return ctx.out(JSON.stringify(events, null, 2));
        const header = [
          'id',
          'country',
          'date',
          'tech_id',
          'instrument',
          'title',
          'amount',
          'currency',
          'source_url',
        ];
        const body = events.map((e) => [
          e.id,
          e.country,
          e.date,
          e.techId,
          e.instrument,
          e.title,
          e.amount,
          e.currency,
          e.sourceUrl,
        ]);
        if (f === 'csv') return ctx.out(toCsv(header, body).trimEnd());
        for (const line of table(
          header.slice(0, 6),
          body.map((b) => b.slice(0, 6)),
          60,
        ))
          ctx.out(line);
        ctx.out(`${events.length} event(s)`);
      }),
    );

  policy
    .command('watch')
    .description(
      'watch list of a technology: countries with signals that preceded policy moves, with rationale',
    )
    .requiredOption('--tech <id>', 'technology id')
    .option('--format <format>', 'table or json', 'table')
    .action((opts: { tech: string; format: string }) =>
      withDatabase(
        ctx,
        async (handle) => {
          const f = format(opts.format, ['table', 'json']);
          const w = await technologyWatchList(handle.db, opts.tech);
          if (f === 'json') return ctx.out(JSON.stringify(w, null, 2));
          ctx.out(
            `watch list ${w.techId}, data to ${w.lastYear}${w.synthetic ? ' (SYNTHETIC demo data)' : ''}`,
          );
          for (const line of table(
            ['country', 'signals', 'rationale', 'past events', 'hit rate', 'median lead (yr)'],
            w.items.map((i) => [
              i.country,
              i.signals.join(', '),
              i.rationale.join('; '),
              i.history.events,
              i.history.hitRate === null ? '–' : `${Math.round(i.history.hitRate * 100)}%`,
              i.history.medianLeadYears ?? '–',
            ]),
            90,
          ))
            ctx.out(line);
          if (w.items.length === 0) ctx.out('no country shows a signal');
          ctx.out(w.disclaimer);
          ctx.out(`method: ${w.method}`);
        },
        { seed: REFERENCE_SEEDERS },
      ),
    );
}
