/** Runs the `cetmap` CLI in-process with its own environment, capturing its output lines. */
import { main } from '../../src/cli/main.js';

export interface CliRun {
  code: number | 'running';
  out: string;
  err: string;
}

export function cliRunner(env: NodeJS.ProcessEnv): (...args: string[]) => Promise<CliRun> {
  return async (...args) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      ['node', 'cetmap', ...args],
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      env,
    );
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
}
