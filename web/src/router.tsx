import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { ApiError, currentOrg } from './api/client.ts';
import { meQuery, queryClient } from './api/queries.ts';
import { journalSearch } from './features/ledger/journal-search.ts';
import { reportSearch } from './features/reports/report-search.ts';
import { documentSearch, newDocumentSearch } from './features/sales/document-search.ts';
import { NotFound, RouteError } from './shell/route-states.tsx';

// Code-based routes. Every page component is loaded lazily from its feature folder, so each module's
// pages ship as their own chunks and the first load stays small (checked by a test on the build).

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFound,
  errorComponent: RouteError,
});

const redirectSearch = (search: Record<string, unknown>) => ({
  redirect:
    typeof search.redirect === 'string' && search.redirect.startsWith('/') ? search.redirect : undefined,
});

/** The signed-in user, with a stale organization choice dropped rather than failing every call. */
export async function loadMe(client: QueryClient) {
  try {
    return await client.ensureQueryData(meQuery);
  } catch (error) {
    if (error instanceof ApiError && error.code === 'NOT_A_MEMBER') {
      currentOrg.set(null);
      return client.fetchQuery(meQuery);
    }
    throw error;
  }
}

const signIn = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-in',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./features/auth/sign-in-page.tsx'), 'SignInPage'),
});

const signUp = createRoute({
  getParentRoute: () => rootRoute,
  path: '/sign-up',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./features/auth/sign-up-page.tsx'), 'SignUpPage'),
});

const forgotPassword = createRoute({
  getParentRoute: () => rootRoute,
  path: '/forgot-password',
  component: lazyRouteComponent(
    () => import('./features/auth/forgot-password-page.tsx'),
    'ForgotPasswordPage',
  ),
});

const resetPassword = createRoute({
  getParentRoute: () => rootRoute,
  path: '/reset-password',
  validateSearch: (s: Record<string, unknown>) => ({
    token: typeof s.token === 'string' ? s.token : undefined,
    error: typeof s.error === 'string' ? s.error : undefined,
  }),
  component: lazyRouteComponent(() => import('./features/auth/reset-password-page.tsx'), 'ResetPasswordPage'),
});

const twoFactor = createRoute({
  getParentRoute: () => rootRoute,
  path: '/two-factor',
  validateSearch: redirectSearch,
  component: lazyRouteComponent(() => import('./features/auth/two-factor-page.tsx'), 'TwoFactorPage'),
});

const acceptInvitation = createRoute({
  getParentRoute: () => rootRoute,
  path: '/invite/$invitationId',
  validateSearch: (s: Record<string, unknown>) => ({ token: typeof s.token === 'string' ? s.token : '' }),
  component: lazyRouteComponent(
    () => import('./features/auth/accept-invitation-page.tsx'),
    'AcceptInvitationPage',
  ),
});

/** Everything past sign-in: needs a session; pages inside an organization also need a membership. */
const signedIn = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const me = await loadMe(context.queryClient);
    if (!me.user) throw redirect({ to: '/sign-in', search: { redirect: location.href } });
    return { me };
  },
  component: Outlet,
});

const welcome = createRoute({
  getParentRoute: () => signedIn,
  path: '/welcome',
  component: lazyRouteComponent(
    () => import('./features/settings/new-organization-page.tsx'),
    'NewOrganizationPage',
  ),
});

const inOrg = createRoute({
  getParentRoute: () => signedIn,
  id: 'in-org',
  beforeLoad: ({ context }) => {
    if (!context.me.actor) throw redirect({ to: '/welcome' });
    return { actor: context.me.actor, permissions: new Set(context.me.permissions) };
  },
  component: lazyRouteComponent(() => import('./shell/app-layout.tsx'), 'AppLayout'),
});

// Pages inside the organization shell.
const home = createRoute({
  getParentRoute: () => inOrg,
  path: '/',
  component: lazyRouteComponent(() => import('./features/home/home-page.tsx'), 'HomePage'),
});

const finance = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance',
  component: lazyRouteComponent(() => import('./features/sections/finance-page.tsx'), 'FinancePage'),
});

// Finance → ledger.
const accounts = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/accounts',
  component: lazyRouteComponent(() => import('./features/ledger/accounts-page.tsx'), 'AccountsPage'),
});

const journal = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/journal',
  validateSearch: journalSearch,
  component: lazyRouteComponent(() => import('./features/ledger/journal-page.tsx'), 'JournalPage'),
});

const newEntry = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/journal/new',
  component: lazyRouteComponent(() => import('./features/ledger/entry-editor-page.tsx'), 'NewEntryPage'),
});

