import type { DocumentType } from '../../api/sales.ts';
import { AnchorLink } from '../../lib/links.tsx';

// Links to a receivables record by its kind: the router's typed paths, one per kind.

export function DocumentLink({
  type,
  id,
  children,
  ...rest
}: {
  type: DocumentType | 'payment' | 'refund';
  id: string;
  children: React.ReactNode;
  size?: string;
  fw?: number;
  'aria-label'?: string;
}) {
  const props = { size: rest.size ?? 'sm', fw: rest.fw, 'aria-label': rest['aria-label'] };
  switch (type) {
    case 'invoice':
      return (
        <AnchorLink to="/finance/invoices/$documentId" params={{ documentId: id }} {...props}>
          {children}
        </AnchorLink>
      );
    case 'credit_note':
      return (
        <AnchorLink to="/finance/credit-notes/$documentId" params={{ documentId: id }} {...props}>
          {children}
        </AnchorLink>
      );
    case 'quote':
      return (
        <AnchorLink to="/finance/quotes/$documentId" params={{ documentId: id }} {...props}>
          {children}
        </AnchorLink>
      );
    default:
      return (
        <AnchorLink to="/finance/payments/$paymentId" params={{ paymentId: id }} {...props}>
          {children}
        </AnchorLink>
      );
  }
}
