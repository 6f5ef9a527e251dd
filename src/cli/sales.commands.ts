import { invalid } from '../core/errors.ts';
import { isBusinessDate } from '../core/money.ts';
import { readInOrg } from '../db/tenancy.ts';
import { listRecurringInvoices, recurringViews, runReminders } from '../modules/sales/index.ts';
import { type Command, formatTable, orgBySlug, parse, requireString } from './command-kit.ts';

// Receivables' scheduled work on the terminal: the recurring invoice schedules with their last and
// next run, and the day's payment reminders (sent now, or listed with --dry-run).

const todayUtc = () => new Date().toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export const SALES_COMMANDS: Record<string, Command> = {
  'recurring list': {
    usage: 'ordo recurring list --org SLUG [--json]',
    summary: 'Recurring invoice schedules: customer, rule in words, last run, next run, status',
    async run(args, { io, services }) {
      const { values } = parse(args, { org: { type: 'string' }, json: { type: 'boolean' } }, 0);
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const on = todayUtc();
      const views = await readInOrg(svc.store.db, org.id, async (q) => {
        const all = [];
        let cursor: string | undefined;
        do {
          const page = await listRecurringInvoices(q, org.id, { limit: 500, cursor });
          all.push(...(await recurringViews(q, org.id, page.items, on)));
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        return all;
      });
      if (values.json) {
        io.out(JSON.stringify(views, null, 2));
        return 0;
      }
      if (views.length === 0) {
        io.out(`No recurring invoices in ${org.slug}.`);
        return 0;
      }
      const rows = views.map((v) => [
        v.name,
        v.customerName,
        v.ruleText,
        v.mode.replaceAll('_', ' '),
        v.lastRun ? `${v.lastRun.occurrenceDate} ${v.lastRun.status}` : 'never',
        v.nextRunDate ?? '-',
        v.status,
        String(v.createdCount),
      ]);
      io.out(
        formatTable(
          ['SCHEDULE', 'CUSTOMER', 'RULE', 'MODE', 'LAST RUN', 'NEXT RUN', 'STATUS', 'INVOICES'],
          rows,
        ),
      );
      const failed = views.filter((v) => v.lastRun?.status === 'failed');
      for (const v of failed)
        io.out(
          `! ${v.name}: ${v.lastRun!.occurrenceDate} failed: ${v.lastRun!.errorCode} ${v.lastRun!.errorMessage}`,
        );
      return 0;
    },
  },
  'reminders run': {
    usage: 'ordo reminders run --org SLUG [--date YYYY-MM-DD] [--dry-run]',
    summary: 'Send the payment reminders due on a date (default today, UTC); --dry-run only lists them',
    async run(args, { io, services }) {
      const { values } = parse(
        args,
        { org: { type: 'string' }, date: { type: 'string' }, 'dry-run': { type: 'boolean' } },
        0,
      );
      const date = typeof values.date === 'string' ? values.date : todayUtc();
      if (!isBusinessDate(date))
        throw invalid('USAGE', `--date must be a date like 2026-03-31, not "${date}".`, { field: 'date' });
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const dryRun = values['dry-run'] === true;
      const result = await runReminders(svc.store.db, org.id, { date, dryRun });
      if (!result.enabled) {
        io.out(
          `Reminders are off for ${org.slug}; turn them on in the sales settings (PUT /api/sales/reminder-settings).`,
        );
        return 0;
      }
      if (result.items.length === 0) {
        io.out(`No reminders due on ${date} in ${org.slug}.`);
        return 0;
      }
      const rows = result.items.map((i) => [
        i.number ?? i.invoiceId,
        i.customerName,
        i.step,
        i.status === 'sent' ? (dryRun ? 'would send' : 'sent') : `skipped (${i.reason})`,
        i.to.join(', ') || '-',
      ]);
      io.out(formatTable(['INVOICE', 'CUSTOMER', 'STEP', 'STATUS', 'TO'], rows));
      const sent = result.items.filter((i) => i.status === 'sent').length;
      const skipped = result.items.length - sent;
      io.out(
        dryRun
          ? `Dry run for ${date}: would send ${plural(sent, 'reminder')}, skip ${skipped}; nothing written.`
          : `${date}: sent ${plural(sent, 'reminder')} (mailed after commit through the outbox), skipped ${skipped}.`,
      );
      return 0;
    },
  },
};
