/**
 * Every failure leaves the API as RFC 9457 problem+json: type, title, status, detail, instance, plus
 * cetmap's `code` and, for invalid input, `errors` naming each field.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ERROR_CODES, isCetmapError, type ErrorCode, type FieldIssue } from '../shared/errors.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  errors?: FieldIssue[];
}

/** Problem types resolve to this server's catalogue (GET /api/v1/problems/:slug), documented in docs/errors.md. */
export const PROBLEM_TYPE_BASE = '/api/v1/problems/';

export function problem(
  code: ErrorCode,
  detail: string,
  request: FastifyRequest,
  extra: { status?: number; errors?: FieldIssue[] } = {},
): Problem {
  const body: Problem = {
    type: PROBLEM_TYPE_BASE + code.toLowerCase().replace(/_/g, '-'),
    title: ERROR_CODES[code].title,
    status: extra.status ?? ERROR_CODES[code].status,
    detail,
    instance: request.url,
    code,
  };
  if (extra.errors && extra.errors.length > 0) body.errors = extra.errors;
  return body;
}

export const sendProblem = (reply: FastifyReply, body: Problem): FastifyReply =>
  reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);

function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.map((v) => ({
      field: [context, ...v.instancePath.split('/').filter(Boolean)].join('.'),
      message: v.message ?? 'is invalid',
    }));
    return problem('CET_BAD_INPUT', errors.map((e) => `${e.field}: ${e.message}`).join('; '), request, {
      errors,
    });
  }
  if (isCetmapError(error)) {
    return problem(error.code, error.message, request, {
      status: error.statusCode,
      errors: [...error.issues],
    });
  }
  if (isResponseSerializationError(error)) {
    return problem('CET_INTERNAL', 'The server produced a response that does not match its schema.', request);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return problem('CET_RATE_LIMITED', error.message, request);
  if (status >= 400 && status < 500) {
    // Fastify's own client errors: malformed JSON, unsupported media type, body too large.
    return problem(status === 404 ? 'CET_NOT_FOUND' : 'CET_BAD_INPUT', error.message, request, { status });
  }
  return problem('CET_INTERNAL', 'An unexpected error occurred; it has been logged.', request);
}

export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const body = toProblem(error, request);
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body);
  });
}
