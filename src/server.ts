import { createServer } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { createApp } from './api/app.ts';
import { renderLandingPage } from './api/landing-page.ts';
import { mountWebApp } from './api/web-app.ts';
import { bufferIo, type CliIo } from './cli/io.ts';
import { acquireLock, releaseLock, writeLock } from './cli/lock.ts';
import { type Config, loadConfig, withPort } from './config.ts';
import { randomToken } from './core/hash.ts';
import { projectRoot } from './core/paths.ts';
import { DEMO, seedDemo } from './demo/seed.ts';
import { createDispatcher, createScheduler } from './jobs/index.ts';
import { MAINTENANCE_SCHEDULES, maintenanceHandlers } from './jobs/maintenance.ts';
import { identitySubscribers } from './modules/identity/identity.subscribers.ts';
import { SALES_SCHEDULES, salesJobHandlers, salesSubscribers } from './modules/sales/index.ts';
import { openServices } from './services.ts';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts everything in one process: store, migrations, demo seed, scheduler, outbox and HTTP. */
export async function startServer(
  requested: Config,
  log: (line: string) => void = console.log,
): Promise<RunningServer> {
  // Port 0 means any free port: pick it now, because auth and mail links are built from the base URL.
  const config = requested.port === 0 ? withPort(requested, await freePort(requested.host)) : requested;
  const embedded = config.store.kind === 'pglite';
  if (embedded) acquireLock(config.dataDir, 'server');
  try {
    const services = await openServices(config);
    const seeded = config.seedDemo ? await seedDemo(services) : { created: false };
    const dispatcher = createDispatcher(services.store, {
      subscribers: {
        ...identitySubscribers({ mailer: services.mailer, baseUrl: config.baseUrl }),
        ...salesSubscribers({ store: services.store, mailer: services.mailer }),
      },
    });
    const scheduler = createScheduler(services.store, {
      handlers: { ...maintenanceHandlers(services.store), ...salesJobHandlers(services.store) },
    });
    for (const schedule of [...MAINTENANCE_SCHEDULES, ...SALES_SCHEDULES])
      await scheduler.upsertSchedule({ ...schedule, startsAt: new Date() }); // anchors on first registration only
    const app = createApp({ ...services, scheduler, wakeDispatcher: () => dispatcher.wake() });
    const cliToken = randomToken();
    app.post('/api/internal/cli', async (c) => {
      if (c.req.header('x-ordo-cli-token') !== cliToken)
        return c.json({ error: { code: 'FORBIDDEN', message: 'Bad CLI token.', details: {} } }, 403);
      const { argv, stdin, cwd } = await c.req.json<{ argv: string[]; stdin: string; cwd: string }>();
      const { runCommand } = await import('./cli/main.ts');
      const io = bufferIo(stdin ?? '');
      const code = await runCommand(argv, { io, cwd, services: async () => services });
      return c.json({ code, stdout: io.stdout, stderr: io.stderr });
    });
    mountWebApp(app, path.join(projectRoot(), 'dist/web'), () =>
      renderLandingPage({
        store: services.store.kind,
        demo: config.seedDemo ? { email: DEMO.email, password: DEMO.password } : undefined,
      }),
    );

    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host}:${port}`;
    if (embedded) writeLock(config.dataDir, { pid: process.pid, holder: 'server', url, token: cliToken });
    await scheduler.start(1000, embedded);
    dispatcher.start(1000);

    log(
      `Ordo is running at ${url} (store: ${services.store.kind}${embedded ? `, data in ${config.dataDir}` : ''})`,
    );
    if (config.seedDemo)
      log(
        `${seeded.created ? 'Created the demo organization. ' : ''}Demo sign-in: ${DEMO.email} / ${DEMO.password}`,
      );
    log(`API reference: ${url}/api/docs`);

    return {
      url,
      async close() {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await scheduler.stop();
        await dispatcher.stop();
        await services.close();
        if (embedded) releaseLock(config.dataDir);
      },
    };
  } catch (error) {
    if (embedded) releaseLock(config.dataDir);
    throw error;
  }
}

/** `ordo start [--port N]`: runs until SIGINT/SIGTERM, then shuts down cleanly. */
export async function startFromCli(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { port: { type: 'string' } }, strict: true });
  const port = values.port === undefined ? config.port : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`Error: --port must be a number from 0 to 65535, not "${values.port}".`);
    return 2;
  }
  // The base URL (emailed links, trusted origin) follows the chosen port unless set explicitly.
  const server = await startServer(
    values.port === undefined ? config : loadConfig({ ...process.env, PORT: String(port) }),
    io.out,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  io.out('Shutting down…');
  await server.close();
  return 0;
}

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
