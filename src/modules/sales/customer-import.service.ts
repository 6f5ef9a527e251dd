import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../core/actor.ts';
import { AppError } from '../../core/errors.ts';
import { isCurrency } from '../../core/money.ts';
import type { Db } from '../../db/client.ts';
import { assertCan } from '../identity/permissions.ts';
import {
  attempt,
  fits,
  type ImportContext,
  type ImportReport,
  type ImportRequest,
  importedReferences,
  previewImport,
  rememberReference,
  runImport,
  TaxRateFinder,
} from './batch.kit.ts';
import type { FieldSpec } from './csv-mapping.domain.ts';
import { type CustomerInput, createCustomer } from './customer.service.ts';
import { customer } from './sales.table.ts';

// CSV import of customers: one row per customer, all or nothing. A row naming a customer that
// exists already (its reference imported before, or the same email, or, without an email, the same
// name) is skipped, so importing the same list twice, or an export of this list, adds nothing.

export const CUSTOMER_FIELDS: readonly FieldSpec[] = [
  {
    key: 'externalRef',
    label: 'Reference (your id for the customer)',
    synonyms: [
      'id',
      'customerid',
      'externalid',
      'externalref',
      'reference',
      'ref',
      'customernumber',
      'customerno',
      'customercode',
      'accountnumber',
      'code',
    ],
  },
  {
    key: 'name',
    label: 'Name',
    required: true,
    synonyms: [
      'customer',
      'customername',
      'company',
      'companyname',
      'displayname',
      'organisation',
      'organization',
      'client',
      'clientname',
      'fullname',
      'contactname',
    ],
  },
  { key: 'kind', label: 'Company or person', synonyms: ['type', 'customertype', 'customerkind'] },
  { key: 'email', label: 'Email', synonyms: ['emailaddress', 'mail', 'contactemail', 'billingemail'] },
  { key: 'phone', label: 'Phone', synonyms: ['telephone', 'tel', 'phonenumber', 'mobile'] },
  { key: 'taxIdScheme', label: 'Tax id scheme (default VAT)', synonyms: ['taxscheme', 'taxidtype'] },
  {
    key: 'taxId',
    label: 'Tax id',
    synonyms: [
      'vat',
      'vatnumber',
      'vatid',
      'vatno',
      'taxnumber',
      'tin',
      'ein',
      'abn',
      'gstnumber',
      'taxregistration',
    ],
  },
  { key: 'currency', label: 'Currency', synonyms: ['currencycode'] },
  {
    key: 'paymentTermsDays',
    label: 'Payment terms (days)',
    synonyms: ['paymentterms', 'terms', 'termsdays', 'netdays', 'duedays'],
  },
  {
    key: 'defaultTaxRate',
    label: 'Default tax rate (name or percent)',
    synonyms: ['taxrate', 'vatrate', 'tax'],
  },
  {
    key: 'addressLine1',
    label: 'Address line 1',
    synonyms: ['address', 'address1', 'street', 'billingaddress', 'billingaddressline1', 'line1'],
  },
  { key: 'addressLine2', label: 'Address line 2', synonyms: ['address2', 'line2', 'billingaddressline2'] },
  { key: 'city', label: 'City', synonyms: ['town', 'billingcity'] },
  { key: 'region', label: 'Region or state', synonyms: ['state', 'county', 'province'] },
  { key: 'postalCode', label: 'Postal code', synonyms: ['postcode', 'zip', 'zipcode', 'billingpostalcode'] },
  { key: 'country', label: 'Country (2 letters)', synonyms: ['countrycode', 'billingcountry'] },
  { key: 'notes', label: 'Notes', synonyms: ['note', 'comments', 'comment', 'memo'] },
];

const KINDS: Record<string, 'company' | 'person'> = {
  company: 'company',
  business: 'company',
  organisation: 'company',
  organization: 'company',
  person: 'person',
  individual: 'person',
  private: 'person',
};
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** What the file's headers suggest for each field, and its first rows. */
export const previewCustomerImport = (request: Omit<ImportRequest, 'mapping' | 'dryRun'>) =>
  previewImport(request, CUSTOMER_FIELDS);

/** Imports customers from CSV (all or nothing; `dryRun` checks and writes nothing). Needs `customer:write`. */
export async function importCustomers(db: Db, actor: Actor, request: ImportRequest): Promise<ImportReport> {
  assertCan(actor, 'customer:write');
  return runImport(db, actor, 'customers', request, CUSTOMER_FIELDS, planCustomers);
}

