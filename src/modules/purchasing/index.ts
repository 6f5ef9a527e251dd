import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../api/env.ts';
import { billRoutes } from './bill.routes.ts';
import { payablesRoutes } from './payables.routes.ts';
import { ublBillRoutes } from './ubl.routes.ts';
import { vendorRoutes } from './vendor.routes.ts';

// Payables' public surface: vendors (with checked bank details), bills and vendor credits,
// approvals, bill payments, payables aging, and bills from UBL e-invoices. Postings go through the
// ledger's postJournal; tax rates are the sales module's (one list of rates for both directions).

export { type ApprovalRule, approvalState } from './approval.domain.ts';
export { billApprovalOf, decideBill, submitBill } from './approval.service.ts';
export { checkBankAccount, ibanProblem, routingNumberProblem } from './bank-account.domain.ts';
export { type Bill, type BillType, listBills, loadBill } from './bill.repo.ts';
export { type BillInput, createBill, deleteBill, scheduleBill, updateBill } from './bill.service.ts';
export * from './bill.table.ts';
export { applyVendorCredit, type BillPayment, payBill, payBills } from './bill-payment.service.ts';
export { billsDueSoon, payablesAging, vendorBalances, vendorHistory } from './payables.query.ts';
export { purchasingSettingsOf, updatePurchasingSettings } from './settings.service.ts';
export { importUblBill, type UblBillImportResult, ublBillReference } from './ubl-import.service.ts';
export { createVendor, getVendor, listVendors, updateVendor, type Vendor } from './vendor.service.ts';
export * from './vendor.table.ts';

/** Every payables route, for MODULE_ROUTES. */
export function purchasingApi() {
  const app = new OpenAPIHono<AppEnv>();
  app.route('/', vendorRoutes());
  app.route('/', billRoutes());
  app.route('/', payablesRoutes());
  app.route('/', ublBillRoutes());
  return app;
}
