import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/index.ts';
import {
  ATTACHMENTS_PER_RECORD,
  checkAttachment,
  cleanFileName,
  defaultFileName,
} from './attachment.domain.ts';
import { attachment } from './attachment.table.ts';

// Files attached to records. These functions run in the owning module's transaction, after it has
// checked that the record exists in the organization and that the actor may change it.

export interface AttachmentInfo {
  id: string;
  entityType: string;
  entityId: string;
  fileName: string;
  contentType: string;
  byteSize: number;
  sha256: string;
  uploadedBy: string;
  createdAt: Date;
}

export interface AttachmentFile extends AttachmentInfo {
  bytes: Uint8Array;
}

export interface RecordRef {
  entityType: string;
  entityId: string;
}

const infoColumns = {
  id: attachment.id,
  entityType: attachment.entityType,
  entityId: attachment.entityId,
  fileName: attachment.fileName,
  contentType: attachment.contentType,
  byteSize: attachment.byteSize,
  sha256: attachment.sha256,
  uploadedBy: attachment.uploadedBy,
  createdAt: attachment.createdAt,
};

const attachmentNotFound = (id: string) =>
  new AppError('not_found', 'ATTACHMENT_NOT_FOUND', `No attachment ${id} on this record.`, { id });

const ofRecord = (orgId: string, ref: RecordRef) =>
  and(
    eq(attachment.orgId, orgId),
    eq(attachment.entityType, ref.entityType),
    eq(attachment.entityId, ref.entityId),
  );

/** The record's attachments, oldest first, without their bytes. */
export function listAttachments(q: Queryable, orgId: string, ref: RecordRef): Promise<AttachmentInfo[]> {
  return q.select(infoColumns).from(attachment).where(ofRecord(orgId, ref)).orderBy(asc(attachment.id));
}

/** One attachment of the record, with its bytes, or ATTACHMENT_NOT_FOUND. */
export async function getAttachment(
  q: Queryable,
  orgId: string,
  ref: RecordRef,
  id: string,
): Promise<AttachmentFile> {
  const [row] = await q
    .select({ ...infoColumns, bytes: attachment.bytes })
    .from(attachment)
    .where(and(ofRecord(orgId, ref), eq(attachment.id, id)));
  if (!row) throw attachmentNotFound(id);
  return row;
}

/**
 * Stores a file on the record. The same bytes under the same name on the same record are stored
 * once: a repeated upload returns the first.
 */
export async function addAttachment(
  tx: Tx,
  actor: Actor,
  ref: RecordRef,
  upload: { fileName: string | undefined; bytes: Uint8Array },
): Promise<AttachmentInfo> {
  const named = upload.fileName === undefined ? undefined : cleanFileName(upload.fileName);
  const contentType = checkAttachment(upload.bytes, named ?? '');
  const fileName = named ?? defaultFileName(contentType);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const existing = await listAttachments(tx, actor.orgId, ref);
  const same = existing.find((a) => a.sha256 === sha256 && a.fileName === fileName);
  if (same) return same;
  if (existing.length >= ATTACHMENTS_PER_RECORD)
    throw new AppError(
      'conflict',
      'ATTACHMENT_LIMIT_REACHED',
      `A record holds at most ${ATTACHMENTS_PER_RECORD} attachments; remove one first.`,
      { field: 'file' },
    );
  const [stored] = await tx
    .insert(attachment)
    .values({
      orgId: actor.orgId,
      id: newId('att'),
      ...ref,
      fileName,
      contentType,
      byteSize: upload.bytes.byteLength,
      sha256,
      bytes: upload.bytes,
      uploadedBy: actor.id,
    })
    .returning(infoColumns);
  const info = stored!;
  // The audit row names the file and its hash, never its content.
  await recordAudit(tx, actor, { entity: 'attachment', entityId: info.id, action: 'add', after: info });
  await emitEvent(tx, actor.orgId, 'files.attachment_added', { id: info.id, ...ref, fileName, sha256 });
  return info;
}

/** Removes one attachment of the record. */
export async function removeAttachment(tx: Tx, actor: Actor, ref: RecordRef, id: string): Promise<void> {
  const [removed] = await tx
    .delete(attachment)
    .where(and(ofRecord(actor.orgId, ref), eq(attachment.id, id)))
    .returning(infoColumns);
  if (!removed) throw attachmentNotFound(id);
  await recordAudit(tx, actor, { entity: 'attachment', entityId: id, action: 'remove', before: removed });
  await emitEvent(tx, actor.orgId, 'files.attachment_removed', { id, ...ref });
}

/** Removes every file of a record that is being deleted, in the deleting transaction. */
export async function removeAllAttachments(tx: Tx, orgId: string, ref: RecordRef): Promise<number> {
  const removed = await tx.delete(attachment).where(ofRecord(orgId, ref)).returning({ id: attachment.id });
  return removed.length;
}
