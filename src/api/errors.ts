import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { AppError, type ErrorKind } from '../core/errors.ts';

/** The one map from domain error kinds to HTTP statuses. */
const STATUS: Record<ErrorKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

export const errorBody = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
): ErrorBody => ({
  error: { code, message, details },
});

export function errorResponse(c: Context, error: AppError) {
  return c.json(errorBody(error.code, error.message, error.details), STATUS[error.kind]);
}

const HTTP_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'BODY_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Every error leaves as `{ error: { code, message, details } }`; only our own bugs become a 500. */
export function handleError(error: Error, c: Context) {
  if (error instanceof AppError) return errorResponse(c, error);
  if (error instanceof HTTPException) {
    const malformed = /malformed json/i.test(error.message);
    const code = malformed ? 'MALFORMED_JSON' : (HTTP_CODES[error.status] ?? 'HTTP_ERROR');
    const message = malformed ? 'The request body is not valid JSON.' : error.message || code;
    return c.json(errorBody(code, message), error.status as ContentfulStatusCode);
  }
  console.error(`[${c.req.method} ${c.req.path}]`, error);
  return c.json(errorBody('INTERNAL', 'Something went wrong on our side; it has been logged.'), 500);
}

/** Turns a zod failure into a 400 that names each offending field. */
export function validationError(error: ZodError, target: string): AppError {
  const issues = error.issues.map((issue) => ({
    field: [target, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  const first = issues[0];
  return new AppError(
    'invalid',
    'VALIDATION_FAILED',
    first ? `${first.field}: ${first.message}` : 'The request is not valid.',
    { field: first?.field, issues },
  );
}
