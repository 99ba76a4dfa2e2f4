/**
 * The error catalogue. Every failure a user can see has a code; docs/errors.md has one row per code.
 * Errors are turned into responses in exactly two places: api/error-handler.ts and cli/main.ts.
 */
export const ERROR_CODES = {
  CET_BAD_INPUT: { status: 400, title: 'Invalid input' },
  CET_UNAUTHENTICATED: { status: 401, title: 'Sign-in required' },
  CET_FORBIDDEN: { status: 403, title: 'Not allowed' },
  CET_CSRF: { status: 403, title: 'Missing or wrong CSRF token' },
  CET_NOT_FOUND: { status: 404, title: 'Not found' },
  CET_CONFLICT: { status: 409, title: 'Conflict' },
  CET_RATE_LIMITED: { status: 429, title: 'Too many requests' },
  CET_ACCOUNT_LOCKED: { status: 423, title: 'Account temporarily locked' },
  CET_DB_LOCKED: { status: 503, title: 'Embedded database in use by another process' },
  CET_DB_UNAVAILABLE: { status: 503, title: 'Database unavailable' },
  CET_UPSTREAM: { status: 502, title: 'An external service failed' },
  CET_MIGRATION_FAILED: { status: 500, title: 'Database migration failed' },
  CET_CONFIG: { status: 500, title: 'Invalid configuration' },
  CET_AUDIT_BROKEN: { status: 500, title: 'Audit log does not verify' },
  CET_INTERNAL: { status: 500, title: 'Internal error' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** One problem with one field of an input, located as precisely as we can (file, row, field path). */
export interface FieldIssue {
  field: string;
  message: string;
  location?: string;
}

export class CetmapError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly issues: readonly FieldIssue[];

  constructor(
    code: ErrorCode,
    message: string,
    options: ErrorOptions & { issues?: readonly FieldIssue[]; statusCode?: number } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CetmapError';
    this.code = code;
    this.statusCode = options.statusCode ?? ERROR_CODES[code].status;
    this.issues = options.issues ?? [];
  }
}

export const isCetmapError = (error: unknown): error is CetmapError => error instanceof CetmapError;

export const notFound = (what: string): CetmapError =>
  new CetmapError('CET_NOT_FOUND', `${what} was not found.`);
