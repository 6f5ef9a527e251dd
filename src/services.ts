import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { randomToken } from './core/hash.ts';
import { openStore, type Store } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { createMailer, type Mailer } from './modules/comms/index.ts';
import { type Auth, createAuth } from './modules/identity/auth.ts';

/** The composition root shared by the server and the CLI: one store, auth and mailer. */
export interface Services {
  config: Config;
  store: Store;
  auth: Auth;
  mailer: Mailer;
  close(): Promise<void>;
}

/** Signing secret for sessions: from ORDO_AUTH_SECRET, else generated once and kept in the data dir. */
function authSecret(config: Config): string {
  if (config.authSecret) return config.authSecret;
  const file = path.join(config.dataDir, 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomToken(32);
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export async function openServices(config: Config): Promise<Services> {
  const store = await openStore(config.store);
  await runMigrations(store);
  const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom, dataDir: config.dataDir });
  const auth = createAuth({
    db: store.db,
    baseUrl: config.baseUrl,
    secret: authSecret(config),
    sendResetPassword: async (to, url) => {
      await mailer.send({
        to,
        subject: 'Reset your Ordo password',
        text: `Someone asked to reset the password of your Ordo account.\n\nTo choose a new password, open:\n${url}\n\nThe link works for one hour. If it was not you, ignore this message.`,
      });
    },
  });
  return {
    config,
    store,
    auth,
    mailer,
    async close() {
      mailer.close();
      await store.close();
    },
  };
}
