import { z } from '@hono/zod-openapi';
import { isBusinessDate, isCurrency } from '../core/money.ts';

/** Building blocks every module's routes share: the error shape, id params, pagination, dates, currencies. */
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'VALIDATION_FAILED' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({
  content: { 'application/json': { schema: ErrorSchema } },
  description,
});

export const errorResponses = {
  400: errorResponse('Invalid input; `details.field` names the offending field'),
  401: errorResponse('Not signed in, or the API key is invalid'),
  403: errorResponse('The role does not allow this'),
  404: errorResponse('No such record in this organization'),
  409: errorResponse('Conflicts with the current state'),
  422: errorResponse('Well-formed but cannot be done'),
} as const;

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'mem_01jd0000000000000000000000' }),
});

/** Cursor pagination: pass `nextCursor` back as `cursor` until it is null. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
  cursor: z.string().max(200).optional(),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const isoDate = (value: Date | null) => (value ? value.toISOString() : null);

/** A business date, `YYYY-MM-DD`, that exists on the calendar. */
export const BusinessDate = z
  .string()
  .max(10)
  .refine(isBusinessDate, { message: 'Not a date; use YYYY-MM-DD.' })
  .openapi({ format: 'date', example: '2026-03-31' });

/** An ISO 4217 currency code. */
export const Currency = z
  .string()
  .max(3)
  .refine(isCurrency, { message: 'Not an ISO 4217 currency code (such as GBP, EUR or USD).' })
  .openapi({ example: 'GBP' });
