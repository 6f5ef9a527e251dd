import { AppError } from '../../core/errors.ts';

// Receivables' errors. Codes are stable; `details.field` names the input at fault.

export const customerNotFound = (id: string, field?: string) =>
  new AppError('not_found', 'CUSTOMER_NOT_FOUND', `No customer with id ${id}.`, {
    id,
    ...(field ? { field } : {}),
  });
export const itemNotFound = (id: string, field?: string) =>
  new AppError('not_found', 'ITEM_NOT_FOUND', `No catalog item with id ${id}.`, {
    id,
    ...(field ? { field } : {}),
  });
export const taxRateNotFound = (id: string, field?: string) =>
  new AppError('invalid', 'UNKNOWN_TAX_RATE', `No tax rate with id ${id}.`, {
    id,
    ...(field ? { field } : {}),
  });
export const taxRateMissing = (id: string) =>
  new AppError('not_found', 'TAX_RATE_NOT_FOUND', `No tax rate with id ${id}.`, { id });
export const documentNotFound = (type: string, id: string) =>
  new AppError(
    'not_found',
    `${type.toUpperCase()}_NOT_FOUND`,
    `No ${type.replace('_', ' ')} with id ${id}.`,
    { id },
  );
export const paymentNotFound = (id: string) =>
  new AppError('not_found', 'PAYMENT_NOT_FOUND', `No payment with id ${id}.`, { id });
export const skuTaken = (sku: string) =>
  new AppError('conflict', 'SKU_TAKEN', `Another item already has the SKU ${sku}.`, { field: 'sku', sku });
export const notDraft = (type: string, status: string) =>
  new AppError(
    'conflict',
    status === 'draft' ? 'DOCUMENT_STATE' : `${type.toUpperCase()}_ALREADY_ISSUED`,
    `This ${type.replace('_', ' ')} is ${status}; only a draft can be changed or issued.`,
    { status },
  );
export const invoiceNotOpen = (status: string, field = 'invoiceId') =>
  new AppError(
    'conflict',
    'INVOICE_NOT_OPEN',
    `The invoice is ${status}; only an issued, unpaid part can be settled.`,
    {
      status,
      field,
    },
  );
export const invoiceHasPayments = () =>
  new AppError(
    'conflict',
    'INVOICE_HAS_PAYMENTS',
    'The invoice has payments; refund or move them before voiding it, or issue a partial credit note.',
  );
export const overAllocation = (field: string, open: bigint) =>
  new AppError('unprocessable', 'OVER_ALLOCATION', `That is more than is open (${open} minor units).`, {
    field,
    open: open.toString(),
  });
export const currencyMismatch = (field: string, expected: string, got: string) =>
  new AppError('unprocessable', 'CURRENCY_MISMATCH', `Expected ${expected}, not ${got}.`, {
    field,
    expected,
    got,
  });
export const customerMismatch = (field: string) =>
  new AppError('unprocessable', 'CUSTOMER_MISMATCH', 'The document belongs to another customer.', { field });
export const noLines = () =>
  new AppError('unprocessable', 'NO_LINES', 'A document needs at least one line before it is issued.', {
    field: 'lines',
  });
export const zeroTotal = () =>
  new AppError('unprocessable', 'ZERO_TOTAL', 'The document total is zero; there is nothing to issue.', {
    field: 'lines',
  });
export const noRate = (currency: string, base: string, date: string) =>
  new AppError(
    'unprocessable',
    'EXCHANGE_RATE_MISSING',
    `No ${currency}/${base} exchange rate on or before ${date}.`,
    {
      field: 'exchangeRate',
      currency,
      date,
    },
  );
export const invalidPattern = (field: string) =>
  new AppError(
    'invalid',
    'INVALID_NUMBER_PATTERN',
    'A number pattern needs one counter such as {0000}; it may use {YYYY}, {YY} and {MM}.',
    { field },
  );
export const mergeSelf = () =>
  new AppError('invalid', 'MERGE_SELF', 'A customer cannot be merged into itself.', { field: 'duplicateId' });
export const customerMerged = (intoId: string, field: string) =>
  new AppError('unprocessable', 'CUSTOMER_MERGED', `This customer was merged into ${intoId}; use that one.`, {
    field,
    mergedIntoId: intoId,
  });
