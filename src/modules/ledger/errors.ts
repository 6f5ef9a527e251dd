import { AppError } from '../../core/errors.ts';

// The ledger's errors. Codes are stable (clients and other modules match on them); `details.field`
// names the input at fault, `details.line` the 1-based journal line.

export const accountNotFound = (id: string, field?: string) =>
  new AppError('not_found', 'ACCOUNT_NOT_FOUND', `No account with id ${id}.`, {
    id,
    ...(field ? { field } : {}),
  });

export const accountNameTaken = (name: string) =>
  new AppError('conflict', 'ACCOUNT_NAME_TAKEN', `There is already an account named "${name}".`, {
    field: 'name',
    name,
  });

export const accountCodeTaken = (code: string) =>
  new AppError('conflict', 'ACCOUNT_CODE_TAKEN', `Another account already has the code ${code}.`, {
    field: 'code',
    code,
  });

export const accountHasPostings = (name: string, what: string) =>
  new AppError(
    'conflict',
    'ACCOUNT_HAS_POSTINGS',
    `"${name}" has postings, so it cannot be ${what}; archive it instead.`,
    { name },
  );

export const accountInDrafts = (name: string) =>
  new AppError(
    'conflict',
    'ACCOUNT_IN_DRAFTS',
    `Draft journal entries use "${name}"; change or delete them first.`,
    { name },
  );

export const entryNotFound = (id: string) =>
  new AppError('not_found', 'JOURNAL_ENTRY_NOT_FOUND', `No journal entry with id ${id}.`, { id });

export const entryAlreadyPosted = (id: string, seq: number | null) =>
  new AppError(
    'conflict',
    'ENTRY_ALREADY_POSTED',
    `Journal entry ${seq === null ? id : `#${seq}`} is posted and cannot be changed; post a reversal instead.`,
    { id, seq },
  );

export const entryNotPosted = (id: string) =>
  new AppError(
    'conflict',
    'ENTRY_NOT_POSTED',
    'Only a posted entry can be reversed; delete the draft instead.',
    {
      id,
    },
  );

export const entryAlreadyReversed = (id: string, reversalId: string) =>
  new AppError('conflict', 'ENTRY_ALREADY_REVERSED', 'This entry has already been reversed.', {
    id,
    reversalId,
  });

export const periodLocked = (date: string, lockDate: string, which: 'everyone' | 'non_accountants') =>
  new AppError(
    'unprocessable',
    'PERIOD_LOCKED',
    which === 'everyone'
      ? `The books are locked up to ${lockDate}; ${date} is inside the locked period.`
      : `The books are locked for your role up to ${lockDate}; ${date} is inside the locked period. Ask an accountant.`,
    { field: 'date', date, lockDate, lock: which },
  );

export const chartNotEmpty = () =>
  new AppError(
    'conflict',
    'CHART_NOT_EMPTY',
    'The chart of accounts already has accounts; a template can only be applied to an empty chart.',
  );

export const chartTemplateNotFound = (id: string) =>
  new AppError('invalid', 'CHART_TEMPLATE_NOT_FOUND', `There is no chart template "${id}".`, {
    field: 'templateId',
    id,
  });

export const accountWithSubtypeMissing = (subtype: string, what: string) =>
  new AppError(
    'unprocessable',
    'ACCOUNT_MISSING',
    `The chart of accounts has no ${what} account (an account of subtype ${subtype}); add one first.`,
    { subtype },
  );

export { invalidCursor } from '../../core/cursor.ts';
