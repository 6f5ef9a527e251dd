import { Box } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { companyQuery, logoQuery } from '../../api/company.ts';
import { type Customer, KINDS, type SalesDocument, type TaxRate } from '../../api/sales.ts';
import { formatDate, formatMoney } from '../../lib/format.ts';
import { rateName } from './sales-bits.tsx';
import './sales.css';

interface Party {
  name: string;
  lines: string[];
  taxIds: { scheme: string; value: string }[];
  email?: string | null;
}

type Addr =
  | {
      line1?: string | null;
      line2?: string | null;
      city?: string | null;
      region?: string | null;
      postalCode?: string | null;
      country?: string | null;
    }
  | null
  | undefined;

const addressLines = (a: Addr) =>
  a
    ? [a.line1, a.line2, [a.postalCode, a.city].filter(Boolean).join(' '), a.region, a.country].filter(
        (x): x is string => Boolean(x),
      )
    : [];

/** The buyer as on the document: the snapshot taken at issue, or the customer as they are now (a draft). */
function buyerOf(d: SalesDocument, customer: Customer | undefined): Party {
  const b = d.buyer as {
    name?: string;
    email?: string | null;
    billingAddress?: Addr;
    taxIds?: Party['taxIds'];
  } | null;
  if (b?.name)
    return { name: b.name, lines: addressLines(b.billingAddress), taxIds: b.taxIds ?? [], email: b.email };
  return {
    name: customer?.name ?? '',
    lines: addressLines(customer?.billingAddress),
    taxIds: customer?.taxIds ?? [],
    email: customer?.email,
  };
}

function Logo({ version }: { version: string | undefined }) {
  const logo = useQuery(logoQuery(version));
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!logo.data) return;
    const u = URL.createObjectURL(logo.data);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [logo.data]);
  return url ? <img src={url} alt="" style={{ maxHeight: 56, maxWidth: 200 }} /> : null;
}

/**
 * The document laid out as the customer sees it: seller and buyer, dates, lines, the tax breakdown
 * and totals, all as the server computed them. The PDF is the same document in print.
 */
export function DocumentPreview({
  doc: d,
  customer,
  rates,
}: {
  doc: SalesDocument;
  customer: Customer | undefined;
  rates: ReadonlyMap<string, TaxRate>;
}) {
  const company = useQuery(companyQuery);
  const seller = company.data;
  const buyer = buyerOf(d, customer);
  const money = (minor: number) => formatMoney(minor, d.currency);
  const title = d.type === 'invoice' ? 'Invoice' : KINDS[d.type].title;
  const anyDiscount = d.lines.some((l) => l.discountPercent || l.discountAmount);
  return (
    <Box
      className="ordo-paper"
      role="document"
      aria-label={`Preview of the ${KINDS[d.type].one}`}
      data-testid="document-preview"
    >
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, flexWrap: 'wrap' }}>
        <div>
          <Logo version={seller?.logo?.sha256} />
          <div style={{ fontWeight: 700, fontSize: 15 }}>{seller?.tradingName || seller?.legalName}</div>
          {addressLines(seller?.address).map((l) => (
            <div key={l} className="muted">
              {l}
            </div>
          ))}
          {seller?.taxIds.map((t) => (
            <div key={t.value} className="muted">
              {t.scheme} {t.value}
            </div>
          ))}
        </div>
        <div style={{ textAlign: 'right' }}>
          <div style={{ fontSize: 22, fontWeight: 700 }}>{title}</div>
          <div>{d.number ?? 'Draft'}</div>
          <div className="muted">Date {formatDate(d.issueDate)}</div>
          {d.dueDate && <div className="muted">Due {formatDate(d.dueDate)}</div>}
          {d.buyerReference && <div className="muted">Your reference {d.buyerReference}</div>}
        </div>
      </div>
      <div style={{ margin: '20px 0' }}>
        <div className="muted" style={{ fontSize: 11, textTransform: 'uppercase' }}>
          Bill to
        </div>
        <div style={{ fontWeight: 600 }}>{buyer.name}</div>
        {buyer.lines.map((l) => (
          <div key={l}>{l}</div>
        ))}
        {buyer.taxIds.map((t) => (
          <div key={t.value}>
            {t.scheme} {t.value}
          </div>
        ))}
      </div>
      {d.notes && <p style={{ whiteSpace: 'pre-wrap' }}>{d.notes}</p>}
      {/* A section that scrolls sideways on a phone; focusable so the keyboard can scroll it. */}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard */}
      <section style={{ overflowX: 'auto' }} tabIndex={0} aria-label="Lines">
        <table aria-label="Document lines">
          <thead>
            <tr>
              <th>Description</th>
              <th className="num">Qty</th>
              <th className="num">Price</th>
              {anyDiscount && <th className="num">Disc.</th>}
              <th className="num">Tax</th>
              <th className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {d.lines.map((l) => (
              <tr key={l.lineNo}>
                <td>
                  {l.name}
                  {l.description && <div className="muted">{l.description}</div>}
                </td>
                <td className="num">{l.quantity}</td>
                <td className="num">{money(l.unitPrice)}</td>
                {anyDiscount && (
                  <td className="num">
                    {l.discountPercent
                      ? `${l.discountPercent}%`
                      : l.discountAmount
                        ? money(l.discountAmount)
                        : ''}
                  </td>
                )}
                <td className="num">{l.taxPercent}%</td>
                <td className="num">{money(l.lineExtensionAmount)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <table style={{ width: 'auto', marginLeft: 'auto', marginTop: 12, minWidth: 260 }} aria-label="Totals">
        <tbody>
          <tr>
            <td>Net</td>
            <td className="num">{money(d.lineExtensionAmount)}</td>
          </tr>
          {d.allowanceTotalAmount !== 0 && (
            <tr>
              <td>Discount{d.discountReason ? ` (${d.discountReason})` : ''}</td>
              <td className="num">−{money(d.allowanceTotalAmount)}</td>
            </tr>
          )}
          {d.taxBreakdown.map((b) => (
            <tr key={b.taxRateId}>
              <td>
                {rateName({ name: rates.get(b.taxRateId)?.name ?? 'Tax', percent: b.percent })} on{' '}
                {money(b.taxableAmount)}
                {b.exemptionReason && <div className="muted">{b.exemptionReason}</div>}
              </td>
              <td className="num">{money(b.taxAmount)}</td>
            </tr>
          ))}
          <tr>
            <td style={{ fontWeight: 700 }}>Total {d.currency}</td>
            <td className="num" style={{ fontWeight: 700 }} data-testid="preview-total">
              {money(d.taxInclusiveAmount)}
            </td>
          </tr>
          {d.paidAmount + d.creditedAmount > 0 && (
            <>
              <tr>
                <td>Paid and credited</td>
                <td className="num">−{money(d.paidAmount + d.creditedAmount)}</td>
              </tr>
              <tr>
                <td style={{ fontWeight: 700 }}>Amount due</td>
                <td className="num" style={{ fontWeight: 700 }}>
                  {money(d.payableAmount)}
                </td>
              </tr>
            </>
          )}
        </tbody>
      </table>
      {(d.paymentTerms || d.terms) && (
        <div style={{ marginTop: 20 }} className="muted">
          {d.paymentTerms && <div>{d.paymentTerms}</div>}
          {d.terms && <div style={{ whiteSpace: 'pre-wrap' }}>{d.terms}</div>}
        </div>
      )}
    </Box>
  );
}
