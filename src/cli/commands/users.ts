/**
 * `cetmap users …` and `cetmap tokens …`: accounts, roles, password-reset tokens and API tokens.
 * Passwords come from a hidden prompt on a terminal or from standard input with --password-stdin; never from
 * arguments or the environment, and there is no default password.
 */
import { userInfo } from 'node:os';
import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { appendAudit, type ChangeActor } from '../../auth/audit-queries.js';
import { ROLES, isRole } from '../../auth/permissions.js';
import { createToken, listTokens, revokeToken } from '../../auth/token-queries.js';
import { loadPrincipal } from '../../auth/session-queries.js';
import {
  setOrganisation,
  createResetToken,
  createUser,
  getUser,
  grantRoles,
  listUsers,
  revokeRoles,
  setDisabled,
} from '../../auth/user-queries.js';
import { CetmapError } from '../../shared/errors.js';
import { withDatabase, type CliContext } from '../context.js';

/** The actor recorded in the audit log for CLI changes: the operating-system account that ran the command. */
export const cliActor = (): string => {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli:unknown';
  }
};

/** The CLI's user as the actor of a domain change, audited in the change's transaction. */
export const cliChangeActor = (): ChangeActor => {
  const actor = cliActor();
  return { actor, audit: (trx, entry) => appendAudit(trx, { ...entry, actor }) };
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

const csvCell = (v: unknown): string => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const checkFormat = (format: string): void => {
  if (!['table', 'json', 'csv'].includes(format)) {
    throw new CetmapError('CET_BAD_INPUT', `--format must be table, json or csv, got ${format}`);
  }
};

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

async function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write(question);
  // Echo nothing while the password is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  try {
    return await rl.question('');
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** The new password: first line of stdin with --password-stdin, else typed twice at a hidden prompt. */
export async function readNewPassword(fromStdin: boolean | undefined): Promise<string> {
  if (fromStdin) {
    const text = await readAll(process.stdin);
    const password = text.split(/\r?\n/)[0] ?? '';
    if (!password) throw new CetmapError('CET_BAD_INPUT', '--password-stdin: standard input was empty.');
    return password;
  }
  if (!process.stdin.isTTY) {
    throw new CetmapError(
      'CET_BAD_INPUT',
      'No terminal to ask for the password: pipe it in with --password-stdin (there is no default password).',
    );
  }
  const first = await promptHidden('New password: ');
  const second = await promptHidden('Repeat the password: ');
  if (first !== second) throw new CetmapError('CET_BAD_INPUT', 'The two passwords differ.');
  return first;
}

export function registerUsersCommands(program: Command, ctx: CliContext): void {
  const users = program.command('users').description('accounts and roles');
  const roleList = ROLES.join(', ');

  users
    .command('create')
    .description('create an account (the first admin: `cetmap users create NAME --admin`)')
    .argument('<username>', 'login name (letters, digits, . _ @ -)')
    .option('--display-name <name>', 'name shown in the app')
    .option(
      '--organisation <name>',
      'the organisation the user works for (research-security reviewers see its cases)',
    )
    .option('--admin', 'grant the admin role')
    .option('--role <role>', `grant a role (repeatable): ${roleList}`, collect, [])
    .option('--password-stdin', 'read the password from standard input instead of a prompt')
    .action(
      async (
        username: string,
        opts: {
          displayName?: string;
          organisation?: string;
          admin?: boolean;
          role: string[];
          passwordStdin?: boolean;
        },
      ) => {
        const roles = [...(opts.admin ? ['admin'] : []), ...opts.role];
        const unknown = roles.filter((r) => !isRole(r));
        if (unknown.length > 0) {
          throw new CetmapError(
            'CET_BAD_INPUT',
            `Unknown role(s): ${unknown.join(', ')}; roles are ${roleList}.`,
          );
        }
        const password = await readNewPassword(opts.passwordStdin);
        await withDatabase(ctx, async (handle) => {
          const user = await createUser(
            handle.db,
            { username, displayName: opts.displayName, organisation: opts.organisation, password, roles },
            cliActor(),
          );
          ctx.out(
            `created ${user.username} (id ${user.id}) with roles: ${user.roles.join(', ') || '(none)'}`,
          );
        });
      },
    );

  users
    .command('list')
    .description('list accounts with their roles')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { format: string }) => {
      checkFormat(opts.format);
      return withDatabase(ctx, async (handle) => {
        const rows = await listUsers(handle.db);
        if (opts.format === 'json') return ctx.out(JSON.stringify(rows, null, 2));
        if (opts.format === 'csv') {
          ctx.out('id,username,display_name,roles,disabled,created_at');
          for (const u of rows)
            ctx.out(
              [u.id, u.username, u.displayName, u.roles.join(' '), u.disabled, u.createdAt]
                .map(csvCell)
                .join(','),
            );
          return;
        }
        if (rows.length === 0)
          return ctx.out('no accounts yet: create the first with `cetmap users create NAME --admin`');
        for (const u of rows) {
          ctx.out(
            `${String(u.id).padStart(5)}  ${u.username.padEnd(24)} ${(u.roles.join(',') || '-').padEnd(40)} ${u.disabled ? 'disabled' : ''}`.trimEnd(),
          );
        }
      });
    });

  users
    .command('grant')
    .description('grant roles to an account')
    .argument('<username>')
    .argument('<roles...>', roleList)
    .action((username: string, roles: string[]) =>
      withDatabase(ctx, async (handle) => {
        const u = await grantRoles(handle.db, username, roles, cliActor());
        ctx.out(`${u.username}: ${u.roles.join(', ') || '(no roles)'}`);
      }),
    );

  users
    .command('revoke')
    .description('take roles away from an account')
    .argument('<username>')
    .argument('<roles...>', roleList)
    .action((username: string, roles: string[]) =>
      withDatabase(ctx, async (handle) => {
        const u = await revokeRoles(handle.db, username, roles, cliActor());
        ctx.out(`${u.username}: ${u.roles.join(', ') || '(no roles)'}`);
      }),
    );

  users
    .command('set-organisation')
    .description('set (or with no name, clear) the organisation an account works for')
    .argument('<username>')
    .argument('[organisation]')
    .action((username: string, organisation: string | undefined) =>
      withDatabase(ctx, async (handle) => {
        const u = await setOrganisation(handle.db, username, organisation ?? null, cliActor());
        ctx.out(`${u.username} works for ${u.organisation ?? '(no organisation)'}`);
      }),
    );

  users
    .command('disable')
    .description('disable an account (ends its sessions; its API tokens stop working)')
    .argument('<username>')
    .action((username: string) =>
      withDatabase(ctx, async (handle) => {
        const u = await setDisabled(handle.db, username, true, cliActor());
        ctx.out(`${u.username} is disabled`);
      }),
    );

  users
    .command('enable')
    .description('enable a disabled account')
    .argument('<username>')
    .action((username: string) =>
      withDatabase(ctx, async (handle) => {
        const u = await setDisabled(handle.db, username, false, cliActor());
        ctx.out(`${u.username} is enabled`);
      }),
    );

  users
    .command('reset-password')
    .description('print a one-time password-reset token (valid one hour) to hand to the user')
    .argument('<username>')
    .action((username: string) =>
      withDatabase(ctx, async (handle) => {
        const r = await createResetToken(handle.db, username, cliActor());
        ctx.out(r.token);
        ctx.err(
          `one-time reset token for ${r.username}, valid until ${r.expiresAt.toISOString()}; ` +
            'use it on the sign-in page ("Reset password") or POST /api/v1/auth/reset-password',
        );
      }),
    );

  const tokens = program.command('tokens').description('API tokens for scripts');

  tokens
    .command('create')
    .description('create an API token for a user, limited to scopes (permissions); printed once')
    .argument('<username>')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--scope <permission>', 'a permission the token may use (repeatable)', collect, [])
    .option('--expires-days <n>', 'expire after this many days')
    .action(async (username: string, opts: { name: string; scope: string[]; expiresDays?: string }) => {
      const days = opts.expiresDays === undefined ? undefined : Number(opts.expiresDays);
      if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
        throw new CetmapError(
          'CET_BAD_INPUT',
          `--expires-days must be a positive whole number, got ${opts.expiresDays}`,
        );
      }
      await withDatabase(ctx, async (handle) => {
        const user = await getUser(handle.db, username);
        const owner = await loadPrincipal(handle.db, user.id);
        if (!owner) throw new CetmapError('CET_CONFLICT', `${user.username} is disabled.`);
        const created = await createToken(
          handle.db,
          owner,
          { name: opts.name, scopes: opts.scope, expiresInDays: days },
          cliActor(),
        );
        ctx.out(created.token);
        ctx.err(
          `token ${created.record.id} for ${owner.username} (${created.record.scopes.join(', ')}); it is not shown again`,
        );
      });
    });

  tokens
    .command('list')
    .description('list API tokens (never the tokens themselves)')
    .option('--user <username>', 'only this user’s tokens')
    .option('--format <format>', 'table, json or csv', 'table')
    .action((opts: { user?: string; format: string }) => {
      checkFormat(opts.format);
      return withDatabase(ctx, async (handle) => {
        const userId = opts.user ? (await getUser(handle.db, opts.user)).id : undefined;
        const rows = await listTokens(handle.db, userId === undefined ? {} : { userId });
        if (opts.format === 'json') return ctx.out(JSON.stringify(rows, null, 2));
        if (opts.format === 'csv') {
          ctx.out('id,username,name,prefix,scopes,created_at,expires_at,last_used_at,revoked_at');
          for (const r of rows)
            ctx.out(
              [
                r.id,
                r.username,
                r.name,
                r.prefix,
                r.scopes.join(' '),
                r.createdAt,
                r.expiresAt,
                r.lastUsedAt,
                r.revokedAt,
              ]
                .map(csvCell)
                .join(','),
            );
          return;
        }
        if (rows.length === 0) return ctx.out('no API tokens');
        for (const r of rows) {
          const state = r.revokedAt
            ? 'revoked'
            : r.expiresAt && r.expiresAt < new Date().toISOString()
              ? 'expired'
              : 'active';
          ctx.out(
            `${String(r.id).padStart(5)}  ${r.prefix}…  ${r.username.padEnd(20)} ${r.name.padEnd(24)} ${state.padEnd(8)} ${r.scopes.join(',')}`,
          );
        }
      });
    });

  tokens
    .command('revoke')
    .description('revoke an API token')
    .argument('<id>')
    .action((id: string) => {
      const n = Number(id);
      if (!Number.isSafeInteger(n) || n < 1) throw new CetmapError('CET_BAD_INPUT', `not a token id: ${id}`);
      return withDatabase(ctx, async (handle) => {
        const r = await revokeToken(handle.db, n, cliActor());
        ctx.out(`token ${r.id} (${r.username}, ${r.name}) revoked at ${r.revokedAt}`);
      });
    });
}
