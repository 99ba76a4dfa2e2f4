/**
 * The `cetmap` command line. Errors are handled here once: one clear line on stderr (the stack with --verbose)
 * and a non-zero exit code.
 */
import { Command, CommanderError } from 'commander';
import { loadConfig } from '../shared/config.js';
import { isCetmapError } from '../shared/errors.js';
import { VERSION } from '../shared/paths.js';
import { registerAuditCommands } from './commands/audit.js';
import { registerCalcCommand } from './commands/calc.js';
import { registerDbCommands } from './commands/db.js';
import { registerDemoCommands } from './commands/demo.js';
import { registerFetchCommands } from './commands/fetch.js';
import { registerForesightCommands } from './commands/foresight.js';
import { registerForumCommands } from './commands/forum.js';
import { registerImportCommands } from './commands/import.js';
import { registerIngestCommands } from './commands/ingest.js';
import { registerPatentsCommands } from './commands/patents.js';
import { registerPlannedGroups } from './commands/planned.js';
import { registerPortfolioCommands } from './commands/portfolio.js';
import { registerJobsCommands } from './commands/jobs.js';
import { registerSecurityCommands } from './commands/security.js';
import { registerPolicyCommands } from './commands/policy.js';
import { registerQuarantineCommands } from './commands/quarantine.js';
import { registerServeCommand } from './commands/serve.js';
import { registerStandingCommands } from './commands/standing.js';
import { registerTalentCommands } from './commands/talent.js';
import { registerStrategyCommands } from './commands/strategy.js';
import { registerSupplyCommands } from './commands/supply.js';
import { registerTaxonomyCommands } from './commands/taxonomy.js';
import { registerUsersCommands } from './commands/users.js';
import type { CliContext } from './context.js';

/** Exit codes: 0 ok, 1 error, 2 usage error. Domains add theirs (ingest: 3 = records quarantined). */
export const EXIT = { ok: 0, error: 1, usage: 2, quarantined: 3 } as const;

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('cetmap')
    .description('cetmap: evidence-based strategy for critical and emerging technologies')
    .version(VERSION, '-V, --version')
    .option('--verbose', 'print stack traces on errors')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Subcommands own their options (e.g. `taxonomy list --version kr-2022`); the root's come first.
    .enablePositionalOptions()
    .configureOutput({ writeOut: (s) => ctx.out(s.trimEnd()), writeErr: (s) => ctx.err(s.trimEnd()) });
  registerDbCommands(program, ctx);
  registerServeCommand(program, ctx);
  registerTaxonomyCommands(program, ctx);
  registerIngestCommands(program, ctx);
  registerFetchCommands(program, ctx);
  registerQuarantineCommands(program, ctx);
  registerDemoCommands(program, ctx);
  registerImportCommands(program, ctx);
  registerStandingCommands(program, ctx);
  registerPatentsCommands(program, ctx);
  registerTalentCommands(program, ctx);
  registerPortfolioCommands(program, ctx);
  registerStrategyCommands(program, ctx);
  registerCalcCommand(program, ctx);
  registerSupplyCommands(program, ctx);
  registerForesightCommands(program, ctx);
  registerPolicyCommands(program, ctx);
  registerSecurityCommands(program, ctx);
  registerJobsCommands(program, ctx);
  registerUsersCommands(program, ctx);
  registerAuditCommands(program, ctx);
  registerForumCommands(program, ctx);
  registerPlannedGroups(program, new Set());
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(
  argv: string[],
  io: Pick<CliContext, 'out' | 'err'> = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
  },
  env: NodeJS.ProcessEnv = process.env,
): Promise<number | 'running'> {
  const verbose = argv.includes('--verbose');
  try {
    const ctx: CliContext = { config: loadConfig(env), ...io };
    // --verbose is read above; dropping it lets it follow a subcommand despite positional options.
    await buildProgram(ctx).parseAsync(argv.filter((arg) => arg !== '--verbose'));
    return ctx.keepAlive ? 'running' : (ctx.exitCode ?? EXIT.ok);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with code 0; usage errors were already printed.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isCetmapError(error)) {
      io.err(`cetmap: ${error.message}`);
      for (const issue of error.issues)
        io.err(`  - ${issue.location ? issue.location + ' ' : ''}${issue.field}: ${issue.message}`);
    } else {
      io.err(`cetmap: unexpected error: ${(error as Error).message ?? String(error)}`);
    }
    if (verbose && error instanceof Error && error.stack) io.err(error.stack);
    return EXIT.error;
  }
}
