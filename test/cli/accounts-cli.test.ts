/** `cetmap users`, `tokens` and `audit`: accounts from the command line, and `audit verify` catching tampering. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { cliRunner } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/create-db.js';
import { projectPath } from '../../src/shared/paths.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-accounts-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = cliRunner({ CETMAP_HOME: home });

/**
 * The command in a child process with real standard input (the sources run through tsx, so the test does not
 * depend on a build of the whole tree).
 */
const CHILD = `const { main } = await import(${JSON.stringify(projectPath('src/cli/main.ts'))});
process.exitCode = await main(['node', 'cetmap', ...process.argv.slice(1)]);`;
const runBin = (args: string[], input: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD, ...args], {
    cwd: projectPath(),
    input,
    env: { ...process.env, CETMAP_HOME: home, DATABASE_URL: '' },
    encoding: 'utf8',
    timeout: 120_000,
  });

describe('accounts on the command line', () => {
  it('creates the first admin with a password from standard input, and refuses without one', () => {
    const created = runBin(
      ['users', 'create', 'root', '--admin', '--role', 'analyst', '--password-stdin'],
      'a long enough passphrase\n',
    );
    expect(created.status, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/created root \(id 1\) with roles: admin, analyst/);
    const noPassword = runBin(['users', 'create', 'bob'], '');
    expect(noPassword.status).toBe(1);
    expect(noPassword.stderr).toMatch(/--password-stdin \(there is no default password\)/);
    const weak = runBin(['users', 'create', 'bob', '--password-stdin'], 'short\n');
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
  }, 200_000);

  it('lists, grants, revokes, disables and issues reset and API tokens', async () => {
    expect((await run('users', 'list')).out).toMatch(/root\s+admin,analyst/);
    expect((await run('users', 'revoke', 'root', 'analyst')).out).toBe('root: admin');
    expect((await run('users', 'grant', 'root', 'programme_manager')).out).toBe(
      'root: admin, programme_manager',
    );
    const bad = await run('users', 'grant', 'root', 'superuser');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^cetmap: Unknown role\(s\): superuser\./);
    expect((await run('users', 'disable', 'root')).err).toMatch(/last enabled admin/);
    const reset = await run('users', 'reset-password', 'root');
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/^reset_[A-Za-z0-9_-]{43}$/);
    const token = await run('tokens', 'create', 'root', '--name', 'ci', '--scope', 'taxonomy:write');
    expect(token.out).toMatch(/^cet_[A-Za-z0-9_-]{43}$/);
    const listed = await run('tokens', 'list', '--format', 'json');
    expect(JSON.parse(listed.out)).toMatchObject([
      { id: 1, username: 'root', name: 'ci', scopes: ['taxonomy:write'] },
    ]);
    expect(listed.out).not.toContain(token.out);
    expect((await run('tokens', 'revoke', '1')).out).toMatch(/token 1 \(root, ci\) revoked/);
    const audit = await run('audit', 'list', '--action', 'user.', '--format', 'json');
    const actions = (JSON.parse(audit.out) as Array<{ action: string }>).map((e) => e.action);
    expect(actions).toEqual(['user.reset_token_issued', 'user.grant', 'user.revoke', 'user.create']);
  });

  it('verifies an intact log, then exits 1 naming the first edited entry', async () => {
    const ok = await run('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/audit log intact: 6 entries verified/);

    const handle = await openDatabase({ kind: 'pglite', dataDir: join(home, 'db') });
    try {
      await sql`alter table audit_log disable trigger audit_log_no_update_delete`.execute(handle.db);
      await sql`update audit_log set actor = 'cli:someone-else' where seq = 3`.execute(handle.db);
    } finally {
      await handle.close();
    }
    const broken = await run('audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.err).toBe(
      'cetmap: audit log broken at entry 3: its content does not match its hash (it was edited); 2 entries before it verified',
    );
  });
});
