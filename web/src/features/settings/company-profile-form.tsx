import {
  ActionIcon,
  Button,
  Group,
  Kbd,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useBlocker } from '@tanstack/react-router';
import { type KeyboardEvent, type ReactNode, useEffect, useRef } from 'react';
import {
  fiscalYearContaining,
  isEmail,
  isPhone,
  MAX_TAX_ID_LENGTH,
  MAX_TAX_IDS,
  normalizeWebsite,
  TAX_SCHEMES,
} from '../../../../src/modules/company/company.domain.ts';
import { api, unwrap } from '../../api/client.ts';
import { type CompanyProfile, companyQuery } from '../../api/company.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import {
  byNameOrCode,
  countryOptions,
  currencyOptions,
  DAYS_IN_MONTH,
  dayOptions,
  monthOptions,
  pad2,
  TAX_SCHEME_LABELS,
} from './company-options.ts';
import {
  focusFirstError,
  newKey,
  optional,
  replaceValues,
  showSaveError,
  toInput,
  toValues,
  type Values,
} from './company-profile-values.ts';

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section">
      <Title order={2} size="h4" mb={description ? 4 : 'sm'}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="sm">
          {description}
        </Text>
      )}
      <Stack gap="sm">{children}</Stack>
    </Paper>
  );
}

