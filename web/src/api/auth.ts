import { toApiError } from './client.ts';

// better-auth's endpoints under /api/auth. They are not in our OpenAPI document (better-auth owns
// them), so their few request and response shapes are written here.

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  twoFactorEnabled?: boolean | null;
}

async function call<T>(path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/auth${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    throw toApiError(0, undefined);
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  if (!response.ok) throw toApiError(response.status, data);
  return data as T;
}

export const auth = {
  session: () => call<{ user: SessionUser } | null>('/get-session'),
  signUp: (input: { name: string; email: string; password: string }) =>
    call<{ user: SessionUser }>('/sign-up/email', input),
  signIn: (input: { email: string; password: string; rememberMe?: boolean }) =>
    call<{ user?: SessionUser; twoFactorRedirect?: boolean }>('/sign-in/email', input),
  signOut: () => call<unknown>('/sign-out', {}),
  requestPasswordReset: (email: string) =>
    call<unknown>('/request-password-reset', { email, redirectTo: '/reset-password' }),
  resetPassword: (token: string, newPassword: string) =>
    call<unknown>('/reset-password', { token, newPassword }),
  enableTwoFactor: (password: string) =>
    call<{ totpURI: string; backupCodes: string[] }>('/two-factor/enable', { password }),
  verifyTotp: (code: string, trustDevice = false) =>
    call<unknown>('/two-factor/verify-totp', { code, trustDevice }),
  verifyBackupCode: (code: string) => call<unknown>('/two-factor/verify-backup-code', { code }),
  disableTwoFactor: (password: string) => call<unknown>('/two-factor/disable', { password }),
};
