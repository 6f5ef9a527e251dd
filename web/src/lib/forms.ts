import { notifications } from '@mantine/notifications';
import { ApiError } from '../api/client.ts';

interface FieldErrors {
  setFieldError(path: string, error: string): void;
  getInputProps(path: string): unknown;
}

/**
 * Shows an API failure where the user will look for it: next to the field it names when the form
 * has that field, otherwise as a notification. Returns the message for callers that show it inline.
 */
export function showApiError(error: unknown, form?: FieldErrors, fields: readonly string[] = []): string {
  const message = error instanceof Error ? error.message : 'Something went wrong.';
  if (error instanceof ApiError && error.field && form && fields.includes(error.field)) {
    form.setFieldError(error.field, message);
    return message;
  }
  notifications.show({ color: 'red', title: 'Not saved', message });
  return message;
}
