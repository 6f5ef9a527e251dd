import {
  ActionIcon,
  Alert,
  Anchor,
  Box,
  Button,
  Group,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { IconFile, IconPaperclip, IconTrash, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouteContext } from '@tanstack/react-router';
import { type DragEvent, useId, useMemo, useRef, useState } from 'react';
import { membersQuery } from '../../api/queries.ts';
import {
  ATTACHMENT_MAX_BYTES,
  type Attachment,
  attachmentsQuery,
  attachmentUrl,
  deleteAttachment,
  downloadFile,
  KINDS,
  type SalesDocument,
  uploadAttachment,
} from '../../api/sales.ts';
import { formatDateTime } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';
import { useSalesPermissions } from './sales-hooks.ts';
import './sales.css';

// Files kept with a document (a purchase order, a signed delivery note, a timesheet): listed with
// who uploaded them and when, downloaded, removed, and added by choosing or dropping files.

const KIB = 1024;
/** 2.4 MB, 312 KB, 90 bytes: sizes as a person reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < KIB) return `${bytes} bytes`;
  const [value, unit] = bytes < KIB * KIB ? [bytes / KIB, 'KB'] : [bytes / (KIB * KIB), 'MB'];
  return `${value.toLocaleString(undefined, { maximumFractionDigits: value < 10 ? 1 : 0 })} ${unit}`;
}

interface Upload {
  key: string;
  name: string;
  /** 0…1 of the bytes sent; 1 while the server checks and stores the file. */
  sent: number;
  error?: string;
}

