import { AppError, invalid } from '../../core/errors.ts';

// The reports' errors. Codes are stable; `details.field` names the input at fault.

export const invalidReportDate = (field: string, value: unknown) =>
  invalid('INVALID_DATE', `${field}: "${String(value).slice(0, 40)}" is not a date; use YYYY-MM-DD.`, {
    field,
  });

export const rangeReversed = (from: string, to: string) =>
  invalid('DATE_RANGE_REVERSED', `from: ${from} is after to (${to}); the range runs from the earlier date.`, {
    field: 'from',
    from,
    to,
  });

export const tooManyColumns = (count: number, max: number) =>
  invalid(
    'TOO_MANY_COLUMNS',
    `columns: the range makes ${count} columns; at most ${max} fit a statement. Choose longer columns or a shorter range.`,
    { field: 'columns', count, max },
  );

export const invalidChoice = (field: string, value: unknown, choices: readonly string[]) =>
  invalid(
    'INVALID_CHOICE',
    `${field}: "${String(value).slice(0, 40)}" is not one of ${choices.join(', ')}.`,
    { field, choices },
  );

export const reportTooLarge = (lines: number, max: number) =>
  new AppError(
    'unprocessable',
    'REPORT_TOO_LARGE',
    `The report has over ${max} lines, more than an XLSX or PDF export holds. Narrow the date range, choose one account, or export it as CSV (any length).`,
    { lines, max },
  );
