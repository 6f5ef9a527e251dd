import {
  Badge,
  Button,
  Group,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconFileTypePdf, IconSend } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import { companyQuery } from '../../api/company.ts';
import {
  type Customer,
  type DocumentMessage,
  downloadFile,
  isSalesQuery,
  KINDS,
  messagesQuery,
  type SalesDocument,
  sendDocument,
} from '../../api/sales.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSalesPermissions } from './sales-hooks.ts';

// What a document offers beyond its own data: its PDF, sending it by email, and the log of the
// messages sent about it (sends and payment reminders) with how each delivery went.

/** The PDF download and, where the document can go out, Send. */
export function DocumentFileActions({
  doc,
  customer,
}: {
  doc: SalesDocument;
  customer: Customer | undefined;
}) {
  const perms = useSalesPermissions();
  const [sending, send] = useDisclosure();
  const pdf = useMutation({
    mutationFn: () =>
      downloadFile(
        `/api/sales/${KINDS[doc.type].path}/${encodeURIComponent(doc.id)}/pdf`,
        `${doc.number ?? `draft-${KINDS[doc.type].one.replace(' ', '-')}`}.pdf`,
      ),
    onError: (e) => showApiError(e),
  });
  // Invoices and credit notes go out once issued; a quote may go as a draft (sending numbers it).
  const canSend =
    (doc.type === 'quote' ? perms.canQuote : perms.canWrite) &&
    (doc.type === 'quote' ? ['draft', 'sent', 'accepted'].includes(doc.status) : doc.status !== 'draft');
  return (
    <>
      <Button
        variant="default"
        leftSection={<IconFileTypePdf size={16} />}
        loading={pdf.isPending}
        onClick={() => pdf.mutate()}
        aria-label="Download the PDF"
      >
        PDF
      </Button>
      {canSend && (
        <Button variant="default" leftSection={<IconSend size={16} />} onClick={send.open}>
          Send…
        </Button>
      )}
      <SendModal doc={doc} customer={customer} opened={sending} onClose={send.close} />
    </>
  );
}

const splitAddresses = (text: string) =>
  text
    .split(/[,;\s]+/)
    .map((a) => a.trim())
    .filter(Boolean);

function SendModal({
  doc,
  customer,
  opened,
  onClose,
}: {
  doc: SalesDocument;
  customer: Customer | undefined;
  opened: boolean;
  onClose: () => void;
}) {
  const title = `Send ${doc.number ? `${KINDS[doc.type].one} ${doc.number}` : `the draft ${KINDS[doc.type].one}`}`;
  return (
    <Modal opened={opened} onClose={onClose} title={title} size="lg">
      {opened && <SendForm doc={doc} customer={customer} onClose={onClose} />}
    </Modal>
  );
}

