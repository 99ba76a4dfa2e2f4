/**
 * Runs the real `cetmap serve` (bin/cetmap.js, the same path as `npm start`) in a child process on a free port,
 * with its own CETMAP_HOME, and stops it with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectPath } from '../../src/shared/paths.js';

export interface ServerProcess {
  url: string;
  home: string;
  child: ChildProcess;
  output: () => string;
  stop(): Promise<number | null>;
}

export async function startServerProcess(
  options: { args?: string[]; env?: NodeJS.ProcessEnv; home?: string; timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'cetmap-serve-'));
  const child = spawn(
    process.execPath,
    [projectPath('bin/cetmap.js'), 'serve', '--port', '0', ...(options.args ?? [])],
    {
      cwd: projectPath(),
      env: { ...process.env, CETMAP_HOME: home, LOG_LEVEL: 'warn', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let log = '';
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start in time:\n${log}`)),
      options.timeoutMs ?? 120_000,
    );
    const poll = setInterval(() => {
      const match = /cetmap is serving (http:\/\/\S+)/.exec(log);
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      }
    }, 50);
    child.once('exit', (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${log}`));
    });
  });
  return {
    url,
    home,
    child,
    output: () => log,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const code = await exited;
      if (!options.home) rmSync(home, { recursive: true, force: true });
      return code;
    },
  };
}