export function DocumentAttachments({ doc }: { doc: SalesDocument }) {
  const perms = useSalesPermissions();
  const canWrite = doc.type === 'quote' ? perms.canQuote : perms.canWrite;
  const queryClient = useQueryClient();
  const attachments = useQuery(attachmentsQuery(doc.type, doc.id));
  const names = useUploaderNames();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  const hintId = useId();
  const kind = KINDS[doc.type];

  const patch = (key: string, change: Partial<Upload>) =>
    setUploads((all) => all.map((u) => (u.key === key ? { ...u, ...change } : u)));

  /** One file after the other: a slow connection shares its bandwidth with no second upload. */
  async function send(files: File[]) {
    const queued = files.map((file) => ({ file, key: `${file.name}-${crypto.randomUUID()}` }));
    setUploads((all) => [...all, ...queued.map(({ file, key }) => ({ key, name: file.name, sent: 0 }))]);
    for (const { file, key } of queued) {
      if (file.size > ATTACHMENT_MAX_BYTES) {
        // The server would refuse it after the whole upload; say so at once, in its words.
        patch(key, { error: `${file.name} is ${formatBytes(file.size)}: attachments are at most 10 MB.` });
        continue;
      }
      try {
        await uploadAttachment(doc.type, doc.id, file, (sent) => patch(key, { sent }));
        setUploads((all) => all.filter((u) => u.key !== key));
        await queryClient.invalidateQueries({ queryKey: attachmentsQuery(doc.type, doc.id).queryKey });
      } catch (error) {
        const message = error instanceof Error ? error.message : 'It was not attached.';
        // The server names the file in most refusals; otherwise say which file it was.
        patch(key, { error: message.includes(file.name) ? message : `${file.name}: ${message}` });
      }
    }
  }

  const remove = useMutation({
    mutationFn: (a: Attachment) => deleteAttachment(doc.type, doc.id, a.id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: attachmentsQuery(doc.type, doc.id).queryKey }),
    onError: (e) => showApiError(e),
  });
  const download = useMutation({
    mutationFn: (a: Attachment) => downloadFile(attachmentUrl(doc.type, doc.id, a.id), a.fileName),
    onError: (e) => showApiError(e),
  });

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    if (!canWrite) return;
    const files = [...e.dataTransfer.files];
    if (files.length) void send(files);
  };
  const onDragOver = (e: DragEvent) => {
    if (!canWrite || !e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
    setDragging(true);
  };

  const items = attachments.data?.items ?? [];
  const busy = uploads.some((u) => !u.error);
  return (
    <Paper
      withBorder
      p="md"
      component="section"
      aria-labelledby={titleId}
      data-testid="attachments"
      onDragOver={onDragOver}
      onDragLeave={(e: DragEvent) => {
        // Leaving for one of the card's own children is no leaving.
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }}
      onDrop={onDrop}
      className="ordo-dropzone"
      data-dragging={dragging || undefined}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={2} size="h4" id={titleId}>
            Attachments
            {items.length > 0 && (
              <Text span c="dimmed" fw={400} size="sm" ml={6}>
                ({items.length})
              </Text>
            )}
          </Title>
          {canWrite && (
            <>
              <input
                ref={input}
                type="file"
                multiple
                hidden
                aria-label={`Files to attach to this ${kind.one}`}
                data-testid="attachment-input"
                onChange={(e) => {
                  const files = [...(e.currentTarget.files ?? [])];
                  e.currentTarget.value = '';
                  if (files.length) void send(files);
                }}
              />
              <Button
                variant="default"
                leftSection={<IconPaperclip size={16} />}
                onClick={() => input.current?.click()}
                loading={busy}
                aria-describedby={hintId}
              >
                Attach files
              </Button>
            </>
          )}
        </Group>

        {uploads.map((u) =>
          u.error ? (
            <Alert
              key={u.key}
              color="red"
              role="alert"
              variant="light"
              withCloseButton
              closeButtonLabel="Dismiss"
              onClose={() => setUploads((all) => all.filter((x) => x.key !== u.key))}
            >
              {u.error}
            </Alert>
          ) : (
            <Box key={u.key} role="status" aria-live="polite">
              <Group justify="space-between" gap="xs" wrap="nowrap">
                <Text size="sm" truncate>
                  {u.sent < 1 ? 'Uploading' : 'Checking'} {u.name}
                </Text>
                <Text size="xs" c="dimmed" className="ordo-num">
                  {Math.round(u.sent * 100)}%
                </Text>
              </Group>
              <Progress
                value={u.sent * 100}
                size="sm"
                animated={u.sent >= 1}
                aria-label={`Upload of ${u.name}`}
              />
            </Box>
          ),
        )}

        {attachments.error ? (
          <Text size="sm" c="var(--mantine-color-error)">
            Could not load the attachments: {attachments.error.message}
          </Text>
        ) : items.length === 0 && !attachments.isPending ? (
          <Text size="sm" c="dimmed" data-testid="attachments-empty">
            {canWrite
              ? `No files yet. Keep the purchase order, a signed delivery note or a timesheet with this ${kind.one}: choose Attach files, or drop them here.`
              : `No files are attached to this ${kind.one}.`}
          </Text>
        ) : (
          items.length > 0 && (
            <Table.ScrollContainer minWidth={300}>
              <Table verticalSpacing="xs" aria-labelledby={titleId}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>File</Table.Th>
                    <Table.Th ta="right" visibleFrom="xs">
                      Size
                    </Table.Th>
                    <Table.Th visibleFrom="sm">Uploaded</Table.Th>
                    {canWrite && (
                      <Table.Th w={1}>
                        <VisuallyHidden>Remove</VisuallyHidden>
                      </Table.Th>
                    )}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {items.map((a) => (
                    <Table.Tr key={a.id} data-testid="attachment">
                      <Table.Td>
                        <Group gap={6} wrap="nowrap" align="flex-start">
                          <IconFile size={16} style={{ flex: 'none', marginTop: 2 }} aria-hidden />
                          <Box miw={0}>
                            <Anchor
                              component="button"
                              type="button"
                              size="sm"
                              ta="left"
                              style={{ wordBreak: 'break-word' }}
                              onClick={() => download.mutate(a)}
                              aria-label={`Download ${a.fileName}`}
                            >
                              {a.fileName}
                            </Anchor>
                            {/* On a phone the size and upload line go under the name. */}
                            <Text size="xs" c="dimmed" hiddenFrom="sm">
                              {formatBytes(a.byteSize)} · {formatDateTime(a.createdAt)} by{' '}
                              {names(a.uploadedBy)}
                            </Text>
                          </Box>
                        </Group>
                      </Table.Td>
                      <Table.Td ta="right" visibleFrom="xs" style={{ whiteSpace: 'nowrap' }}>
                        <Text size="sm" className="ordo-num">
                          {formatBytes(a.byteSize)}
                        </Text>
                      </Table.Td>
                      <Table.Td visibleFrom="sm">
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(a.createdAt)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          by {names(a.uploadedBy)}
                        </Text>
                      </Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <ActionIcon
                            variant="subtle"
                            color="red"
                            aria-label={`Remove ${a.fileName}`}
                            loading={remove.isPending && remove.variables?.id === a.id}
                            onClick={() =>
                              window.confirm(
                                `Remove ${a.fileName} from this ${kind.one}? This cannot be undone.`,
                              ) && remove.mutate(a)
                            }
                          >
                            <IconTrash size={16} />
                          </ActionIcon>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}

        {canWrite && (
          // Phones seldom drag files; the hint would only push the list down there.
          <Group className="ordo-dropzone-hint" justify="center" gap="xs" p="sm" visibleFrom="sm">
            <IconUpload size={16} aria-hidden />
            <Text size="xs" c="dimmed" ta="center" id={hintId}>
              {dragging
                ? 'Drop to attach.'
                : 'Or drag files here. PDF, images, office documents or text, up to 10 MB each.'}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

/** Who uploaded a file: a member by name, else what the id says (an API key, the system). */
function useUploaderNames() {
  const { me } = useRouteContext({ from: '/signed-in/in-org' });
  const members = useQuery(membersQuery);
  return useMemo(() => {
    const byId = new Map((members.data?.items ?? []).map((m) => [m.userId, m.name || m.email]));
    return (id: string) => {
      if (id === me.user?.id) return 'you';
      const name = byId.get(id);
      if (name) return name;
      if (id.startsWith('key_') || id.startsWith('apikey')) return 'an API key';
      if (id === 'system' || id.startsWith('system')) return 'Ordo';
      return 'a former member';
    };
  }, [members.data, me.user?.id]);
}
