import { Alert, Box, Button, FileButton, Group, Image, Paper, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoto, IconUpload } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useEffect, useRef, useState } from 'react';
import { isLogoType, LOGO_MAX_BYTES, LOGO_MAX_SIDE } from '../../../../src/modules/company/logo.domain.ts';
import { type CompanyLogo, companyQuery, logoQuery, removeLogo, uploadLogo } from '../../api/company.ts';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import { showApiError } from '../../lib/forms.ts';

const TYPE_NAMES: Record<string, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/webp': 'WebP' };
const kilobytes = (bytes: number) => `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;

/** What is wrong with a file as a logo, before spending an upload on it; null when it looks fine. */
async function checkLogoFile(file: File): Promise<string | null> {
  if (file.type === 'image/svg+xml')
    return 'SVG logos are not accepted (an SVG can carry script). Export the logo as PNG, JPEG or WebP.';
  if (!isLogoType(file.type)) return `"${file.name}" is not a PNG, JPEG or WebP image.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > LOGO_MAX_BYTES)
    return `"${file.name}" is ${kilobytes(file.size)}; a logo may be at most 512 KB. Save it smaller (WebP or a lower resolution) and try again.`;
  try {
    const bitmap = await createImageBitmap(file);
    const { width, height } = bitmap;
    bitmap.close();
    if (width > LOGO_MAX_SIDE || height > LOGO_MAX_SIDE)
      return `The image is ${width}×${height} pixels; a logo may be at most ${LOGO_MAX_SIDE} pixels on each side.`;
  } catch {
    return `"${file.name}" could not be read as an image; it may be damaged.`;
  }
  return null;
}

function useObjectUrl(blob: Blob | undefined): string | undefined {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) {
      setUrl(undefined);
      return;
    }
    const created = URL.createObjectURL(blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [blob]);
  return url;
}

/** The logo: preview, upload by picking or dropping a file, removal. */
export function LogoCard({
  logo,
  name,
  canEdit,
}: {
  logo: CompanyLogo | null;
  name: string;
  canEdit: boolean;
}) {
  const queryClient = useQueryClient();
  const image = useQuery(logoQuery(logo?.sha256));
  const src = useObjectUrl(logo ? image.data : undefined);
  const [problem, setProblem] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const resetPicker = useRef<() => void>(null);
  const setLogo = (next: CompanyLogo | null) =>
    queryClient.setQueryData(companyQuery.queryKey, (old) => (old ? { ...old, logo: next } : old));

  const upload = useMutation({
    mutationFn: uploadLogo,
    onSuccess: (stored) => {
      setLogo(stored);
      notifications.show({
        color: 'green',
        title: 'Logo uploaded',
        message: 'It will appear on new documents.',
      });
    },
    onError: (e) => setProblem(e.message),
  });
  const remove = useMutation({
    mutationFn: removeLogo,
    onSuccess: () => {
      setLogo(null);
      notifications.show({ color: 'green', message: 'Logo removed.' });
    },
    onError: (e) => showApiError(e),
  });

  const take = async (file: File | null | undefined) => {
    resetPicker.current?.();
    if (!file) return;
    setProblem(null);
    const wrong = await checkLogoFile(file);
    if (wrong) setProblem(wrong);
    else upload.mutate(file);
  };

  const dropProps = canEdit
    ? {
        onDragOver: (e: DragEvent) => {
          if (!e.dataTransfer.types.includes('Files')) return;
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        },
        onDragLeave: () => setDragging(false),
        onDrop: (e: DragEvent) => {
          e.preventDefault();
          setDragging(false);
          if (e.dataTransfer.files.length > 1) setProblem('Drop one image at a time.');
          else void take(e.dataTransfer.files[0]);
        },
      }
    : {};

  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} component="section">
      <Title order={2} size="h4" mb="sm">
        Logo
      </Title>
      <Stack gap="sm">
        <Box
          {...dropProps}
          data-testid="logo-drop-zone"
          h={160}
          p="sm"
          style={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            borderRadius: 'var(--mantine-radius-md)',
            border: `${dragging ? 2 : 1}px dashed ${
              dragging ? 'var(--mantine-primary-color-filled)' : 'var(--mantine-color-default-border)'
            }`,
            background: dragging
              ? 'var(--mantine-primary-color-light)'
              : 'var(--mantine-color-default-hover)',
          }}
        >
          {logo && src ? (
            <Image src={src} alt={`Logo of ${name}`} fit="contain" h="100%" w="auto" maw="100%" />
          ) : (
            <Stack align="center" gap={4} ta="center">
              <IconPhoto size={32} stroke={1.5} color="var(--mantine-color-dimmed)" aria-hidden />
              <Text size="sm" c="dimmed">
                {logo
                  ? image.isError
                    ? 'The logo could not be loaded.'
                    : 'Loading the logo…'
                  : canEdit
                    ? 'No logo yet. Drop an image here.'
                    : 'No logo yet.'}
              </Text>
            </Stack>
          )}
        </Box>
        {logo && (
          <Text size="xs" c="dimmed">
            {TYPE_NAMES[logo.contentType] ?? logo.contentType} · {logo.width}×{logo.height} px ·{' '}
            {kilobytes(logo.byteSize)} · uploaded {formatDateTime(logo.updatedAt)}
          </Text>
        )}
        {problem && (
          <Alert
            color="red"
            role="alert"
            title="Not uploaded"
            withCloseButton
            onClose={() => setProblem(null)}
          >
            {problem}
          </Alert>
        )}
        {canEdit && (
          <>
            <Group gap="xs">
              <FileButton accept="image/png,image/jpeg,image/webp" onChange={take} resetRef={resetPicker}>
                {(props) => (
                  <Button {...props} leftSection={<IconUpload size={16} />} loading={upload.isPending}>
                    {logo ? 'Replace logo' : 'Upload logo'}
                  </Button>
                )}
              </FileButton>
              {logo && (
                <Button
                  variant="subtle"
                  color="red"
                  loading={remove.isPending}
                  onClick={() => {
                    if (window.confirm('Remove the logo? Documents made from now on will have none.'))
                      remove.mutate();
                  }}
                >
                  Remove
                </Button>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              PNG, JPEG or WebP, at most 512 KB and {LOGO_MAX_SIDE} pixels a side. Pick a file or drop it on
              the box above.
            </Text>
          </>
        )}
      </Stack>
    </Paper>
  );
}
