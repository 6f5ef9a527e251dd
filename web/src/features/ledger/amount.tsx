import { Text, type TextProps } from '@mantine/core';
import { formatMoney } from '../../lib/format.ts';

/** An amount in a table cell: right-aligned figures that line up; nothing for zero when `blankZero`. */
export function Amount({
  minor,
  currency,
  blankZero = false,
  ...props
}: { minor: number; currency: string; blankZero?: boolean } & TextProps) {
  if (blankZero && minor === 0) return null;
  return (
    <Text span size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }} {...props}>
      {formatMoney(minor, currency)}
    </Text>
  );
}
