import { Button, Group, Paper, Text, TextInput, Title } from '@mantine/core';
import { IconDownload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { downloadFile } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { todayIso } from '../ledger/dates.ts';

/** The customer's statement for a period, as the PDF the server renders. */
export function StatementCard({ customerId }: { customerId: string }) {
  const today = todayIso();
  const [from, setFrom] = useState(`${today.slice(0, 4)}-01-01`);
  const [to, setTo] = useState(today);
  const badRange = Boolean(from && to && from > to);
  const download = useMutation({
    mutationFn: () =>
      downloadFile(
        `/api/sales/customers/${encodeURIComponent(customerId)}/statement.pdf?${new URLSearchParams({ from, to })}`,
        `statement-${to}.pdf`,
      ),
    onError: (e) => showApiError(e),
  });
  return (
    <Paper withBorder p="md">
      <Title order={2} size="h4" mb={4}>
        Statement
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        Every invoice, credit note and payment in a period, with the balance brought forward and owed at the
        end.
      </Text>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          type="date"
          label="From"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value)}
          w={165}
        />
        <TextInput
          type="date"
          label="To"
          value={to}
          error={badRange ? 'Before the start date' : undefined}
          onChange={(e) => setTo(e.currentTarget.value)}
          w={165}
        />
        <Button
          variant="default"
          leftSection={<IconDownload size={14} />}
          disabled={badRange || !from || !to}
          loading={download.isPending}
          onClick={() => download.mutate()}
        >
          Statement (PDF)
        </Button>
      </Group>
    </Paper>
  );
}
