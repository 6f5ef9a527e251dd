import { Alert, Group, Paper, Stack, Text } from '@mantine/core';
import type { TaxRate } from '../../api/sales.ts';
import { formatMoney } from '../../lib/format.ts';
import type { LiveTotals } from './document-lines.ts';
import { rateName } from './sales-bits.tsx';

function Row({
  label,
  minor,
  currency,
  strong,
  testId,
}: {
  label: string;
  minor: bigint | number;
  currency: string;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <Group justify="space-between" gap="xl" wrap="nowrap">
      <Text size="sm" fw={strong ? 700 : undefined}>
        {label}
      </Text>
      <Text
        size={strong ? 'md' : 'sm'}
        fw={strong ? 700 : undefined}
        className="ordo-num"
        data-testid={testId}
      >
        {formatMoney(minor, currency)}
      </Text>
    </Group>
  );
}

/** The totals under the lines, recomputed as you type with the server's arithmetic. */
export function LiveTotalsPanel({
  live,
  currency,
  rates,
  pricesIncludeTax,
}: {
  live: LiveTotals;
  currency: string;
  rates: ReadonlyMap<string, TaxRate>;
  pricesIncludeTax: boolean;
}) {
  const t = live.totals;
  return (
    <Paper
      withBorder
      p="md"
      ml={{ sm: 'auto' }}
      w={{ base: '100%', sm: 380 }}
      aria-label="Totals"
      role="region"
    >
      <Stack gap={6} aria-live="polite">
        {t ? (
          <>
            <Row
              label="Subtotal (net)"
              minor={t.lineExtensionAmount}
              currency={currency}
              testId="total-net"
            />
            {t.allowanceTotalAmount !== 0n && (
              <Row
                label="Discount"
                minor={-t.allowanceTotalAmount}
                currency={currency}
                testId="total-discount"
              />
            )}
            {t.groups.map((g) => {
              const r = rates.get(g.taxKey);
              return (
                <Row
                  key={g.taxKey}
                  label={`${r ? rateName(r) : `Tax ${g.percent.text}%`} on ${formatMoney(g.taxableAmount, currency)}`}
                  minor={g.taxAmount}
                  currency={currency}
                />
              );
            })}
            <Row label="Total" minor={t.taxInclusiveAmount} currency={currency} strong testId="total-gross" />
            {pricesIncludeTax && (
              <Text size="xs" c="dimmed">
                Prices include tax: the tax is taken out of them.
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            Totals appear as you add lines.
          </Text>
        )}
        {live.incomplete > 0 && (
          <Text size="xs" c="dimmed">
            {live.incomplete === 1 ? 'One line is' : `${live.incomplete} lines are`} left out until it has a
            price and a tax rate.
          </Text>
        )}
        {live.error && (
          <Alert color="red" p="xs">
            {live.error}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
