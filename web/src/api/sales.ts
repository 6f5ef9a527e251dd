import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, currentOrg, idempotencyKey, toApiError, unwrap } from './client.ts';
import type { components, paths } from './schema.gen.ts';

// Receivables' API for the web app: types from the generated schema, the shared queries, and the
// document routes, which are the same for invoices, credit notes and quotes.

export type Customer = components['schemas']['Customer'];
export type CustomerDetail = components['schemas']['CustomerDetail'];
export type CustomerInput = components['schemas']['CustomerInput'];
export type TaxRate = components['schemas']['TaxRate'];
export type TaxRateInput = components['schemas']['TaxRateInput'];
export type Item = components['schemas']['Item'];
export type ItemInput = components['schemas']['ItemInput'];
export type SalesDocument = components['schemas']['SalesDocument'];
export type DocumentInput = components['schemas']['CreditNoteInput'];
export type DocumentLineInput = components['schemas']['DocumentLineInput'];
export type Payment = components['schemas']['Payment'];
export type PaymentInput = components['schemas']['PaymentInput'];
export type SalesSettings = components['schemas']['SalesSettings'];
export type Aging = components['schemas']['ReceivablesAging'];
export type DocumentMessage = components['schemas']['DocumentMessage'];
export type SendDocumentInput = components['schemas']['SendDocumentInput'];

export type DocumentType = SalesDocument['type'];
export type DocumentStatus = NonNullable<
  NonNullable<paths['/api/sales/invoices']['get']['parameters']['query']>['status']
>;

/** How each kind of document is named, in the API and on screen. */
export const KINDS = {
  invoice: { path: 'invoices', one: 'invoice', many: 'invoices', title: 'Invoice', titles: 'Invoices' },
  credit_note: {
    path: 'credit-notes',
    one: 'credit note',
    many: 'credit notes',
    title: 'Credit note',
    titles: 'Credit notes',
  },
  quote: { path: 'quotes', one: 'quote', many: 'quotes', title: 'Quote', titles: 'Quotes' },
} as const satisfies Record<
  DocumentType,
  { path: string; one: string; many: string; title: string; titles: string }
>;

/** Every receivables query starts with 'sales'; a change anywhere refreshes them all (they are few). */
export const isSalesQuery = (q: { queryKey: readonly unknown[] }) => q.queryKey[0] === 'sales';

// The three kinds share their routes' shapes, so one typed path stands for all of them.
type DocPath = '/api/sales/invoices';
type DocIdPath = '/api/sales/invoices/{id}';
const docPath = (type: DocumentType) => `/api/sales/${KINDS[type].path}` as DocPath;
const docIdPath = (type: DocumentType) => `/api/sales/${KINDS[type].path}/{id}` as DocIdPath;

/** A document list's filters, all applied by the server (to the list, its totals and its export). */
export interface DocumentFilter {
  customerId?: string;
  status?: DocumentStatus;
  /** Issue dates `YYYY-MM-DD`, both inclusive. */
  from?: string;
  to?: string;
  /** Part of the number, the reference or the customer's name. */
  q?: string;
}
export type DocumentTotals = components['schemas']['DocumentTotals'];

export const documentsPage = (type: DocumentType, filter: DocumentFilter, limit: number, cursor?: string) =>
  unwrap(api.GET(docPath(type), { params: { query: { ...filter, limit, cursor } } }));

export const documentTotals = (type: DocumentType, filter: DocumentFilter) =>
  unwrap(
    api.GET(`${docPath(type)}/totals` as '/api/sales/invoices/totals', { params: { query: { ...filter } } }),
  );

export const documentQuery = (type: DocumentType, id: string) =>
  queryOptions({
    queryKey: ['sales', 'document', type, id],
    queryFn: () => unwrap(api.GET(docIdPath(type), { params: { path: { id } } })),
  });

export const createDocument = (type: DocumentType, body: DocumentInput) =>
  unwrap(
    api.POST(docPath(type), {
      // Only a credit note takes `invoiceId`; the others' schema has no such field.
      body: body as components['schemas']['SalesDocumentInput'],
      headers: idempotencyKey(),
    }),
  );

export const updateDocument = (type: DocumentType, id: string, body: Partial<DocumentInput>) =>
  unwrap(api.PATCH(docIdPath(type), { params: { path: { id } }, body }));

export const deleteDocument = (type: DocumentType, id: string) =>
  unwrap(api.DELETE(docIdPath(type), { params: { path: { id } } }));

export const issueDocument = (
  type: 'invoice' | 'credit_note',
  id: string,
  body: components['schemas']['IssueInput'],
) =>
  unwrap(
    api.POST(`/api/sales/${KINDS[type].path}/{id}/issue` as '/api/sales/invoices/{id}/issue', {
      params: { path: { id } },
      body,
    }),
  );

/** Emails the document with its PDF; the mail leaves after the server's commit. */
export const sendDocument = (type: DocumentType, id: string, body: SendDocumentInput) =>
  unwrap(
    api.POST(`/api/sales/${KINDS[type].path}/{id}/send` as '/api/sales/invoices/{id}/send', {
      params: { path: { id } },
      body,
      headers: idempotencyKey(),
    }),
  );

