import { Table, Text } from '@mantine/core';
import { Fragment } from 'react';
import type { StatementRow } from '../../api/reports.ts';
import { Figure } from './report-bits.tsx';

export interface StatementColumn {
  label: string;
  /** The dates a column's figures cover; none for a change column (its figures open nothing). */
  from: string | null;
  to: string | null;
}

export interface StatementSection {
  title: string;
  rows: StatementRow[];
  total: number[];
  totalLabel: string;
}

/**
 * A statement as a table: sections of accounts indented by their names' levels, one column per
 * period, subtotals, and closing lines (net income, totals). Account figures open the entries.
 */
export function StatementTable({
  label,
  columns,
  sections,
  closing,
  currency,
  emptyText = 'Nothing in this period.',
}: {
  emptyText?: string;
  label: string;
  columns: StatementColumn[];
  sections: StatementSection[];
  closing: { label: string; figures: number[] }[];
  currency: string;
}) {
  return (
    <Table.ScrollContainer minWidth={columns.length > 2 ? 200 + columns.length * 130 : 340}>
      <Table verticalSpacing={5} aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Account</Table.Th>
            {columns.map((c) => (
              <Table.Th key={c.label} ta="right" style={{ whiteSpace: 'nowrap' }}>
                {c.label}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sections.map((section) => (
            <Fragment key={section.title}>
              <Table.Tr>
                <Table.Th scope="rowgroup" colSpan={columns.length + 1}>
                  <Text fw={700} size="sm" tt="uppercase" c="dimmed">
                    {section.title}
                  </Text>
                </Table.Th>
              </Table.Tr>
              {section.rows.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={columns.length + 1}>
                    <Text size="sm" c="dimmed">
                      {emptyText}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {section.rows.map((row) => (
                <Table.Tr key={row.name} data-testid={`row-${row.name}`}>
                  <Table.Td>
                    <Text
                      size="sm"
                      fw={row.isGroup ? 600 : undefined}
                      style={{ paddingLeft: `calc(${row.depth + 1} * 1rem)` }}
                      title={row.name}
                    >
                      {row.label}
                    </Text>
                  </Table.Td>
                  {row.figures.map((minor, i) => {
                    const col = columns[i];
                    return (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                      <Table.Td key={i} ta="right">
                        <Figure
                          minor={minor}
                          currency={currency}
                          accountId={row.accountId}
                          from={col?.from}
                          to={col?.to}
                          label={`${row.name}, ${col?.label ?? ''}`}
                          strong={row.isGroup}
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
              <Table.Tr>
                <Table.Th scope="row">{section.totalLabel}</Table.Th>
                {section.total.map((minor, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                  <Table.Td key={i} ta="right">
                    <Figure minor={minor} currency={currency} strong />
                  </Table.Td>
                ))}
              </Table.Tr>
            </Fragment>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          {closing.map((line) => (
            <Table.Tr key={line.label} data-testid={`total-${line.label}`}>
              <Table.Th scope="row">{line.label}</Table.Th>
              {line.figures.map((minor, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                <Table.Td key={i} ta="right">
                  <Figure minor={minor} currency={currency} strong />
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
