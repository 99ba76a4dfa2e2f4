/**
 * Random secrets and their digests. Session ids, API tokens and reset tokens leave the server once and are
 * stored only as SHA-256 digests; comparisons of secrets are constant-time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, base64url, optionally with a readable prefix (`cet_` for API tokens). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** Constant-time string comparison (lengths are compared first; lengths are not secret here). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The CSRF token of a session: an HMAC keyed by the session id (which only the HttpOnly cookie carries).
 * Another site can make the browser send the cookie but cannot read it, so it cannot compute this token.
 */
export const csrfTokenFor = (sessionId: string): string =>
  createHmac('sha256', sessionId).update('cetmap-csrf-v1').digest('base64url');

export const API_TOKEN_PREFIX = 'cet_';
