import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Code,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { isSalesQuery } from '../../api/sales.ts';
import type { components } from '../../api/schema.gen.ts';
import { showApiError } from '../../lib/forms.ts';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { todayIso } from '../ledger/dates.ts';
import { DocumentLink } from './doc-links.tsx';
import { useSalesPermissions } from './sales-hooks.ts';

type Settings = components['schemas']['ReminderSettings'];
type Step = components['schemas']['ReminderStep'];

interface StepValues {
  key: string;
  kind: 'offset' | 'repeat';
  offsetDays: number | string;
  repeatEveryDays: number | string;
  maxRepeats: number | string;
  subject: string;
  body: string;
}

const settingsQuery = {
  queryKey: ['sales', 'reminder-settings'],
  queryFn: () => unwrap(api.GET('/api/sales/reminder-settings')),
};

const toValues = (s: Step): StepValues => ({
  key: crypto.randomUUID(),
  kind: 'offsetDays' in s ? 'offset' : 'repeat',
  offsetDays: 'offsetDays' in s ? s.offsetDays : 7,
  repeatEveryDays: 'repeatEveryDays' in s ? s.repeatEveryDays : 7,
  maxRepeats: 'repeatEveryDays' in s ? (s.maxRepeats ?? '') : '',
  subject: s.subject,
  body: s.body,
});

const int = (v: number | string) => (typeof v === 'number' ? v : Number.parseInt(v, 10));

const toStep = (v: StepValues): Step =>
  v.kind === 'offset'
    ? { offsetDays: int(v.offsetDays), subject: v.subject, body: v.body }
    : {
        repeatEveryDays: int(v.repeatEveryDays),
        maxRepeats: v.maxRepeats === '' ? null : int(v.maxRepeats),
        subject: v.subject,
        body: v.body,
      };

