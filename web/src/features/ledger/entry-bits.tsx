import { Badge, Group, Text } from '@mantine/core';
import type { JournalEntry } from '../../api/ledger.ts';
import { AnchorLink } from '../../lib/links.tsx';

// Small pieces every journal view shares: an entry's name, status badges, totals and source.

/** `#12`, or `Draft` before posting gives it a number. */
export const entryNumber = (e: Pick<JournalEntry, 'seq'>) => (e.seq === null ? 'Draft' : `#${e.seq}`);

/** `Journal entry #12` / `Draft journal entry`. */
export const entryTitle = (e: Pick<JournalEntry, 'seq'>) =>
  e.seq === null ? 'Draft journal entry' : `Journal entry #${e.seq}`;

/**
 * The entry's size: its debits. Posted entries in the base currency (every line has a base
 * amount); drafts per currency, since their base amounts are settled only when posted.
 */
export function entryTotals(
  e: JournalEntry,
  baseCurrency: string | null,
): { currency: string; minor: number }[] {
  if (e.status === 'posted' && baseCurrency) {
    const minor = e.lines.reduce((sum, l) => sum + Math.max(l.baseAmount ?? 0, 0), 0);
    return [{ currency: baseCurrency, minor }];
  }
  const sums = new Map<string, number>();
  for (const l of e.lines) sums.set(l.currency, (sums.get(l.currency) ?? 0) + Math.max(l.amount, 0));
  return [...sums].map(([currency, minor]) => ({ currency, minor }));
}

export function StatusBadges({ entry }: { entry: JournalEntry }) {
  return (
    <Group gap={4}>
      {entry.status === 'draft' ? (
        <Badge color="yellow" variant="light">
          Draft
        </Badge>
      ) : (
        <Badge color="green" variant="light">
          Posted
        </Badge>
      )}
      {entry.reversedByEntryId && (
        <Badge color="gray" variant="outline">
          Reversed
        </Badge>
      )}
      {entry.reversesEntryId && (
        <Badge color="grape" variant="light">
          Reversal
        </Badge>
      )}
      {entry.kind === 'closing' && (
        <Badge color="blue" variant="light">
          Year-end close
        </Badge>
      )}
    </Group>
  );
}

/** `sales.invoice` → `Sales invoice`. */
export const sourceTypeLabel = (type: string) => {
  const words = type.replace(/[._]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * Pages of source documents, by source type. Modules add theirs as their pages arrive; until then
 * a source links to every journal entry posted from the same document.
 */
const SOURCE_PAGES: Record<string, (id: string) => string> = {
  'sales.invoice': (id) => `/finance/invoices/${id}`,
  'sales.credit_note': (id) => `/finance/credit-notes/${id}`,
  'sales.payment': (id) => `/finance/payments/${id}`,
};

export function SourceLink({ source }: { source: NonNullable<JournalEntry['source']> }) {
  const page = SOURCE_PAGES[source.type];
  if (page)
    return (
      // Typed routes cannot know pages registered at run time.
      <AnchorLink to={page(source.id) as '/'} size="sm">
        {sourceTypeLabel(source.type)} {source.id}
      </AnchorLink>
    );
  return (
    <Text size="sm" span>
      {sourceTypeLabel(source.type)}{' '}
      <AnchorLink
        to="/finance/journal"
        search={{ sourceType: source.type, sourceId: source.id }}
        size="sm"
        title="Every journal entry from this document"
        underline="always"
      >
        {source.id}
      </AnchorLink>
    </Text>
  );
}
