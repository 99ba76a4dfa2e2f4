// Builds the server (tsc) and the web app (vite) only when their sources changed since the last build,
// so `npm start` builds once on a fresh clone and starts in a moment afterwards.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function hashTree(paths) {
  const hash = createHash('sha256');
  const visit = (p) => {
    if (!existsSync(p)) return;
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) visit(join(p, name));
    } else if (!p.endsWith('.test.ts')) {
      hash.update(p.slice(root.length)).update(readFileSync(p));
    }
  };
  for (const p of paths) visit(join(root, p));
  return hash.digest('hex');
}

const targets = [
  {
    name: 'server',
    stamp: 'dist/.server-stamp',
    output: 'dist/server/cli/main.js',
    inputs: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    command: ['node_modules/typescript/bin/tsc', ['-p', 'tsconfig.build.json']],
  },
  {
    name: 'web app',
    stamp: 'dist/.web-stamp',
    output: 'dist/web/index.html',
    inputs: ['web', 'src/shared', 'vite.config.ts', 'package-lock.json'],
    command: ['node_modules/vite/bin/vite.js', ['build', '--logLevel', 'warn']],
  },
];

export function ensureBuild({ quiet = false } = {}) {
  for (const t of targets) {
    const digest = hashTree(t.inputs);
    const stampPath = join(root, t.stamp);
    const upToDate =
      existsSync(join(root, t.output)) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === digest;
    if (upToDate) continue;
    const [script, args] = t.command;
    if (!existsSync(join(root, script))) {
      if (existsSync(join(root, t.output))) continue; // installed without dev tools: use the shipped build
      throw new Error(`The ${t.name} is not built and ${script} is missing: run npm ci first.`);
    }
    if (!quiet) process.stderr.write(`Building the ${t.name} (sources changed or first run)…\n`);
    execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'inherit' });
    mkdirSync(dirname(stampPath), { recursive: true });
    writeFileSync(stampPath, digest);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuild();
