// Rules of the chart of accounts: types, subtypes, names and codes. Pure: the web app's forms use
// them too.

export const ACCOUNT_TYPES = ['asset', 'liability', 'equity', 'income', 'expense'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/**
 * Subtypes by type. They drive reports (bank and cash make the cash flow statement's cash; fixed
 * assets are investing; long-term liabilities and equity are financing) and let modules find their
 * accounts (the receivable, the tax payable, retained earnings).
 */
export const SUBTYPES_BY_TYPE = {
  asset: [
    'bank',
    'cash',
    'receivable',
    'inventory',
    'tax',
    'prepayment',
    'current_asset',
    'fixed_asset',
    'accumulated_depreciation',
    'other_asset',
  ],
  liability: [
    'payable',
    'credit_card',
    'tax',
    'payroll_liability',
    'deferred_revenue',
    'current_liability',
    'long_term_liability',
  ],
  equity: ['equity', 'retained_earnings', 'opening_balances'],
  income: ['revenue', 'other_income', 'fx_gain_loss'],
  expense: ['cost_of_sales', 'expense', 'payroll_expense', 'depreciation', 'other_expense', 'fx_gain_loss'],
} as const satisfies Record<AccountType, readonly string[]>;

export type AccountSubtype = (typeof SUBTYPES_BY_TYPE)[AccountType][number];

export const ACCOUNT_SUBTYPES = [...new Set(Object.values(SUBTYPES_BY_TYPE).flat())] as AccountSubtype[];

/** The subtype an account gets when none is given. */
export const DEFAULT_SUBTYPE: Record<AccountType, AccountSubtype> = {
  asset: 'current_asset',
  liability: 'current_liability',
  equity: 'equity',
  income: 'revenue',
  expense: 'expense',
};

export const isAccountType = (value: unknown): value is AccountType =>
  ACCOUNT_TYPES.includes(value as AccountType);

export const isSubtypeOf = (type: AccountType, subtype: unknown): subtype is AccountSubtype =>
  (SUBTYPES_BY_TYPE[type] as readonly string[]).includes(subtype as string);

/** Balance sheet accounts carry their balance forward; income and expense start each year at zero. */
export const isBalanceSheetType = (type: AccountType) =>
  type === 'asset' || type === 'liability' || type === 'equity';

/** Assets and expenses normally have debit (positive) balances; the others credit (negative). */
export const normalSign = (type: AccountType): 1 | -1 => (type === 'asset' || type === 'expense' ? 1 : -1);

export const ACCOUNT_NAME_MAX = 200;

/**
 * Why a full account name is not acceptable, or undefined when it is. Names are colon-separated
 * segments (`assets:bank:checking`), as hledger writes them: each segment non-empty, without
 * leading or trailing spaces, without two spaces in a row (hledger reads two spaces as the end of
 * the name) and without tabs, line breaks or `;` (the start of a comment).
 */
export function accountNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'Enter a name.';
  if (name.length > ACCOUNT_NAME_MAX) return `Use at most ${ACCOUNT_NAME_MAX} characters.`;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f;]/.test(name)) return 'Leave out tabs, line breaks and semicolons.';
  if (/ {2}/.test(name)) return 'Use single spaces only.';
  for (const segment of name.split(':')) {
    if (segment === '')
      return 'Each part between colons needs a name (no "::", no leading or trailing colon).';
    if (segment.trim() !== segment) return 'Parts of the name cannot start or end with a space.';
  }
  return undefined;
}

/** `assets:bank:checking` → [`assets`, `assets:bank`], nearest last. */
export function ancestorNames(name: string): string[] {
  const parts = name.split(':');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(':'));
}

/** The parent's id: the account whose name is the longest proper prefix of this one's, if any. */
export function parentIdOf(name: string, idByName: ReadonlyMap<string, string>): string | null {
  const ancestors = ancestorNames(name);
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const id = idByName.get(ancestors[i]!);
    if (id) return id;
  }
  return null;
}

/** True when `name` is `ancestor` itself or lies below it. */
export const isSameOrBelow = (name: string, ancestor: string) =>
  name === ancestor || name.startsWith(`${ancestor}:`);

/** The name after moving the subtree at `from` to `to`: `assets:bank:x` with bank → cash gives `assets:cash:x`. */
export const renamedBelow = (name: string, from: string, to: string) => `${to}${name.slice(from.length)}`;

/** Account codes: 1–20 letters, digits, dots and hyphens (`1000`, `4000.10`, `A-100`). */
export const ACCOUNT_CODE = /^[A-Za-z0-9][A-Za-z0-9.-]{0,19}$/;

/**
 * The account that holds one side of an exchange between currencies `a` and `b`, in `own` (one of
 * the two), named as hledger's --infer-equity names it: equity:conversion:A-B:C, currencies sorted.
 * A pair of them keeps each currency of an entry balanced; together they are worth nothing in the
 * base currency.
 */
export const conversionAccountName = (a: string, b: string, own: string) =>
  `equity:conversion:${[a, b].sort().join('-')}:${own}`;
