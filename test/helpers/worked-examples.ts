/**
 * The reference worked examples (../shared/reference/worked-examples.json). Tests that use them skip,
 * saying so, when the reference folder is absent (a user's machine); CI has it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { projectPath } from '../../src/shared/paths.js';

export interface WorkedExample {
  id: string;
  method: string;
  section: string;
  inputs: Record<string, unknown>;
  expected: Record<string, unknown>;
  tolerance: { abs: number } & Record<string, number>;
  notes?: string;
}

export const WORKED_EXAMPLES_PATH = projectPath('..', 'shared', 'reference', 'worked-examples.json');

const all: WorkedExample[] = existsSync(WORKED_EXAMPLES_PATH)
  ? (JSON.parse(readFileSync(WORKED_EXAMPLES_PATH, 'utf8')) as { examples: WorkedExample[] }).examples
  : [];
if (all.length === 0) console.warn(`worked-example tests skipped: ${WORKED_EXAMPLES_PATH} not found`);

/** Examples whose method is `method` or starts with `method.`. */
export const workedExamples = (method: string): WorkedExample[] =>
  all.filter((e) => e.method === method || e.method.startsWith(`${method}.`));

/** Compares numbers (and nulls, arrays, records of them) within an absolute tolerance. */
export function expectClose(actual: unknown, expected: unknown, abs: number, path = 'value'): void {
  if (expected === null || typeof expected === 'string' || typeof expected === 'boolean') {
    expect(actual, path).toEqual(expected);
  } else if (typeof expected === 'number') {
    expect(typeof actual, path).toBe('number');
    expect(
      Math.abs((actual as number) - expected),
      `${path}: ${String(actual)} vs ${expected}`,
    ).toBeLessThanOrEqual(abs);
  } else if (Array.isArray(expected)) {
    expect(Array.isArray(actual), path).toBe(true);
    expect((actual as unknown[]).length, `${path}.length`).toBe(expected.length);
    expected.forEach((e, i) => expectClose((actual as unknown[])[i], e, abs, `${path}[${i}]`));
  } else {
    const exp = expected as Record<string, unknown>;
    const act = actual as Record<string, unknown>;
    expect(Object.keys(act).sort(), path).toEqual(Object.keys(exp).sort());
    for (const key of Object.keys(exp)) expectClose(act[key], exp[key], abs, `${path}.${key}`);
  }
}
