import type { Actor } from '../../core/actor.ts';
import type { Db } from '../../db/client.ts';
import {
  type AttachmentFile,
  type AttachmentInfo,
  addAttachment,
  getAttachment,
  listAttachments,
  type RecordRef,
  removeAttachment,
} from '../files/index.ts';
import { type DocumentType, loadDocument } from './document.repo.ts';
import { salesRead, salesTransaction } from './sales.kit.ts';

// Files kept with an invoice, credit note or quote (a purchase order, a signed delivery note, a
// timesheet). They are not part of the posted document: attaching or removing one is allowed in
// any state, by whoever may edit that kind of document, and is audited.

const refOf = (type: DocumentType, id: string): RecordRef => ({ entityType: `sales.${type}`, entityId: id });
const writePermission = (type: DocumentType) => (type === 'quote' ? 'quote:write' : 'invoice:write');

export function attachToDocument(
  db: Db,
  actor: Actor,
  type: DocumentType,
  id: string,
  upload: { fileName: string | undefined; bytes: Uint8Array },
): Promise<AttachmentInfo> {
  return salesTransaction(db, actor, writePermission(type), async (tx) => {
    // Locked, so that a concurrent delete of the draft cannot leave a file without its record.
    await loadDocument(tx, actor.orgId, type, id, true);
    return addAttachment(tx, actor, refOf(type, id), upload);
  });
}

export function documentAttachments(
  db: Db,
  actor: Actor,
  type: DocumentType,
  id: string,
): Promise<AttachmentInfo[]> {
  return salesRead(db, actor, async (q) => {
    await loadDocument(q, actor.orgId, type, id);
    return listAttachments(q, actor.orgId, refOf(type, id));
  });
}

export function documentAttachment(
  db: Db,
  actor: Actor,
  type: DocumentType,
  id: string,
  attachmentId: string,
): Promise<AttachmentFile> {
  return salesRead(db, actor, async (q) => {
    await loadDocument(q, actor.orgId, type, id);
    return getAttachment(q, actor.orgId, refOf(type, id), attachmentId);
  });
}

export function detachFromDocument(
  db: Db,
  actor: Actor,
  type: DocumentType,
  id: string,
  attachmentId: string,
): Promise<void> {
  return salesTransaction(db, actor, writePermission(type), async (tx) => {
    await loadDocument(tx, actor.orgId, type, id, true);
    await removeAttachment(tx, actor, refOf(type, id), attachmentId);
  });
}
