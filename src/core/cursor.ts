import { AppError } from './errors.ts';
import { isBusinessDate } from './money.ts';

// Keyset cursors of lists ordered by a business date then an id. A cursor comes back from the
// client, so it is read as untrusted input: one we did not write (or whose day does not exist,
// which the database would fail on) is refused instead of restarting or breaking the list.

export const invalidCursor = () =>
  new AppError('invalid', 'INVALID_CURSOR', 'cursor: not a cursor this list gave out.', { field: 'cursor' });

const DATE_ID = /^(\d{4}-\d{2}-\d{2})\|([A-Za-z0-9_]{1,64})$/;

/** `date|id` as written by a list; INVALID_CURSOR for anything else. */
export function readDateIdCursor(text: string): { date: string; id: string } {
  const match = DATE_ID.exec(text);
  if (!match || !isBusinessDate(match[1])) throw invalidCursor();
  return { date: match[1]!, id: match[2]! };
}
