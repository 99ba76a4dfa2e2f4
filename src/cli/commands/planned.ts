/**
 * Command groups whose modules are not built yet. Each says so plainly, names the issue that will
 * build it, and exits non-zero; none pretends to work. A group leaves this list when its module lands.
 */
import type { Command } from 'commander';
import { CetmapError } from '../../shared/errors.js';

export const PLANNED_GROUPS: ReadonlyArray<{ name: string; description: string; issue: number }> = [];

export function registerPlannedGroups(program: Command, implemented: ReadonlySet<string>): void {
  for (const group of PLANNED_GROUPS) {
    if (implemented.has(group.name)) continue;
    program
      .command(group.name)
      .description(`${group.description} (not available yet)`)
      .allowUnknownOption()
      .argument('[args...]')
      .action(() => {
        throw new CetmapError(
          'CET_BAD_INPUT',
          `\`cetmap ${group.name}\` is not available in this version yet (planned in issue #${group.issue}).`,
        );
      });
  }
}
