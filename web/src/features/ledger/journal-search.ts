// The journal's filters, kept in the URL so a filtered view (an account's activity, a month, the
// drafts) can be bookmarked and linked to from reports.

export interface JournalSearch {
  /** Business dates `YYYY-MM-DD`, both inclusive. */
  from?: string;
  to?: string;
  accountId?: string;
  status?: 'draft' | 'posted';
  sourceType?: string;
  sourceId?: string;
  /** Words in the description, payee or reference, or a posting number. */
  search?: string;
}

const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const text = (v: unknown, max = 100) =>
  typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined;

export const journalSearch = (s: Record<string, unknown>): JournalSearch => ({
  from: day(s.from),
  to: day(s.to),
  accountId: text(s.accountId, 64),
  status: s.status === 'draft' || s.status === 'posted' ? s.status : undefined,
  sourceType:
    typeof s.sourceType === 'string' && /^[a-z][a-z0-9_.]{0,49}$/.test(s.sourceType)
      ? s.sourceType
      : undefined,
  sourceId: text(s.sourceId),
  search: text(s.search),
});
