import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/env.ts';
import { attachmentRoutes } from './attachment.routes.ts';
import { documentFileRoutes } from './document-file.routes.ts';
import { invoiceRoutes } from './invoice.routes.ts';
import { paymentRoutes } from './payment.routes.ts';
import { recurringRoutes } from './recurring.routes.ts';
import { reminderRoutes } from './reminder.routes.ts';
import { salesReportRoutes } from './report.routes.ts';
import { salesRoutes } from './sales.routes.ts';
import { ublRoutes } from './ubl.routes.ts';

// Receivables' public surface: customers, the catalog, tax rates, quotes, invoices, credit notes,
// payments, aging and the tax summary. Documents are shaped for EN 16931 (UBL / Peppol BIS 3):
// the seller is the company profile, the buyer the customer snapshotted at issue.

export { type AgingRow, receivablesAging } from './aging.query.ts';
export { type Customer, getCustomer } from './customer.service.ts';
export { documentFileName, renderSalesDocumentPdf, type SalesDocumentPdfInput } from './document.pdf.ts';
export { type DocumentType, findIssuedByNumber, loadDocument, type SalesDocument } from './document.repo.ts';
export {
  type DocumentMessage,
  listDocumentMessages,
  MESSAGE_QUEUED,
  type SendOptions,
  sendSalesDocument,
} from './document-mail.service.ts';
export * from './document-message.table.ts';
export { type PdfFile, renderDocumentFile } from './document-pdf.service.ts';
export { computeTotals, type DocumentTotals, isOverdue } from './invoice.domain.ts';
export { getPayment, type Payment } from './payment.service.ts';
export { listRecurringInvoices, type RecurringRow } from './recurring.service.ts';
export { recurringViews } from './recurring.view.ts';
export { type ReminderRunResult, runReminders } from './reminder-run.service.ts';
export { SALES_SCHEDULES, salesJobHandlers } from './sales.jobs.ts';
export { salesSubscribers } from './sales.subscribers.ts';
export * from './sales.table.ts';
export { type CustomerStatement, customerStatement, type StatementSection } from './statement.query.ts';
export { getCustomerStatement, renderStatementFile } from './statement.service.ts';
export { TAX_CATEGORIES, type TaxCategory } from './tax.domain.ts';
export { type TaxSummaryRow, taxSummary } from './tax.query.ts';
export { findIssuedDocument, salesToEInvoice } from './ubl-export.mapping.ts';
export { importUblSalesDocument, type UblImportResult } from './ubl-import.service.ts';

/** Every receivables route, for MODULE_ROUTES. */
export function salesApi() {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', salesRoutes());
  app.route('/', invoiceRoutes());
  app.route('/', documentFileRoutes());
  app.route('/', paymentRoutes());
  app.route('/', salesReportRoutes());
  app.route('/', ublRoutes());
  app.route('/', attachmentRoutes());
  app.route('/', recurringRoutes());
  app.route('/', reminderRoutes());
  return app;
}
