import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { companyLogoOf, companyProfileOf } from '../company/index.ts';
import { getCustomer } from './customer.service.ts';
import { buyerParty, documentFileName, renderSalesDocumentPdf } from './document.pdf.ts';
import { type DocumentType, loadDocument, type SalesDocument } from './document.repo.ts';
import { addressLines, type PdfSeller } from './pdf.kit.ts';
import { salesRead } from './sales.kit.ts';
import { salesDocument } from './sales.table.ts';

// Loads what a sales PDF prints (the document, the company profile and logo, the buyer) and renders it.

export interface PdfFile {
  fileName: string;
  contentType: 'application/pdf';
  bytes: Buffer;
}

/** The seller block of every sales PDF: the company profile and its logo. */
export async function pdfSeller(q: Queryable, orgId: string): Promise<PdfSeller> {
  const profile = await companyProfileOf(q, orgId);
  const logo = await companyLogoOf(q, orgId);
  return {
    name: profile.tradingName || profile.legalName,
    legalName: profile.legalName,
    addressLines: addressLines(profile.address),
    taxIds: profile.taxIds.map((t) => `${t.scheme} ${t.value}`),
    contact: [
      profile.email,
      profile.phone,
      profile.website?.replace(/^https?:\/\//, '').replace(/\/$/, ''),
    ].filter((v): v is string => !!v),
    logo: logo ? { bytes: logo.bytes, contentType: logo.contentType } : null,
    // The profile has no bank details yet; when it does, they print under "Payment".
    paymentDetails: [],
  };
}

/** The document rendered as a PDF, in the caller's transaction or read. */
export async function renderDocumentFile(
  q: Queryable,
  orgId: string,
  type: DocumentType,
  id: string,
): Promise<PdfFile & { document: SalesDocument }> {
  const document = await loadDocument(q, orgId, type, id);
  const seller = await pdfSeller(q, orgId);
  // Issued documents print the buyer as snapshotted at issue; drafts and quotes the customer today.
  const snapshot = document.buyer as Parameters<typeof buyerParty>[0] | null;
  const buyer = buyerParty(snapshot ?? (await getCustomer(q, orgId, document.customerId)));
  let relatedNumber: string | null = null;
  if (type === 'credit_note' && document.relatedDocumentId) {
    const [related] = await q
      .select({ number: salesDocument.number })
      .from(salesDocument)
      .where(and(eq(salesDocument.orgId, orgId), eq(salesDocument.id, document.relatedDocumentId)));
    relatedNumber = related?.number ?? null;
  }
  const bytes = await renderSalesDocumentPdf({ document, seller, buyer, relatedNumber });
  return { fileName: documentFileName(document), contentType: 'application/pdf', bytes, document };
}

/** `GET /sales/{invoices|credit-notes|quotes}/{id}/pdf`: read permission, the actor's organization. */
export function getDocumentPdf(db: Db, actor: Actor, type: DocumentType, id: string): Promise<PdfFile> {
  return salesRead(db, actor, async (q) => {
    const { document: _, ...file } = await renderDocumentFile(q, actor.orgId, type, id);
    return file;
  });
}
