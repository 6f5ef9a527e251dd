import { Spotlight, type SpotlightActionGroupData } from '@mantine/spotlight';
import {
  IconAddressBook,
  IconBuilding,
  IconFileInvoice,
  IconKey,
  IconListTree,
  IconPlus,
  IconSearch,
  IconUser,
} from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { accountLabel, accountsQuery } from '../api/ledger.ts';
import { apiKeysQuery, membersQuery } from '../api/queries.ts';
import { customersQuery, documentsPage } from '../api/sales.ts';
import type { paths } from '../api/schema.gen.ts';
import type { NavSection } from './nav.ts';

type Membership =
  paths['/api/me']['get']['responses'][200]['content']['application/json']['memberships'][number];

/**
 * Ctrl/Cmd-K: finds pages and records. Records load when the palette first opens, so the palette
 * costs nothing until it is used. Modules add their record groups here as they arrive.
 */
export function CommandPalette({
  nav,
  permissions,
  memberships,
  onSwitchOrg,
}: {
  nav: NavSection[];
  permissions: ReadonlySet<string>;
  memberships: Membership[];
  onSwitchOrg: (slug: string) => void;
}) {
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const members = useQuery({ ...membersQuery, enabled: opened && permissions.has('member:read') });
  const keys = useQuery({ ...apiKeysQuery, enabled: opened && permissions.has('api_key:read') });
  const accounts = useQuery({ ...accountsQuery(), enabled: opened && permissions.has('ledger:read') });
  const sales = opened && permissions.has('sales:read');
  const customers = useQuery({ ...customersQuery(), enabled: sales });
  const invoices = useQuery({
    queryKey: ['sales', 'palette-invoices'],
    queryFn: () => documentsPage('invoice', {}, 200),
    enabled: sales,
  });
  const go = (to: string) => () => navigate({ to });

  const groups: SpotlightActionGroupData[] = [
    {
      group: 'Pages',
      actions: nav.flatMap((section) =>
        section.items.map((item) => ({
          id: `page:${item.to}`,
          label: item.label,
          description: section.label,
          keywords: item.keywords,
          leftSection: <item.icon size={18} stroke={1.6} />,
          onClick: go(item.to),
        })),
      ),
    },
    {
      group: 'Actions',
      actions: [
        ...(permissions.has('ledger:post')
          ? [
              {
                id: 'action:new-journal-entry',
                label: 'New journal entry',
                description: 'Finance',
                keywords: ['post', 'journal', 'ledger', 'debit', 'credit'],
                leftSection: <IconPlus size={18} stroke={1.6} />,
                onClick: go('/finance/journal/new'),
              },
            ]
          : []),
        ...(permissions.has('invoice:write')
          ? [
              {
                id: 'action:new-invoice',
                label: 'New invoice',
                description: 'Finance',
                keywords: ['bill', 'sales', 'customer'],
                leftSection: <IconPlus size={18} stroke={1.6} />,
                onClick: go('/finance/invoices/new'),
              },
            ]
          : []),
        ...(permissions.has('quote:write')
          ? [
              {
                id: 'action:new-quote',
                label: 'New quote',
                description: 'Finance',
                keywords: ['estimate', 'proposal'],
                leftSection: <IconPlus size={18} stroke={1.6} />,
                onClick: go('/finance/quotes/new'),
              },
            ]
          : []),
      ],
    },
    {
      group: 'Customers',
      actions: (customers.data?.items ?? []).map((c) => ({
        id: `customer:${c.id}`,
        label: c.name,
        description: c.email ?? 'Customer',
        keywords: [c.email ?? '', ...c.taxIds.map((t) => t.value)],
        leftSection: <IconAddressBook size={18} stroke={1.6} />,
        onClick: () => navigate({ to: '/finance/customers/$customerId', params: { customerId: c.id } }),
      })),
    },
    {
      group: 'Invoices',
      actions: (invoices.data?.items ?? [])
        .filter((d) => d.number)
        .map((d) => ({
          id: `invoice:${d.id}`,
          label: d.number ?? '',
          description: `${(d.buyer?.name as string | undefined) ?? 'Invoice'} · ${d.status.replace('_', ' ')}`,
          leftSection: <IconFileInvoice size={18} stroke={1.6} />,
          onClick: () => navigate({ to: '/finance/invoices/$documentId', params: { documentId: d.id } }),
        })),
    },
    {
      group: 'Accounts',
      actions: (accounts.data?.items ?? [])
        .filter((a) => !a.archivedAt)
        .map((a) => ({
          id: `account:${a.id}`,
          label: accountLabel(a),
          description: 'Account activity',
          keywords: [a.type, a.subtype],
          leftSection: <IconListTree size={18} stroke={1.6} />,
          onClick: () => navigate({ to: '/finance/journal', search: { accountId: a.id } }),
        })),
    },
    {
      group: 'Organizations',
      actions: memberships.map((m) => ({
        id: `org:${m.slug}`,
        label: `Switch to ${m.name}`,
        description: `${m.slug} · ${m.role}`,
        leftSection: <IconBuilding size={18} stroke={1.6} />,
        onClick: () => onSwitchOrg(m.slug),
      })),
    },
    {
      group: 'Members',
      actions: (members.data?.items ?? []).map((m) => ({
        id: `member:${m.id}`,
        label: m.name || m.email,
        description: `${m.email} · ${m.role}`,
        keywords: [m.email],
        leftSection: <IconUser size={18} stroke={1.6} />,
        onClick: go('/settings/members'),
      })),
    },
    {
      group: 'API keys',
      actions: (keys.data?.items ?? [])
        .filter((k) => !k.revokedAt)
        .map((k) => ({
          id: `key:${k.id}`,
          label: k.name,
          description: `${k.prefix}… · ${k.role}`,
          leftSection: <IconKey size={18} stroke={1.6} />,
          onClick: go('/settings/api-keys'),
        })),
    },
  ].filter((g) => g.actions.length > 0);

  return (
    <Spotlight
      actions={groups}
      shortcut={['mod + K']}
      nothingFound="Nothing matches. Try a page name, a person or a key."
      highlightQuery
      limit={30}
      onSpotlightOpen={() => setOpened(true)}
      scrollable
      maxHeight={420}
      attributes={{ content: { 'aria-label': 'Search pages and records' } }}
      // Mantine fades the chosen action's description to 3.3:1 on the blue; keep it readable.
      styles={{ actionDescription: { opacity: 1 } }}
      searchProps={{
        leftSection: <IconSearch size={18} stroke={1.6} />,
        placeholder: 'Search pages, customers, invoices, accounts, people…',
        'aria-label': 'Search pages and records',
      }}
    />
  );
}
