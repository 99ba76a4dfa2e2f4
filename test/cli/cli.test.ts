import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { cliRunner } from '../helpers/cli.js';
import { afterAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../src/shared/paths.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = cliRunner({ CETMAP_HOME: home });

describe('cetmap CLI', () => {
  it('prints its version', async () => {
    const r = await run('--version');
    expect(r).toMatchObject({ code: 0, out: VERSION });
  });

  it('prints help listing the command groups', async () => {
    const r = await run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/db\s+database: migrations/);
    expect(r.out).toMatch(/serve/);
  });

  it('shows pending migrations, applies them, then shows none pending', async () => {
    const before = await run('db', 'status');
    expect(before.code).toBe(0);
    expect(before.out).toMatch(/database: pglite/);
    expect(before.out).toMatch(/pending: run `cetmap db migrate`/);
    const migrate = await run('db', 'migrate');
    expect(migrate.out).toMatch(/migrated to level \d+/);
    const after = await run('db', 'status', '--format', 'json');
    const status = JSON.parse(after.out) as { database: string; migrations: Array<{ state: string }> };
    expect(status.database).toBe('pglite');
    expect(status.migrations.every((m) => m.state === 'applied')).toBe(true);
    expect((await run('db', 'migrate')).out).toMatch(/up to date/);
  });

  it('refuses to reset without --yes and resets with it', async () => {
    const refused = await run('db', 'reset');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe('cetmap: db reset deletes all data; run again with --yes to confirm.');
    const reset = await run('db', 'reset', '--yes');
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(/database reset; migrated to level \d+ \(pglite\)/);
  });

  it('prints one clear line and exits non-zero on errors, with the stack only under --verbose', async () => {
    const bad = await main(
      ['node', 'cetmap', 'db', 'status'],
      { out: () => {}, err: () => {} },
      {
        DATABASE_URL: 'mysql://nope',
      },
    );
    expect(bad).toBe(1);
    const lines: string[] = [];
    await main(
      ['node', 'cetmap', 'db', 'reset', '--verbose'],
      { out: () => {}, err: (l) => lines.push(l) },
      {
        CETMAP_HOME: home,
      },
    );
    expect(lines[0]).toMatch(/^cetmap: db reset deletes all data/);
    expect(lines.join('\n')).toMatch(/at .*db\.ts/);
  });

  it('exits with a usage code on an unknown command', async () => {
    const r = await run('no-such-command');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown command/);
  });
});
