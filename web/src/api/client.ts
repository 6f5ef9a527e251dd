import createClient from 'openapi-fetch';
import type { paths } from './schema.gen.ts';

/** An API failure with the server's error shape: a stable code, a message and the field it names. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const ORG_KEY = 'ordo.org';

/** The organization the user works in (slug); sent as X-Ordo-Org on every API call. */
export const currentOrg = {
  get: (): string | null => localStorage.getItem(ORG_KEY),
  set(slug: string | null) {
    if (slug) localStorage.setItem(ORG_KEY, slug);
    else localStorage.removeItem(ORG_KEY);
  },
};

/** Typed client over the server's OpenAPI document (types generated into schema.gen.ts). */
export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    const org = currentOrg.get();
    if (org) request.headers.set('x-ordo-org', org);
    return request;
  },
});

interface ErrorBody {
  error?: { code?: string; message?: string; details?: Record<string, unknown> };
  code?: string;
  message?: string;
}

/** Turns any error body (ours, or better-auth's `{ code, message }`) into an ApiError. */
export function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as ErrorBody;
  const code = b.error?.code ?? b.code ?? `HTTP_${status}`;
  const message =
    b.error?.message ??
    b.message ??
    (status === 0 ? 'Cannot reach the Ordo server.' : `The server answered ${status}.`);
  const details = b.error?.details ?? {};
  // Validation errors name where the field was sent (`json.email`, `query.limit`); forms know it
  // by its path alone.
  const field =
    typeof details.field === 'string' ? details.field.replace(/^(json|query|param|header)\./, '') : undefined;
  return new ApiError(status, code, message, field, details);
}

/** Awaits an openapi-fetch call and returns its data, or throws an ApiError. */
export async function unwrap<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<NonNullable<T>> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw toApiError(0, undefined);
  }
  if (result.error !== undefined || !result.response.ok)
    throw toApiError(result.response.status, result.error);
  return result.data as NonNullable<T>;
}

/** A fresh Idempotency-Key, so a retried POST (double click, flaky network) never doubles anything. */
export const idempotencyKey = () => ({ 'idempotency-key': crypto.randomUUID() });
