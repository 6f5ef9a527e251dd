import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Actor } from '../../core/actor.ts';
import { notFound } from '../../core/errors.ts';
import { canonicalJson } from '../../core/hash.ts';
import type { Db, Queryable, Tx } from '../../db/client.ts';
import { readInOrg, withOrg } from '../../db/tenancy.ts';
import { emitEvent } from '../../jobs/outbox.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { organization } from '../identity/identity.table.ts';
import { assertCan } from '../identity/permissions.ts';
import { normalizeWebsite } from './company.domain.ts';
import { companyLogo, companyProfile, type TaxId } from './company.table.ts';
import { CompanyProfileInput } from './contracts.ts';
import { baseCurrencyNotSet, invalidProfile, logoNotFound } from './errors.ts';
import { checkLogo, type LogoType } from './logo.domain.ts';

export interface Address {
  line1: string | null;
  line2: string | null;
  city: string | null;
  region: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2. */
  country: string | null;
}

/** The company profile as other modules and the API see it. */
export interface CompanyProfile {
  legalName: string;
  tradingName: string | null;
  address: Address;
  /** ISO 3166-1 alpha-2 of the country of registration; null until set. */
  country: string | null;
  /** ISO 4217; null until set. */
  baseCurrency: string | null;
  /** `MM-DD`. */
  fiscalYearStart: string;
  taxIds: TaxId[];
  email: string | null;
  phone: string | null;
  website: string | null;
  /** Null while the profile is still the defaults (never saved). */
  updatedAt: Date | null;
}

export interface CompanyLogoInfo {
  contentType: LogoType;
  byteSize: number;
  width: number;
  height: number;
  sha256: string;
  updatedAt: Date;
}

export interface CompanyLogo extends CompanyLogoInfo {
  bytes: Uint8Array<ArrayBuffer>;
}

export type CompanyProfileView = CompanyProfile & { logo: CompanyLogoInfo | null };

/** What callers pass to `updateCompanyProfile`: the body of `PUT /company`. */
export type CompanyProfileUpdate = z.input<typeof CompanyProfileInput>;

type ProfileRow = typeof companyProfile.$inferSelect;

function fromRow(row: ProfileRow): CompanyProfile {
  return {
    legalName: row.legalName,
    tradingName: row.tradingName,
    address: {
      line1: row.addressLine1,
      line2: row.addressLine2,
      city: row.addressCity,
      region: row.addressRegion,
      postalCode: row.addressPostalCode,
      country: row.addressCountry,
    },
    country: row.country,
    baseCurrency: row.baseCurrency,
    fiscalYearStart: row.fiscalYearStart,
    taxIds: row.taxIds.map(({ scheme, value }) => ({ scheme, value })),
    email: row.email,
    phone: row.phone,
    website: row.website,
    updatedAt: row.updatedAt,
  };
}

const defaults = (legalName: string): CompanyProfile => ({
  legalName,
  tradingName: null,
  address: { line1: null, line2: null, city: null, region: null, postalCode: null, country: null },
  country: null,
  baseCurrency: null,
  fiscalYearStart: '01-01',
  taxIds: [],
  email: null,
  phone: null,
  website: null,
  updatedAt: null,
});

/**
 * The profile of the organization the transaction is in; defaults (legal name = organization name,
 * no country or currency, fiscal year from 01-01) when it was never saved. For other modules: the
 * ledger reads base currency and fiscal year start here, inside its own transaction.
 */
export async function companyProfileOf(tx: Queryable, orgId: string): Promise<CompanyProfile> {
  const [row] = await tx.select().from(companyProfile).where(eq(companyProfile.orgId, orgId));
  if (row) return fromRow(row);
  const [org] = await tx
    .select({ name: organization.name })
    .from(organization)
    .where(eq(organization.id, orgId));
  if (!org) throw notFound('organization', orgId);
  return defaults(org.name);
}

