import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../config.ts';
import type { Store } from '../db/client.ts';
import { createTestStore } from '../db/test-db.ts';
import { createMailer } from '../modules/comms/index.ts';
import { createAuth } from '../modules/identity/auth.ts';
import type { Services } from '../services.ts';
import { bufferIo } from './io.ts';
import { runCommand } from './main.ts';

// Runs `ordo` commands in process on a fresh test store (either store kind), for command tests
// that need no server or child process: the same path the server takes for a forwarded command.

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function createCliTestServices(): Promise<Services & { dataDir: string }> {
  const store: Store = await createTestStore();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ordo-cli-test-'));
  const config = loadConfig({ ORDO_DATA_DIR: dataDir, PORT: '3999' });
  const mailer = createMailer({ from: config.mailFrom, dataDir });
  const auth = createAuth({
    db: store.db,
    baseUrl: config.baseUrl,
    secret: 'test-secret-that-is-long-enough-0123456789',
    sendResetPassword: async () => {},
  });
  return {
    config,
    store,
    auth,
    mailer,
    dataDir,
    async close() {
      mailer.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `ordo ARGV…` against these services, from `cwd` (default: the process's). */
export async function runCli(
  services: Services,
  argv: string[],
  options: { stdin?: string; cwd?: string } = {},
): Promise<CliRun> {
  const io = bufferIo(options.stdin ?? '');
  const code = await runCommand(argv, {
    io,
    cwd: options.cwd ?? process.cwd(),
    services: async () => services,
  });
  return { code, stdout: io.stdout.join('\n'), stderr: io.stderr.join('\n') };
}
