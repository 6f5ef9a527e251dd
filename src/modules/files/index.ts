// Files attached to records of any module, kept in the database. The owning module checks the
// record and the actor's rights, then calls these in its own transaction.

export {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENTS_PER_RECORD,
  checkAttachment,
  cleanFileName,
  sniffAttachment,
} from './attachment.domain.ts';
export {
  type AttachmentFile,
  type AttachmentInfo,
  addAttachment,
  getAttachment,
  listAttachments,
  type RecordRef,
  removeAllAttachments,
  removeAttachment,
} from './attachment.service.ts';
export * from './attachment.table.ts';
