import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openDatabase } from '../../src/db/create-db.js';
import { LOCK_FILE } from '../../src/db/owner-lock.js';

const home = mkdtempSync(join(tmpdir(), 'cetmap-lock-'));
const dataDir = join(home, 'db');
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Starts the holder process and returns a function that sends a line and waits for the reply line. */
function startHolder(): { child: ChildProcessWithoutNullStreams; ask: (line?: string) => Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/hold-db.ts', dataDir], {
    stdio: 'pipe',
  });
  const lines: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  let buffer = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const ask = (line?: string): Promise<string> => {
    if (line !== undefined) child.stdin.write(line + '\n');
    const queued = lines.shift();
    return queued !== undefined ? Promise.resolve(queued) : new Promise((resolve) => waiters.push(resolve));
  };
  return { child, ask };
}

describe('embedded database single owner', () => {
  it('refuses a second process with a clear message while the first keeps working and loses nothing', async () => {
    const holder = startHolder();
    expect(await holder.ask()).toBe('ready');
    expect(await holder.ask('write before')).toBe('written');

    // A second process (the CLI, in-process here) must fail fast and say who holds the database.
    const errors: string[] = [];
    const code = await main(
      ['node', 'cetmap', 'db', 'status'],
      { out: () => {}, err: (l) => errors.push(l) },
      {
        CETMAP_HOME: home,
      },
    );
    expect(code).toBe(1);
    expect(errors.join('\n')).toMatch(new RegExp(`in use by process ${holder.child.pid}`));
    expect(errors.join('\n')).toMatch(/Stop that process first/);

    // The first process is unaffected.
    expect(await holder.ask('write after')).toBe('written');
    expect(await holder.ask('count')).toBe('count 2');
    const exited = new Promise((resolve) => holder.child.once('exit', resolve));
    expect(await holder.ask('exit')).toBe('closed');
    holder.child.stdin.end();
    await exited;

    // Once it has gone, the directory opens again with both rows intact.
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const rows = await handle.db.selectFrom('dataset').select('id').orderBy('id').execute();
      expect(rows.map((r) => r.id)).toEqual(['after', 'before']);
    } finally {
      await handle.close();
    }
  });

  it('takes over a lock left by a process that no longer exists', async () => {
    writeFileSync(
      join(dataDir, LOCK_FILE),
      JSON.stringify({
        pid: 2 ** 22 + 12345,
        host: (await import('node:os')).hostname(),
        command: 'gone',
        since: '',
      }),
    );
    const handle = await openDatabase({ kind: 'pglite', dataDir });
    await handle.close();
  });
});
