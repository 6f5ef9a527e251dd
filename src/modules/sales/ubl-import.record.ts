import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { newId } from '../../core/ids.ts';
import type { Tx } from '../../db/client.ts';
import type { EInvoiceDocument } from '../einvoice/index.ts';
import { salesImport, salesImportRecord } from './sales-import.table.ts';

// A UBL import is keyed by the document it carries, so that importing the same e-invoice again
// (the same file, or a re-sent copy) adds nothing. It shares the CSV imports' tables: one
// `sales_import` row per file and one `sales_import_record` per document, whose reference is
// namespaced so that no CSV reference can collide with it. Deleting the draft forgets the record
// (the foreign key cascades), so a deleted draft can be imported again.

/**
 * What identifies an e-invoice in every copy of it: its seller and number, with the issue date and
 * total as well, because sellers (and the Peppol examples) do reuse a number for another document.
 */
export function ublReference(document: EInvoiceDocument): string {
  const seller = document.seller.vatId ?? document.seller.legalId?.id ?? document.seller.name;
  return `ubl:${document.kind}:${seller}:${document.number}:${document.issueDate}:${document.totals.taxInclusive}`;
}

/** The id of the document an earlier import of `reference` created, if it still exists. */
export async function previouslyImported(tx: Tx, orgId: string, reference: string): Promise<string | null> {
  const [row] = await tx
    .select({ documentId: salesImportRecord.documentId })
    .from(salesImportRecord)
    .where(
      and(
        eq(salesImportRecord.orgId, orgId),
        eq(salesImportRecord.kind, 'invoices'),
        eq(salesImportRecord.reference, reference),
      ),
    );
  return row?.documentId ?? null;
}

/** Remembers that `xml` became `documentId`, in the importing transaction. */
export async function rememberImport(
  tx: Tx,
  actor: Actor,
  xml: string,
  reference: string,
  documentId: string,
): Promise<void> {
  const contentHash = createHash('sha256').update(xml).digest('hex');
  // The file may have been imported before and its draft deleted since: its row is reused.
  const [existing] = await tx
    .select({ id: salesImport.id })
    .from(salesImport)
    .where(
      and(
        eq(salesImport.orgId, actor.orgId),
        eq(salesImport.kind, 'invoices'),
        eq(salesImport.contentHash, contentHash),
      ),
    );
  const importId = existing?.id ?? newId('imp');
  const created = [{ rows: [1], reference, id: documentId }];
  if (existing)
    await tx
      .update(salesImport)
      .set({ created, createdCount: 1 })
      .where(and(eq(salesImport.orgId, actor.orgId), eq(salesImport.id, importId)));
  else
    await tx.insert(salesImport).values({
      orgId: actor.orgId,
      id: importId,
      kind: 'invoices',
      contentHash,
      fileName: null,
      rowCount: 1,
      createdCount: 1,
      created,
      importedBy: actor.id,
    });
  await tx.insert(salesImportRecord).values({
    orgId: actor.orgId,
    kind: 'invoices',
    reference,
    importId,
    documentId,
  });
}
