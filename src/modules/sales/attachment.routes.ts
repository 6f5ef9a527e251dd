import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireActor } from '../../api/auth.middleware.ts';
import type { AppEnv } from '../../api/env.ts';
import { ErrorSchema, errorResponses, IdParam, json } from '../../api/openapi.ts';
import { AppError } from '../../core/errors.ts';
import { ATTACHMENT_MAX_BYTES, type AttachmentInfo } from '../files/index.ts';
import type { DocumentType } from './document.repo.ts';
import {
  attachToDocument,
  detachFromDocument,
  documentAttachment,
  documentAttachments,
} from './document-attachment.service.ts';

// Attachments of invoices, credit notes and quotes over HTTP. An upload's body is the file itself
// (any Content-Type; the type is read from its bytes) and its name travels in `?fileName=`, so a
// browser sends a File with one fetch and no multipart parsing. Downloads are always attachments.

const tags = ['Sales'];
const KINDS: { type: DocumentType; path: string; name: string }[] = [
  { type: 'invoice', path: 'invoices', name: 'invoice' },
  { type: 'credit_note', path: 'credit-notes', name: 'credit note' },
  { type: 'quote', path: 'quotes', name: 'quote' },
];

/** The paths whose uploads get `attachmentUploadLimit` instead of the app-wide body limit. */
export const ATTACHMENT_UPLOAD_PATH = /^\/api\/sales\/(invoices|credit-notes|quotes)\/[^/]+\/attachments$/;

/** Applied by the app before any other middleware reads the body (idempotency hashes it). */
export const attachmentUploadLimit = bodyLimit({
  maxSize: ATTACHMENT_MAX_BYTES,
  onError: () => {
    throw new AppError('too_large', 'ATTACHMENT_TOO_LARGE', 'Attachments are at most 10 MB.', {
      field: 'file',
    });
  },
});

const AttachmentSchema = z
  .object({
    id: z.string(),
    fileName: z.string(),
    contentType: z.string(),
    byteSize: z.number(),
    sha256: z.string(),
    uploadedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Attachment');
const view = (a: AttachmentInfo) => ({
  id: a.id,
  fileName: a.fileName,
  contentType: a.contentType,
  byteSize: a.byteSize,
  sha256: a.sha256,
  uploadedBy: a.uploadedBy,
  createdAt: a.createdAt.toISOString(),
});
const AttachmentParams = IdParam.extend({
  attachmentId: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: 'attachmentId', in: 'path' }, example: 'att_01jd0000000000000000000000' }),
});
const binary = z.string().openapi({ type: 'string', format: 'binary' });

/** Content-Disposition with the UTF-8 name (RFC 6266 / 5987) and an ASCII fallback. */
const disposition = (fileName: string) =>
  `attachment; filename="${fileName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;

export function attachmentRoutes() {
  const app = new OpenAPIHono<AppEnv>();
  const db = (c: Context<AppEnv>) => c.get('deps').store.db;

  for (const kind of KINDS) {
    const base = `/sales/${kind.path}/{id}/attachments`;
    app.openapi(
      createRoute({
        method: 'get',
        path: base,
        tags,
        summary: `The files attached to a ${kind.name}, oldest first`,
        request: { params: IdParam },
        responses: {
          200: json(z.object({ items: z.array(AttachmentSchema) }), 'Attachments'),
          ...errorResponses,
        },
      }),
      async (c) => {
        const items = await documentAttachments(db(c), requireActor(c), kind.type, c.req.valid('param').id);
        return c.json({ items: items.map(view) }, 200);
      },
    );
    app.openapi(
      createRoute({
        method: 'post',
        path: base,
        // Above the app-wide body limit; the contract tests read the limit here.
        'x-max-body-bytes': ATTACHMENT_MAX_BYTES,
        tags,
        summary: `Attach a file to a ${kind.name}: the body is the file (PDF, image, office document or text, at most 10 MB)`,
        request: {
          params: IdParam,
          query: z.object({
            fileName: z.string().min(1).max(255).optional().openapi({
              example: 'purchase-order.pdf',
              description: 'Default: "attachment" with the extension of its type',
            }),
          }),
          body: { content: { 'application/octet-stream': { schema: binary } }, required: true },
        },
        responses: {
          201: json(AttachmentSchema, 'Attached (or the same file already was)'),
          ...errorResponses,
          413: { content: { 'application/json': { schema: ErrorSchema } }, description: 'Larger than 10 MB' },
          415: {
            content: { 'application/json': { schema: ErrorSchema } },
            description: 'Not a PDF, image, office document or text',
          },
        },
      }),
      async (c) => {
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const attached = await attachToDocument(db(c), requireActor(c), kind.type, c.req.valid('param').id, {
          fileName: c.req.valid('query').fileName,
          bytes,
        });
        return c.json(view(attached), 201);
      },
    );
    app.openapi(
      createRoute({
        method: 'get',
        path: `${base}/{attachmentId}`,
        tags,
        summary: `Download a file attached to a ${kind.name}`,
        request: { params: AttachmentParams },
        responses: {
          200: { content: { 'application/octet-stream': { schema: binary } }, description: 'The file' },
          ...errorResponses,
        },
      }),
      async (c) => {
        const { id, attachmentId } = c.req.valid('param');
        const file = await documentAttachment(db(c), requireActor(c), kind.type, id, attachmentId);
        return c.body(new Uint8Array(file.bytes), 200, {
          'content-type': file.contentType,
          'content-disposition': disposition(file.fileName),
          'x-content-type-options': 'nosniff',
          'cache-control': 'private, no-store',
          'content-security-policy': "default-src 'none'; sandbox",
        });
      },
    );
    app.openapi(
      createRoute({
        method: 'delete',
        path: `${base}/{attachmentId}`,
        tags,
        summary: `Remove a file attached to a ${kind.name}`,
        request: { params: AttachmentParams },
        responses: { 204: { description: 'Removed' }, ...errorResponses },
      }),
      async (c) => {
        const { id, attachmentId } = c.req.valid('param');
        await detachFromDocument(db(c), requireActor(c), kind.type, id, attachmentId);
        return c.body(null, 204);
      },
    );
  }
  return app;
}