const entry = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/journal/$entryId',
  component: lazyRouteComponent(() => import('./features/ledger/entry-page.tsx'), 'EntryPage'),
});

const editEntry = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/journal/$entryId/edit',
  component: lazyRouteComponent(() => import('./features/ledger/entry-editor-page.tsx'), 'EditEntryPage'),
});

const ledgerSettings = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/ledger-settings',
  component: lazyRouteComponent(
    () => import('./features/ledger/ledger-settings-page.tsx'),
    'LedgerSettingsPage',
  ),
});

// Finance → reports: one chunk per report.
const reports = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports',
  component: lazyRouteComponent(() => import('./features/reports/reports-page.tsx'), 'ReportsPage'),
});

const trialBalance = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/trial-balance',
  validateSearch: reportSearch,
  component: lazyRouteComponent(
    () => import('./features/reports/trial-balance-page.tsx'),
    'TrialBalancePage',
  ),
});

const incomeStatement = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/income-statement',
  validateSearch: reportSearch,
  component: lazyRouteComponent(
    () => import('./features/reports/income-statement-page.tsx'),
    'IncomeStatementPage',
  ),
});

const balanceSheet = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/balance-sheet',
  validateSearch: reportSearch,
  component: lazyRouteComponent(
    () => import('./features/reports/balance-sheet-page.tsx'),
    'BalanceSheetPage',
  ),
});

const cashFlow = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/cash-flow',
  validateSearch: reportSearch,
  component: lazyRouteComponent(() => import('./features/reports/cash-flow-page.tsx'), 'CashFlowPage'),
});

const generalLedger = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/general-ledger',
  validateSearch: reportSearch,
  component: lazyRouteComponent(
    () => import('./features/reports/general-ledger-page.tsx'),
    'GeneralLedgerPage',
  ),
});

const accountActivity = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reports/account-activity',
  validateSearch: reportSearch,
  component: lazyRouteComponent(
    () => import('./features/reports/account-activity-page.tsx'),
    'AccountActivityPage',
  ),
});

// Finance → sales (receivables). Each page module is its own chunk, loaded when first opened.
const invoices = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/invoices',
  validateSearch: documentSearch,
  component: lazyRouteComponent(() => import('./features/sales/document-list-page.tsx'), 'InvoicesPage'),
});

const newInvoice = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/invoices/new',
  validateSearch: newDocumentSearch,
  component: lazyRouteComponent(() => import('./features/sales/document-editor-page.tsx'), 'NewInvoicePage'),
});

const invoice = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/invoices/$documentId',
  component: lazyRouteComponent(() => import('./features/sales/document-page.tsx'), 'InvoicePage'),
});

const editInvoice = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/invoices/$documentId/edit',
  component: lazyRouteComponent(() => import('./features/sales/document-editor-page.tsx'), 'EditInvoicePage'),
});

const creditNotes = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/credit-notes',
  validateSearch: documentSearch,
  component: lazyRouteComponent(() => import('./features/sales/document-list-page.tsx'), 'CreditNotesPage'),
});

const newCreditNote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/credit-notes/new',
  validateSearch: newDocumentSearch,
  component: lazyRouteComponent(
    () => import('./features/sales/document-editor-page.tsx'),
    'NewCreditNotePage',
  ),
});

const creditNote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/credit-notes/$documentId',
  component: lazyRouteComponent(() => import('./features/sales/document-page.tsx'), 'CreditNotePage'),
});

const editCreditNote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/credit-notes/$documentId/edit',
  component: lazyRouteComponent(
    () => import('./features/sales/document-editor-page.tsx'),
    'EditCreditNotePage',
  ),
});

const quotes = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/quotes',
  validateSearch: documentSearch,
  component: lazyRouteComponent(() => import('./features/sales/document-list-page.tsx'), 'QuotesPage'),
});

const newQuote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/quotes/new',
  validateSearch: newDocumentSearch,
  component: lazyRouteComponent(() => import('./features/sales/document-editor-page.tsx'), 'NewQuotePage'),
});

const quote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/quotes/$documentId',
  component: lazyRouteComponent(() => import('./features/sales/document-page.tsx'), 'QuotePage'),
});

const editQuote = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/quotes/$documentId/edit',
  component: lazyRouteComponent(() => import('./features/sales/document-editor-page.tsx'), 'EditQuotePage'),
});

const payments = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/payments',
  component: lazyRouteComponent(() => import('./features/sales/payments-page.tsx'), 'PaymentsPage'),
});

const payment = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/payments/$paymentId',
  component: lazyRouteComponent(() => import('./features/sales/payment-page.tsx'), 'PaymentPage'),
});

const customers = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/customers',
  component: lazyRouteComponent(() => import('./features/sales/customers-page.tsx'), 'CustomersPage'),
});