function SendForm({
  doc,
  customer,
  onClose,
}: {
  doc: SalesDocument;
  customer: Customer | undefined;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const company = useQuery(companyQuery);
  const sender = company.data?.tradingName || company.data?.legalName || 'us';
  const form = useForm({
    initialValues: { to: customer?.email ?? '', cc: '', subject: '', message: '' },
    validate: {
      to: (v) =>
        splitAddresses(v).every((a) => /^[^\s@]+@[^\s@]+$/.test(a))
          ? null
          : 'Separate addresses with commas.',
      cc: (v) =>
        splitAddresses(v).every((a) => /^[^\s@]+@[^\s@]+$/.test(a))
          ? null
          : 'Separate addresses with commas.',
    },
  });
  const send = useMutation({
    mutationFn: (v: ReturnType<typeof form.getValues>) =>
      sendDocument(doc.type, doc.id, {
        ...(splitAddresses(v.to).length ? { to: splitAddresses(v.to) } : {}),
        ...(splitAddresses(v.cc).length ? { cc: splitAddresses(v.cc) } : {}),
        ...(v.subject.trim() ? { subject: v.subject.trim() } : {}),
        ...(v.message.trim() ? { message: v.message } : {}),
      }),
    onSuccess: async (m) => {
      notifications.show({ color: 'green', message: `On its way to ${m.to.join(', ')}.` });
      await queryClient.invalidateQueries({ predicate: isSalesQuery });
      onClose();
    },
    onError: (e) => showApiError(e, form, ['to', 'cc', 'subject', 'message']),
  });
  const number = doc.number ?? `(numbered when sent)`;
  return (
    <form onSubmit={form.onSubmit((v) => send.mutate(v))} noValidate>
      <Stack gap="sm">
        <TextInput
          label="To"
          description={customer?.email ? undefined : 'Empty: the customer’s billing contact'}
          data-autofocus
          {...form.getInputProps('to')}
        />
        <TextInput label="Cc" {...form.getInputProps('cc')} />
        <TextInput
          label="Subject"
          placeholder={`${KINDS[doc.type].title} ${number} from ${sender}`}
          maxLength={300}
          {...form.getInputProps('subject')}
        />
        <Textarea
          label="Message"
          placeholder="Empty: a short note with the amount and the due date"
          autosize
          minRows={4}
          maxLength={10_000}
          {...form.getInputProps('message')}
        />
        <Text size="xs" c="dimmed">
          The PDF goes with it as an attachment. The message is logged on this {KINDS[doc.type].one}.
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" leftSection={<IconSend size={16} />} loading={send.isPending}>
            Send
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const STATUS_COLOR: Record<DocumentMessage['status'], string> = {
  queued: 'yellow',
  sent: 'green',
  failed: 'red',
};

/** Under the preview: the emails sent about the document and, for an invoice, its payment reminders. */
export function DocumentExtras({ doc }: { doc: SalesDocument }) {
  return (
    <>
      <MessagesLog doc={doc} />
      {doc.type === 'invoice' && doc.status !== 'draft' && <RemindersLog doc={doc} />}
    </>
  );
}

/** Each reminder step of an invoice: sent (and how delivery went) or skipped, and why. */
function RemindersLog({ doc }: { doc: SalesDocument }) {
  const reminders = useQuery({
    queryKey: ['sales', 'invoice-reminders', doc.id],
    queryFn: () =>
      unwrap(api.GET('/api/sales/invoices/{id}/reminders', { params: { path: { id: doc.id } } })),
  });
  const items = reminders.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder>
      <Title order={2} size="h4" p="md" pb={0}>
        Payment reminders
      </Title>
      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing="xs" aria-label="Payment reminders">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Step</Table.Th>
              <Table.Th>Date</Table.Th>
              <Table.Th>Outcome</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.step}</Table.Td>
                <Table.Td>{formatDate(r.runDate)}</Table.Td>
                <Table.Td>
                  {r.status === 'sent' ? (
                    <Text size="sm">
                      To {r.to.join(', ')}
                      {r.delivery && r.delivery !== 'sent' ? ` (${r.delivery})` : ''}
                    </Text>
                  ) : (
                    <Badge color="gray" variant="light">
                      Skipped: {r.reason}
                    </Badge>
                  )}
                  {r.error && (
                    <Text size="xs" c="var(--mantine-color-error)">
                      {r.error}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** Every email sent about the document, newest first, and whether it left. */
function MessagesLog({ doc }: { doc: SalesDocument }) {
  const messages = useQuery({
    ...messagesQuery(doc.type, doc.id),
    // Mail leaves after commit: look again while any message is still queued.
    refetchInterval: (q) => (q.state.data?.items.some((m) => m.status === 'queued') ? 2000 : false),
  });
  const items = messages.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder>
      <Title order={2} size="h4" p="md" pb={0}>
        Messages
      </Title>
      <Table.ScrollContainer minWidth={320}>
        <Table verticalSpacing="xs" aria-label="Messages">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>To</Table.Th>
              <Table.Th visibleFrom="sm">Subject</Table.Th>
              <Table.Th>Status</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((m) => (
              <Table.Tr key={m.id} data-testid="message">
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {formatDateTime(m.sentAt ?? m.createdAt)}
                  </Text>
                  {m.kind === 'reminder' && (
                    <Text size="xs" c="dimmed">
                      Reminder{m.reminderStep ? `: ${m.reminderStep}` : ''}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{[...m.to, ...m.cc].join(', ')}</Text>
                </Table.Td>
                <Table.Td visibleFrom="sm">
                  <Text size="sm">{m.subject}</Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={STATUS_COLOR[m.status]} variant="light">
                    {m.status === 'sent' && m.transport === 'file' ? 'In the outbox' : m.status}
                  </Badge>
                  {m.error && (
                    <Text size="xs" c="var(--mantine-color-error)">
                      {m.error}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
