import { AppError, invalid } from '../../core/errors.ts';
import { isBusinessDate } from '../../core/money.ts';
import type { DocumentFilter } from './document.repo.ts';

// A document list's filters as the list, its CSV/XLSX export and the CLI take them, checked once
// here so that each reads the same rows: the page a user sees, its totals and the file it downloads.

/** Longest search text; numbers and references are far shorter, and a long pattern only costs. */
export const DOCUMENT_SEARCH_MAX = 100;

export interface DocumentFilterInput {
  customerId?: string;
  status?: string;
  /** Issue date on or after, `YYYY-MM-DD`. */
  from?: string;
  /** Issue date on or before, `YYYY-MM-DD`. */
  to?: string;
  /** Part of the number, the buyer's reference or the customer's name, in any case. */
  q?: string;
}

const dateOf = (value: string | undefined, field: 'from' | 'to') => {
  if (value === undefined || value === '') return undefined;
  if (!isBusinessDate(value))
    throw invalid('INVALID_DATE', `${field}: ${value} is not a date; use YYYY-MM-DD.`, { field });
  return value;
};

/**
 * The filter with its search trimmed (blank is no search) and its dates checked; `from` after `to`
 * is refused naming `from`, as the customer statement does.
 */
export function documentFilterOf(input: DocumentFilterInput, today: string): DocumentFilter {
  const from = dateOf(input.from, 'from');
  const to = dateOf(input.to, 'to');
  if (from && to && from > to)
    throw new AppError('invalid', 'INVALID_RANGE', `from: ${from} is after to (${to}).`, { field: 'from' });
  const q = input.q?.trim() || undefined;
  if (q && q.length > DOCUMENT_SEARCH_MAX)
    throw invalid('SEARCH_TOO_LONG', `q: search for at most ${DOCUMENT_SEARCH_MAX} characters.`, {
      field: 'q',
    });
  return {
    customerId: input.customerId || undefined,
    status: input.status || undefined,
    from,
    to,
    q,
    today,
  };
}
