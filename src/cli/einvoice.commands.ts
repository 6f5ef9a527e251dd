import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemActor } from '../core/actor.ts';
import { AppError, invalid } from '../core/errors.ts';
import { minorToDecimalString } from '../core/money.ts';
import { readInOrg, withOrg } from '../db/tenancy.ts';
import { toUbl } from '../modules/einvoice/index.ts';
import { importUblBill } from '../modules/purchasing/index.ts';
import { findIssuedDocument, importUblSalesDocument, salesToEInvoice } from '../modules/sales/index.ts';
import type { Services } from '../services.ts';
import { type Command, orgBySlug, parse, requireString } from './command-kit.ts';
import type { CliIo } from './io.ts';

// E-invoices: an issued invoice or credit note out as UBL 2.1 (Peppol BIS Billing 3.0); a UBL
// invoice in as a draft invoice, a UBL credit note or negative invoice as a draft credit note.

async function readUblFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new AppError(
      code === 'ENOENT' ? 'not_found' : 'invalid',
      code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      code === 'ENOENT' ? `No file ${file}.` : `Cannot read ${file}: ${(error as Error).message}`,
      { file },
    );
  }
}

export const EINVOICE_COMMANDS: Record<string, Command> = {
  'export ubl': {
    usage: 'ordo export ubl --org SLUG --number NUMBER [--output FILE]',
    summary: 'Print an issued invoice or credit note as UBL 2.1 XML (Peppol BIS Billing 3.0)',
    async run(args, { io, cwd, services }) {
      const { values } = parse(
        args,
        { org: { type: 'string' }, number: { type: 'string' }, output: { type: 'string' } },
        0,
      );
      const number = requireString(values, 'number');
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      const doc = await readInOrg(svc.store.db, org.id, async (tx) =>
        salesToEInvoice(tx, org.id, await findIssuedDocument(tx, org.id, number)),
      );
      const xml = toUbl(doc);
      if (typeof values.output === 'string' && values.output !== '' && values.output !== '-') {
        const file = path.resolve(cwd, values.output);
        await writeFile(file, xml);
        io.err(`Wrote ${doc.kind === 'invoice' ? 'invoice' : 'credit note'} ${doc.number} to ${file}.`);
      } else io.out(xml.replace(/\n$/, ''));
      return 0;
    },
  },
  'import ubl': {
    usage: 'ordo import ubl FILE --org SLUG --as invoice|bill [--json]',
    summary:
      'Import a UBL 2.1 invoice as a draft invoice (--as invoice: we are the seller; a credit note or negative invoice becomes a draft credit note, the customer matched by VAT id or name, or created) or as a draft bill (--as bill: we are the buyer; a credit note becomes a draft vendor credit, the vendor matched or created); refused unless its figures add up',
    async run(args, { io, cwd, services }) {
      const { values, positionals } = parse(
        args,
        { org: { type: 'string' }, as: { type: 'string' }, json: { type: 'boolean' } },
        1,
      );
      const as = requireString(values, 'as');
      if (as !== 'invoice' && as !== 'bill')
        throw invalid('USAGE', `--as ${as} is not supported; use --as invoice or --as bill.`, {
          field: 'as',
        });
      const file = path.resolve(cwd, positionals[0]!);
      const xml = await readUblFile(file);
      const svc = await services();
      const org = await orgBySlug(svc, requireString(values, 'org'));
      if (as === 'bill') return importAsBill(io, svc, org.id, xml, values.json === true);
      const result = await withOrg(svc.store.db, org.id, (tx) =>
        importUblSalesDocument(tx, systemActor(org.id, 'cli'), xml),
      );
      const { document, draft } = result;
      const money = (minor: bigint) => minorToDecimalString(minor, draft.currency);
      const differs =
        draft.taxExclusiveAmount !== document.totals.taxExclusive ||
        draft.taxAmount !== document.totals.tax ||
        draft.taxInclusiveAmount !== document.totals.taxInclusive;
      if (values.json)
        io.out(
          JSON.stringify({
            draftId: draft.id,
            draftType: draft.type,
            alreadyImported: result.alreadyImported,
            number: document.number,
            fromNegativeInvoice: result.fromNegativeInvoice,
            creditedInvoiceId: result.creditedInvoice?.id ?? null,
            customerId: result.customer.id,
            customerMatch: result.customerMatch,
            taxRatesCreated: result.taxRatesCreated,
            currency: draft.currency,
            taxExclusive: money(draft.taxExclusiveAmount),
            tax: money(draft.taxAmount),
            taxInclusive: money(draft.taxInclusiveAmount),
            matchesDocument: !differs,
          }),
        );
      else if (result.alreadyImported) {
        const what = draft.type === 'invoice' ? 'invoice' : 'credit note';
        io.out(
          `Already imported: ${document.number} is ${what} ${draft.number ?? `draft ${draft.id}`} for ${result.customer.name}; nothing added.`,
        );
        return 0;
      } else {
        const how = {
          vat_id: 'matched by VAT id',
          name: 'matched by name',
          created: 'created',
          previous_import: 'as before',
        }[result.customerMatch];
        const what = draft.type === 'invoice' ? 'draft invoice' : 'draft credit note';
        const credits = result.creditedInvoice ? ` crediting ${result.creditedInvoice.number}` : '';
        const negative = result.fromNegativeInvoice ? ' (a negative invoice, so a credit note)' : '';
        io.out(
          `Imported ${document.number}${negative} as ${what} ${draft.id}${credits} for ${result.customer.name} (${how}): ${draft.lines.length} lines, ${money(draft.taxExclusiveAmount)} + ${money(draft.taxAmount)} tax = ${money(draft.taxInclusiveAmount)} ${draft.currency}.`,
        );
      }
      if (differs)
        io.err(
          `Note: the draft's totals (${money(draft.taxInclusiveAmount)}) differ from the document's (${money(document.totals.taxInclusive)}) because tax is rounded per line here; check before issuing.`,
        );
      if (document.totals.prepaid !== 0n)
        io.err(
          `Note: the document states ${money(document.totals.prepaid)} ${draft.currency} already paid; record that payment after issuing.`,
        );
      return 0;
    },
  },
};

