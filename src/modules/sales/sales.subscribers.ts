import { and, eq } from 'drizzle-orm';
import type { Store } from '../../db/client.ts';
import { withOrg } from '../../db/tenancy.ts';
import type { Mailer } from '../comms/index.ts';
import { companyProfileOf } from '../company/index.ts';
import type { DocumentType } from './document.repo.ts';
import { MESSAGE_QUEUED } from './document-mail.service.ts';
import { salesDocumentMessage } from './document-message.table.ts';
import { renderDocumentFile } from './document-pdf.service.ts';

interface DeliveredEvent {
  orgId: string;
  type: string;
  payload: unknown;
}

/**
 * Outbox subscribers of receivables: a queued document message is rendered (the PDF as the document
 * is at delivery) and mailed after its transaction committed, then marked sent (or failed, with the
 * reason, and retried by the dispatcher). Delivery is at least once: a crash between the mail
 * server's acceptance and the mark sends it again.
 */
export function salesSubscribers(deps: { store: Store; mailer: Mailer }) {
  return {
    'sales.document-mail': async (event: DeliveredEvent) => {
      if (event.type !== MESSAGE_QUEUED) return;
      const { id, documentId, documentType } = event.payload as {
        id: string;
        documentId: string;
        documentType: DocumentType;
      };
      const key = and(eq(salesDocumentMessage.orgId, event.orgId), eq(salesDocumentMessage.id, id));
      const prepared = await withOrg(deps.store.db, event.orgId, async (tx) => {
        const [message] = await tx.select().from(salesDocumentMessage).where(key);
        if (!message || message.status === 'sent') return null;
        const file = await renderDocumentFile(tx, event.orgId, documentType, documentId);
        const company = await companyProfileOf(tx, event.orgId);
        return { message, file, replyTo: company.email };
      });
      if (!prepared) return;
      const { message, file, replyTo } = prepared;
      try {
        const sent = await deps.mailer.send({
          orgId: event.orgId,
          to: message.toAddresses,
          ...(message.ccAddresses.length ? { cc: message.ccAddresses } : {}),
          ...(replyTo ? { replyTo } : {}),
          subject: message.subject,
          text: message.body,
          attachments: [{ filename: file.fileName, content: file.bytes, contentType: file.contentType }],
        });
        await withOrg(deps.store.db, event.orgId, (tx) =>
          tx
            .update(salesDocumentMessage)
            .set({
              status: 'sent',
              transport: sent.transport,
              transportMessageId: sent.messageId,
              attachmentName: file.fileName,
              error: null,
              sentAt: new Date(),
            })
            .where(key),
        );
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await withOrg(deps.store.db, event.orgId, (tx) =>
          tx
            .update(salesDocumentMessage)
            .set({ status: 'failed', error: reason.slice(0, 1000) })
            .where(key),
        );
        throw error; // the dispatcher tries again later
      }
    },
  };
}
