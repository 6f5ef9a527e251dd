import { Button, Group } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { downloadFile } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';

export type SalesList =
  | 'invoices'
  | 'credit-notes'
  | 'quotes'
  | 'customers'
  | 'payments'
  | 'items'
  | 'tax-rates';

/**
 * The list as CSV or Excel with the list's own filters (status, customer, issue dates, search), which
 * the server applies to the export as to the list, so the file holds exactly the rows shown.
 */
export function ExportButtons({
  list,
  filters = {},
}: {
  list: SalesList;
  filters?: Record<string, string | undefined>;
}) {
  const download = useMutation({
    mutationFn: (format: 'csv' | 'xlsx') => {
      const query = new URLSearchParams({ format });
      for (const [k, v] of Object.entries(filters)) if (v) query.set(k, v);
      return downloadFile(`/api/sales/exports/${list}?${query}`, `${list}.${format}`);
    },
    onError: (e) => showApiError(e),
  });
  return (
    <Group gap={6} role="group" aria-label="Download the list">
      {(['csv', 'xlsx'] as const).map((format) => (
        <Button
          key={format}
          variant="default"
          leftSection={<IconDownload size={14} />}
          loading={download.isPending && download.variables === format}
          onClick={() => download.mutate(format)}
          aria-label={
            format === 'csv'
              ? 'CSV: download the list as CSV'
              : 'Excel: download the list as an Excel workbook'
          }
        >
          {format === 'csv' ? 'CSV' : 'Excel'}
        </Button>
      ))}
    </Group>
  );
}
