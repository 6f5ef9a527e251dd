import { AppError } from '../../core/errors.ts';
import { minorToDecimalString } from '../../core/money.ts';
import { escapeXml } from '../einvoice/index.ts';

// A SEPA credit transfer initiation, ISO 20022 pain.001.001.03, pure: one payment information
// block (one debtor account, one execution date) with a transaction per payment. Elements come in
// the order the schema's sequences require; texts are cut to their schema lengths and limited to
// the SEPA character set (Latin letters, digits and / - ? : ( ) . , ' + and space).

export interface Pain001Payment {
  /** End-to-end id, at most 35 characters (the run's payment id). */
  endToEndId: string;
  amount: bigint;
  creditorName: string;
  creditorIban: string;
  creditorBic: string | null;
  /** Unstructured remittance information (the bill numbers), cut at 140. */
  remittance: string;
}

export interface Pain001Input {
  messageId: string;
  /** The instant the file is created (GrpHdr/CreDtTm). */
  createdAt: Date;
  executionDate: string;
  currency: string;
  debtorName: string;
  debtorIban: string;
  debtorBic: string | null;
  payments: Pain001Payment[];
}

/** Text as SEPA's basic Latin set allows: accents dropped, anything else a space, cut at `max`. */
export function sepaText(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

const agent = (bic: string | null) =>
  bic
    ? `<FinInstnId><BIC>${escapeXml(bic)}</BIC></FinInstnId>`
    : '<FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId>';

/** The pain.001.001.03 document. Refuses an empty run or a non-positive amount. */
export function toPain001(input: Pain001Input): string {
  if (input.payments.length === 0)
    throw new AppError('unprocessable', 'EMPTY_PAYMENT_FILE', 'A payment file needs at least one payment.');
  for (const p of input.payments)
    if (p.amount <= 0n)
      throw new AppError('unprocessable', 'INVALID_AMOUNT', `Payment ${p.endToEndId} is not above zero.`);
  const amount = (minor: bigint) => minorToDecimalString(minor, input.currency);
  const total = input.payments.reduce((sum, p) => sum + p.amount, 0n);
  const count = String(input.payments.length);
  const created = input.createdAt.toISOString().slice(0, 19);
  const id = (text: string) => escapeXml(sepaText(text.replace(/_/g, '-'), 35) || 'NOTPROVIDED');
  const name = (text: string) => escapeXml(sepaText(text, 70) || 'NOTPROVIDED');
  const transactions = input.payments
    .map(
      (p) =>
        `<CdtTrfTxInf><PmtId><EndToEndId>${id(p.endToEndId)}</EndToEndId></PmtId>` +
        `<Amt><InstdAmt Ccy="${input.currency}">${amount(p.amount)}</InstdAmt></Amt>` +
        (p.creditorBic ? `<CdtrAgt>${agent(p.creditorBic)}</CdtrAgt>` : '') +
        `<Cdtr><Nm>${name(p.creditorName)}</Nm></Cdtr>` +
        `<CdtrAcct><Id><IBAN>${escapeXml(p.creditorIban)}</IBAN></Id></CdtrAcct>` +
        (sepaText(p.remittance, 140)
          ? `<RmtInf><Ustrd>${escapeXml(sepaText(p.remittance, 140))}</Ustrd></RmtInf>`
          : '') +
        '</CdtTrfTxInf>',
    )
    .join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <CstmrCdtTrfInitn>
    <GrpHdr><MsgId>${id(input.messageId)}</MsgId><CreDtTm>${created}</CreDtTm><NbOfTxs>${count}</NbOfTxs><CtrlSum>${amount(total)}</CtrlSum><InitgPty><Nm>${name(input.debtorName)}</Nm></InitgPty></GrpHdr>
    <PmtInf>
      <PmtInfId>${id(input.messageId)}</PmtInfId><PmtMtd>TRF</PmtMtd><BtchBookg>true</BtchBookg><NbOfTxs>${count}</NbOfTxs><CtrlSum>${amount(total)}</CtrlSum>
      <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
      <ReqdExctnDt>${input.executionDate}</ReqdExctnDt>
      <Dbtr><Nm>${name(input.debtorName)}</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>${escapeXml(input.debtorIban)}</IBAN></Id></DbtrAcct>
      <DbtrAgt>${agent(input.debtorBic)}</DbtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      ${transactions}
    </PmtInf>
  </CstmrCdtTrfInitn>
</Document>
`;
}

/** The schema kept beside the checkout, or PAIN_XSD_DIR. */
export function pain001SchemaPath(root: string): string {
  return `${process.env.PAIN_XSD_DIR ?? `${root}/../shared/testdata/iso20022-pain`}/pain.001.001.03.xsd`;
}
