import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { readInOrg } from '../db/tenancy.ts';
import { toUbl } from '../modules/einvoice/index.ts';
import { type Command, orgBySlug, parse, requireString } from './command-kit.ts';
import { findIssuedDocument, salesToEInvoice } from './einvoice.sales.ts';

// E-invoices: an issued invoice or credit note out as UBL 2.1 (Peppol BIS Billing 3.0).

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
};