const customer = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/customers/$customerId',
  component: lazyRouteComponent(() => import('./features/sales/customer-page.tsx'), 'CustomerPage'),
});

const aging = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/aging',
  validateSearch: (s: Record<string, unknown>) => ({
    asOf: typeof s.asOf === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(s.asOf) ? s.asOf : undefined,
  }),
  component: lazyRouteComponent(() => import('./features/sales/aging-page.tsx'), 'AgingPage'),
});

const items = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/items',
  component: lazyRouteComponent(() => import('./features/sales/items-page.tsx'), 'ItemsPage'),
});

const recurring = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/recurring-invoices',
  component: lazyRouteComponent(() => import('./features/sales/recurring-page.tsx'), 'RecurringPage'),
});

const reminders = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/reminders',
  component: lazyRouteComponent(() => import('./features/sales/reminders-page.tsx'), 'RemindersPage'),
});

const salesSettings = createRoute({
  getParentRoute: () => inOrg,
  path: '/finance/sales-settings',
  component: lazyRouteComponent(
    () => import('./features/sales/sales-settings-page.tsx'),
    'SalesSettingsPage',
  ),
});

const operations = createRoute({
  getParentRoute: () => inOrg,
  path: '/operations',
  component: lazyRouteComponent(() => import('./features/sections/operations-page.tsx'), 'OperationsPage'),
});

const people = createRoute({
  getParentRoute: () => inOrg,
  path: '/people',
  component: lazyRouteComponent(() => import('./features/sections/people-page.tsx'), 'PeoplePage'),
});

const insights = createRoute({
  getParentRoute: () => inOrg,
  path: '/insights',
  component: lazyRouteComponent(() => import('./features/sections/insights-page.tsx'), 'InsightsPage'),
});

const company = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/company',
  component: lazyRouteComponent(() => import('./features/settings/company-page.tsx'), 'CompanyPage'),
});

const members = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/members',
  component: lazyRouteComponent(() => import('./features/settings/members-page.tsx'), 'MembersPage'),
});

const apiKeys = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/api-keys',
  component: lazyRouteComponent(() => import('./features/settings/api-keys-page.tsx'), 'ApiKeysPage'),
});

/** The audit log's filters, kept in the URL so a filtered view can be bookmarked and shared. */
export interface AuditSearch {
  entity?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  /** Business dates `YYYY-MM-DD`, both inclusive, in the browser's time zone. */
  from?: string;
  to?: string;
}

const auditSearch = (s: Record<string, unknown>): AuditSearch => {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 100) : undefined);
  const day = (v: unknown) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
  return {
    entity: text(s.entity),
    entityId: text(s.entityId),
    actorId: text(s.actorId),
    action: text(s.action),
    from: day(s.from),
    to: day(s.to),
  };
};

const audit = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/audit',
  validateSearch: auditSearch,
  component: lazyRouteComponent(() => import('./features/settings/audit-page.tsx'), 'AuditPage'),
});

const security = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/security',
  component: lazyRouteComponent(() => import('./features/settings/security-page.tsx'), 'SecurityPage'),
});

const outbox = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/outbox',
  component: lazyRouteComponent(() => import('./features/comms/outbox-page.tsx'), 'OutboxPage'),
});

const newOrg = createRoute({
  getParentRoute: () => inOrg,
  path: '/settings/organizations/new',
  component: lazyRouteComponent(
    () => import('./features/settings/new-organization-page.tsx'),
    'NewOrganizationPage',
  ),
});

const routeTree = rootRoute.addChildren([
  signIn,
  signUp,
  forgotPassword,
  resetPassword,
  twoFactor,
  acceptInvitation,
  signedIn.addChildren([
    welcome,
    inOrg.addChildren([
      home,
      finance,
      accounts,
      journal,
      newEntry,
      entry,
      editEntry,
      ledgerSettings,
      reports,
      trialBalance,
      incomeStatement,
      balanceSheet,
      cashFlow,
      generalLedger,
      accountActivity,
      invoices,
      newInvoice,
      invoice,
      editInvoice,
      creditNotes,
      newCreditNote,
      creditNote,
      editCreditNote,
      quotes,
      newQuote,
      quote,
      editQuote,
      payments,
      payment,
      customers,
      customer,
      aging,
      items,
      recurring,
      reminders,
      salesSettings,
      operations,
      people,
      insights,
      company,
      members,
      apiKeys,
      audit,
      security,
      outbox,
      newOrg,
    ]),
  ]),
]);

export const router = createRouter({
  routeTree,
  context: { queryClient },
  defaultPreload: 'intent',
  defaultPendingMs: 300,
  scrollRestoration: true,
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
