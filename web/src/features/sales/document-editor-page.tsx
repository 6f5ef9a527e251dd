import { Alert, Stack } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import type { TaxRounding } from '../../../../src/modules/sales/tax.domain.ts';
import { accountsQuery } from '../../api/ledger.ts';
import { type DocumentType, documentQuery, KINDS, salesSettingsQuery } from '../../api/sales.ts';
import { AnchorLink } from '../../lib/links.tsx';
import { PageHeader, QueryState } from '../../shell/page.tsx';
import { PageLoader } from '../../shell/route-states.tsx';
import { todayIso } from '../ledger/dates.ts';
import { useBaseCurrency } from '../ledger/ledger-hooks.ts';
import { DocumentEditor } from './document-editor.tsx';
import { blankDocLine, type DocValues, fromDocument } from './document-lines.ts';
import { docName } from './sales-bits.tsx';
import { useCustomers, useItems, useSalesPermissions, useTaxRates } from './sales-hooks.ts';

/** What must exist before a document can be typed: the books' currency, a tax rate, income accounts. */
function usePrerequisites(type: DocumentType) {
  const perms = useSalesPermissions();
  const base = useBaseCurrency();
  const rates = useTaxRates();
  const customers = useCustomers();
  const items = useItems();
  const settings = useQuery(salesSettingsQuery);
  const accounts = useQuery({ ...accountsQuery(), enabled: perms.canLedger });
  const canWrite = type === 'quote' ? perms.canQuote : perms.canWrite;
  let blocker: ReactNode = null;
  if (!canWrite)
    blocker = (
      <Alert color="gray" icon={<IconInfoCircle size={18} />} role="status">
        Your role can read receivables but not write {KINDS[type].many}.
      </Alert>
    );
  else if (!base.isPending && !base.currency)
    blocker = (
      <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Choose the books’ currency first">
        Set the base currency in the{' '}
        <AnchorLink to="/settings/company" underline="always">
          company profile
        </AnchorLink>
        , then come back.
      </Alert>
    );
  else if (accounts.data && !accounts.data.items.some((a) => a.subtype === 'revenue' && !a.archivedAt))
    blocker = (
      <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Set up the chart of accounts first">
        Sales post to an income account, and there is none yet.{' '}
        <AnchorLink to="/finance/accounts" underline="always">
          Choose a chart of accounts
        </AnchorLink>
        .
      </Alert>
    );
  else if (rates.query.data && rates.items.filter((r) => !r.archivedAt).length === 0)
    blocker = (
      <Alert color="yellow" icon={<IconInfoCircle size={18} />} title="Add a tax rate first">
        Every line carries a tax rate (zero-rated and exempt are rates too).{' '}
        <AnchorLink to="/finance/sales-settings" underline="always">
          Add your tax rates
        </AnchorLink>
        , then come back.
      </Alert>
    );
  const pending =
    base.isPending ||
    rates.query.isPending ||
    customers.query.isPending ||
    items.query.isPending ||
    settings.isPending;
  return { perms, base, rates, customers, items, settings, blocker, pending };
}

function Editor({
  type,
  initial,
  draft,
}: {
  type: DocumentType;
  initial: DocValues;
  draft?: Parameters<typeof DocumentEditor>[0]['draft'];
}) {
  const { perms, base, rates, customers, items, settings, blocker, pending } = usePrerequisites(type);
  if (blocker) return blocker;
  if (pending || !base.currency) return <PageLoader />;
  return (
    <QueryState query={settings}>
      <DocumentEditor
        type={type}
        initial={initial}
        draft={draft}
        customers={customers.items}
        items={items.items}
        rates={rates.items}
        taxRounding={(settings.data?.taxRounding ?? 'line') as TaxRounding}
        baseCurrency={base.currency}
        canAddCustomer={perms.canCustomer}
      />
    </QueryState>
  );
}

const blank = (customerId: string | null): DocValues => ({
  customerId,
  currency: '',
  issueDate: todayIso(),
  dueDate: '',
  paymentTermsDays: '',
  buyerReference: '',
  pricesIncludeTax: false,
  discountPercent: '',
  notes: '',
  terms: '',
  invoiceId: null,
  lines: [blankDocLine()],
});

const DESCRIPTIONS: Record<DocumentType, string> = {
  invoice:
    'A draft until you issue it: then it gets its number and posts to the books. Totals follow the lines as you type.',
  credit_note: 'Takes back all or part of an invoice: issued, it lowers what the customer owes.',
  quote: 'A price offered before the work: once accepted, it becomes a draft invoice in one step.',
};

function NewDocument({ type }: { type: DocumentType }) {
  const search = useSearch({ strict: false }) as { customerId?: string; invoiceId?: string };
  const invoice = useQuery({
    ...documentQuery('invoice', search.invoiceId ?? ''),
    enabled: Boolean(search.invoiceId),
  });
  // A credit note for an invoice starts as a copy of its lines, to trim to what is credited.
  const fromInvoice = type === 'credit_note' && search.invoiceId;
  return (
    <Stack>
      <PageHeader title={`New ${KINDS[type].one}`} description={DESCRIPTIONS[type]} />
      {fromInvoice ? (
        <QueryState query={invoice}>
          {invoice.data && (
            <>
              <Alert color="blue" role="status">
                Credits {docName(invoice.data)}. Remove the lines or lower the quantities that are not
                credited.
              </Alert>
              <Editor
                type={type}
                initial={{
                  ...fromDocument(invoice.data, false),
                  issueDate: todayIso(),
                  invoiceId: invoice.data.id,
                }}
              />
            </>
          )}
        </QueryState>
      ) : (
        <Editor type={type} initial={blank(search.customerId ?? null)} />
      )}
    </Stack>
  );
}

function EditDocument({ type }: { type: DocumentType }) {
  const { documentId } = useParams({ strict: false }) as { documentId: string };
  const doc = useQuery(documentQuery(type, documentId));
  const d = doc.data;
  return (
    <Stack>
      <PageHeader title={d ? `Edit ${docName(d)}` : `Edit ${KINDS[type].one}`} />
      <QueryState query={doc}>
        {d && d.status !== 'draft' ? (
          <Alert color="gray" role="status" title={`This ${KINDS[type].one} is ${d.status}`}>
            Only drafts change.{' '}
            {type === 'invoice' ? 'To correct an issued invoice, credit it and issue a new one.' : ''}
          </Alert>
        ) : (
          d && (
            <Editor
              type={type}
              draft={d}
              initial={{
                ...fromDocument(d),
                invoiceId: d.relatedDocumentId && type === 'credit_note' ? d.relatedDocumentId : null,
              }}
            />
          )
        )}
      </QueryState>
    </Stack>
  );
}

export const NewInvoicePage = () => <NewDocument type="invoice" />;
export const NewCreditNotePage = () => <NewDocument type="credit_note" />;
export const NewQuotePage = () => <NewDocument type="quote" />;
export const EditInvoicePage = () => <EditDocument type="invoice" />;
export const EditCreditNotePage = () => <EditDocument type="credit_note" />;
export const EditQuotePage = () => <EditDocument type="quote" />;
