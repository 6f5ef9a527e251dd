import { Box, Button, Group, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';

type Change = 'added' | 'removed' | 'changed' | 'same';

interface FieldDiff {
  field: string;
  before: unknown;
  after: unknown;
  change: Change;
}

const isRecord = (v: unknown): v is Record<string, unknown> | unknown[] =>
  v !== null && typeof v === 'object';

/** `{ address: { city } , taxIds: [{ value }] }` → `address.city`, `taxIds.0.value`: one row per leaf. */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  const entries = isRecord(value)
    ? Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value)
    : [];
  if (entries.length === 0) out.set(prefix, value);
  for (const [key, v] of entries) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const byPath = new Intl.Collator('en', { numeric: true }).compare;

/** Field-by-field comparison of an audit entry's before and after, sorted by field path. */
export function diffFields(before: unknown, after: unknown): FieldDiff[] {
  const b = before == null ? new Map<string, unknown>() : flatten(before, '', new Map());
  const a = after == null ? new Map<string, unknown>() : flatten(after, '', new Map());
  // Sorted so related fields sit together (address.*, taxIds.0.*), numbers in numeric order.
  const fields = [...new Set([...a.keys(), ...b.keys()])].sort(byPath);
  return fields.map((field) => {
    const inBefore = b.has(field);
    const inAfter = a.has(field);
    const change: Change =
      inBefore && inAfter
        ? same(b.get(field), a.get(field))
          ? 'same'
          : 'changed'
        : inAfter
          ? before == null
            ? 'same'
            : 'added'
          : after == null
            ? 'same'
            : 'removed';
    return { field: field || 'value', before: b.get(field), after: a.get(field), change };
  });
}

function Value({ value }: { value: unknown }) {
  if (value === undefined || value === null || value === '')
    return (
      <Text span size="sm" c="dimmed" fs="italic">
        empty
      </Text>
    );
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (
    <Text span size="sm" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
      {text}
    </Text>
  );
}

const CHANGE_LABEL: Record<Change, string> = {
  added: 'added',
  removed: 'removed',
  changed: 'changed',
  same: '',
};

/** Before and after of one audit entry, field by field, changed fields highlighted. */
export function AuditDiff({ before, after }: { before: unknown; after: unknown }) {
  const [showAll, setShowAll] = useState(false);
  const rows = diffFields(before, after);
  if (rows.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No field values were recorded for this change.
      </Text>
    );
  const onlyAfter = before == null;
  const onlyBefore = after == null;
  const isUpdate = !onlyAfter && !onlyBefore;
  const changed = rows.filter((r) => r.change !== 'same').length;
  // In an update the unchanged fields are context, folded away until asked for.
  const folded = isUpdate && changed > 0 && !showAll;
  const shown = folded ? rows.filter((r) => r.change !== 'same') : rows;
  const columns = { before: !onlyAfter, after: !onlyBefore, single: !isUpdate };
  return (
    <Stack gap={6}>
      {isUpdate && (
        <Group gap="xs" justify="space-between">
          <Text size="xs" c="dimmed">
            {changed === 0
              ? 'No field changed.'
              : `${changed} of ${rows.length} fields changed${showAll ? ', highlighted' : ''}.`}
          </Text>
          {changed > 0 && changed < rows.length && (
            <Button variant="subtle" size="compact-xs" onClick={() => setShowAll((v) => !v)}>
              {showAll ? 'Only changed fields' : `Show all ${rows.length} fields`}
            </Button>
          )}
        </Group>
      )}
      <Box visibleFrom="sm">
        <DiffTable rows={shown} columns={columns} />
      </Box>
      <Box hiddenFrom="sm">
        <DiffList rows={shown} columns={columns} />
      </Box>
    </Stack>
  );
}

interface Columns {
  before: boolean;
  after: boolean;
  /** Only one side exists (created or deleted): one value column. */
  single: boolean;
}

const HIGHLIGHT = 'var(--mantine-color-yellow-light)';

function FieldName({ row }: { row: FieldDiff }) {
  const highlighted = row.change !== 'same';
  return (
    <>
      <Text
        span
        size="sm"
        ff="monospace"
        fw={highlighted ? 700 : undefined}
        style={{ overflowWrap: 'break-word' }}
      >
        {row.field}
      </Text>
      {highlighted && <VisuallyHidden> ({CHANGE_LABEL[row.change]})</VisuallyHidden>}
    </>
  );
}

function DiffTable({ rows, columns }: { rows: FieldDiff[]; columns: Columns }) {
  return (
    <Table.ScrollContainer minWidth={420}>
      <Table withTableBorder withColumnBorders verticalSpacing={4} fz="sm" aria-label="Field values">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Field</Table.Th>
            {columns.before && <Table.Th>{columns.single ? 'Value' : 'Before'}</Table.Th>}
            {columns.after && <Table.Th>{columns.single ? 'Value' : 'After'}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const highlighted = r.change !== 'same';
            return (
              <Table.Tr key={r.field} data-change={r.change} bg={highlighted ? HIGHLIGHT : undefined}>
                <Table.Td>
                  <FieldName row={r} />
                </Table.Td>
                {columns.before && (
                  <Table.Td>
                    <Value value={r.before} />
                  </Table.Td>
                )}
                {columns.after && (
                  <Table.Td fw={highlighted ? 600 : undefined}>
                    <Value value={r.after} />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The same on a phone: one block per field, values under its name, so nothing is squeezed. */
function DiffList({ rows, columns }: { rows: FieldDiff[]; columns: Columns }) {
  return (
    <Stack gap={0} style={{ border: '1px solid var(--mantine-color-default-border)' }} role="list">
      {rows.map((r, i) => (
        <Box
          key={r.field}
          role="listitem"
          data-change={r.change}
          px="xs"
          py={6}
          bg={r.change !== 'same' ? HIGHLIGHT : undefined}
          style={i > 0 ? { borderTop: '1px solid var(--mantine-color-default-border)' } : undefined}
        >
          <FieldName row={r} />
          {columns.single ? (
            <div>
              <Value value={columns.after ? r.after : r.before} />
            </div>
          ) : (
            <SimpleGrid cols={2} spacing="xs" verticalSpacing={0}>
              <div>
                <Text size="xs" c="dimmed">
                  Before
                </Text>
                <Value value={r.before} />
              </div>
              <div>
                <Text size="xs" c="dimmed">
                  After
                </Text>
                <Value value={r.after} />
              </div>
            </SimpleGrid>
          )}
        </Box>
      ))}
    </Stack>
  );
}