async function planCustomers(ctx: ImportContext): Promise<void> {
  const { tx, actor, reader, table } = ctx;
  const orgId = actor.orgId;
  const existing = await tx
    .select({
      id: customer.id,
      name: customer.name,
      email: customer.email,
      mergedIntoId: customer.mergedIntoId,
    })
    .from(customer)
    .where(and(eq(customer.orgId, orgId)));
  const byId = new Map(existing.map((c) => [c.id, c]));
  const active = (id: string): string => {
    const found = byId.get(id);
    return found?.mergedIntoId ? active(found.mergedIntoId) : id;
  };
  const byEmail = new Map<string, string>();
  const byName = new Map<string, string>();
  for (const c of existing)
    if (!c.mergedIntoId) {
      if (c.email) byEmail.set(c.email.toLowerCase(), c.id);
      byName.set(c.name.trim().toLowerCase(), c.id);
    }
  const references = await importedReferences(tx, orgId, 'customers');
  const rates = await TaxRateFinder.load(tx, orgId);
  // Within the file: the same reference, email or (without email) name twice is one customer twice.
  const seen = new Map<string, number>();

  for (const [index, row] of table.rows.entries()) {
    ctx.progress(index + 1);
    const n = row.row;
    const before = reader.errors.length;
    const text = (field: string, max: number) => fits(reader, n, field, reader.get(row, field), max);
    const name = text('name', 200);
    if (!name && !reader.get(row, 'name'))
      reader.fail(n, 'name', 'NAME_REQUIRED', 'Every customer needs a name.');
    const reference = text('externalRef', 200);
    const email = text('email', 200);
    if (email && !EMAIL.test(email))
      reader.fail(n, 'email', 'INVALID_EMAIL', `"${email.slice(0, 60)}" is not an email address.`);
    const kind = reader.read(row, 'kind', (v) => {
      const k = KINDS[v.toLowerCase()];
      if (!k)
        throw new AppError('invalid', 'INVALID_KIND', `"${v.slice(0, 30)}" is neither company nor person.`);
      return k;
    });
    const currency = reader.read(row, 'currency', (v) => {
      if (!isCurrency(v.toUpperCase()))
        throw new AppError(
          'invalid',
          'INVALID_CURRENCY',
          `"${v.slice(0, 10)}" is not an ISO 4217 currency code.`,
        );
      return v.toUpperCase();
    });
    const terms = reader.read(row, 'paymentTermsDays', (v) => {
      const days = /^(?:net\s*)?(\d{1,4})(?:\s*days?)?$/i.exec(v)?.[1];
      if (days === undefined || Number(days) > 3650)
        throw new AppError(
          'invalid',
          'INVALID_TERMS',
          `"${v.slice(0, 20)}" is not a number of days (0 to 3650).`,
        );
      return Number(days);
    });
    const country = reader.read(row, 'country', (v) => {
      if (!/^[A-Za-z]{2}$/.test(v))
        throw new AppError(
          'invalid',
          'INVALID_COUNTRY',
          `Write the country as its two-letter ISO code (GB, DE, US), not "${v.slice(0, 30)}".`,
        );
      return v.toUpperCase();
    });
    const rate = reader.read(row, 'defaultTaxRate', (v) => rates.find(v));
    const taxId = text('taxId', 50);
    const scheme = text('taxIdScheme', 10) ?? 'VAT';
    const address = {
      line1: text('addressLine1', 200) ?? null,
      line2: text('addressLine2', 200) ?? null,
      city: text('city', 100) ?? null,
      region: text('region', 100) ?? null,
      postalCode: text('postalCode', 20) ?? null,
      country: country ?? null,
    };
    const input: CustomerInput = {
      kind: kind ?? 'company',
      name: name ?? '',
      email: email ?? null,
      phone: text('phone', 50) ?? null,
      taxIds: taxId ? [{ scheme, value: taxId }] : [],
      currency: currency ?? null,
      paymentTermsDays: terms ?? null,
      defaultTaxRateId: rate?.id ?? null,
      billingAddress: Object.values(address).some((v) => v !== null) ? address : null,
      notes: text('notes', 5000) ?? null,
    };
    const keys = [
      reference ? `ref:${reference}` : null,
      email ? `email:${email.toLowerCase()}` : null,
      !email && name ? `name:${name.toLowerCase()}` : null,
    ].filter((k): k is string => k !== null);
    const twin = keys.map((k) => seen.get(k)).find((r) => r !== undefined);
    if (twin !== undefined)
      reader.fail(
        n,
        reference ? 'externalRef' : email ? 'email' : 'name',
        'DUPLICATE_ROW',
        `The same customer as row ${twin}.`,
      );
    for (const k of keys) if (!seen.has(k)) seen.set(k, n);
    if (reader.errors.length > before) continue;

    const match =
      (reference &&
        references.get(reference) && { id: active(references.get(reference)!), reason: 'imported before' }) ||
      (reference && byId.has(reference) && { id: active(reference), reason: 'exists (same id)' }) ||
      (email &&
        byEmail.get(email.toLowerCase()) && {
          id: byEmail.get(email.toLowerCase())!,
          reason: 'exists (same email)',
        }) ||
      (!email &&
        byName.get(input.name.toLowerCase()) && {
          id: byName.get(input.name.toLowerCase())!,
          reason: 'exists (same name)',
        }) ||
      null;
    if (match) {
      ctx.report.skipped.push({
        rows: [n],
        reference: reference ?? null,
        id: match.id,
        reason: match.reason,
      });
      continue;
    }
    const created = await attempt(tx, async () => {
      const made = await createCustomer(tx, actor, input);
      if (reference) await rememberReference(ctx, reference, { customerId: made.id });
      return made;
    });
    if (created instanceof AppError) {
      const field = String(created.details.field ?? '');
      reader.fail(n, field === 'defaultTaxRateId' ? 'defaultTaxRate' : null, created.code, created.message);
      continue;
    }
    ctx.report.created.push({ rows: [n], reference: reference ?? null, id: created.id });
  }
}
