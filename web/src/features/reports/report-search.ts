// Report settings kept in the URL, so a report can be bookmarked, shared and linked to from another
// report's figure.

export interface ReportSearch {
  /** Business dates `YYYY-MM-DD`. */
  asOf?: string;
  compareAsOf?: string;
  from?: string;
  to?: string;
  columns?: 'month' | 'quarter' | 'year' | 'total';
  compare?: 'none' | 'prior-period' | 'prior-year';
  accountId?: string;
}

const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const oneOf = <T extends string>(v: unknown, choices: readonly T[]) =>
  choices.includes(v as T) ? (v as T) : undefined;

export const reportSearch = (s: Record<string, unknown>): ReportSearch => ({
  asOf: day(s.asOf),
  compareAsOf: day(s.compareAsOf),
  from: day(s.from),
  to: day(s.to),
  columns: oneOf(s.columns, ['month', 'quarter', 'year', 'total'] as const),
  compare: oneOf(s.compare, ['none', 'prior-period', 'prior-year'] as const),
  accountId: typeof s.accountId === 'string' && s.accountId ? s.accountId.slice(0, 64) : undefined,
});
