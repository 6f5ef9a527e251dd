import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { betterAuth } from 'better-auth/minimal';
import { twoFactor as twoFactorPlugin } from 'better-auth/plugins/two-factor';
import { newId } from '../../core/ids.ts';
import type { Db } from '../../db/client.ts';
import { account, rateLimit, session, twoFactor, user, verification } from './identity.table.ts';

/** The header the HTTP edge fills with the socket's address (a client-sent value is replaced). */
export const CLIENT_IP_HEADER = 'x-ordo-client-ip';

const ID_PREFIX: Record<string, string> = {
  user: 'usr',
  session: 'ses',
  account: 'acc',
  verification: 'ver',
  twoFactor: 'tfa',
  rateLimit: 'rl',
};

export interface AuthOptions {
  db: Db;
  baseUrl: string;
  secret: string;
  /** Sends the password-reset link; the caller decides how mail leaves (SMTP or the .eml outbox). */
  sendResetPassword: (to: string, url: string) => Promise<void>;
  /** Sign-in attempts allowed per client address per minute. */
  signInPerMinute?: number;
}

/**
 * better-auth handles passwords, sessions, password reset, TOTP two-factor and sign-in throttling.
 * Organizations, members, invitations and API keys are Ordo's own services (tenant tables, audit).
 */
export function createAuth(options: AuthOptions) {
  const secure = options.baseUrl.startsWith('https://');
  return betterAuth({
    appName: 'Ordo',
    baseURL: options.baseUrl,
    basePath: '/api/auth',
    secret: options.secret,
    trustedOrigins: [options.baseUrl],
    database: drizzleAdapter(options.db, {
      provider: 'pg',
      schema: { user, session, account, verification, twoFactor, rateLimit },
    }),
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user: target, url }) => options.sendResetPassword(target.email, url),
    },
    session: { expiresIn: 60 * 60 * 24 * 14, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: {
        '/sign-in/email': { window: 60, max: options.signInPerMinute ?? 10 },
        '/sign-up/email': { window: 60, max: 10 },
        '/two-factor/verify-totp': { window: 60, max: 10 },
        '/request-password-reset': { window: 60, max: 5 },
      },
    },
    plugins: [twoFactorPlugin({ issuer: 'Ordo' })],
    advanced: {
      cookiePrefix: 'ordo',
      useSecureCookies: secure,
      defaultCookieAttributes: { sameSite: 'lax', httpOnly: true, secure },
      ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] },
      database: { generateId: ({ model }) => newId(ID_PREFIX[model] ?? model.slice(0, 3)) },
    },
    telemetry: { enabled: false },
  });
}

export type Auth = ReturnType<typeof createAuth>;
