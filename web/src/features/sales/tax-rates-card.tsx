import {
  Badge,
  Button,
  Group,
  Menu,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  REASON_CATEGORIES,
  type TaxCategory,
  ZERO_CATEGORIES,
} from '../../../../src/modules/sales/tax.domain.ts';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import { accountLabel } from '../../api/ledger.ts';
import { isSalesQuery, type TaxRate, type TaxRateInput } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';
import { useAccounts } from '../ledger/ledger-hooks.ts';
import { useSalesPermissions, useTaxRates } from './sales-hooks.ts';

const CATEGORIES: { value: TaxCategory; label: string }[] = [
  { value: 'S', label: 'S · Standard rate' },
  { value: 'Z', label: 'Z · Zero rated' },
  { value: 'E', label: 'E · Exempt' },
  { value: 'AE', label: 'AE · Reverse charge' },
  { value: 'K', label: 'K · Intra-community supply' },
  { value: 'G', label: 'G · Export outside the EU' },
  { value: 'O', label: 'O · Outside the scope of tax' },
  { value: 'L', label: 'L · Canary Islands tax' },
  { value: 'M', label: 'M · Ceuta and Melilla tax' },
];

/** The tax rates lines can carry: standard and reduced rates, zero, exempt with its reason. */
export function TaxRatesCard() {
  const { canTax } = useSalesPermissions();
  const { items } = useTaxRates();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<TaxRate | 'new' | null>(null);
  const archive = useMutation({
    mutationFn: (v: { rate: TaxRate; archived: boolean }) =>
      unwrap(
        api.PATCH('/api/sales/tax-rates/{id}', {
          params: { path: { id: v.rate.id } },
          body: { archived: v.archived },
        }),
      ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
    },
    onError: (e) => showApiError(e),
  });
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Tax rates
        </Title>
        {canTax && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing('new')}
          >
            Add a tax rate
          </Button>
        )}
      </Group>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No tax rates yet. Add the rates you charge (for example “VAT 20%”, category S), and a zero or exempt
          rate if you sell without tax; every invoice line needs one.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table verticalSpacing={6} aria-label="Tax rates">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Category</Table.Th>
                <Table.Th ta="right">Percent</Table.Th>
                <Table.Th w={48} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Text size="sm">
                      {r.name}{' '}
                      {r.archivedAt && (
                        <Badge size="xs" color="gray" variant="outline">
                          Archived
                        </Badge>
                      )}
                    </Text>
                    {r.exemptionReason && (
                      <Text size="xs" c="dimmed">
                        {r.exemptionReasonCode ? `${r.exemptionReasonCode}: ` : ''}
                        {r.exemptionReason}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {CATEGORIES.find((c) => c.value === r.category)?.label ?? r.category}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" className="ordo-num">
                    {r.percent}%
                  </Table.Td>
                  <Table.Td>
                    {canTax && (
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <Button
                            variant="subtle"
                            color="gray"
                            size="compact-sm"
                            px={6}
                            aria-label={`Actions for ${r.name}`}
                          >
                            <IconDots size={16} />
                          </Button>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item onClick={() => setEditing(r)}>Edit</Menu.Item>
                          <Menu.Item onClick={() => archive.mutate({ rate: r, archived: !r.archivedAt })}>
                            {r.archivedAt ? 'Unarchive' : 'Archive'}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing && editing !== 'new' ? `Edit ${editing.name}` : 'New tax rate'}
      >
        {editing !== null && (
          <TaxRateForm rate={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
        )}
      </Modal>
    </Paper>
  );
}

const FIELDS = ['name', 'category', 'percent', 'exemptionReasonCode', 'exemptionReason', 'accountId'];

function TaxRateForm({ rate, onClose }: { rate?: TaxRate; onClose: () => void }) {
  const queryClient = useQueryClient();
  const { items: accounts } = useAccounts();
  const form = useForm({
    initialValues: {
      name: rate?.name ?? '',
      category: (rate?.category ?? 'S') as TaxCategory,
      percent: rate?.percent ?? '',
      exemptionReasonCode: rate?.exemptionReasonCode ?? '',
      exemptionReason: rate?.exemptionReason ?? '',
      accountId: rate?.accountId ?? null,
    },
    validate: { name: (v) => (v.trim() ? null : 'Name the rate, such as VAT 20%.') },
  });
  const v = form.getValues();
  const zero = ZERO_CATEGORIES.includes(v.category);
  const save = useMutation({
    mutationFn: (values: typeof v) => {
      const body: TaxRateInput = {
        name: values.name.trim(),
        category: values.category,
        percent: zero ? '0' : values.percent.trim(),
        exemptionReasonCode: values.exemptionReasonCode.trim() || null,
        exemptionReason: values.exemptionReason.trim() || null,
        accountId: values.accountId,
      };
      return rate
        ? unwrap(api.PATCH('/api/sales/tax-rates/{id}', { params: { path: { id: rate.id } }, body }))
        : unwrap(api.POST('/api/sales/tax-rates', { body, headers: idempotencyKey() }));
    },
    onSuccess: async (saved) => {
      notifications.show({ color: 'green', message: `Saved ${saved.name}.` });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      onClose();
    },
    onError: (e) => showApiError(e, form, FIELDS),
  });
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Name"
          required
          data-autofocus
          maxLength={100}
          placeholder="VAT 20%"
          {...form.getInputProps('name')}
        />
        <SimpleGrid cols={2} spacing="sm">
          <Select
            label="Category"
            data={CATEGORIES}
            allowDeselect={false}
            {...form.getInputProps('category')}
          />
          <TextInput
            label="Percent"
            inputMode="decimal"
            disabled={zero}
            placeholder={zero ? '0' : '20'}
            {...form.getInputProps('percent')}
          />
        </SimpleGrid>
        {REASON_CATEGORIES.includes(v.category) && (
          <>
            <TextInput
              label="Exemption reason code"
              placeholder="VATEX-EU-132"
              maxLength={50}
              {...form.getInputProps('exemptionReasonCode')}
            />
            <TextInput
              label="Exemption reason"
              description="Printed on the invoice"
              maxLength={500}
              {...form.getInputProps('exemptionReason')}
            />
          </>
        )}
        <Select
          label="Tax account"
          description="Empty: the first tax account in the chart"
          clearable
          searchable
          data={accounts
            .filter((a) => a.subtype === 'tax' && !a.archivedAt)
            .map((a) => ({ value: a.id, label: accountLabel(a) }))}
          {...form.getInputProps('accountId')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={save.isPending}>
            Save tax rate
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
