import { z } from '@hono/zod-openapi';

// The outbox page's contract: GET /api/comms/outbox (a page of messages, newest first) and
// GET /api/comms/outbox/{id} (the message as an .eml download, message/rfc822).

export const OutboxMessageSchema = z
  .object({
    id: z.string().openapi({ example: '20260302T101500.123Z-8f1c0a2b-1d2e@ordo.local' }),
    date: z.string().openapi({ format: 'date-time' }),
    to: z.string(),
    cc: z.string(),
    subject: z.string(),
    messageId: z.string(),
    attachments: z.array(z.string()).openapi({ example: ['INV-2026-0001.pdf'] }),
    size: z.number().int(),
  })
  .openapi('OutboxMessage');

export const OutboxPageSchema = z
  .object({
    /**
     * `file` when no SMTP server is configured (messages land here); `smtp` when mail leaves
     * through SMTP (the list then shows only what was kept before).
     */
    transport: z.enum(['smtp', 'file']),
    items: z.array(OutboxMessageSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('OutboxPage');

export const OutboxQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9.@_-]+$/)
    .optional(),
});

/** An outbox message id is its file name: longer than a record id, and never a path. */
export const OutboxIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(160)
    .regex(/^[A-Za-z0-9.@_-]+$/)
    .openapi({ param: { name: 'id', in: 'path' }, example: '20260302T101500.123Z-8f1c0a2b-1d2e@ordo.local' }),
});
