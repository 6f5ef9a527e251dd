import { AppError } from '../../core/errors.ts';

export const logoNotFound = () =>
  new AppError('not_found', 'COMPANY_LOGO_NOT_FOUND', 'This organization has no logo yet.');

export const baseCurrencyNotSet = () =>
  new AppError(
    'unprocessable',
    'COMPANY_CURRENCY_NOT_SET',
    "Set the company's base currency in the company profile first.",
    { field: 'baseCurrency' },
  );

/** The first problem of an invalid profile, with every problem listed in `details.issues`. */
export function invalidProfile(issues: { field: string; message: string }[]) {
  const first = issues[0];
  return new AppError(
    'invalid',
    'VALIDATION_FAILED',
    first ? `${first.field}: ${first.message}` : 'The company profile is not valid.',
    { field: first?.field, issues },
  );
}
