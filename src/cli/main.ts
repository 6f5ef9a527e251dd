import { loadConfig } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { openServices, type Services } from '../services.ts';
import { COMMANDS, type CommandContext } from './commands.ts';
import { type CliIo, terminalIo } from './io.ts';
import { acquireLock, readLock, releaseLock } from './lock.ts';

const HELP = `ordo — the Ordo back office

Usage:
  ordo start [--port N]
      Serve the app and API (npm start honours PORT)
${Object.values(COMMANDS)
  .map((c) => `  ${c.usage}\n      ${c.summary}`)
  .join('\n')}

Environment: DATABASE_URL (PostgreSQL; default embedded store in ORDO_DATA_DIR, ./.ordo). See README.`;

/** Finds the command named by the first one or two words. */
export function resolveCommand(argv: string[]) {
  const two = argv.slice(0, 2).join(' ');
  if (COMMANDS[two]) return { name: two, command: COMMANDS[two]!, args: argv.slice(2) };
  const one = argv[0] ?? '';
  if (COMMANDS[one]) return { name: one, command: COMMANDS[one]!, args: argv.slice(1) };
  return undefined;
}

/** Runs one command with services the caller provides (the server uses this for forwarded commands). */
export async function runCommand(argv: string[], ctx: CommandContext): Promise<number> {
  const found = resolveCommand(argv);
  if (!found) {
    ctx.io.err(`Unknown command "${argv.join(' ')}".\n\n${HELP}`);
    return 2;
  }
  try {
    return await found.command.run(found.args, ctx);
  } catch (error) {
    return reportError(ctx.io, error);
  }
}

export function reportError(io: CliIo, error: unknown): number {
  if (error instanceof AppError) {
    io.err(`Error: ${error.message}${error.code === 'USAGE' ? '' : ` (${error.code})`}`);
    return error.kind === 'invalid' ? 2 : 1;
  }
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    io.err(`Error: ${error.message}`);
    return 2;
  }
  io.err(`Error: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
}

async function forward(url: string, token: string, argv: string[], io: CliIo): Promise<number> {
  const stdin = resolveCommand(argv)?.command.readsStdin ? await io.readStdin() : '';
  const response = await fetch(`${url}/api/internal/cli`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ordo-cli-token': token },
    body: JSON.stringify({ argv, stdin, cwd: process.cwd() }),
  });
  if (!response.ok) throw new Error(`The running server refused the command (HTTP ${response.status}).`);
  const result = (await response.json()) as { code: number; stdout: string[]; stderr: string[] };
  for (const line of result.stdout) io.out(line);
  for (const line of result.stderr) io.err(line);
  return result.code;
}

export async function main(argv: string[], io: CliIo = terminalIo()): Promise<number> {
  const config = loadConfig();
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    io.out(HELP);
    return 0;
  }
  if (argv[0] === 'start') {
    const { startFromCli } = await import('../server.ts');
    try {
      return await startFromCli(argv.slice(1), config, io);
    } catch (error) {
      return reportError(io, error);
    }
  }
  if (!resolveCommand(argv))
    return runCommand(argv, {
      io,
      cwd: process.cwd(),
      services: () => Promise.reject(new Error('unreachable')),
    });

  // The embedded store admits one process: go through the running server when there is one.
  if (config.store.kind === 'pglite') {
    const holder = readLock(config.dataDir);
    if (holder?.holder === 'server' && holder.url && holder.token) {
      try {
        return await forward(holder.url, holder.token, argv, io);
      } catch (error) {
        return reportError(io, error);
      }
    }
  }
  let services: Services | undefined;
  const ctx: CommandContext = {
    io,
    cwd: process.cwd(),
    async services() {
      if (!services) {
        if (config.store.kind === 'pglite') acquireLock(config.dataDir, 'cli');
        services = await openServices(config);
      }
      return services;
    },
  };
  try {
    return await runCommand(argv, ctx);
  } finally {
    await services?.close();
    if (config.store.kind === 'pglite') releaseLock(config.dataDir);
  }
}
