/** Password hashing (argon2id, @node-rs/argon2 defaults: m=19 MiB, t=2, p=1) and the password rule. */
import { hash, verify, type Options } from '@node-rs/argon2';
import { CetmapError } from '../shared/errors.js';

export const MIN_PASSWORD_LENGTH = 12;

export function checkPasswordRule(password: string, username?: string): void {
  const problems: string[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push(`at least ${MIN_PASSWORD_LENGTH} characters`);
  if ([...password].length > 1024) problems.push('at most 1024 characters');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('must not contain the username');
  if (problems.length > 0) {
    throw new CetmapError('CET_BAD_INPUT', `The password is not acceptable: ${problems.join('; ')}.`, {
      issues: problems.map((message) => ({ field: 'password', message })),
    });
  }
}

/** Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2 as NonNullable<Options['algorithm']>;

export const hashPassword = (password: string): Promise<string> => hash(password, { algorithm: ARGON2ID });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the username is unknown, so the answer takes as long as for a real account. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = (): Promise<string> =>
  (dummyHash ??= hashPassword('not-a-password-of-anyone'));
