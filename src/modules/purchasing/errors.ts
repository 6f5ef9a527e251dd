import { AppError } from '../../core/errors.ts';

// Payables' errors. Codes are stable; `details.field` names the input at fault.

export const vendorNotFound = (id: string, field?: string) =>
  new AppError('not_found', 'VENDOR_NOT_FOUND', `No vendor with id ${id}.`, {
    id,
    ...(field ? { field } : {}),
  });
export const vendorArchived = (name: string, field = 'vendorId') =>
  new AppError('unprocessable', 'VENDOR_ARCHIVED', `${name} is archived; unarchive the vendor first.`, {
    field,
  });
export const billNotFound = (type: string, id: string) =>
  new AppError(
    'not_found',
    type === 'vendor_credit' ? 'VENDOR_CREDIT_NOT_FOUND' : 'BILL_NOT_FOUND',
    `No ${type === 'vendor_credit' ? 'vendor credit' : 'bill'} with id ${id}.`,
    { id },
  );
export const billState = (status: string, allowed: string, field?: string) =>
  new AppError('conflict', 'BILL_STATE', `The bill is ${status.replace('_', ' ')}; ${allowed}.`, {
    status,
    ...(field ? { field } : {}),
  });
export const paymentNotFound = (id: string) =>
  new AppError('not_found', 'BILL_PAYMENT_NOT_FOUND', `No bill payment with id ${id}.`, { id });
export const overpayment = (field: string, open: bigint) =>
  new AppError('unprocessable', 'OVERPAYMENT', `That is more than is due (${open} minor units open).`, {
    field,
    open: open.toString(),
  });
export const accountRefused = (field: string, message: string) =>
  new AppError('unprocessable', 'ACCOUNT_NOT_ALLOWED', message, { field });
