import type { Store } from '../../db/client.ts';
import type { JobHandler } from '../../jobs/index.ts';
import { type RecurringDeps, runAllDueRecurringInvoices } from './recurring-run.service.ts';
import { runAllReminders } from './reminder-run.service.ts';

// Receivables' scheduled work, registered by the server on the durable scheduler. Occurrences are
// UTC dates, so the recurring job runs just after midnight UTC; after downtime the scheduler runs
// each missed tick and the first creates every occurrence still due, in order. Reminders go out
// at 06:00 UTC.

export const SALES_SCHEDULES = [
  {
    name: 'sales.recurring-invoices',
    handler: 'sales.recurring-invoices',
    rrule: 'FREQ=DAILY;BYHOUR=0;BYMINUTE=5;BYSECOND=0',
  },
  {
    name: 'sales.reminders',
    handler: 'sales.reminders',
    rrule: 'FREQ=DAILY;BYHOUR=6;BYMINUTE=0;BYSECOND=0',
  },
];

export interface SalesJobOptions extends RecurringDeps {
  /** The clock the jobs read today's date from (tests move it by hand). */
  now?: () => Date;
}

const utcDate = (d: Date) => d.toISOString().slice(0, 10);

export function salesJobHandlers(store: Store, options: SalesJobOptions = {}): Record<string, JobHandler> {
  const now = options.now ?? (() => new Date());
  return {
    // The date is the clock's, not the tick's: a late tick creates everything due by today at once.
    'sales.recurring-invoices': async () => {
      await runAllDueRecurringInvoices(store.db, utcDate(now()), options);
    },
    // Only the step current on the day is sent, so catching up several missed days sends it once.
    'sales.reminders': async () => {
      await runAllReminders(store.db, utcDate(now()));
    },
  };
}
