/**
 * Error kinds say what went wrong in domain terms; the API edge maps each kind to one HTTP status.
 * Domain code never knows HTTP.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (entity: string, id: string) =>
  new AppError('not_found', `${entity.toUpperCase()}_NOT_FOUND`, `No ${entity} with id ${id}.`, { id });

export const invalid = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('invalid', code, message, details);

export const forbidden = (permission: string) =>
  new AppError('forbidden', 'FORBIDDEN', `Your role does not allow ${permission}.`, { permission });