/** The base currency, or an error telling the user to set it first (for postings, invoices…). */
export async function requireBaseCurrency(tx: Queryable, orgId: string): Promise<string> {
  const { baseCurrency } = await companyProfileOf(tx, orgId);
  if (!baseCurrency) throw baseCurrencyNotSet();
  return baseCurrency;
}

const logoInfoColumns = {
  contentType: companyLogo.contentType,
  byteSize: companyLogo.byteSize,
  width: companyLogo.width,
  height: companyLogo.height,
  sha256: companyLogo.sha256,
  updatedAt: companyLogo.updatedAt,
};

async function logoInfoOf(tx: Queryable, orgId: string): Promise<CompanyLogoInfo | null> {
  const [row] = await tx.select(logoInfoColumns).from(companyLogo).where(eq(companyLogo.orgId, orgId));
  return row ? (row as CompanyLogoInfo) : null;
}

export async function getCompanyProfile(db: Db, actor: Actor): Promise<CompanyProfileView> {
  assertCan(actor, 'company:read');
  return readInOrg(db, actor.orgId, async (tx) => ({
    ...(await companyProfileOf(tx, actor.orgId)),
    logo: await logoInfoOf(tx, actor.orgId),
  }));
}

const orNull = (value: string | null | undefined) => (value ? value : null);

