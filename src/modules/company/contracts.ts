import { z } from '@hono/zod-openapi';
import { isCurrency } from '../../core/money.ts';
import {
  isCountryCode,
  isEmail,
  isFiscalYearStart,
  isPhone,
  MAX_TAX_ID_LENGTH,
  MAX_TAX_IDS,
  normalizeWebsite,
  TAX_SCHEMES,
} from './company.domain.ts';
import { LOGO_TYPES } from './logo.domain.ts';

const COUNTRY_MESSAGE = 'Not an ISO 3166-1 alpha-2 country code (such as GB, DE or US).';

const text = (max: number) => z.string().trim().max(max);
/** Optional free text: null, omitted and "" all mean none. */
const optionalText = (max: number) => text(max).nullable().optional();
const optionalChecked = (max: number, check: (value: string) => boolean, message: string) =>
  text(max)
    .refine((value) => value === '' || check(value), { message })
    .nullable()
    .optional();

// `.nullable()` on a named schema loses the null in the OpenAPI document (a bare $ref); a union keeps it.
const nullableRef = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isCountryCode, { message: COUNTRY_MESSAGE })
  .openapi({ example: 'GB' });

export const TaxIdSchema = z
  .object({
    scheme: z.enum(TAX_SCHEMES),
    value: z.string().trim().min(1).max(MAX_TAX_ID_LENGTH).openapi({ example: 'GB123456789' }),
  })
  .openapi('TaxId');

export const AddressInput = z
  .object({
    line1: optionalText(200),
    line2: optionalText(200),
    city: optionalText(100),
    region: optionalText(100),
    postalCode: optionalText(20),
    country: optionalChecked(10, (value) => isCountryCode(value.toUpperCase()), COUNTRY_MESSAGE),
  })
  .openapi('AddressInput');

/**
 * The editable profile, replaced as a whole by `PUT /company`: optional fields left out (or sent as
 * null or "") are cleared.
 */
export const CompanyProfileInput = z
  .object({
    legalName: text(200).min(1).openapi({ example: 'Demo Trading Ltd' }),
    tradingName: optionalText(200),
    address: nullableRef(AddressInput).optional(),
    country: countryCode,
    baseCurrency: z
      .string()
      .trim()
      .toUpperCase()
      .refine(isCurrency, { message: 'Not an ISO 4217 currency code (such as GBP, EUR or USD).' })
      .openapi({ example: 'GBP' }),
    fiscalYearStart: z
      .string()
      .trim()
      .refine(isFiscalYearStart, {
        message: 'Give the first day of the fiscal year as MM-DD, a day every year has (02-29 is not).',
      })
      .openapi({ example: '04-06' }),
    taxIds: z
      .array(TaxIdSchema)
      .max(MAX_TAX_IDS)
      .superRefine((ids, ctx) => {
        const seen = new Set<string>();
        ids.forEach((id, i) => {
          const key = `${id.scheme}:${id.value.toUpperCase()}`;
          if (seen.has(key))
            ctx.addIssue({ code: 'custom', path: [i, 'value'], message: 'This tax id is listed twice.' });
          seen.add(key);
        });
      })
      .optional(),
    email: optionalChecked(320, isEmail, 'Not an email address.'),
    phone: optionalChecked(40, isPhone, 'Not a phone number (digits, spaces and + ( ) . / - only).'),
    website: optionalChecked(
      2048,
      (value) => normalizeWebsite(value) !== undefined,
      'Not a web address (such as https://example.com).',
    ),
  })
  .openapi('CompanyProfileInput');

export const AddressSchema = z
  .object({
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    city: z.string().nullable(),
    region: z.string().nullable(),
    postalCode: z.string().nullable(),
    country: z.string().nullable(),
  })
  .openapi('Address');

export const CompanyLogoSchema = z
  .object({
    contentType: z.enum(LOGO_TYPES),
    byteSize: z.number().int(),
    width: z.number().int(),
    height: z.number().int(),
    sha256: z.string().openapi({ description: 'Also the ETag of GET /company/logo.' }),
    updatedAt: z.string(),
  })
  .openapi('CompanyLogo');

export const CompanyProfileSchema = z
  .object({
    legalName: z.string(),
    tradingName: z.string().nullable(),
    address: AddressSchema,
    country: z.string().nullable().openapi({ description: 'ISO 3166-1 alpha-2; null until set.' }),
    baseCurrency: z.string().nullable().openapi({ description: 'ISO 4217; null until set.' }),
    fiscalYearStart: z.string().openapi({ example: '01-01' }),
    taxIds: z.array(TaxIdSchema),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    website: z.string().nullable(),
    logo: nullableRef(CompanyLogoSchema),
    updatedAt: z.string().nullable().openapi({ description: 'Null until the profile is first saved.' }),
  })
  .openapi('CompanyProfile');