/** Finance → Payment reminders: whether they go out, and each step's timing and words. */
export function RemindersPage() {
  const settings = useQuery(settingsQuery);
  return (
    <Stack>
      <PageHeader
        title="Payment reminders"
        description="Emails that chase unpaid invoices by themselves: before the due date, on it, after it, then again every few days until paid. A customer can be left out on their page."
      />
      <QueryState query={settings}>{settings.data && <SettingsForm settings={settings.data} />}</QueryState>
      {settings.data?.enabled && <DryRun />}
    </Stack>
  );
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { canSettings } = useSalesPermissions();
  const queryClient = useQueryClient();
  const form = useForm({
    initialValues: { enabled: settings.enabled, steps: settings.steps.map(toValues) },
    validate: {
      steps: {
        subject: (v) => (v.trim() ? null : 'Write a subject.'),
        body: (v) => (v.trim() ? null : 'Write the message.'),
      },
    },
  });
  const save = useMutation({
    mutationFn: (v: ReturnType<typeof form.getValues>) =>
      unwrap(
        api.PUT('/api/sales/reminder-settings', { body: { enabled: v.enabled, steps: v.steps.map(toStep) } }),
      ),
    onSuccess: async (saved) => {
      form.setValues({ enabled: saved.enabled, steps: saved.steps.map(toValues) });
      form.resetDirty();
      notifications.show({
        color: 'green',
        message: saved.enabled ? 'Reminders are on.' : 'Reminders are off.',
      });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
    },
    onError: (e) => {
      // The server names `steps.N.subject`, `steps.N.offsetDays`…; the form's fields have the same paths.
      const fields = form
        .getValues()
        .steps.flatMap((_, i) =>
          ['subject', 'body', 'offsetDays', 'repeatEveryDays', 'maxRepeats'].map((f) => `steps.${i}.${f}`),
        );
      showApiError(e, form, fields);
    },
  });
  const v = form.getValues();
  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        <Paper withBorder p="md">
          <Switch
            label="Send payment reminders"
            description="Checked once a day for every open invoice with a due date"
            disabled={!canSettings}
            {...form.getInputProps('enabled', { type: 'checkbox' })}
          />
        </Paper>
        {v.steps.map((step, i) => (
          <Paper withBorder p="md" key={step.key}>
            <Stack gap="sm">
              <Group justify="space-between">
                <Title order={2} size="h5">
                  Step {i + 1}
                </Title>
                {canSettings && (
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    aria-label={`Remove step ${i + 1}`}
                    onClick={() => form.removeListItem('steps', i)}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                )}
              </Group>
              <SegmentedControl
                aria-label={`When step ${i + 1} goes out`}
                w="fit-content"
                data={[
                  { value: 'offset', label: 'Days from the due date' },
                  { value: 'repeat', label: 'Repeat until paid' },
                ]}
                {...form.getInputProps(`steps.${i}.kind`)}
              />
              {step.kind === 'offset' ? (
                <NumberInput
                  label="Days from the due date"
                  description="−3 is three days before, 0 the day itself, 7 a week after"
                  min={-365}
                  max={365}
                  allowDecimal={false}
                  w={260}
                  {...form.getInputProps(`steps.${i}.offsetDays`)}
                />
              ) : (
                <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" maw={520}>
                  <NumberInput
                    label="Every … days"
                    min={1}
                    max={365}
                    allowDecimal={false}
                    {...form.getInputProps(`steps.${i}.repeatEveryDays`)}
                  />
                  <NumberInput
                    label="At most … times"
                    placeholder="Until paid"
                    min={1}
                    max={100}
                    allowDecimal={false}
                    {...form.getInputProps(`steps.${i}.maxRepeats`)}
                  />
                </SimpleGrid>
              )}
              <TextInput label="Subject" maxLength={300} {...form.getInputProps(`steps.${i}.subject`)} />
              <Textarea
                label="Message"
                autosize
                minRows={4}
                maxLength={10_000}
                {...form.getInputProps(`steps.${i}.body`)}
              />
            </Stack>
          </Paper>
        ))}
        {canSettings && (
          <Group justify="space-between">
            <Button
              variant="default"
              leftSection={<IconPlus size={16} />}
              onClick={() =>
                form.insertListItem('steps', {
                  key: crypto.randomUUID(),
                  kind: 'offset',
                  // A week after the latest step, so no two steps fall on the same day.
                  offsetDays: Math.min(
                    365,
                    Math.max(
                      0,
                      ...v.steps.filter((x) => x.kind === 'offset').map((x) => int(x.offsetDays) || 0),
                    ) + 7,
                  ),
                  repeatEveryDays: 7,
                  maxRepeats: '',
                  subject: 'Reminder: invoice {{invoice.number}} is overdue',
                  body: 'Dear {{customer.name}},\n\ninvoice {{invoice.number}} of {{invoice.total}} was due on {{invoice.dueDate}}; {{invoice.amountDue}} is still open.\n\nKind regards,\n{{company.name}}',
                })
              }
            >
              Add a step
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!form.isDirty()}>
              Save reminders
            </Button>
          </Group>
        )}
        <Paper withBorder p="md">
          <Text size="sm" fw={600} mb={4}>
            Words that fill themselves in
          </Text>
          <Table verticalSpacing={2} aria-label="Placeholders">
            <Table.Tbody>
              {Object.entries(settings.placeholders).map(([name, what]) => (
                <Table.Tr key={name}>
                  <Table.Td w={220}>
                    <Code>{`{{${name}}}`}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{what}</Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
      </Stack>
    </form>
  );
}

/** What today's run would send, without sending anything. */
function DryRun() {
  const run = useMutation({
    mutationFn: () =>
      unwrap(api.POST('/api/sales/reminders/run', { body: { date: todayIso(), dryRun: true } })),
    onError: (e) => showApiError(e),
  });
  const items = run.data?.items ?? [];
  return (
    <Paper withBorder p="md">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          Today’s reminders
        </Title>
        <Button variant="default" loading={run.isPending} onClick={() => run.mutate()}>
          Show what would go out today
        </Button>
      </Group>
      {run.data &&
        (items.length === 0 ? (
          <Alert color="gray" role="status">
            No reminder is due today.
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={320}>
            <Table verticalSpacing={6} aria-label="Reminders due today">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Invoice</Table.Th>
                  <Table.Th>Customer</Table.Th>
                  <Table.Th>Step</Table.Th>
                  <Table.Th>Outcome</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={`${r.invoiceId}:${r.step}`}>
                    <Table.Td>
                      <DocumentLink type="invoice" id={r.invoiceId}>
                        {r.number ?? 'Invoice'}
                      </DocumentLink>
                    </Table.Td>
                    <Table.Td>{r.customerName}</Table.Td>
                    <Table.Td>{r.step}</Table.Td>
                    <Table.Td>
                      {r.status === 'sent' ? (
                        <Text size="sm">To {r.to.join(', ')}</Text>
                      ) : (
                        <Badge color="gray" variant="light">
                          Skipped: {r.reason}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ))}
    </Paper>
  );
}
