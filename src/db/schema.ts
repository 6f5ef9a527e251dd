// Every table of every module, for drizzle-kit and for typed queries. Modules add their tables here.
export * from '../api/idempotency.table.ts';
export * from '../jobs/jobs.table.ts';
export * from '../modules/audit/audit.table.ts';
export * from '../modules/company/company.table.ts';
export * from '../modules/files/attachment.table.ts';
export * from '../modules/identity/identity.table.ts';
export * from '../modules/interop/interop.table.ts';
export * from '../modules/ledger/ledger.table.ts';
export * from '../modules/purchasing/bill.table.ts';
export * from '../modules/purchasing/vendor.table.ts';
export * from '../modules/sales/document-message.table.ts';
export * from '../modules/sales/recurring.table.ts';
export * from '../modules/sales/reminder.table.ts';
export * from '../modules/sales/sales.table.ts';
export * from '../modules/sales/sales-import.table.ts';
