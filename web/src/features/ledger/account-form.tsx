import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import {
  ACCOUNT_CODE,
  ACCOUNT_NAME_MAX,
  ACCOUNT_TYPES,
  accountNameProblem,
  ancestorNames,
  DEFAULT_SUBTYPE,
  SUBTYPES_BY_TYPE,
} from '../../../../src/modules/ledger/account.domain.ts';
import { api, idempotencyKey, unwrap } from '../../api/client.ts';
import {
  type Account,
  type AccountSubtype,
  type AccountType,
  isLedgerQuery,
  subtypeLabel,
  TYPE_LABELS,
} from '../../api/ledger.ts';
import { showApiError } from '../../lib/forms.ts';

interface Values {
  name: string;
  code: string;
  type: AccountType;
  subtype: AccountSubtype;
  description: string;
}

const FIELDS = ['name', 'code', 'type', 'subtype', 'description'] as const;

const valuesOf = (a: Account | null, preset?: Partial<Values>): Values => ({
  name: a?.name ?? preset?.name ?? '',
  code: a?.code ?? '',
  type: a?.type ?? preset?.type ?? 'expense',
  subtype: a?.subtype ?? preset?.subtype ?? DEFAULT_SUBTYPE[preset?.type ?? 'expense'],
  description: a?.description ?? '',
});

/** Create an account, or edit one (`account` set). Renaming moves the accounts below along. */
export function AccountFormModal({
  opened,
  onClose,
  account,
  preset,
  accounts,
}: {
  opened: boolean;
  onClose: () => void;
  account: Account | null;
  /** Starting values for a new account, such as a parent's name and type for "Add below". */
  preset?: Partial<Values>;
  accounts: readonly Account[];
}) {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    initialValues: valuesOf(account, preset),
    validate: {
      name: (v) => accountNameProblem(v.trim()) ?? null,
      code: (v) =>
        !v.trim() || ACCOUNT_CODE.test(v.trim())
          ? null
          : 'Up to 20 letters, digits, dots and hyphens, starting with a letter or digit (such as 4000 or 4000.10).',
    },
  });
  // A fresh form each time the dialog opens, for the account it opens on.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset only when opened or the account changes
  useEffect(() => {
    if (!opened) return;
    const values = valuesOf(account, preset);
    form.setInitialValues(values);
    form.setValues(values);
    form.clearErrors();
    save.reset();
  }, [opened, account?.id]);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const body = {
        name: v.name.trim(),
        type: v.type,
        subtype: v.subtype,
        code: v.code.trim() || null,
        description: v.description.trim() || null,
      };
      return account
        ? unwrap(api.PATCH('/api/ledger/accounts/{id}', { params: { path: { id: account.id } }, body }))
        : unwrap(api.POST('/api/ledger/accounts', { body, headers: idempotencyKey() }));
    },
    onSuccess: (saved) => {
      notifications.show({
        color: 'green',
        message: account ? `Saved ${saved.name}.` : `Added ${saved.name} to the chart.`,
      });
      queryClient.invalidateQueries({ predicate: isLedgerQuery });
      onClose();
    },
    onError: (e) => showApiError(e, form, FIELDS),
  });

  const v = form.getValues();
  const parent = ancestorNames(v.name.trim())
    .reverse()
    .find((n) => accounts.some((a) => a.id !== account?.id && (a.name === n || a.name.startsWith(`${n}:`))));
  const children = account ? accounts.filter((a) => a.name.startsWith(`${account.name}:`)).length : 0;
  const renamed = account && v.name.trim() !== account.name && children > 0;

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={account ? `Edit ${account.name}` : 'New account'}
      size="lg"
    >
      <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
        <Stack>
          <TextInput
            label="Name"
            description="Levels are separated by colons, such as expenses:office:rent."
            required
            data-autofocus
            maxLength={ACCOUNT_NAME_MAX}
            autoComplete="off"
            {...form.getInputProps('name')}
          />
          {parent && (
            <Text size="xs" c="dimmed" mt={-8}>
              Goes below {parent}.
            </Text>
          )}
          {renamed && (
            <Text size="xs" c="dimmed" mt={-8}>
              The {children === 1 ? 'account' : `${children} accounts`} below it will be renamed along with
              it.
            </Text>
          )}
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
            <TextInput
              label="Code"
              description="Optional, such as 6100"
              maxLength={20}
              autoComplete="off"
              {...form.getInputProps('code')}
            />
            <Select
              label="Type"
              required
              allowDeselect={false}
              data={ACCOUNT_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
              {...form.getInputProps('type')}
              onChange={(t) => {
                if (!t) return;
                const type = t as AccountType;
                form.setFieldValue('type', type);
                if (!(SUBTYPES_BY_TYPE[type] as readonly string[]).includes(form.getValues().subtype))
                  form.setFieldValue('subtype', DEFAULT_SUBTYPE[type]);
              }}
            />
            <Select
              label="Subtype"
              description="Drives the reports"
              required
              allowDeselect={false}
              data={SUBTYPES_BY_TYPE[v.type].map((s) => ({ value: s, label: subtypeLabel(s) }))}
              {...form.getInputProps('subtype')}
            />
          </SimpleGrid>
          <Textarea
            label="Description"
            description="What belongs in this account; shown to whoever posts to it."
            autosize
            minRows={2}
            maxLength={1000}
            {...form.getInputProps('description')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={save.isPending}>
              {account ? 'Save account' : 'Add account'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