/** The editable company profile; read-only without `company:update`. */
export function ProfileForm({ profile, canEdit }: { profile: CompanyProfile; canEdit: boolean }) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const form = useForm<Values>({
    initialValues: toValues(profile),
    // Read-only for roles that cannot change it: no editing, and no "required" marks to satisfy.
    enhanceGetInputProps: () => (canEdit ? {} : { readOnly: true, required: false, withAsterisk: false }),
    validate: {
      legalName: (v) => (v.trim() ? null : 'The legal name is required: it goes on invoices.'),
      country: (v) => (v ? null : 'Choose the country the company is registered in.'),
      baseCurrency: (v) => (v ? null : 'Choose the currency your books are kept in.'),
      taxIds: {
        value: (v, values, path) => {
          const value = v.trim();
          if (!value) return 'Enter the number, or remove this row.';
          if (value.length > MAX_TAX_ID_LENGTH) return `At most ${MAX_TAX_ID_LENGTH} characters.`;
          const index = Number(path.split('.')[1]);
          const row = values.taxIds[index];
          const twice = values.taxIds.some(
            (t, i) =>
              i < index && t.scheme === row?.scheme && t.value.trim().toUpperCase() === value.toUpperCase(),
          );
          return twice ? 'This number is listed twice.' : null;
        },
      },
      email: optional(isEmail, 'Not an email address.'),
      phone: optional(isPhone, 'Not a phone number (digits, spaces and + ( ) . / - only).'),
      website: optional((v) => normalizeWebsite(v) !== undefined, 'Not a web address (such as example.com).'),
    },
  });
  const dirty = form.isDirty();

  // A refetch (window focus, another tab saving) refreshes the form unless the user is editing it.
  const latest = useRef(form);
  latest.current = form;
  useEffect(() => {
    const f = latest.current;
    if (f.isDirty()) return;
    replaceValues(f, toValues(profile));
  }, [profile]);

  useBlocker({
    shouldBlockFn: () =>
      latest.current.isDirty() &&
      !window.confirm('You have unsaved changes to the company profile. Leave without saving them?'),
    enableBeforeUnload: () => latest.current.isDirty(),
  });

  const save = useMutation({
    mutationFn: (values: Values) => unwrap(api.PUT('/api/company', { body: toInput(values) })),
    onSuccess: (saved) => {
      replaceValues(form, toValues(saved));
      queryClient.setQueryData(companyQuery.queryKey, saved);
      notifications.show({ color: 'green', title: 'Saved', message: 'The company profile is up to date.' });
    },
    onError: (e) => showSaveError(e, form),
  });

  const submit = form.onSubmit((values) => save.mutate(values), focusFirstError);
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      if (canEdit && form.isDirty()) formRef.current?.requestSubmit();
    }
  };

  const v = form.getValues();
  const fiscalYear = fiscalYearText(v.fiscalMonth, v.fiscalDay);

  return (
    <form ref={formRef} onSubmit={submit} onKeyDown={onKeyDown} noValidate aria-label="Company profile">
      <Stack>
        <Section title="Name">
          <TextInput
            label="Legal name"
            description="As registered; shown on invoices and contracts."
            required
            autoComplete="organization"
            maxLength={200}
            {...form.getInputProps('legalName')}
          />
          <TextInput
            label="Trading name"
            description="The name customers know, if it differs."
            maxLength={200}
            {...form.getInputProps('tradingName')}
          />
        </Section>

        <Section title="Address">
          <TextInput
            label="Address line 1"
            autoComplete="address-line1"
            maxLength={200}
            {...form.getInputProps('address.line1')}
          />
          <TextInput
            label="Address line 2"
            autoComplete="address-line2"
            maxLength={200}
            {...form.getInputProps('address.line2')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="City"
              autoComplete="address-level2"
              maxLength={100}
              {...form.getInputProps('address.city')}
            />
            <TextInput
              label="Region or state"
              autoComplete="address-level1"
              maxLength={100}
              {...form.getInputProps('address.region')}
            />
            <TextInput
              label="Postal code"
              autoComplete="postal-code"
              maxLength={20}
              {...form.getInputProps('address.postalCode')}
            />
            <Select
              label="Country"
              required
              searchable
              filter={byNameOrCode}
              nothingFoundMessage="No country by that name"
              data={countryOptions()}
              allowDeselect={false}
              {...form.getInputProps('country')}
            />
          </SimpleGrid>
        </Section>

        <Section title="Accounting">
          <Select
            label="Base currency"
            description="The currency your books and reports are kept in."
            required
            searchable
            filter={byNameOrCode}
            nothingFoundMessage="No currency by that code or name"
            data={currencyOptions()}
            allowDeselect={false}
            maw={{ sm: 360 }}
            {...form.getInputProps('baseCurrency')}
          />
          <div>
            <Group gap="sm" align="flex-start" wrap="nowrap">
              <Select
                label="Fiscal year starts in"
                data={monthOptions()}
                allowDeselect={false}
                style={{ flex: 1 }}
                maw={220}
                {...form.getInputProps('fiscalMonth')}
                onChange={(month) => {
                  if (!month) return;
                  form.setFieldValue('fiscalMonth', month);
                  const max = DAYS_IN_MONTH[Number(month) - 1] ?? 31;
                  if (Number(form.getValues().fiscalDay) > max) form.setFieldValue('fiscalDay', String(max));
                }}
              />
              <Select
                label="on day"
                data={dayOptions(v.fiscalMonth)}
                allowDeselect={false}
                w={96}
                {...form.getInputProps('fiscalDay')}
              />
            </Group>
            {fiscalYear && (
              <Text size="xs" c="dimmed" mt={6}>
                {fiscalYear}
              </Text>
            )}
          </div>
        </Section>

        <Section
          title="Tax and registration numbers"
          description="VAT, GST, company registration and other numbers that identify the business to authorities."
        >
          {v.taxIds.length === 0 && (
            <Text size="sm" c="dimmed">
              None yet.
            </Text>
          )}
          {v.taxIds.map((row, index) => (
            <Group key={row.key} gap="sm" align="flex-start" wrap="nowrap">
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" style={{ flex: 1 }}>
                <Select
                  label={`Kind of number ${index + 1}`}
                  data={TAX_SCHEMES.map((s) => ({ value: s, label: TAX_SCHEME_LABELS[s] }))}
                  allowDeselect={false}
                  {...form.getInputProps(`taxIds.${index}.scheme`)}
                />
                <TextInput
                  label={`Number ${index + 1}`}
                  required
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                  maxLength={MAX_TAX_ID_LENGTH}
                  {...form.getInputProps(`taxIds.${index}.value`)}
                />
              </SimpleGrid>
              {canEdit && (
                <ActionIcon
                  variant="subtle"
                  color="red"
                  mt={26}
                  size="lg"
                  aria-label={`Remove number ${index + 1}${row.value ? ` (${row.value})` : ''}`}
                  onClick={() => form.removeListItem('taxIds', index)}
                >
                  <IconTrash size={18} />
                </ActionIcon>
              )}
            </Group>
          ))}
          {canEdit && (
            <Group>
              <Button
                variant="light"
                size="xs"
                leftSection={<IconPlus size={14} />}
                disabled={v.taxIds.length >= MAX_TAX_IDS}
                onClick={() =>
                  form.insertListItem('taxIds', {
                    key: newKey(),
                    scheme: v.taxIds.length === 0 ? 'VAT' : 'OTHER',
                    value: '',
                  })
                }
              >
                Add a number
              </Button>
              {v.taxIds.length >= MAX_TAX_IDS && (
                <Text size="xs" c="dimmed">
                  At most {MAX_TAX_IDS} numbers.
                </Text>
              )}
            </Group>
          )}
        </Section>

        <Section title="Contact" description="Printed on invoices so customers can reach you.">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <TextInput
              label="Email"
              type="email"
              autoComplete="email"
              maxLength={320}
              {...form.getInputProps('email')}
            />
            <TextInput
              label="Phone"
              type="tel"
              autoComplete="tel"
              maxLength={40}
              {...form.getInputProps('phone')}
            />
          </SimpleGrid>
          <TextInput
            label="Website"
            placeholder="example.com"
            autoComplete="url"
            maxLength={2048}
            {...form.getInputProps('website')}
          />
        </Section>

        {canEdit && (
          <Paper
            withBorder
            p="sm"
            shadow={dirty ? 'md' : undefined}
            // Pinned to the bottom of the window while there is something to save.
            style={dirty ? { position: 'sticky', bottom: 0, zIndex: 2 } : undefined}
          >
            <Group justify="space-between" gap="xs" wrap="wrap">
              <Text size="xs" c="dimmed" aria-live="polite">
                {dirty
                  ? 'You have unsaved changes.'
                  : profile.updatedAt
                    ? `Last saved ${formatDateTime(profile.updatedAt)}`
                    : 'Not saved yet.'}
                {dirty && (
                  <Text span size="xs" c="dimmed" visibleFrom="sm">
                    {' '}
                    <Kbd size="xs">Ctrl</Kbd> + <Kbd size="xs">Enter</Kbd> saves.
                  </Text>
                )}
              </Text>
              <Group gap="xs" ml="auto">
                <Button variant="default" disabled={!dirty || save.isPending} onClick={() => form.reset()}>
                  Discard
                </Button>
                <Button type="submit" disabled={!dirty} loading={save.isPending}>
                  Save changes
                </Button>
              </Group>
            </Group>
          </Paper>
        )}
      </Stack>
    </form>
  );
}

/** "The current fiscal year runs 6 April 2026 – 5 April 2027." for today's date. */
function fiscalYearText(month: string, day: string): string | null {
  const now = new Date();
  const today = `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
  try {
    const { start, end } = fiscalYearContaining(today, `${month}-${pad2(Number(day))}`);
    return `The current fiscal year runs ${formatDate(start)} – ${formatDate(end)}.`;
  } catch {
    return null;
  }
}
