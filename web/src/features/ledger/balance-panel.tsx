import { Group, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertTriangle, IconCheck } from '@tabler/icons-react';
import { formatMoney, plural } from '../../lib/format.ts';
import type { BalanceCheck } from './entry-lines.ts';

/** The live check under the lines: totals per currency, and the difference while it is not zero. */
export function BalancePanel({ check, error }: { check: BalanceCheck; error?: string | null }) {
  const { byCurrency, balanced, lineCount, problemLines } = check;
  return (
    <Paper withBorder p="sm" data-testid="balance-panel" aria-live="polite" aria-atomic="true">
      <Stack gap={6}>
        <Group gap="xs" wrap="nowrap" align="flex-start">
          <ThemeIcon size="sm" radius="xl" variant="light" color={balanced ? 'green' : 'orange'} aria-hidden>
            {balanced ? <IconCheck size={14} /> : <IconAlertTriangle size={14} />}
          </ThemeIcon>
          <Text size="sm" fw={600} id="entry-balance-status">
            {balanced
              ? 'Balanced: debits equal credits.'
              : lineCount < 2
                ? 'An entry needs at least two lines: what is debited and what is credited.'
                : problemLines > 0
                  ? `${plural(problemLines, 'line needs', 'lines need')} fixing before posting.`
                  : 'Not balanced: debits and credits differ.'}
          </Text>
        </Group>
        {byCurrency.map((s) => (
          <Group key={s.currency} gap="md" wrap="wrap" pl={28}>
            <Text size="sm">
              Debits <b>{formatMoney(s.debits, s.currency)}</b>
            </Text>
            <Text size="sm">
              Credits <b>{formatMoney(s.credits, s.currency)}</b>
            </Text>
            {s.difference !== 0n && (
              <Text
                size="sm"
                c="var(--mantine-color-error)"
                fw={600}
                data-testid={`difference-${s.currency}`}
              >
                Difference {formatMoney(s.difference < 0n ? -s.difference : s.difference, s.currency)}{' '}
                {s.difference > 0n ? '(more debits)' : '(more credits)'}
              </Text>
            )}
          </Group>
        ))}
        {error && (
          <Text size="sm" c="var(--mantine-color-error)" role="alert" pl={28}>
            {error}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
