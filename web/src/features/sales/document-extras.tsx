import { Button } from '@mantine/core';
import { IconFileTypePdf } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type Customer, downloadFile, KINDS, type SalesDocument } from '../../api/sales.ts';
import { showApiError } from '../../lib/forms.ts';

// What a document offers beyond its own data: its PDF, sending it, and the log of messages sent.

/** The document as the PDF the server renders (a draft carries a DRAFT mark). */
export function DocumentFileActions({ doc }: { doc: SalesDocument; customer: Customer | undefined }) {
  const pdf = useMutation({
    mutationFn: () =>
      downloadFile(
        `/api/sales/${KINDS[doc.type].path}/${encodeURIComponent(doc.id)}/pdf`,
        `${doc.number ?? `draft-${KINDS[doc.type].one.replace(' ', '-')}`}.pdf`,
      ),
    onError: (e) => showApiError(e),
  });
  return (
    <Button
      variant="default"
      leftSection={<IconFileTypePdf size={16} />}
      loading={pdf.isPending}
      onClick={() => pdf.mutate()}
      aria-label="Download the PDF"
    >
      PDF
    </Button>
  );
}

/** Under the preview: the messages sent about the document. */
export function DocumentExtras(_: { doc: SalesDocument }) {
  return null;
}
