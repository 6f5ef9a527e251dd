import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/columns.ts';
import { organization } from '../identity/identity.table.ts';
import type { TaxScheme } from './company.domain.ts';

export interface TaxId {
  scheme: TaxScheme;
  value: string;
}

/**
 * One row per organization once its profile has been saved; until then the profile is read as
 * defaults (see company.service.ts). Country and currency stay null until the owner sets them.
 */
export const companyProfile = pgTable(
  'company_profile',
  {
    orgId: text('org_id')
      .primaryKey()
      .references(() => organization.id, { onDelete: 'cascade' }),
    legalName: text('legal_name').notNull(),
    tradingName: text('trading_name'),
    addressLine1: text('address_line1'),
    addressLine2: text('address_line2'),
    addressCity: text('address_city'),
    addressRegion: text('address_region'),
    addressPostalCode: text('address_postal_code'),
    /** ISO 3166-1 alpha-2 of the postal address (may differ from the country of registration). */
    addressCountry: text('address_country'),
    /** ISO 3166-1 alpha-2: where the company is registered. */
    country: text('country'),
    /** ISO 4217: the currency the books are kept in. */
    baseCurrency: text('base_currency'),
    /** `MM-DD`, the first day of each fiscal year. */
    fiscalYearStart: text('fiscal_year_start').notNull().default('01-01'),
    taxIds: jsonb('tax_ids').$type<TaxId[]>().notNull().default([]),
    email: text('email'),
    phone: text('phone'),
    website: text('website'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('company_profile_fiscal_year_start_ck', sql`${t.fiscalYearStart} ~ '^[0-1][0-9]-[0-3][0-9]$'`),
  ],
);

/** The company logo, kept in the database so backups carry it and every store serves it alike. */
export const companyLogo = pgTable(
  'company_logo',
  {
    orgId: text('org_id')
      .primaryKey()
      .references(() => organization.id, { onDelete: 'cascade' }),
    contentType: text('content_type').notNull(),
    bytes: bytea('bytes').notNull(),
    sha256: text('sha256').notNull(),
    byteSize: integer('byte_size').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  // Only raster types a browser shows without running anything (never SVG); the byte size is the
  // real length, and within the 512 KB the service allows.
  (t) => [
    check('company_logo_content_type_ck', sql`${t.contentType} in ('image/png', 'image/jpeg', 'image/webp')`),
    check('company_logo_size_ck', sql`${t.byteSize} = octet_length(${t.bytes}) and ${t.byteSize} <= 524288`),
  ],
);
