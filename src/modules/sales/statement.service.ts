import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import type { Db, Queryable } from '../../db/client.ts';
import { getCustomer } from './customer.service.ts';
import { buyerParty } from './document.pdf.ts';
import { type PdfFile, pdfSeller } from './document-pdf.service.ts';
import { salesRead, today } from './sales.kit.ts';
import { renderStatementPdf, statementFileName } from './statement.pdf.ts';
import { type CustomerStatement, customerStatement } from './statement.query.ts';

// Customer statements for people and programs: JSON for the customer page, PDF to print or send.

export interface StatementRange {
  /** Default: 1 January of `to`'s year. */
  from?: string;
  /** Default: today. */
  to?: string;
}

/** The range with its defaults; `from` after `to` is refused naming `from`. */
export function statementRange(range: StatementRange): { from: string; to: string } {
  const to = range.to ?? today();
  const from = range.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to)
    throw new AppError('invalid', 'INVALID_RANGE', `The statement starts (${from}) after it ends (${to}).`, {
      field: 'from',
    });
  return { from, to };
}

export function getCustomerStatement(
  db: Db,
  actor: Actor,
  customerId: string,
  range: StatementRange,
): Promise<CustomerStatement> {
  const dates = statementRange(range);
  return salesRead(db, actor, (q) => customerStatement(q, actor.orgId, customerId, dates));
}

/** The statement as a PDF, in the caller's transaction or read. */
export async function renderStatementFile(
  q: Queryable,
  orgId: string,
  customerId: string,
  range: StatementRange,
): Promise<PdfFile> {
  const statement = await customerStatement(q, orgId, customerId, statementRange(range));
  const seller = await pdfSeller(q, orgId);
  const buyer = buyerParty(await getCustomer(q, orgId, customerId));
  const bytes = await renderStatementPdf({ statement, seller, buyer });
  return { fileName: statementFileName(statement), contentType: 'application/pdf', bytes };
}

export function getCustomerStatementPdf(
  db: Db,
  actor: Actor,
  customerId: string,
  range: StatementRange,
): Promise<PdfFile> {
  statementRange(range); // refuse a bad range before opening a read
  return salesRead(db, actor, (q) => renderStatementFile(q, actor.orgId, customerId, range));
}
