import { and, desc, eq, gte, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import { readDateIdCursor } from '../../core/cursor.ts';
import type { Queryable } from '../../db/client.ts';
import { type EntryKind, type EntryStatus, hydrate, type JournalEntry } from './journal.repo.ts';
import { journalEntry } from './ledger.table.ts';

export interface EntryFilter {
  /** Inclusive business dates. */
  from?: string;
  to?: string;
  /** Entries with a line (posted or draft) on this account. */
  accountId?: string;
  sourceType?: string;
  sourceId?: string;
  status?: EntryStatus;
  kind?: EntryKind;
  /** Words in the description, payee or reference (case-insensitive), or a posting number (`12`, `#12`). */
  search?: string;
}

/** A LIKE pattern that matches `text` literally anywhere. */
const containing = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const encodeCursor = (e: { date: string; id: string }) =>
  Buffer.from(`${e.date}|${e.id}`).toString('base64url');

const decodeCursor = (cursor: string) => readDateIdCursor(Buffer.from(cursor, 'base64url').toString());

/** Journal entries, newest date first (then newest first within a day), with their lines, one page at a time. */
export async function listEntries(
  q: Queryable,
  orgId: string,
  filter: EntryFilter,
  page: { limit: number; cursor?: string },
): Promise<{ items: JournalEntry[]; nextCursor: string | null }> {
  const conditions: (SQL | undefined)[] = [eq(journalEntry.orgId, orgId)];
  if (filter.from) conditions.push(gte(journalEntry.date, filter.from));
  if (filter.to) conditions.push(lte(journalEntry.date, filter.to));
  if (filter.sourceType) conditions.push(eq(journalEntry.sourceType, filter.sourceType));
  if (filter.sourceId) conditions.push(eq(journalEntry.sourceId, filter.sourceId));
  if (filter.kind) conditions.push(eq(journalEntry.kind, filter.kind));
  const search = filter.search?.trim();
  if (search) {
    const number = /^#?(\d{1,15})$/.exec(search)?.[1];
    const text = containing(search);
    conditions.push(
      or(
        sql`${journalEntry.description} ilike ${text}`,
        sql`${journalEntry.payee} ilike ${text}`,
        sql`${journalEntry.code} ilike ${text}`,
        number ? eq(journalEntry.seq, Number(number)) : undefined,
      ),
    );
  }
  if (filter.accountId)
    conditions.push(
      sql`(exists (select 1 from journal_line l where l.org_id = ${journalEntry.orgId} and l.entry_id = ${journalEntry.id} and l.account_id = ${filter.accountId})
        or exists (select 1 from journal_draft_line d where d.org_id = ${journalEntry.orgId} and d.entry_id = ${journalEntry.id} and d.account_id = ${filter.accountId}))`,
    );
  if (page.cursor) {
    const after = decodeCursor(page.cursor);
    conditions.push(
      or(
        lt(journalEntry.date, after.date),
        and(eq(journalEntry.date, after.date), lt(journalEntry.id, after.id)),
      ),
    );
  }
  // Posted entries and drafts each have their own date index (see ledger.table.ts): read a page
  // from each that is wanted and merge them.
  const statuses = filter.status ? [filter.status] : (['posted', 'draft'] as const);
  const pages = await Promise.all(
    statuses.map((status) =>
      q
        .select()
        .from(journalEntry)
        .where(
          and(...conditions, status === 'posted' ? isNotNull(journalEntry.seq) : isNull(journalEntry.seq)),
        )
        .orderBy(desc(journalEntry.date), desc(journalEntry.id))
        .limit(page.limit + 1),
    ),
  );
  const rows = pages
    .flat()
    .sort((a, b) => (a.date !== b.date ? (a.date < b.date ? 1 : -1) : a.id < b.id ? 1 : -1))
    .slice(0, page.limit + 1);
  const items = await hydrate(q, orgId, rows.slice(0, page.limit));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > page.limit && last ? encodeCursor(last) : null };
}
