import { Button, Group, Paper, Text, TextInput } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ledgerSettingsQuery } from '../../api/ledger.ts';
import { downloadReport, type ExportFormat, type ReportPath } from '../../api/reports.ts';
import { formatMoney } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { todayIso } from '../ledger/dates.ts';

// What every report page shares: default dates, the export buttons, figures that drill down.

/** The first day of the fiscal year that contains `date`, from the year's start `MM-DD`. */
export function fiscalYearStartOf(date: string, startMmDd: string): string {
  const year = Number(date.slice(0, 4));
  const thisYear = `${year}-${startMmDd}`;
  return date >= thisYear ? thisYear : `${year - 1}-${startMmDd}`;
}

/** This fiscal year to date: the range a report opens with. */
export function useDefaultRange(): { from: string; to: string; ready: boolean } {
  const settings = useQuery(ledgerSettingsQuery);
  const to = todayIso();
  const start = settings.data?.fiscalYearStart ?? '01-01';
  return { from: fiscalYearStartOf(to, start), to, ready: !settings.isPending };
}

const FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'csv', label: 'CSV' },
  { format: 'xlsx', label: 'Excel' },
  { format: 'pdf', label: 'PDF' },
];

/** CSV, Excel and PDF of the report exactly as shown. */
export function ExportButtons({
  path,
  query,
  disabled,
}: {
  path: ReportPath;
  query: Record<string, string | number | undefined>;
  disabled?: boolean;
}) {
  const download = useMutation({
    mutationFn: (format: ExportFormat) => downloadReport(path, query, format),
    onError: (e) => showApiError(e),
  });
  return (
    <Group gap={6} role="group" aria-label="Download">
      {FORMATS.map(({ format, label }) => (
        <Button
          key={format}
          variant="default"
          size="sm"
          leftSection={<IconDownload size={14} />}
          loading={download.isPending && download.variables === format}
          disabled={disabled}
          onClick={() => download.mutate(format)}
          aria-label={`${label}: download as ${format === 'xlsx' ? 'an Excel workbook' : format.toUpperCase()}`}
        >
          {label}
        </Button>
      ))}
    </Group>
  );
}

/** The row of report settings above a report. */
export function ReportToolbar({ children, actions }: { children: ReactNode; actions: ReactNode }) {
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" align="flex-end" gap="sm" wrap="wrap">
        <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label="Report settings">
          {children}
        </Group>
        {actions}
      </Group>
    </Paper>
  );
}

/**
 * A figure that opens the entries behind it: the account's activity over the dates it covers. A
 * figure without an account (a group's subtotal, a total) is plain text.
 */
export function Figure({
  minor,
  currency,
  accountId,
  from,
  to,
  label,
  strong,
}: {
  minor: number;
  currency: string;
  accountId?: string | null;
  from?: string | null;
  to?: string | null;
  /** What the figure is, for screen readers: "rent, Jan 2026". */
  label?: string;
  strong?: boolean;
}) {
  const text = formatMoney(minor, currency);
  const style = { whiteSpace: 'nowrap' as const, fontVariantNumeric: 'tabular-nums' as const };
  if (!accountId || !from || !to)
    return (
      <Text span size="sm" fw={strong ? 700 : undefined} style={style}>
        {text}
      </Text>
    );
  return (
    <AnchorLink
      to="/finance/reports/account-activity"
      search={{ accountId, from, to }}
      size="sm"
      fw={strong ? 700 : undefined}
      style={style}
      aria-label={label ? `${text}: ${label}, show the entries` : undefined}
    >
      {text}
    </AnchorLink>
  );
}

/** The From and To dates of a report over a range; a change goes to the caller (and the URL) at once. */
export function DateRangeFields({
  from,
  to,
  badRange,
  onChange,
}: {
  from: string | undefined;
  to: string | undefined;
  badRange: boolean;
  onChange: (patch: { from?: string; to?: string }) => void;
}) {
  return (
    <>
      <TextInput
        type="date"
        label="From"
        value={from ?? ''}
        onChange={(e) => onChange({ from: e.currentTarget.value || undefined })}
        w={165}
      />
      <TextInput
        type="date"
        label="To"
        value={to ?? ''}
        error={badRange ? 'Before the start date' : undefined}
        onChange={(e) => onChange({ to: e.currentTarget.value || undefined })}
        w={165}
      />
    </>
  );
}
