import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root folder, found by walking up to cetmap's package.json (works from src/ and from dist/). */
function findProjectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'package.json');
    if (
      existsSync(candidate) &&
      (JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string }).name === 'cetmap'
    ) {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('cetmap package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

export const PROJECT_ROOT = findProjectRoot();

/** A path inside the project, e.g. projectPath('src/db/migrations'). */
export const projectPath = (...parts: string[]): string => join(PROJECT_ROOT, ...parts);

export const VERSION: string = (
  JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as { version: string }
).version;