export const messagesQuery = (type: DocumentType, id: string) =>
  queryOptions({
    queryKey: ['sales', 'messages', type, id],
    queryFn: () =>
      unwrap(
        api.GET(`/api/sales/${KINDS[type].path}/{id}/messages` as '/api/sales/invoices/{id}/messages', {
          params: { path: { id } },
        }),
      ),
  });

export const customersQuery = (q?: string) =>
  queryOptions({
    queryKey: ['sales', 'customers', q ?? ''],
    queryFn: () => unwrap(api.GET('/api/sales/customers', { params: { query: { q, limit: 500 } } })),
    placeholderData: keepPreviousData,
  });

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales', 'customer', id],
    queryFn: () => unwrap(api.GET('/api/sales/customers/{id}', { params: { path: { id } } })),
  });

export const taxRatesQuery = queryOptions({
  queryKey: ['sales', 'tax-rates'],
  queryFn: () => unwrap(api.GET('/api/sales/tax-rates')),
});

export const itemsQuery = queryOptions({
  queryKey: ['sales', 'items'],
  queryFn: () => unwrap(api.GET('/api/sales/items', { params: { query: { limit: 500 } } })),
});

export const salesSettingsQuery = queryOptions({
  queryKey: ['sales', 'settings'],
  queryFn: () => unwrap(api.GET('/api/sales/settings')),
});

export const agingQuery = (asOf: string, customerId?: string) =>
  queryOptions({
    queryKey: ['sales', 'aging', asOf, customerId ?? ''],
    queryFn: () => unwrap(api.GET('/api/sales/aging', { params: { query: { asOf, customerId } } })),
    placeholderData: keepPreviousData,
  });

export const paymentQuery = (id: string) =>
  queryOptions({
    queryKey: ['sales', 'payment', id],
    queryFn: () => unwrap(api.GET('/api/sales/payments/{id}', { params: { path: { id } } })),
  });

/**
 * A file the server renders (a PDF, an .eml), fetched with the organization header (a plain link
 * could not send it, and would fetch the first organization's file) and saved under the server's name.
 */
export async function downloadFile(url: string, fallbackName: string): Promise<void> {
  const blob = await fetchFile(url);
  const href = URL.createObjectURL(blob.blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = blob.name ?? fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

export async function fetchFile(url: string): Promise<{ blob: Blob; name: string | null }> {
  const org = currentOrg.get();
  let response: Response;
  try {
    response = await fetch(url, { credentials: 'same-origin', headers: org ? { 'x-ordo-org': org } : {} });
  } catch {
    throw toApiError(0, undefined);
  }
  if (!response.ok) throw toApiError(response.status, await response.json().catch(() => undefined));
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? null;
  return { blob: await response.blob(), name };
}

export type Attachment = components['schemas']['Attachment'];

/** The upload limit of the attachment routes (their `x-max-body-bytes`): larger files are not sent. */
export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

type AttachmentsPath = '/api/sales/invoices/{id}/attachments';
type AttachmentPath = '/api/sales/invoices/{id}/attachments/{attachmentId}';
const attachmentsPath = (type: DocumentType, id: string) =>
  `/api/sales/${KINDS[type].path}/${encodeURIComponent(id)}/attachments`;

export const attachmentsQuery = (type: DocumentType, id: string) =>
  queryOptions({
    queryKey: ['sales', 'attachments', type, id],
    queryFn: () =>
      unwrap(
        api.GET(`/api/sales/${KINDS[type].path}/{id}/attachments` as AttachmentsPath, {
          params: { path: { id } },
        }),
      ),
  });

/** Where an attachment downloads from (fetch it with `downloadFile`, which sends the organization). */
export const attachmentUrl = (type: DocumentType, id: string, attachmentId: string) =>
  `${attachmentsPath(type, id)}/${encodeURIComponent(attachmentId)}`;

export const deleteAttachment = (type: DocumentType, id: string, attachmentId: string) =>
  unwrap(
    api.DELETE(`/api/sales/${KINDS[type].path}/{id}/attachments/{attachmentId}` as AttachmentPath, {
      params: { path: { id, attachmentId } },
    }),
  );

/**
 * Sends a file as the request body (its name in `?fileName=`), reporting the share sent so far.
 * XMLHttpRequest, because fetch tells nothing of an upload's progress.
 */
export function uploadAttachment(
  type: DocumentType,
  id: string,
  file: File,
  onProgress: (sent: number) => void,
): Promise<Attachment> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${attachmentsPath(type, id)}?${new URLSearchParams({ fileName: file.name })}`);
    const org = currentOrg.get();
    if (org) xhr.setRequestHeader('x-ordo-org', org);
    xhr.setRequestHeader('idempotency-key', idempotencyKey()['idempotency-key']);
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 201) resolve(body as Attachment);
      else reject(toApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(toApiError(0, undefined));
    xhr.send(file);
  });
}