/** `ordo import ubl FILE --as bill`: the document as a draft bill (or vendor credit) from its seller. */
async function importAsBill(
  io: CliIo,
  svc: Services,
  orgId: string,
  xml: string,
  json: boolean,
): Promise<number> {
  const result = await withOrg(svc.store.db, orgId, (tx) =>
    importUblBill(tx, systemActor(orgId, 'cli'), xml),
  );
  const { document, bill, vendor } = result;
  const money = (minor: bigint) => minorToDecimalString(minor, bill.currency);
  const what = bill.type === 'bill' ? 'draft bill' : 'draft vendor credit';
  if (json)
    io.out(
      JSON.stringify({
        billId: bill.id,
        billType: bill.type,
        alreadyImported: result.alreadyImported,
        number: document.number,
        fromNegativeInvoice: result.fromNegativeInvoice,
        vendorId: vendor.id,
        vendorMatch: result.vendorMatch,
        taxRatesCreated: result.taxRatesCreated,
        possibleDuplicateId: result.possibleDuplicateId,
        currency: bill.currency,
        taxExclusive: money(bill.taxExclusiveAmount),
        tax: money(bill.taxAmount),
        taxInclusive: money(bill.taxInclusiveAmount),
        matchesDocument: result.matchesDocument,
      }),
    );
  else if (result.alreadyImported) {
    io.out(
      `Already imported: ${document.number} is ${bill.number ? `${bill.type === 'bill' ? 'bill' : 'vendor credit'} ${bill.number}` : `${what} ${bill.id}`} from ${vendor.name}; nothing added.`,
    );
    return 0;
  } else {
    const how = {
      vat_id: 'matched by VAT id',
      name: 'matched by name',
      created: 'created',
      previous_import: 'as before',
    }[result.vendorMatch];
    const negative = result.fromNegativeInvoice ? ' (a negative invoice, so a credit)' : '';
    io.out(
      `Imported ${document.number}${negative} as ${what} ${bill.id} from ${vendor.name} (${how}): ${bill.lines.length} lines, ${money(bill.taxExclusiveAmount)} + ${money(bill.taxAmount)} tax = ${money(bill.taxInclusiveAmount)} ${bill.currency}.`,
    );
  }
  if (!json && result.possibleDuplicateId)
    io.err(
      `Note: ${vendor.name} has another bill that looks the same (${result.possibleDuplicateId}); check before submitting.`,
    );
  if (!json && !result.matchesDocument)
    io.err(
      `Note: the draft's totals (${money(bill.taxInclusiveAmount)}) differ from the document's (${money(document.totals.taxInclusive)}); check before submitting.`,
    );
  if (!json && document.totals.prepaid !== 0n)
    io.err(
      `Note: the document states ${money(document.totals.prepaid)} ${bill.currency} already paid; record that payment after approval.`,
    );
  return 0;
}
