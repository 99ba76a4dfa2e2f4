#!/usr/bin/env node
// Entry point of the `cetmap` command: builds once when sources changed, then runs the compiled CLI.
import { ensureBuild } from '../scripts/ensure-build.mjs';

try {
  ensureBuild({ quiet: !process.stderr.isTTY && process.env.CETMAP_QUIET_BUILD === '1' });
} catch (error) {
  process.stderr.write(`cetmap: ${error.message}\n`);
  process.exit(1);
}
const { main } = await import('../dist/server/cli/main.js');
const result = await main(process.argv);
// A finished command exits now, even if a library left a timer behind; `serve` keeps running.
// Piped output is written asynchronously: exit once it has been flushed, or long output is cut off.
if (result !== 'running') process.stdout.write('', () => process.exit(result));
