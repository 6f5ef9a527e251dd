import { ActionIcon, Alert, Badge, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment, useState } from 'react';
import { type Aging, agingQuery } from '../../api/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { Amount } from '../ledger/amount.tsx';
import { todayIso } from '../ledger/dates.ts';
import { ReportToolbar } from '../reports/report-bits.tsx';
import { DocumentLink } from './doc-links.tsx';

const BUCKETS = [
  { key: 'current', label: 'Not yet due' },
  { key: '1-30', label: '1–30 days' },
  { key: '31-60', label: '31–60 days' },
  { key: '61-90', label: '61–90 days' },
  { key: '90+', label: 'Over 90 days' },
] as const;

type Row = Aging['items'][number];

/** Finance → Receivables aging: what each customer owes on a day, by how late it is, down to the invoice. */
export function AgingPage() {
  const search = useSearch({ from: '/signed-in/in-org/finance/aging' });
  const navigate = useNavigate({ from: '/finance/aging' });
  const asOf = search.asOf ?? todayIso();
  const aging = useQuery(agingQuery(asOf));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (key: string) =>
    setOpen((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  const rows = aging.data?.items ?? [];
  const totals = new Map<string, Record<string, number>>();
  for (const r of rows) {
    const t = totals.get(r.currency) ?? { total: 0 };
    for (const b of BUCKETS) t[b.key] = (t[b.key] ?? 0) + r.buckets[b.key];
    t.total = (t.total ?? 0) + r.total;
    totals.set(r.currency, t);
  }

  return (
    <Stack>
      <PageHeader
        title="Receivables aging"
        description="What customers owe at the end of a day, by how long it is past due. Open a customer for the invoices behind the figures."
      />
      <ReportToolbar actions={null}>
        <TextInput
          type="date"
          label="As of"
          value={asOf}
          onChange={(e) => navigate({ search: { asOf: e.currentTarget.value || undefined }, replace: true })}
          w={170}
        />
      </ReportToolbar>
      <QueryState query={aging}>
        {rows.length === 0 ? (
          <Alert color="gray" role="status">
            Nothing owed at the end of {formatDate(asOf)}: every issued invoice was settled, or none was
            issued yet.
          </Alert>
        ) : (
          <Paper withBorder>
            {/* On a phone: customer, overdue and total; the buckets from a wider screen on. */}
            <Table.ScrollContainer minWidth={320}>
              <Table verticalSpacing={6} aria-label={`Receivables aging at the end of ${formatDate(asOf)}`}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Customer</Table.Th>
                    {BUCKETS.map((b) => (
                      <Table.Th key={b.key} ta="right" visibleFrom="md">
                        {b.label}
                      </Table.Th>
                    ))}
                    <Table.Th ta="right" hiddenFrom="md">
                      Overdue
                    </Table.Th>
                    <Table.Th ta="right">Total</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => {
                    const key = `${r.customerId}:${r.currency}`;
                    const expanded = open.has(key);
                    return (
                      <Fragment key={key}>
                        <Table.Tr data-testid={`aging-${r.customerName}-${r.currency}`}>
                          <Table.Td>
                            <ActionIcon
                              variant="subtle"
                              color="gray"
                              size="sm"
                              mr={4}
                              aria-expanded={expanded}
                              aria-label={`${expanded ? 'Hide' : 'Show'} the invoices of ${r.customerName} (${r.currency})`}
                              onClick={() => toggle(key)}
                            >
                              {expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
                            </ActionIcon>
                            <AnchorLink
                              to="/finance/customers/$customerId"
                              params={{ customerId: r.customerId }}
                              size="sm"
                            >
                              {r.customerName}
                            </AnchorLink>
                            {rows.some((x) => x.currency !== r.currency) && (
                              <Text span size="xs" c="dimmed">
                                {' '}
                                ({r.currency})
                              </Text>
                            )}
                          </Table.Td>
                          {BUCKETS.map((b) => (
                            <Table.Td key={b.key} ta="right" visibleFrom="md">
                              <Amount minor={r.buckets[b.key]} currency={r.currency} blankZero />
                            </Table.Td>
                          ))}
                          <Table.Td ta="right" hiddenFrom="md">
                            <Amount minor={r.total - r.buckets.current} currency={r.currency} blankZero />
                          </Table.Td>
                          <Table.Td ta="right">
                            <Amount minor={r.total} currency={r.currency} fw={700} />
                          </Table.Td>
                        </Table.Tr>
                        {expanded && <InvoiceRows row={r} />}
                      </Fragment>
                    );
                  })}
                </Table.Tbody>
                <Table.Tfoot>
                  {[...totals].map(([currency, t]) => (
                    <Table.Tr key={currency} data-testid={`aging-total-${currency}`}>
                      <Table.Th scope="row">Total {currency}</Table.Th>
                      {BUCKETS.map((b) => (
                        <Table.Td key={b.key} ta="right" visibleFrom="md">
                          <Text size="sm" fw={700} className="ordo-num">
                            {formatMoney(t[b.key] ?? 0, currency)}
                          </Text>
                        </Table.Td>
                      ))}
                      <Table.Td ta="right" hiddenFrom="md">
                        <Text size="sm" fw={700} className="ordo-num">
                          {formatMoney((t.total ?? 0) - (t.current ?? 0), currency)}
                        </Text>
                      </Table.Td>
                      <Table.Td ta="right">
                        <Text size="sm" fw={700} className="ordo-num">
                          {formatMoney(t.total ?? 0, currency)}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tfoot>
              </Table>
            </Table.ScrollContainer>
          </Paper>
        )}
      </QueryState>
    </Stack>
  );
}

/** The drill-down: each open invoice in the bucket its lateness puts it in. */
function InvoiceRows({ row }: { row: Row }) {
  return (
    <>
      {row.invoices.map((i) => (
        <Table.Tr
          key={i.id}
          bg="var(--mantine-color-default-hover)"
          data-testid={`aging-invoice-${i.number}`}
        >
          <Table.Td pl={40}>
            <DocumentLink type="invoice" id={i.id}>
              {i.number}
            </DocumentLink>
            <Text size="xs" c="dimmed">
              due {formatDate(i.dueDate)}
              {i.daysOverdue > 0 ? ` · ${i.daysOverdue} days late` : ''}
            </Text>
          </Table.Td>
          {BUCKETS.map((b) => (
            <Table.Td key={b.key} ta="right" visibleFrom="md">
              {i.bucket === b.key && <Amount minor={i.open} currency={row.currency} />}
            </Table.Td>
          ))}
          <Table.Td ta="right" hiddenFrom="md">
            {i.daysOverdue > 0 && <Amount minor={i.open} currency={row.currency} />}
          </Table.Td>
          <Table.Td ta="right">
            <Amount minor={i.open} currency={row.currency} />
            {i.daysOverdue > 0 && (
              <div>
                <Badge color="red" variant="light" size="sm">
                  Overdue
                </Badge>
              </div>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}
