import path from 'node:path';

export type StoreConfig = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

export interface Config {
  store: StoreConfig;
  /** Where the embedded store, lock file and outgoing mail (.eml) live, whatever the store kind. */
  dataDir: string;
  port: number;
  host: string;
  /** Public origin used in emailed links and for CSRF origin checks. */
  baseUrl: string;
  authSecret: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  maxBodyBytes: number;
  seedDemo: boolean;
}

const defaultBaseUrl = (host: string, port: number) =>
  `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;

/**
 * The same configuration on another port; the base URL follows unless ORDO_BASE_URL set it. Used
 * when `--port 0` asks for any free port, so emailed links and the trusted origin name the real one.
 */
export function withPort(config: Config, port: number): Config {
  const followsPort = config.baseUrl === defaultBaseUrl(config.host, config.port);
  return { ...config, port, baseUrl: followsPort ? defaultBaseUrl(config.host, port) : config.baseUrl };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dataDir = path.resolve(env.ORDO_DATA_DIR ?? '.ordo');
  const port = Number(env.PORT ?? 3000);
  const host = env.HOST ?? '127.0.0.1';
  return {
    store: env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir },
    dataDir,
    port,
    host,
    baseUrl: env.ORDO_BASE_URL ?? defaultBaseUrl(host, port),
    authSecret: env.ORDO_AUTH_SECRET,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? 'Ordo <no-reply@ordo.local>',
    maxBodyBytes: Number(env.ORDO_MAX_BODY_BYTES ?? 1_048_576),
    seedDemo: env.ORDO_DEMO !== '0',
  };
}
