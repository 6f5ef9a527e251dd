import {
  IconAddressBook,
  IconArrowBackUp,
  IconBellRinging,
  IconBook,
  IconBuildingStore,
  IconCash,
  IconChartBar,
  IconChecklist,
  IconCoins,
  IconFileAnalytics,
  IconFileDollar,
  IconFileInvoice,
  IconHistory,
  IconHome,
  IconHourglassHigh,
  IconKey,
  IconListTree,
  IconLock,
  IconMailForward,
  IconPackage,
  IconReceiptTax,
  IconRepeat,
  IconShieldLock,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { ComponentType } from 'react';

export interface NavItem {
  label: string;
  to: string;
  icon: ComponentType<{ size?: number; stroke?: number }>;
  /** Shown only to roles holding this permission (the server enforces it regardless). */
  permission?: string;
  /** A `g` sequence, e.g. `g m`. */
  shortcut?: string;
  keywords?: string[];
}

export interface NavSection {
  label: string;
  items: NavItem[];
}

/** The product's shape. Modules add their pages to their section here. */
export const NAV: NavSection[] = [
  {
    label: 'Home',
    items: [{ label: 'Start', to: '/', icon: IconHome, shortcut: 'g h', keywords: ['home'] }],
  },
  {
    label: 'Finance',
    items: [
      {
        label: 'Finance overview',
        to: '/finance',
        icon: IconCoins,
        shortcut: 'g f',
        keywords: ['ledger', 'invoices', 'bills', 'bank', 'accounting'],
      },
      {
        label: 'Invoices',
        to: '/finance/invoices',
        icon: IconFileInvoice,
        permission: 'sales:read',
        shortcut: 'g v',
        keywords: [
          'sales',
          'receivables',
          'bill customer',
          'overdue',
          'unpaid',
          'new invoice',
          'issue',
          'send',
        ],
      },
      {
        label: 'Quotes',
        to: '/finance/quotes',
        icon: IconFileDollar,
        permission: 'sales:read',
        shortcut: 'g q',
        keywords: ['estimate', 'proposal', 'offer', 'sales'],
      },
      {
        label: 'Credit notes',
        to: '/finance/credit-notes',
        icon: IconArrowBackUp,
        permission: 'sales:read',
        keywords: ['refund', 'credit memo', 'return', 'sales'],
      },
      {
        label: 'Payments received',
        to: '/finance/payments',
        icon: IconCash,
        permission: 'sales:read',
        keywords: ['receipts', 'money in', 'refund', 'customer credit'],
      },
      {
        label: 'Customers',
        to: '/finance/customers',
        icon: IconAddressBook,
        permission: 'sales:read',
        shortcut: 'g u',
        keywords: ['clients', 'buyers', 'contacts', 'statement', 'balance'],
      },
      {
        label: 'Receivables aging',
        to: '/finance/aging',
        icon: IconHourglassHigh,
        permission: 'sales:read',
        keywords: ['aged receivables', 'overdue', 'debtors', 'owed', 'late'],
      },
      {
        label: 'Recurring invoices',
        to: '/finance/recurring-invoices',
        icon: IconRepeat,
        permission: 'sales:read',
        keywords: ['subscription', 'retainer', 'repeat', 'schedule', 'monthly'],
      },
      {
        label: 'Payment reminders',
        to: '/finance/reminders',
        icon: IconBellRinging,
        permission: 'sales:read',
        keywords: ['dunning', 'chase', 'overdue', 'late payment', 'email'],
      },
      {
        label: 'Items',
        to: '/finance/items',
        icon: IconPackage,
        permission: 'sales:read',
        keywords: ['catalog', 'products', 'services', 'price list', 'sku'],
      },
      {
        label: 'Sales settings',
        to: '/finance/sales-settings',
        icon: IconReceiptTax,
        permission: 'sales:read',
        keywords: ['tax rates', 'vat', 'gst', 'numbering', 'invoice number', 'rounding'],
      },
      {
        label: 'Chart of accounts',
        to: '/finance/accounts',
        icon: IconListTree,
        permission: 'ledger:read',
        shortcut: 'g l',
        keywords: ['ledger', 'accounts', 'balances', 'chart', 'coa', 'template'],
      },
      {
        label: 'Journal',
        to: '/finance/journal',
        icon: IconBook,
        permission: 'ledger:read',
        shortcut: 'g j',
        keywords: ['journal entries', 'ledger', 'postings', 'transactions', 'reverse', 'drafts', 'new entry'],
      },
      {
        label: 'Reports',
        to: '/finance/reports',
        icon: IconFileAnalytics,
        permission: 'ledger:read',
        shortcut: 'g r',
        keywords: [
          'trial balance',
          'income statement',
          'profit and loss',
          'p&l',
          'balance sheet',
          'cash flow',
          'general ledger',
          'account activity',
          'export',
        ],
      },
      {
        label: 'Ledger settings',
        to: '/finance/ledger-settings',
        icon: IconLock,
        permission: 'ledger:read',
        shortcut: 'g d',
        keywords: ['lock date', 'fiscal year', 'close year', 'exchange rates', 'currency', 'period'],
      },
    ],
  },
  {
    label: 'Operations',
    items: [
      {
        label: 'Operations overview',
        to: '/operations',
        icon: IconChecklist,
        shortcut: 'g o',
        keywords: ['tasks', 'sop', 'checklists', 'processes'],
      },
    ],
  },
  {
    label: 'People',
    items: [
      { label: 'Team', to: '/people', icon: IconUsersGroup, shortcut: 'g p', keywords: ['staff', 'hr'] },
    ],
  },
  {
    label: 'Insights',
    items: [
      {
        label: 'Health check',
        to: '/insights',
        icon: IconChartBar,
        shortcut: 'g i',
        keywords: ['dashboard', 'report'],
      },
    ],
  },
  {
    label: 'Settings',
    items: [
      {
        label: 'Company profile',
        to: '/settings/company',
        icon: IconBuildingStore,
        shortcut: 'g c',
        keywords: ['logo', 'address', 'currency', 'fiscal year', 'tax'],
      },
      {
        label: 'Members',
        to: '/settings/members',
        icon: IconUsers,
        shortcut: 'g m',
        keywords: ['invite', 'roles', 'users'],
      },
      {
        label: 'API keys',
        to: '/settings/api-keys',
        icon: IconKey,
        permission: 'api_key:read',
        shortcut: 'g k',
        keywords: ['integration', 'token'],
      },
      {
        label: 'Audit log',
        to: '/settings/audit',
        icon: IconHistory,
        permission: 'audit:read',
        shortcut: 'g a',
        keywords: ['history', 'changes'],
      },
      {
        label: 'Outbox',
        to: '/settings/outbox',
        icon: IconMailForward,
        permission: 'comms:outbox',
        keywords: ['email', 'mail', 'sent', 'eml', 'smtp'],
      },
      {
        label: 'Security',
        to: '/settings/security',
        icon: IconShieldLock,
        shortcut: 'g s',
        keywords: ['two-factor', '2fa', 'totp', 'password'],
      },
    ],
  },
];

export const visibleNav = (permissions: ReadonlySet<string>): NavSection[] =>
  NAV.map((section) => ({
    ...section,
    items: section.items.filter((item) => !item.permission || permissions.has(item.permission)),
  })).filter((section) => section.items.length > 0);
