import { Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { AccountLine } from '../../api/reports.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { SourceLink } from '../ledger/entry-bits.tsx';

type Balance = { currency: string; amount: number };

const money = (minor: number, currency: string) => (
  <Text span size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
    {formatMoney(minor, currency)}
  </Text>
);

/** One account's postings between its opening and closing balance; each line opens its entry. */
export function AccountLinesTable({
  label,
  lines,
  opening,
  closing,
  from,
  to,
}: {
  label: string;
  lines: AccountLine[];
  opening: Balance[];
  /** Left out while more lines are still to load. */
  closing: Balance[] | null;
  from: string;
  to: string;
}) {
  // Below `sm` the date moves under the number and one signed amount replaces debit and credit.
  const narrow = useMediaQuery('(max-width: 47.99em)');
  const span = narrow ? 3 : 5;
  return (
    <Table.ScrollContainer minWidth={340}>
      <Table verticalSpacing={5} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={110} visibleFrom="sm">
              Date
            </Table.Th>
            <Table.Th w={60}>No.</Table.Th>
            <Table.Th>Description</Table.Th>
            <Table.Th ta="right" w={120} visibleFrom="sm">
              Debit
            </Table.Th>
            <Table.Th ta="right" w={120} visibleFrom="sm">
              Credit
            </Table.Th>
            <Table.Th ta="right" hiddenFrom="sm">
              Amount
            </Table.Th>
            <Table.Th ta="right" w={130}>
              Balance
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Td colSpan={span}>
              <Text size="sm" fw={600}>
                Opening balance on {formatDate(from)}
              </Text>
            </Table.Td>
            <Table.Td ta="right">
              {opening.length === 0
                ? '—'
                : opening.map((b) => <div key={b.currency}>{money(b.amount, b.currency)}</div>)}
            </Table.Td>
          </Table.Tr>
          {lines.map((l) => (
            <Table.Tr key={`${l.entryId}:${l.lineNo}`} data-testid={`line-${l.seq}-${l.lineNo}`}>
              <Table.Td visibleFrom="sm">
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {formatDate(l.date)}
                </Text>
              </Table.Td>
              <Table.Td>
                <AnchorLink
                  to="/finance/journal/$entryId"
                  params={{ entryId: l.entryId }}
                  size="sm"
                  aria-label={`Journal entry #${l.seq}`}
                >
                  #{l.seq}
                </AnchorLink>
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" hiddenFrom="sm">
                  {formatDate(l.date)}
                </Text>
                <Text size="sm">{l.description || l.payee || '—'}</Text>
                {(l.memo || (l.payee && l.description)) && (
                  <Text size="xs" c="dimmed">
                    {[l.description ? l.payee : null, l.memo].filter(Boolean).join(' · ')}
                  </Text>
                )}
                {l.source && (
                  <Text size="xs">
                    <SourceLink source={l.source} />
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" visibleFrom="sm">
                {l.amount > 0 && money(l.amount, l.currency)}
              </Table.Td>
              <Table.Td ta="right" visibleFrom="sm">
                {l.amount < 0 && money(-l.amount, l.currency)}
              </Table.Td>
              <Table.Td ta="right" hiddenFrom="sm">
                {money(l.amount, l.currency)}
              </Table.Td>
              <Table.Td ta="right">{money(l.balance, l.currency)}</Table.Td>
            </Table.Tr>
          ))}
          {lines.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text size="sm" c="dimmed">
                  No postings in this period.
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
        {closing && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row" colSpan={span}>
                Closing balance on {formatDate(to)}
              </Table.Th>
              <Table.Td ta="right">
                {closing.length === 0
                  ? '—'
                  : closing.map((b) => (
                      <div key={b.currency}>
                        <Text span fw={700} size="sm">
                          {money(b.amount, b.currency)}
                        </Text>
                      </div>
                    ))}
              </Table.Td>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
    </Table.ScrollContainer>
  );
}
