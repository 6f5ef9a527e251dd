// The company profile as the form holds it, its mapping to and from the API, and server errors
// placed next to the fields they name.
import type { UseFormReturnType } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import type { TaxScheme } from '../../../../src/modules/company/company.domain.ts';
import { ApiError } from '../../api/client.ts';
import type { CompanyProfile } from '../../api/company.ts';
import type { components } from '../../api/schema.gen.ts';
import { showApiError } from '../../lib/forms.ts';
import { pad2 } from './company-options.ts';

type ProfileInput = components['schemas']['CompanyProfileInput'];

export interface TaxIdRow {
  /** Only for React's list keys; never sent. */
  key: string;
  scheme: TaxScheme;
  value: string;
}

export interface Values {
  legalName: string;
  tradingName: string;
  address: { line1: string; line2: string; city: string; region: string; postalCode: string };
  country: string | null;
  baseCurrency: string | null;
  fiscalMonth: string;
  fiscalDay: string;
  taxIds: TaxIdRow[];
  email: string;
  phone: string;
  website: string;
}

export const newKey = () => crypto.randomUUID();

export function toValues(p: CompanyProfile): Values {
  const [month = '01', day = '01'] = p.fiscalYearStart.split('-');
  return {
    legalName: p.legalName,
    tradingName: p.tradingName ?? '',
    address: {
      line1: p.address.line1 ?? '',
      line2: p.address.line2 ?? '',
      city: p.address.city ?? '',
      region: p.address.region ?? '',
      postalCode: p.address.postalCode ?? '',
    },
    country: p.country ?? p.address.country,
    baseCurrency: p.baseCurrency,
    fiscalMonth: month,
    fiscalDay: String(Number(day)),
    taxIds: p.taxIds.map((t) => ({ key: newKey(), scheme: t.scheme, value: t.value })),
    email: p.email ?? '',
    phone: p.phone ?? '',
    website: p.website ?? '',
  };
}

const orNull = (text: string) => text.trim() || null;

export function toInput(v: Values): ProfileInput {
  return {
    legalName: v.legalName.trim(),
    tradingName: orNull(v.tradingName),
    // One country for the company and its address: a small business is registered where it sits.
    address: {
      line1: orNull(v.address.line1),
      line2: orNull(v.address.line2),
      city: orNull(v.address.city),
      region: orNull(v.address.region),
      postalCode: orNull(v.address.postalCode),
      country: v.country,
    },
    country: v.country ?? '',
    baseCurrency: v.baseCurrency ?? '',
    fiscalYearStart: `${v.fiscalMonth}-${pad2(Number(v.fiscalDay))}`,
    taxIds: v.taxIds.map((t) => ({ scheme: t.scheme, value: t.value.trim() })),
    email: orNull(v.email),
    phone: orNull(v.phone),
    website: orNull(v.website),
  };
}

const TOP_FIELDS = new Set([
  'legalName',
  'tradingName',
  'country',
  'baseCurrency',
  'email',
  'phone',
  'website',
]);

/** The form field a server error names (`json.taxIds.1.value` → `taxIds.1.value`), if the form has it. */
function formField(field: string, values: Values): string | undefined {
  const f = field.replace(/^(json|body)\./, '');
  if (f === 'address.country') return 'country';
  if (f === 'fiscalYearStart') return 'fiscalDay';
  if (TOP_FIELDS.has(f) || /^address\.(line1|line2|city|region|postalCode)$/.test(f)) return f;
  const tax = /^taxIds\.(\d+)\.(scheme|value)$/.exec(f);
  if (tax && Number(tax[1]) < values.taxIds.length) return f;
  return undefined;
}

/** Focuses the first field in error, centred so neither the header nor the save bar hides it. */
export const focusFirstError = () =>
  requestAnimationFrame(() => {
    const field = document.querySelector<HTMLElement>('form [aria-invalid="true"]');
    field?.focus({ preventScroll: true });
    field?.scrollIntoView({ block: 'center' });
  });

/** Puts each problem the server names next to its field; anything else becomes a notification. */
export function showSaveError(error: unknown, form: UseFormReturnType<Values>) {
  if (error instanceof ApiError) {
    const listed = Array.isArray(error.details.issues)
      ? (error.details.issues as { field?: unknown; message?: unknown }[])
      : [{ field: error.field, message: error.message.replace(/^[\w.]+: /, '') }];
    let placed = 0;
    for (const issue of listed) {
      const path =
        typeof issue.field === 'string' && typeof issue.message === 'string'
          ? formField(issue.field, form.getValues())
          : undefined;
      if (path && !form.errors[path]) {
        form.setFieldError(path, String(issue.message));
        placed++;
      }
    }
    if (placed > 0) {
      notifications.show({
        color: 'red',
        title: 'Not saved',
        message: placed === 1 ? 'Check the highlighted field.' : `Check the ${placed} highlighted fields.`,
      });
      focusFirstError();
      return;
    }
  }
  showApiError(error);
}

/** New pristine values: what Discard returns to and what the dirty check compares with. */
export function replaceValues(form: UseFormReturnType<Values>, values: Values) {
  form.setInitialValues(values);
  form.setValues(values);
  form.resetDirty(values);
}

export const optional = (check: (v: string) => boolean, message: string) => (v: string) =>
  v.trim() === '' || check(v.trim()) ? null : message;
