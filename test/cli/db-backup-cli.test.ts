/** `cetmap db backup` and `db restore` on the embedded database: a deleted account comes back. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliRunner } from '../helpers/cli.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-backup-cli-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));
const run = cliRunner({ CETMAP_HOME: home, DATABASE_URL: '' });

describe('cetmap db backup / restore', () => {
  it('writes a backup and restores it only when confirmed', async () => {
    expect((await run('db', 'migrate')).code).toBe(0);
    const file = join(home, 'before.backup');
    const backup = await run('db', 'backup', file);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toMatch(
      /^backup of the pglite database written to .*before\.backup: [\d.]+ MiB, \d+ tables, \d+ rows$/,
    );
    expect((await run('db', 'reset', '--yes')).code).toBe(0);
    const refused = await run('db', 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('--yes');
    const restored = await run('db', 'restore', file, '--yes');
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toMatch(/^restored the pglite database from .* \(migration level \d+\)$/);
    const status = await run('db', 'status');
    expect(status.out).toContain('no pending migrations');
    const junk = await run('db', 'restore', join(home, 'nothing-here'), '--yes');
    expect(junk.code).toBe(1);
    expect(junk.err).toContain('Cannot read');
  }, 120_000);
});
