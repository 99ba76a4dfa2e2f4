/**
 * PGlite is single-process: two processes on one data directory corrupt it or silently lose writes.
 * The first process to open the directory writes a lock file with its pid; a second one fails fast
 * with a message that says who holds it and what to do. A lock left by a dead process is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CetmapError } from '../shared/errors.js';

export interface LockOwner {
  pid: number;
  host: string;
  command: string;
  since: string;
}

export const LOCK_FILE = 'cetmap.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockOwner;
  } catch {
    return undefined; // half-written or unreadable: treated as stale
  }
}

/** Takes the lock on `dir` for this process; returns the function that releases it. */
export function acquireOwnerLock(dir: string, command = process.argv.slice(1).join(' ')): () => void {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = { pid: process.pid, host: hostname(), command, since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify(me));
      closeSync(fd);
      return () => {
        if (readOwner(path)?.pid === me.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      const sameHost = owner?.host === me.host;
      if (owner && owner.pid !== me.pid && (!sameHost || isAlive(owner.pid))) {
        throw new CetmapError(
          'CET_DB_LOCKED',
          `The embedded database in ${dir} is in use by process ${owner.pid} on ${owner.host} ` +
            `(${owner.command || 'cetmap'}, since ${owner.since}). ` +
            'Stop that process first, or use its HTTP API, or set DATABASE_URL to share a PostgreSQL server.',
        );
      }
      rmSync(path, { force: true }); // stale: its process is gone
    }
  }
  throw new CetmapError(
    'CET_DB_LOCKED',
    `Could not take the lock ${path}; remove it if no cetmap process is running.`,
  );
}