/** Validates and normalizes input (the same rules as the API) into table columns. */
function toColumns(input: CompanyProfileUpdate) {
  const parsed = CompanyProfileInput.safeParse(input);
  if (!parsed.success)
    throw invalidProfile(
      parsed.error.issues.map((issue) => ({
        field: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  const p = parsed.data;
  return {
    legalName: p.legalName,
    tradingName: orNull(p.tradingName),
    addressLine1: orNull(p.address?.line1),
    addressLine2: orNull(p.address?.line2),
    addressCity: orNull(p.address?.city),
    addressRegion: orNull(p.address?.region),
    addressPostalCode: orNull(p.address?.postalCode),
    addressCountry: orNull(p.address?.country?.toUpperCase()),
    country: p.country,
    baseCurrency: p.baseCurrency,
    fiscalYearStart: p.fiscalYearStart,
    taxIds: (p.taxIds ?? []).map(({ scheme, value }) => ({ scheme, value })),
    email: orNull(p.email),
    phone: orNull(p.phone),
    website: p.website ? (normalizeWebsite(p.website) ?? null) : null,
  };
}

/** The editable fields whose values differ between two profiles. */
function changedFields(before: CompanyProfile, after: CompanyProfile): string[] {
  const editable = (p: CompanyProfile) => {
    const { updatedAt: _u, ...rest } = p;
    return rest;
  };
  const a = editable(before);
  const b = editable(after);
  // Canonical JSON: jsonb hands objects back with their keys in its own order.
  return (Object.keys(b) as (keyof typeof b)[]).filter(
    (key) => canonicalJson(a[key]) !== canonicalJson(b[key]),
  );
}

/**
 * Replaces the editable profile (PUT semantics: optional fields left out are cleared). Creates the
 * row on first save. An update that changes nothing writes no audit row and emits no event.
 */
export async function updateCompanyProfile(
  db: Db,
  actor: Actor,
  input: CompanyProfileUpdate,
): Promise<CompanyProfileView> {
  assertCan(actor, 'company:update');
  const columns = toColumns(input);
  const orgId = actor.orgId;
  return withOrg(db, orgId, async (tx) => {
    const [existing] = await tx
      .select()
      .from(companyProfile)
      .where(eq(companyProfile.orgId, orgId))
      .for('update');
    const before = existing ? fromRow(existing) : await companyProfileOf(tx, orgId);
    const candidate = fromRow({ ...columns, orgId, updatedAt: new Date() });
    const changed = changedFields(before, candidate);
    if (existing && changed.length === 0) return { ...before, logo: await logoInfoOf(tx, orgId) };

    const updatedAt = new Date();
    const [row] = await tx
      .insert(companyProfile)
      .values({ ...columns, orgId, updatedAt })
      .onConflictDoUpdate({ target: companyProfile.orgId, set: { ...columns, updatedAt } })
      .returning();
    const after = fromRow(row!);
    await recordAudit(tx, actor, {
      entity: 'company_profile',
      entityId: orgId,
      action: existing ? 'update' : 'create',
      before: existing ? before : null,
      after,
    });
    await emitEvent(tx, orgId, 'company.updated', { orgId, changed });
    return { ...after, logo: await logoInfoOf(tx, orgId) };
  });
}

/** Stores (or replaces) the logo after checking type, size, magic bytes and pixel size. */
export async function setCompanyLogo(
  db: Db,
  actor: Actor,
  upload: { contentType: string | undefined; bytes: Uint8Array },
): Promise<CompanyLogoInfo> {
  assertCan(actor, 'company:update');
  const checked = checkLogo(upload.contentType, upload.bytes);
  const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
  const orgId = actor.orgId;
  return withOrg(db, orgId, async (tx) => {
    const [before] = await tx
      .select(logoInfoColumns)
      .from(companyLogo)
      .where(eq(companyLogo.orgId, orgId))
      .for('update');
    if (before?.sha256 === sha256 && before.contentType === checked.contentType)
      return before as CompanyLogoInfo;
    const values = { ...checked, sha256, byteSize: upload.bytes.byteLength, updatedAt: new Date() };
    const [after] = await tx
      .insert(companyLogo)
      .values({ orgId, ...values, bytes: upload.bytes })
      .onConflictDoUpdate({ target: companyLogo.orgId, set: { ...values, bytes: upload.bytes } })
      .returning(logoInfoColumns);
    const info = after as CompanyLogoInfo;
    // The audit row records what identifies the image, never the image itself.
    await recordAudit(tx, actor, {
      entity: 'company_logo',
      entityId: orgId,
      action: before ? 'replace' : 'set',
      before: before ?? null,
      after: info,
    });
    await emitEvent(tx, orgId, 'company.logo_changed', {
      orgId,
      sha256,
      contentType: info.contentType,
      byteSize: info.byteSize,
    });
    return info;
  });
}

/** The logo with its bytes in the caller's transaction, or null: for documents that print it (sales PDFs). */
export async function companyLogoOf(tx: Queryable, orgId: string): Promise<CompanyLogo | null> {
  const [row] = await tx
    .select({ ...logoInfoColumns, bytes: companyLogo.bytes })
    .from(companyLogo)
    .where(eq(companyLogo.orgId, orgId));
  return row ? (row as CompanyLogo) : null;
}

/** The logo with its bytes; COMPANY_LOGO_NOT_FOUND when there is none. */
export async function getCompanyLogo(db: Db, actor: Actor): Promise<CompanyLogo> {
  assertCan(actor, 'company:read');
  const [row] = await readInOrg(db, actor.orgId, (tx: Tx) =>
    tx
      .select({ ...logoInfoColumns, bytes: companyLogo.bytes })
      .from(companyLogo)
      .where(eq(companyLogo.orgId, actor.orgId)),
  );
  if (!row) throw logoNotFound();
  return row as CompanyLogo;
}

/** Removes the logo; COMPANY_LOGO_NOT_FOUND when there is none. */
export async function removeCompanyLogo(db: Db, actor: Actor): Promise<void> {
  assertCan(actor, 'company:update');
  const orgId = actor.orgId;
  await withOrg(db, orgId, async (tx) => {
    const [removed] = await tx
      .delete(companyLogo)
      .where(eq(companyLogo.orgId, orgId))
      .returning(logoInfoColumns);
    if (!removed) throw logoNotFound();
    await recordAudit(tx, actor, {
      entity: 'company_logo',
      entityId: orgId,
      action: 'remove',
      before: removed,
    });
    await emitEvent(tx, orgId, 'company.logo_changed', {
      orgId,
      sha256: null,
      contentType: null,
      byteSize: 0,
    });
  });
}
